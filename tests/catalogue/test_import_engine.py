"""The import engine: workbook → dataset → resource, its report, its transaction, its queries."""

import gc
import io

import pytest

from catalogue.importing import (
    ImportRefused,
    import_catalogue,
    read_dataset,
    records_dataset,
    report_lines,
    run_import,
)
from catalogue.models import DisclosureItem
from catalogue.records import TEXT_FIELDS, item_to_record
from history.records import IMPORT_REASON
from tests.catalogue.import_support import record, records, workbook
from tests.factories import make_channels, make_domain, make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def domain():
    make_channels()
    return make_domain(name="社会救助", slug="social-assistance")


def run(recs, domain, **options):
    options.setdefault("dry_run", False)
    return import_catalogue(io.BytesIO(workbook(recs)), domain, **options)


def test_dataset_has_one_column_per_record_key_and_the_sheet_row(domain):
    dataset = read_dataset(io.BytesIO(workbook(records(2))))
    assert dataset.headers[:3] == ["row", "number", "level1"]
    first = dict(zip(dataset.headers, dataset[0], strict=True))
    assert first["row"] == 5
    assert first["level2"] == "事项001"
    assert first["channels"] == "政府网站\n公开查阅点"


def test_reader_notes_reach_the_report(domain):
    dataset = records_dataset([(5, record(1))], notes=["已读取工作表“社会救助”（共 2 个工作表）"])
    result = run_import(dataset, domain, dry_run=True)
    assert result.notes == ["已读取工作表“社会救助”（共 2 个工作表）"]
    lines = report_lines(result)
    assert lines[lines.index("读取提示：") + 1] == "  已读取工作表“社会救助”（共 2 个工作表）"


def test_first_import_creates_drafts_with_channels(domain):
    result = run(records(3), domain)
    assert not result.failed
    assert [row.status for row in result.rows] == ["new"] * 3
    items = list(DisclosureItem.objects.filter(domain=domain).order_by("number"))
    assert len(items) == 3
    assert {item.status for item in items} == {DisclosureItem.Status.DRAFT}
    assert item_to_record(items[0]) == record(1)


def test_publish_option_publishes_new_items(domain):
    run(records(2), domain, publish=True)
    assert set(DisclosureItem.objects.values_list("status", flat=True)) == {"published"}


def test_reimport_of_the_same_file_changes_nothing(domain):
    run(records(4), domain)
    before = dict(DisclosureItem.objects.values_list("pk", "updated_at"))
    result = run(records(4), domain)
    assert [row.status for row in result.rows] == ["unchanged"] * 4
    assert dict(DisclosureItem.objects.values_list("pk", "updated_at")) == before


def test_edited_file_updates_matching_items_names_the_fields_and_adds_new(domain):
    text = {key: record(1)[key] for key in ("number", "level1", "level2", *TEXT_FIELDS[2:])}
    published = make_item(domain=domain, channels=("政府网站", "公开查阅点"), **text)
    run(records(3)[1:], domain)
    before = dict(DisclosureItem.objects.values_list("pk", "updated_at"))

    edited = records(3)
    edited[0]["basis"] = "《最低生活保障审核确认办法》"
    edited[0]["channels"] = ["政府网站", "政务服务中心"]
    edited.append(record(4))
    result = run(edited, domain)

    by_name = {row.item_name: row for row in result.rows}
    assert by_name["最低生活保障 / 事项001"].status == "changed"
    assert by_name["最低生活保障 / 事项001"].changed_labels == "公开依据、公开渠道和载体"
    assert by_name["最低生活保障 / 事项002"].status == "unchanged"
    assert by_name["最低生活保障 / 事项004"].status == "new"
    item = DisclosureItem.objects.get(pk=published.pk)
    assert item.basis == "《最低生活保障审核确认办法》"
    assert sorted(item.channels.values_list("name", flat=True)) == ["政务服务中心", "政府网站"]
    assert item.status == DisclosureItem.Status.PUBLISHED  # an update keeps the status
    assert item.updated_at > before[item.pk]
    unchanged = DisclosureItem.objects.get(level2="事项002")
    assert unchanged.updated_at == before[unchanged.pk]
    assert DisclosureItem.objects.get(level2="事项004").status == DisclosureItem.Status.DRAFT


