"""
Files that lack a column, and rows without any channel: existing items keep what the file does
not say, new items take the defaults, and an item never ends up without a channel.
"""

import pytest

from catalogue.importing import ImportRefused, import_catalogue, report_lines
from catalogue.models import DisclosureItem
from catalogue.records import item_to_record
from tests.catalogue.import_support import record, records, workbook
from tests.factories import make_channels, make_domain, make_item
from tests.spreadsheet.builders import rows_workbook

pytestmark = pytest.mark.django_db

TEXT_HEADER = ["序号", "一级事项", "二级事项", "公开内容", "公开依据", "公开时限", "公开主体"]


@pytest.fixture
def domain():
    make_channels()
    return make_domain(name="社会救助", slug="social-assistance")


def text_row(rec):
    return [rec[key] for key in ("number", "level1", "level2", "content", "basis", "deadline",
                                 "issuing_body")]  # fmt: skip


def sheet(header, rows):
    return rows_workbook({"社会救助": [header, *rows]})


def existing_item(domain, n=1, **overrides):
    """An item stored exactly as record(n), with county and township level and a 2nd audience."""
    rec = record(n)
    fields = {key: rec[key] for key in ("number", "level1", "level2", "content", "basis",
                                        "deadline", "issuing_body")}  # fmt: skip
    fields.update(audience_specific=True, mode_on_request=True, level_township=True)
    fields.update(overrides)
    return make_item(domain=domain, channels=("政府网站", "公开查阅点"), **fields)


def test_no_level_audience_or_mode_columns_keep_existing_items_and_default_new_ones(domain):
    kept = existing_item(domain)
    before = item_to_record(kept)
    data = sheet([*TEXT_HEADER, "公开渠道和载体"], [[*text_row(r), "■政府网站 ■公开查阅点"]
                                               for r in records(2)])  # fmt: skip

    result = import_catalogue(data, domain, dry_run=False)

    assert not result.failed, result.error_messages
    assert [row.status for row in result.rows] == ["unchanged", "new"]
    assert "文件中没有公开层级列：已有事项保持原值，新事项默认为县级" in result.notes
    kept.refresh_from_db()
    assert item_to_record(kept) == before
    assert kept.level_labels == ["县级", "乡级"]
    new = DisclosureItem.objects.get(level2="事项002")
    assert (new.audience_labels, new.mode_labels, new.level_labels) == (
        ["全社会"],
        ["主动公开"],
        ["县级"],
    )


def test_no_channel_column_keeps_the_channels_of_existing_items(domain):
    kept = existing_item(domain, basis="旧依据", other_channels="村广播")
    data = sheet(TEXT_HEADER, [text_row(record(1))])

    result = import_catalogue(data, domain, dry_run=False)

    assert not result.failed, result.error_messages
    assert result.rows[0].changed_labels == "公开依据"
    kept.refresh_from_db()
    assert sorted(kept.channels.values_list("name", flat=True)) == ["公开查阅点", "政府网站"]
    assert kept.other_channels == "村广播"
    assert kept.basis == record(1)["basis"]
    assert any(note.startswith("文件中没有公开渠道和载体列") for note in result.notes)


def test_no_channel_column_refuses_new_items_by_row(domain):
    existing_item(domain)
    before = list(DisclosureItem.objects.values_list("pk", "updated_at"))
    data = sheet(TEXT_HEADER, [text_row(r) for r in records(2)])

    result = import_catalogue(data, domain, dry_run=False)

    assert result.error_messages == [
        "第 3 行（最低生活保障 / 事项002）：公开渠道和载体："
        "文件中没有公开渠道和载体列，新事项至少要有一个公开渠道。"
    ]
    assert list(DisclosureItem.objects.values_list("pk", "updated_at")) == before


def test_a_row_without_any_channel_is_an_error_and_nothing_is_written(domain):
    existing_item(domain, basis="旧依据")
    before = list(DisclosureItem.objects.values_list("pk", "updated_at", "basis"))
    recs = records(3)
    recs[2]["channels"] = []

    result = import_catalogue(workbook(recs), domain, dry_run=False)

    assert result.failed
    assert result.error_messages == [
        "第 7 行（最低生活保障 / 事项003）：公开渠道和载体：请至少选择一个公开渠道（或填写其他渠道）。"
    ]
    assert "第 7 行（最低生活保障 / 事项003）：公开渠道和载体" in "\n".join(report_lines(result))
    assert list(DisclosureItem.objects.values_list("pk", "updated_at", "basis")) == before


def test_an_existing_item_cannot_lose_all_its_channels_through_a_file(domain):
    existing_item(domain)
    result = import_catalogue(workbook([record(1, channels=[])]), domain, dry_run=True)
    assert [message.split("：")[1] for message in result.error_messages] == ["公开渠道和载体"]


def test_only_other_channels_are_enough(domain):
    recs = [record(1, channels=[], other_channels=["村民微信群"])]
    result = import_catalogue(workbook(recs), domain, dry_run=False)
    assert not result.failed, result.error_messages
    assert DisclosureItem.objects.get().other_channels == "村民微信群"


def test_a_file_without_the_required_columns_is_still_refused(domain):
    with pytest.raises(ImportRefused, match="未找到表头"):
        import_catalogue(sheet(["序号", "一级事项"], [[1, "低保"]]), domain, dry_run=True)
