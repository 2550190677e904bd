"""Units for the self-check's and the commands' tests: a county with towns, or hundreds of units."""

from stdnum.cn import uscc

from units.models import Kind, Level, Unit


def unit_code(n):
    """A valid 统一社会信用代码 (GB 32100-2015 check character) numbered `n`."""
    base = f"11341700{n:09d}"
    return base + uscc.calc_check_digit(base)


def make_unit(name, slug, parent=None, town=False, n=None, **fields):
    n = n if n is not None else 1000 + Unit.objects.count()
    return Unit.objects.create(
        name=name,
        slug=slug,
        code=unit_code(n),
        parent=parent,
        kind=Kind.TOWN if town else Kind.COUNTY,
        level=Level.TOWN if town else Level.COUNTY,
        disclosure_office=f"{name}办公室",
        address=f"{name}人民路1号",
        **fields,
    )


def make_units(count, parent=None, start=5000):
    """`count` towns under `parent`, written in one query."""
    return Unit.objects.bulk_create(
        Unit(
            name=f"批量单位{start + i}",
            slug=f"bulk-{start + i}",
            code=unit_code(start + i),
            parent=parent,
            kind=Kind.TOWN,
            level=Level.TOWN,
            disclosure_office="办公室",
            address="地址",
        )
        for i in range(count)
    )