def test_items_missing_from_the_file_are_listed_and_kept(domain):
    run(records(3), domain)
    result = run(records(2), domain)
    assert [item.level2 for item in result.missing_items] == ["事项003"]
    assert DisclosureItem.objects.filter(level2="事项003").exists()
    assert "以下 1 个事项在系统中存在但文件中没有；不会被删除：" in report_lines(result)


def test_missing_items_are_deleted_only_when_asked(domain):
    run(records(3), domain)
    result = run(records(2), domain, delete_missing=True)
    assert result.deleted_count == 1
    assert not DisclosureItem.objects.filter(level2="事项003").exists()


def test_other_domains_are_untouched(domain):
    other = make_domain()
    kept = make_item(domain=other, level2="事项001")
    run(records(2), domain, delete_missing=True)
    assert DisclosureItem.objects.filter(pk=kept.pk).exists()
    assert DisclosureItem.objects.filter(domain=domain).count() == 2


def test_dry_run_writes_nothing_but_reports(domain):
    result = run(records(3), domain, dry_run=True)
    assert len(result.new_rows) == 3
    assert not DisclosureItem.objects.exists()


def test_a_bad_row_five_writes_nothing(domain):
    run(records(2), domain)
    before = dict(DisclosureItem.objects.values_list("pk", "updated_at"))
    recs = records(8)
    recs[0]["content"] = "已修改的内容"
    recs[4]["level2"] = "过长" * 101  # row 5 of the file: over the 200-character limit
    result = run(recs, domain)
    assert result.failed
    assert len(result.error_messages) == 1
    assert result.error_messages[0].startswith("第 9 行（最低生活保障 / 过长")
    assert "二级事项：" in result.error_messages[0]
    assert dict(DisclosureItem.objects.values_list("pk", "updated_at")) == before
    assert DisclosureItem.objects.get(level2="事项001").content != "已修改的内容"


def test_model_rules_are_row_errors_in_chinese(domain):
    # The reader defaults an empty tick group, so this comes from another source of records.
    recs = records(3)
    recs[1]["level"] = []
    result = run_import(records_dataset(enumerate(recs, start=5)), domain, dry_run=False)
    assert result.error_messages == [
        "第 6 行（最低生活保障 / 事项002）：公开层级：公开层级至少选择一项。"
    ]
    assert not DisclosureItem.objects.exists()


def test_the_same_item_twice_in_a_file_is_an_error(domain):
    recs = [record(1), record(2), record(3, level2="事项001")]
    result = run_import(records_dataset(enumerate(recs, start=5)), domain, dry_run=False)
    assert result.failed
    assert "与第 5 行是同一个事项" in result.error_messages[0]
    assert not DisclosureItem.objects.exists()


def test_a_file_that_is_not_a_workbook_is_refused_in_chinese(domain):
    with pytest.raises(ImportRefused) as excinfo:
        import_catalogue(io.BytesIO("序号,一级事项\n1,低保\n".encode()), domain)
    assert "xlsx" in str(excinfo.value)


@pytest.mark.parametrize("count", [20, 200])
def test_query_count_does_not_grow_with_rows(domain, count, django_assert_max_num_queries):
    existing = records(count)
    run(existing, domain)
    edited = records(count)
    for rec in edited[::2]:
        rec["basis"] = "新依据"
        rec["channels"] = ["政府网站"]
    edited += records(count, start=count + 1)
    dataset = read_dataset(io.BytesIO(workbook(edited)))
    # No statement per row: new items go in with one statement per batch of 1,000 rows (an
    # executemany on SQLite, a COPY on PostgreSQL), their channel links with one more. Three
    # INSERT ... SELECT write the history records and their channel and column links.
    with django_assert_max_num_queries(23):
        result = run_import(dataset, domain, dry_run=False)
    assert len(result.changed_rows) == count // 2
    assert len(result.new_rows) == count
    assert DisclosureItem.objects.filter(domain=domain).count() == 2 * count


def test_a_row_without_an_item_name_refuses_the_whole_file(domain):
    # The writer merges the level-1 cell only over rows that have a level-2 name, so the
    # nameless row is built by hand: level-1 blank below a named row, level-2 blank.
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(workbook(records(3))))
    sheet = book.worksheets[0]
    sheet.unmerge_cells("B5:B7")
    sheet["C6"] = None
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(ImportRefused) as excinfo:
        import_catalogue(io.BytesIO(buffer.getvalue()), domain, dry_run=False)
    assert "第 6 行" in str(excinfo.value) and "缺少事项名称" in str(excinfo.value)
    assert not DisclosureItem.objects.exists()


