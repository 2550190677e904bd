"""Demo publications: dated relative to today, safe to rerun, removable, and showing every status."""

import datetime
import io
import json
import re

import openpyxl
import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.utils import timezone

from columns import freshness
from columns.freshness import Freshness
from columns.models import Column
from disclosure import demo
from disclosure.standard_data import load_standard_data
from disclosure.standing import attach_standings, deadline_days_by_column
from publications import attachments
from publications.models import Attachment, IndexSequence, Publication
from tests.factories import make_publication
from workdays.calendar import working_calendar

d = datetime.date
OK, DUE_SOON, OVERDUE, EMPTY = (
    Freshness.OK,
    Freshness.DUE_SOON,
    Freshness.OVERDUE,
    Freshness.EMPTY,
)
pytestmark = pytest.mark.django_db

# What the fixture promises, whatever the day it is loaded on.
EXPECTED = {
    # periodic columns
    8: OK,
    22: OK,
    53: EMPTY,  # load_demo_ledger publishes the annual report in it
    55: OK,
    21: OVERDUE,
    23: OVERDUE,
    50: OVERDUE,
    24: EMPTY,
    # timely columns
    1: OK,
    2: OK,
    4: OK,
    61: OK,
    73: OK,
    74: OK,
    75: OK,
    62: DUE_SOON,
    63: OVERDUE,
    3: EMPTY,
    64: EMPTY,
}
FULL_ID = re.compile(r"(?<![\dA-Za-z*])\d{17}[\dXx](?![\dA-Za-z])")
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
MASKED_ID = re.compile(r"^\d{6}\*{8}\d{3}[\dX]$")
MASKED_NAME = re.compile(r"^[\u4e00-\u9fff]\*[\u4e00-\u9fff]?$")


@pytest.fixture
def standard_data():
    load_standard_data()


def run(*args):
    out = io.StringIO()
    call_command("load_demo_publications", *args, stdout=out)
    return out.getvalue()


def statuses(today):
    columns = Column.objects.exclude(number=None)
    return {
        column.number: standing.status
        for column, standing in zip(
            columns, attach_standings(columns, today=today).values(), strict=True
        )
    }


