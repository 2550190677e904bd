"""`selfcheck` and `check_links` per unit: --unit, --all-units, and the refusal without either."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from columns.models import Column
from publications.models import Attachment
from selfcheck.models import BrokenLink, LastCheck
from tests.factories import make_column, make_office, make_publication
from tests.publications import files
from tests.selfcheck.units import make_unit
from units.models import Unit

pytestmark = pytest.mark.django_db
MONTHLY = Column.Frequency.MONTHLY


def run(*argv):
    """
    Run a command; return (exit code, stdout, the refusal). A refusal carries the exit status
    argv would give (manage.py prints it); the test's database connection stays open.
    """
    out = io.StringIO()
    try:
        call_command(*argv, stdout=out)
    except SystemExit as exited:
        return exited.code or 0, out.getvalue(), ""
    except CommandError as refused:
        return refused.returncode, out.getvalue(), str(refused)
    return 0, out.getvalue(), ""


@pytest.fixture
def county():
    return Unit.objects.home()


@pytest.fixture
def town(county):
    return make_unit("东山镇", "dongshan", parent=county, town=True)


def column_of(unit, name, office_name, **fields):
    office = make_office(name=office_name, unit=unit)
    fields.setdefault("frequency", MONTHLY)
    return make_column(name=name, owner_office=office, unit=unit, **fields)


def test_a_platform_of_one_unit_needs_no_option(county):
    column_of(county, "县局栏目", "县局科室")
    code, out, _ = run("selfcheck", "--date", "2026-03-16")
    assert code == 1
    assert out.startswith("政务公开自查问题清单，检查日期 2026-03-16")
    assert "县局栏目" in out


def test_several_units_refuse_without_an_option_naming_some_codes(county, town):
    code, out, err = run("selfcheck")
    assert code == 2
    assert "本平台有多个发布单位，请用 --unit 指定统一社会信用代码或网址标识" in err
    assert "或用 --all-units 处理每个已上线的单位" in err
    assert f"{county.code}（{county.name}）" in err and f"{town.code}（东山镇）" in err
    assert out == ""
    assert run("check_links")[0] == 2
    assert run("scan_privacy")[0] == 2


def test_one_unit_by_code_or_slug_lists_its_problems_only(county, town):
    column_of(county, "县局栏目", "县局科室")
    column_of(town, "东山栏目", "东山民政所")
    for name in (town.code, town.code.lower(), "dongshan"):
        code, out, _ = run("selfcheck", "--unit", name, "--date", "2026-03-16")
        assert code == 1
        assert out.startswith("东山镇政务公开自查问题清单，检查日期 2026-03-16")
        assert "【东山民政所】1 个问题" in out
        assert "县局" not in out
    code, _, err = run("selfcheck", "--unit", "nowhere")
    assert code == 2 and "没有统一社会信用代码或网址标识为“nowhere”的发布单位" in err


def test_all_units_lists_each_live_unit_under_its_name(county, town):
    column = column_of(county, "县局栏目", "县局科室")
    make_publication(column, published_on=datetime.date(2026, 3, 10))
    column_of(town, "东山栏目", "东山民政所")
    make_unit("西河乡", "xihe", parent=county, town=True, is_live=False)
    column_of(Unit.objects.get(slug="xihe"), "西河栏目", "西河民政所")
    code, out, _ = run("selfcheck", "--all-units", "--date", "2026-03-16")
    assert code == 1  # the town has problems, the county none
    assert f"{county.name}政务公开自查问题清单" in out
    assert "东山镇政务公开自查问题清单" in out and "【东山民政所】1 个问题" in out
    assert "西河" not in out  # not live
    assert out.index(county.name) < out.index("东山镇")


def test_the_office_option_with_all_units_lists_the_units_that_have_it(county, town):
    column_of(town, "东山栏目", "东山民政所")
    code, out, _ = run("selfcheck", "--all-units", "--office", "东山民政所", "--date", "2026-03-16")
    assert code == 1 and "东山镇政务公开自查问题清单（东山民政所）" in out
    assert county.name not in out
    code, _, err = run("selfcheck", "--all-units", "--office", "没有的科")
    assert code == 2 and "没有哪个单位有名为“没有的科”的科室" in err
    code, _, err = run("selfcheck", "--unit", "dongshan", "--office", "县局科室")
    assert code == 2 and "东山镇没有名为“县局科室”的科室" in err


def test_a_run_for_today_is_kept_as_each_units_last_check(county, town):
    column_of(town, "东山栏目", "东山民政所")
    run("selfcheck", "--all-units")
    assert set(LastCheck.objects.values_list("unit__slug", flat=True)) == {county.slug, "dongshan"}
    last = LastCheck.objects.get(unit=town)
    assert last.checked_on == timezone.localdate() and last.counts["column_empty"] == 1
    LastCheck.objects.all().delete()
    run("selfcheck", "--unit", "dongshan", "--date", "2026-03-16")
    assert not LastCheck.objects.exists()  # another day's check is not the last


def test_both_options_are_refused(town):
    code, _, err = run("selfcheck", "--unit", "dongshan", "--all-units")
    assert code == 2 and "--unit 和 --all-units 只能选一个" in err


# --- check_links ------------------------------------------------------------------------------


def test_check_links_records_one_units_links_and_leaves_the_others(county, town):
    county_doc = make_publication(column_of(county, "县局栏目", "县局科室"), title="县局信息")
    now = timezone.now()
    kept = BrokenLink.objects.create(
        publication=county_doc,
        kind=BrokenLink.Kind.EXTERNAL,
        url="http://example.invalid/",
        problem="无法访问",
        first_found=now,
        last_checked=now,
    )
    town_column = column_of(town, "东山栏目", "东山民政所")
    good = make_publication(town_column, title="东山好信息")
    make_publication(town_column, title="东山坏信息", body="[不存在](/no-such-page/)")
    Attachment.objects.create(publication=good, file=ContentFile(files.pdf(), name="好.pdf"))
    gone = Attachment.objects.create(publication=good, file=ContentFile(files.pdf(), name="坏.pdf"))
    gone.file.storage.delete(gone.file.name)
    code, out, _ = run("check_links", "--unit", "dongshan")
    assert code == 1
    assert "东山镇：已检查 3 个链接和附件，失效 2 个。" in out
    rows = BrokenLink.objects.exclude(pk=kept.pk).order_by("kind")
    assert [(row.kind, row.publication.title) for row in rows] == [
        ("attachment", "东山好信息"),
        ("internal", "东山坏信息"),
    ]
    # A town's attachments are fetched where its pages offer them (the good one answered there).
    assert rows[0].url.startswith("/u/dongshan/")
    assert BrokenLink.objects.filter(pk=kept.pk).exists()  # the county's last run stands
    # The town fixed: its list empties, the county's stays.
    Attachment.objects.filter(pk=gone.pk).delete()
    town_column.publications.filter(title="东山坏信息").update(body="没有链接")
    assert run("check_links", "--unit", "dongshan")[0] == 0
    assert list(BrokenLink.objects.all()) == [kept]