def test_an_item_without_a_level2_name_round_trips_beside_its_siblings(domain):
    recs = [record(1), record(2, level2=""), record(3)]
    assert not run(recs, domain).failed
    again = run(recs, domain)
    assert not again.failed and again.summary.startswith("新增 0 个，修改 0 个，无变化 3 个")


def test_the_commands_report_says_what_goes_public_at_once(domain):
    fields = {k: record(1)[k] for k in ("number", "level1", "level2", "content", "deadline")}
    make_item(domain=domain, channels=("政府网站", "公开查阅点"), basis="旧依据", **fields)
    result = run([record(1), record(2)], domain, dry_run=True, publish=True)
    assert "确认后立即公开：2 项（不经审核）。" in report_lines(result)
    assert "确认后立即公开：1 项（不经审核）。" in report_lines(
        run([record(1)], domain, dry_run=True)
    )


def _links(domain):
    through = DisclosureItem.channels.through
    rows = through.objects.filter(disclosureitem__domain=domain)
    return set(rows.values_list("disclosureitem__level2", "channel__name"))


def test_bulk_writes_link_and_record_every_item_as_its_row_says(domain, staff_user):
    # The links go in as (item, channel) id pairs in one statement (COPY on PostgreSQL); an
    # item whose channels change is unlinked first. Each written item gets one history record
    # with the importing user, the import's reason and a copy of its links.
    recs = records(40)
    for n, rec in enumerate(recs):
        rec["channels"] = ["政府网站", "政务服务中心", "公开查阅点", "广播电视"][: n % 4 + 1]
    assert not run(recs, domain, user=staff_user).failed
    assert _links(domain) == {(rec["level2"], name) for rec in recs for name in rec["channels"]}
    created = DisclosureItem.history.filter(domain=domain)
    assert sorted(
        created.values_list("level2", "history_type", "history_user", "history_change_reason")
    ) == sorted((rec["level2"], "+", staff_user.pk, IMPORT_REASON) for rec in recs)

    for rec in recs[::3]:
        rec["channels"] = ["政务服务中心"]
    assert not run(recs, domain, user=staff_user).failed
    assert _links(domain) == {(rec["level2"], name) for rec in recs for name in rec["channels"]}
    changed = DisclosureItem.history.filter(domain=domain, history_type="~")
    assert sorted(changed.values_list("level2", flat=True)) == [rec["level2"] for rec in recs[::3]]
    for item in DisclosureItem.objects.filter(domain=domain):
        latest = item.history.order_by("-history_date", "-history_id").first()
        assert (latest.history_user, latest.history_change_reason) == (staff_user, IMPORT_REASON)
        assert set(latest.channels.values_list("channel_id", flat=True)) == set(
            item.channels.values_list("pk", flat=True)
        )


def test_a_text_too_long_is_an_error_on_every_row_that_has_it(domain):
    # Texts that passed their field's checks are not checked again; one that failed still is.
    recs = records(4)
    for rec in recs[1:]:
        rec["deadline"] = "制定或获取信息之日起" + "十" * 300
    result = run_import(records_dataset(enumerate(recs, start=5)), domain, dry_run=False)
    assert [message.split("：")[0] for message in result.error_messages] == [
        f"第 {row} 行（最低生活保障 / 事项00{n}）" for row, n in ((6, 2), (7, 3), (8, 4))
    ]
    assert not DisclosureItem.objects.exists()


def test_the_garbage_collector_is_left_as_the_import_found_it(domain):
    assert gc.isenabled()
    run(records(2), domain)
    assert gc.isenabled()
    with pytest.raises(ImportRefused):
        import_catalogue(io.BytesIO(b"not a workbook"), domain)
    assert gc.isenabled()
    gc.disable()
    try:
        run(records(2), domain, dry_run=True)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_texts_are_stored_exactly_whatever_their_characters(domain):
    # The bulk insert is a COPY on PostgreSQL: tabs, line breaks, backslashes and quotes are
    # data there, never separators.
    content = "第一行\n第二行\t制表符 \\N 反斜杠 \"引号\" '单引号' \\."
    recs = [record(1, content=content, other_channels=["12345 热线\\", "微信\t公众号"])]
    result = run_import(records_dataset(enumerate(recs, start=5)), domain, dry_run=False)
    assert not result.failed
    item = DisclosureItem.objects.get(domain=domain)
    assert item.content == content
    assert item.other_channels == "12345 热线\\\n微信\t公众号"
