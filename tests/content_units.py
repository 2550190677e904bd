"""Two units for the content tests: the first (county) unit and a town below it."""

from units.models import Kind, Level, Unit

TOWN_CODE = "113417000032448015"
OTHER_TOWN_CODE = "113417000032448028"


def county():
    """The first unit: every row made without a unit belongs to it."""
    return Unit.objects.home()


def make_town(code=TOWN_CODE, slug="chengguan", name="示范县城关镇人民政府", **kwargs):
    """A town (乡级) below the first unit."""
    kwargs.setdefault("parent", county())
    return Unit.objects.create(
        name=name,
        kind=Kind.TOWN,
        level=Level.TOWN,
        code=code,
        slug=slug,
        disclosure_office=f"{name}党政办公室",
        address="示范县城关镇人民路8号",
        **kwargs,
    )