def strings(value):
    """Every string inside a JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def test_fixture_has_realistic_records_and_no_unmasked_personal_data():
    records = demo.read_fixture()
    assert 30 <= len(records) <= 40
    numbers = {record["column"] for record in records}
    assert {1, 2, 4, 73, 61, 62, 63, 74, 75, 55, 8, 21, 22, 23, 50} <= numbers
    # The annual report is the annualreport app's (load_demo_ledger), in the national layout.
    assert 53 not in numbers
    for text in strings(records):
        assert not FULL_ID.search(text), text
        assert not MOBILE.search(text), text
    for record in records:
        if record["column"] in (1, 2, 4, 73):
            assert re.search(r"〔\{year\}〕\d+号$", record["document_number"]), record["title"]
    [listing] = [record for record in records if record.get("attachment")]
    header, *rows = listing["attachment"]["rows"]
    assert rows and all(MASKED_ID.match(row[header.index("身份证号码")]) for row in rows)
    assert all(MASKED_NAME.match(row[header.index("户主姓名")]) for row in rows)


@pytest.mark.parametrize(
    "today",
    [
        d(2026, 1, 31),  # a month end (a Saturday)
        d(2026, 6, 15),  # mid-month
        d(2026, 9, 30),  # the eve of the National Day holiday
        d(2026, 1, 1),  # a holiday, first day of a year
        d(2026, 12, 31),  # deadlines after it run into a year nobody entered
    ],
)
def test_every_status_shows_on_any_day(standard_data, today):
    result = demo.load(today=today)
    if today.month == 12:
        # Deadlines run into 2027, which nobody entered: counted Monday to Friday, and said so.
        [warning] = result.warnings
        assert "2027年节假日安排尚未录入" in warning
    else:
        assert result.warnings == []
    found = statuses(today)
    assert {number: found[number] for number in EXPECTED} == EXPECTED
    assert {OK, DUE_SOON, OVERDUE, EMPTY} <= set(result.statuses)
    assert result.statuses[DUE_SOON] == 1


def test_dates_are_consistent_and_one_publication_is_late(standard_data):
    today = d(2026, 6, 15)
    demo.load(today=today)
    deadlines = deadline_days_by_column()
    late = []
    for publication in Publication.objects.select_related("column"):
        assert publication.is_demo
        assert publication.written_on is not None
        if publication.is_published:
            assert publication.written_on <= publication.published_on <= today
            assert publication.index_number.startswith(
                f"11341700003244799H/{publication.published_on:%Y%m}-"
            )
        else:
            assert publication.published_on is None and publication.index_number == ""
            continue
        if publication.column.frequency == Column.Frequency.TIMELY:
            days = deadlines.get(publication.column_id, freshness.STATUTORY_WORKING_DAYS)
            span = working_calendar().working_days_between(
                publication.written_on, publication.published_on
            )
            if span.days > days:
                late.append(publication.title)
    assert late == ["示范县高龄津贴申领办事指南"]


def test_titles_are_filled_from_the_dates(standard_data):
    demo.load(today=d(2026, 6, 15))
    titles = set(Publication.objects.values_list("title", flat=True))
    assert "2026年6月城乡低保保障对象名单公示" in titles
    assert "2026年5月城乡低保保障对象名单公示" in titles
    assert "2026年5月政府信息公开申请办理情况" in titles
    assert "示范县民政局2026年第1季度重点工作落实情况" in titles
    assert not any("政府信息公开工作年度报告" in title for title in titles)
    assert not any("{" in title for title in titles)
    policy = Publication.objects.filter(column__number__in=[1, 2, 4, 73])
    assert policy.count() >= 8
    assert all(re.search(r"〔20\d\d〕\d+号$", p.document_number) for p in policy)


def test_the_old_version_of_a_policy_is_superseded_by_the_new_one(standard_data):
    demo.load(today=d(2026, 6, 15))
    old = Publication.objects.get(title="示范县最低生活保障审核确认实施细则（试行）")
    new = Publication.objects.get(title="示范县最低生活保障审核确认实施细则")
    assert (old.validity, old.superseded_by) == (Publication.Validity.SUPERSEDED, new)
    assert new.validity == Publication.Validity.VALID
    assert old.written_on < new.written_on


def test_running_twice_creates_nothing_new(standard_data):
    first = run()
    assert "演示信息：新建 36 条（已发布 34，草稿 2），附件 1 个。" in first
    assert "栏目状态" in first and "即将到期 1" in first
    counts = (Publication.objects.count(), Attachment.objects.count())
    sequences = list(IndexSequence.objects.values_list("period", "last"))
    second = run()
    assert "已有演示信息 36 条（含意见反馈、问答、年报等演示数据生成的信息），未重复创建" in second
    assert (Publication.objects.count(), Attachment.objects.count()) == counts
    assert list(IndexSequence.objects.values_list("period", "last")) == sequences


def test_refresh_dates_the_rows_for_today_with_new_index_numbers(
    standard_data, django_capture_on_commit_callbacks
):
    demo.load(today=d(2025, 3, 14))
    old_numbers = set(
        Publication.objects.exclude(index_number="").values_list("index_number", flat=True)
    )
    old_file = Attachment.objects.get().file.name
    with django_capture_on_commit_callbacks(execute=True):
        out = run("--refresh")
    assert "已删除旧的演示信息 36 条、附件 1 个。" in out
    today = timezone.localdate()
    assert Publication.objects.count() == 36
    new_numbers = set(
        Publication.objects.exclude(index_number="").values_list("index_number", flat=True)
    )
    assert len(new_numbers) == 34 and not new_numbers & old_numbers
    latest = Publication.objects.filter(column__number=55).latest("published_on").published_on
    assert (latest.year, latest.month) == (today.year, today.month)
    assert Publication.objects.filter(published_on__gt=today).count() == 0
    assert not default_storage.exists(old_file)
    assert default_storage.exists(Attachment.objects.get().file.name)


def test_delete_removes_only_demo_rows(standard_data, django_capture_on_commit_callbacks):
    column = Column.objects.get(number=61)
    real = make_publication(column, published_on=d(2026, 3, 2), written_on=d(2026, 2, 27))
    real_draft = make_publication(column, status=Publication.Status.DRAFT)
    demo.load(today=d(2026, 6, 15))
    demo_file = Attachment.objects.get().file.name
    with django_capture_on_commit_callbacks(execute=True):
        out = run("--delete")
    assert "已删除演示信息 36 条、附件 1 个" in out
    assert set(Publication.objects.all()) == {real, real_draft}
    refreshed = Publication.objects.get(pk=real.pk)
    assert (refreshed.index_number, refreshed.title) == (real.index_number, real.title)
    assert not default_storage.exists(demo_file)
    assert "已删除演示信息 0 条" in run("--delete")


def test_delete_refuses_while_a_real_publication_names_a_demo_one_as_successor(standard_data):
    demo.load(today=d(2026, 6, 15))
    successor = Publication.objects.get(title="示范县最低生活保障审核确认实施细则")
    real = make_publication(
        Column.objects.get(number=2),
        validity=Publication.Validity.SUPERSEDED,
        superseded_by=successor,
    )
    with pytest.raises(CommandError, match=r"替代文件.*指向演示信息"):
        run("--delete")
    assert Publication.objects.filter(is_demo=True).count() == 36
    assert Publication.objects.get(pk=real.pk).superseded_by == successor


def test_the_attachment_is_a_valid_masked_workbook(standard_data):
    demo.load(today=d(2026, 6, 15))
    attachment = Attachment.objects.get()
    assert attachment.publication.title == "2026年6月城乡低保保障对象名单公示"
    assert attachment.title == "2026年6月城乡低保保障对象名单"
    assert attachment.kind == "xlsx"
    assert attachment.size == attachment.file.size > 0
    assert attachment.file.name.endswith(".xlsx")
    with attachment.file.open("rb") as handle:
        assert attachments.sniff(handle) == "xlsx"
        sheet = openpyxl.load_workbook(handle, read_only=True).active
        header, *rows = list(sheet.iter_rows(values_only=True))
    assert header[:4] == ("序号", "乡镇（街道）", "户主姓名", "身份证号码")
    assert len(rows) == 8
    assert all(MASKED_NAME.match(row[2]) and MASKED_ID.match(row[3]) for row in rows)


def test_missing_columns_are_refused_and_nothing_is_written(tmp_path):
    with pytest.raises(CommandError) as raised:
        run()
    message = str(raised.value)
    assert "栏目表还是空的，演示数据未载入" in message
    assert "load_standard_data" in message
    assert Publication.objects.count() == 0
    assert IndexSequence.objects.count() == 0
    assert not (tmp_path / "media").exists()


def test_one_missing_column_is_named(standard_data):
    Column.objects.get(number=75).delete()
    with pytest.raises(CommandError, match=r"没有序号为 75 的栏目.*load_standard_data"):
        run()
    assert Publication.objects.count() == 0


def test_a_failed_refresh_keeps_the_previous_demo_rows_and_files(standard_data, tmp_path):
    demo.load(today=d(2026, 6, 15))
    before = set(Publication.objects.values_list("pk", "index_number"))
    records = demo.read_fixture()
    records.append({**records[0], "title": "坏记录", "topic": "no-such-topic"})
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"publications": records}, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(demo.DemoDataError, match="坏记录"):
        demo.load(today=d(2026, 7, 1), refresh=True, path=path)
    assert set(Publication.objects.values_list("pk", "index_number")) == before
    stored = list((tmp_path / "media" / "attachments").rglob("*.xlsx"))
    assert [p.name for p in stored] == [Attachment.objects.get().file.name.rsplit("/", 1)[-1]]


def test_an_unreadable_date_is_refused_before_anything_is_written(standard_data, tmp_path):
    records = demo.read_fixture()
    records[3] = {**records[3], "date": {"written": "十"}}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"publications": records}, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(demo.DemoDataError, match=r"演示数据第 4 条.*written 应为整数"):
        demo.load(today=d(2026, 6, 15), path=path)
    assert Publication.objects.count() == 0


def test_a_year_nobody_entered_loads_estimated_with_a_warning(standard_data):
    today = d(2027, 3, 16)
    result = demo.load(today=today)
    assert result.created == 36
    [warning] = result.warnings
    assert "2027年节假日安排尚未录入" in warning and "预估" in warning
    found = statuses(today)
    assert {number: found[number] for number in EXPECTED} == EXPECTED
    # The waiting drafts' deadlines are counted Monday to Friday and say so.
    assert result.estimated == 2


def test_a_long_holiday_without_working_days_gives_way_with_a_note(standard_data):
    today = d(2026, 2, 16)  # 春节: no working day from 15 to 23 February 2026
    result = demo.load(today=today)
    assert result.created == 36
    assert any("没有工作日" in warning for warning in result.warnings)
    found = statuses(today)
    assert found[63] == OVERDUE
    assert found[62] == OK


def test_demo_publications_name_their_items_and_item_pages_list_only_those(standard_data, client):
    from catalogue.models import DisclosureItem
    from selfcheck.rules import Rule, find_problems

    run()
    general = DisclosureItem.objects.get(level1="综合业务", level2="政策法规文件")
    named = set(general.publications.values_list("title", flat=True))
    assert any("调整城乡最低生活保障标准" in title for title in named)
    # Column 4 (上级文件) is shared: its elderly-care notice is not a 社会救助 document.
    assert not any("养老机构等级评定" in title for title in named)
    html = client.get(general.get_absolute_url()).content.decode()
    assert "养老机构等级评定" not in html
    elderly = DisclosureItem.objects.get(level1="养老服务通用政策")
    assert any(
        "养老机构等级评定" in t for t in elderly.publications.values_list("title", flat=True)
    )
    # Every demo publication in a column that items use names an item; the history keeps it.
    item_columns = set(DisclosureItem.columns.through.objects.values_list("column_id", flat=True))
    for publication in Publication.objects.filter(column_id__in=item_columns):
        assert publication.items.exists(), publication.title
        assert publication.history.latest().items.exists(), publication.title
    problems = find_problems()
    assert not [p for p in problems if p.rule == Rule.PUBLICATION_NO_ITEM]
    # The late 高龄津贴 guide is judged by its item's own deadline.
    assert [p.subject for p in problems if p.rule == Rule.ITEM_LATE] == [
        "养老服务：养老服务业务办理 / 老年人补贴"
    ]
    assert {p.subject for p in problems if p.rule == Rule.ITEM_NO_DOCUMENT} >= {
        "社会救助：综合业务 / 监督检查",
        "社会救助：特困人员救助供养 / 审核信息",
    }
