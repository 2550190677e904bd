"""The import_catalogue command: same engine, Chinese report, CommandError on any refusal."""

import io

import pytest
from django.core.management import CommandError, call_command

from catalogue.models import DisclosureItem
from tests.catalogue.import_support import records, write_file
from tests.factories import make_channels, make_domain, make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def domain():
    make_channels()
    return make_domain(name="社会救助", slug="social-assistance")


def run(*args):
    out = io.StringIO()
    call_command("import_catalogue", *map(str, args), stdout=out)
    return out.getvalue()


def test_imports_by_domain_name_and_prints_the_report(domain, tmp_path):
    path = write_file(tmp_path, records(3))
    out = run(path, "--domain", "社会救助")
    assert "新增 3 个，修改 0 个，无变化 0 个。" in out
    assert "第 5 行 新增：最低生活保障 / 事项001" in out
    assert "新增的事项导入为草稿" in out
    assert DisclosureItem.objects.filter(domain=domain, status="draft").count() == 3


def test_domain_by_slug_publish_and_changed_rows(domain, tmp_path):
    run(write_file(tmp_path, records(2)), "--domain", "social-assistance", "--publish")
    assert set(DisclosureItem.objects.values_list("status", flat=True)) == {"published"}
    edited = records(2)
    edited[1]["deadline"] = "信息形成或变更之日起20个工作日内"
    out = run(write_file(tmp_path, edited, "edited.xlsx"), "--domain", "social-assistance")
    assert "新增 0 个，修改 1 个，无变化 1 个。" in out
    assert "第 6 行 修改：最低生活保障 / 事项002（公开时限）" in out
    assert DisclosureItem.objects.get(level2="事项002").deadline.startswith("信息形成")


def test_dry_run_writes_nothing(domain, tmp_path):
    out = run(write_file(tmp_path, records(3)), "--domain", "社会救助", "--dry-run")
    assert "新增 3 个" in out
    assert "试运行：未写入任何数据。" in out
    assert not DisclosureItem.objects.exists()


def test_reimport_changes_nothing(domain, tmp_path):
    path = write_file(tmp_path, records(3))
    run(path, "--domain", "社会救助")
    before = dict(DisclosureItem.objects.values_list("pk", "updated_at"))
    out = run(path, "--domain", "社会救助")
    assert "新增 0 个，修改 0 个，无变化 3 个。" in out
    assert dict(DisclosureItem.objects.values_list("pk", "updated_at")) == before


def test_missing_items_are_listed_and_kept_unless_asked(domain, tmp_path):
    make_item(domain=domain, number=9, level1="临时救助", level2="办事指南")
    path = write_file(tmp_path, records(1))
    out = run(path, "--domain", "社会救助")
    assert "以下 1 个事项在系统中存在但文件中没有；不会被删除：" in out
    assert "  9 临时救助 / 办事指南" in out
    assert DisclosureItem.objects.filter(level1="临时救助").exists()
    run(path, "--domain", "社会救助", "--delete-missing")
    assert not DisclosureItem.objects.filter(level1="临时救助").exists()


def test_unknown_domain_is_refused(domain, tmp_path):
    with pytest.raises(CommandError, match="找不到领域“养老”。可用的领域：社会救助"):
        run(write_file(tmp_path, records(1)), "--domain", "养老")


def test_missing_file_is_refused(domain, tmp_path):
    with pytest.raises(CommandError, match="找不到文件"):
        run(tmp_path / "nope.xlsx", "--domain", "社会救助")


def test_a_file_that_is_not_a_workbook_is_refused(domain, tmp_path):
    path = tmp_path / "catalogue.xlsx"
    path.write_text("序号,一级事项\n1,最低生活保障\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"不是 Excel 工作簿（\.xlsx）"):
        run(path, "--domain", "社会救助")


def test_row_errors_are_refused_and_nothing_is_written(domain, tmp_path):
    recs = records(6)
    recs[4]["level2"] = "过长" * 101
    with pytest.raises(CommandError) as excinfo:
        run(write_file(tmp_path, recs), "--domain", "社会救助")
    assert "文件中有错误，未导入任何数据" in str(excinfo.value)
    assert "第 9 行" in str(excinfo.value)
    assert not DisclosureItem.objects.exists()
