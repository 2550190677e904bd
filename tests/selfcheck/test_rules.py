"""The self-check rules: each finds its problem and stays quiet without it; offices and filters."""

import datetime

import pytest
from django.urls import reverse
from django.utils.formats import date_format

from catalogue.models import DisclosureItem
from columns.models import Column
from publications.models import Publication
from selfcheck.rules import (
    COLLECTIVE,
    SYSTEM,
    UNASSIGNED,
    Rule,
    count_by_rule,
    find_problems,
    group_by_office,
    office_choices,
)
from tests.factories import (
    make_column,
    make_domain,
    make_item,
    make_office,
    make_publication,
)
from workdays.calendar import working_calendar

d = datetime.date
TODAY = d(2026, 3, 16)
DRAFT = Publication.Status.DRAFT
MONTHLY = Column.Frequency.MONTHLY
TIMELY = Column.Frequency.TIMELY
pytestmark = pytest.mark.django_db


def problems_of(rule, today=TODAY, **kwargs):
    return [p for p in find_problems(today=today, **kwargs) if p.rule == rule]


def column_admin(column):
    return reverse("admin:columns_column_change", args=[column.pk])


def item_admin(item):
    return reverse("admin:catalogue_disclosureitem_change", args=[item.pk])


def publication_admin(publication):
    return reverse("admin:publications_publication_change", args=[publication.pk])


def test_a_clean_portal_has_no_problem():
    column = make_column(frequency=MONTHLY)
    item = make_item(columns=[column])
    make_publication(column, items=[item], published_on=d(2026, 3, 2), written_on=d(2026, 3, 1))
    assert find_problems(today=TODAY) == []


# --- 栏目逾期未更新 ---------------------------------------------------------------------------


def test_a_monthly_column_past_its_due_date_is_overdue_with_date_and_days_late():
    office = make_office(name="社会救助科")
    column = make_column(name="低保公示", frequency=MONTHLY, owner_office=office)
    make_publication(column, published_on=d(2026, 1, 10))
    [problem] = problems_of(Rule.COLUMN_OVERDUE)
    assert problem.rule_label == "栏目逾期未更新"
    assert problem.office == "社会救助科"
    assert problem.subject == "低保公示"
    assert "2026年1月10日" in problem.detail
    assert "更新截止日期 2026年2月28日" in problem.detail
    assert "已逾期 11 个工作日" in problem.detail  # 2 to 16 March; 28 February is worked
    assert problem.fix_url == column_admin(column)
    assert problem.public_url == column.get_absolute_url()


def test_a_monthly_column_within_its_period_is_not_overdue():
    column = make_column(frequency=MONTHLY)
    make_publication(column, published_on=d(2026, 2, 27))
    assert problems_of(Rule.COLUMN_OVERDUE) == []


def test_a_timely_column_with_a_draft_waiting_past_its_deadline_is_overdue():
    column = make_column(frequency=TIMELY)
    make_item(columns=[column], deadline="信息形成之日起10个工作日内")
    make_publication(column, published_on=d(2026, 1, 5))
    draft = make_publication(
        column, title="困难群众救助资金发放情况", status=DRAFT, written_on=d(2026, 2, 2)
    )
    due = working_calendar().add_working_days(d(2026, 2, 2), 10).date
    [problem] = problems_of(Rule.COLUMN_OVERDUE)
    assert "《困难群众救助资金发放情况》" in problem.detail
    assert "成文于 2026年2月2日" in problem.detail
    assert "10 个工作日" in problem.detail
    assert f"截止日期 {date_format(due)}" in problem.detail
    late = working_calendar().working_days_between(due, TODAY).days
    assert f"已逾期 {late} 个工作日仍未发布" in problem.detail
    # The clerk fixes it by publishing the waiting draft.
    assert problem.fix_url == publication_admin(draft)


def test_a_timely_column_with_a_draft_still_within_its_deadline_is_not_overdue():
    column = make_column(frequency=TIMELY)
    make_publication(column, published_on=d(2026, 1, 5))
    make_publication(column, status=DRAFT, written_on=d(2026, 3, 12))
    assert problems_of(Rule.COLUMN_OVERDUE) == []


# --- 栏目无信息 ------------------------------------------------------------------------------


def test_a_column_with_a_frequency_that_never_published_is_empty():
    column = make_column(name="养老机构名录", frequency=Column.Frequency.QUARTERLY)
    make_publication(column, status=DRAFT)
    [problem] = problems_of(Rule.COLUMN_EMPTY)
    assert problem.subject == "养老机构名录"
    assert "季度更新" in problem.detail
    assert problem.fix_url == column_admin(column)


def test_grouping_columns_and_columns_with_publications_are_not_empty():
    group = make_column(frequency="", owner_kind=Column.OwnerKind.NONE)
    child = make_column(parent=group, frequency=TIMELY, number=12)
    make_publication(child, published_on=d(2026, 3, 1))
    assert problems_of(Rule.COLUMN_EMPTY) == []


@pytest.mark.parametrize("number", [54, 57])
def test_a_column_served_by_a_built_in_page_is_never_empty(number):
    # 54 依申请公开指南 and 57 依申请公开统计 are the portal's own pages (inforequests declares them).
    make_column(name="依申请公开", number=number, frequency=Column.Frequency.YEARLY)
    make_column(name="通知公告", number=1, frequency=Column.Frequency.YEARLY)
    assert [p.subject for p in problems_of(Rule.COLUMN_EMPTY)] == ["1 通知公告"]


def test_a_column_is_named_by_its_number_and_path():
    group = make_column(name="重点领域信息公开", frequency="", owner_kind=Column.OwnerKind.NONE)
    column = make_column(name="乡村振兴", parent=group, number=58, frequency=MONTHLY)
    [problem] = problems_of(Rule.COLUMN_EMPTY)
    assert problem.subject == "58 重点领域信息公开 › 乡村振兴"
    assert problem.fix_url == column_admin(column)


# --- 节假日安排未录入 ----------------------------------------------------------------------


def test_deadlines_crossing_into_an_unknown_year_are_estimated_not_errors():
    late_in_year = d(2026, 12, 20)
    first = make_column(name="临时救助公示", frequency=TIMELY)
    second = make_column(name="特困供养公示", frequency=TIMELY)
    make_publication(first, published_on=d(2026, 12, 1))
    make_publication(first, status=DRAFT, written_on=d(2026, 12, 1))
    make_publication(second, published_on=d(2026, 12, 1))
    make_publication(second, status=DRAFT, written_on=late_in_year)
    problems = find_problems(today=d(2027, 1, 15))
    # The draft of 1 December is late inside 2026: overdue, not estimated.
    overdue = {p.subject: p for p in problems if p.rule == Rule.COLUMN_OVERDUE}
    assert overdue["临时救助公示"].estimate_reason == ""
    # 20 working days from 20 December run into 2027, which nobody entered: 预估.
    [missing] = [p for p in problems if p.rule == Rule.CALENDAR_MISSING]
    assert missing.subject == "2027年节假日安排尚未录入"
    assert missing.office == SYSTEM == "站点管理员"
    assert "按周一至周五为工作日预估" in missing.detail
    assert "1 个栏目的期限为预估" in missing.detail
    assert missing.fix_url == "/admin/workdays/schedule/enter/?year=2027"


def test_next_years_schedule_is_asked_for_from_1_november():
    assert problems_of_on(Rule.CALENDAR_NEXT_YEAR, d(2026, 10, 31)) == []
    [problem] = problems_of_on(Rule.CALENDAR_NEXT_YEAR, d(2026, 11, 1))
    assert problem.subject == "2027年节假日安排尚未录入"
    assert problem.office == "站点管理员"
    assert problem.fix_url == "/admin/workdays/schedule/enter/?year=2027"
    # Before 1 January it is a reminder only; after, a problem of its own.
    assert problems_of_on(Rule.CALENDAR_MISSING, d(2026, 12, 31)) == []
    assert problems_of_on(Rule.CALENDAR_NEXT_YEAR, d(2027, 1, 1)) == []
    [problem] = problems_of_on(Rule.CALENDAR_MISSING, d(2027, 1, 1))
    assert problem.subject == "2027年节假日安排尚未录入"


def test_known_years_raise_no_calendar_problem():
    column = make_column(frequency=TIMELY)
    make_publication(column, published_on=d(2026, 3, 10), written_on=d(2026, 3, 9))
    make_publication(column, status=DRAFT, written_on=d(2026, 3, 12))
    assert problems_of(Rule.CALENDAR_MISSING) == []
    assert problems_of(Rule.CALENDAR_NEXT_YEAR) == []


def problems_of_on(rule, today):
    return [p for p in find_problems(today=today) if p.rule == rule]


# --- 事项未关联栏目 / 事项栏目无信息 ---------------------------------------------------------------


def test_a_published_item_without_columns_is_listed_but_not_a_draft():
    item = make_item(level1="临时救助", level2="办事指南")
    make_item(status=DisclosureItem.Status.DRAFT)
    [problem] = problems_of(Rule.ITEM_NO_COLUMN)
    assert problem.subject == f"{item.domain.name}：临时救助 / 办事指南"
    assert problem.fix_url == item_admin(item)
    assert problem.public_url == item.get_absolute_url()


def test_an_item_linked_to_a_column_is_not_without_columns():
    column = make_column()
    make_publication(column, published_on=d(2026, 3, 1))
    make_item(columns=[column])
    assert problems_of(Rule.ITEM_NO_COLUMN) == []


def test_an_item_whose_columns_have_no_published_publication_is_listed():
    first = make_column(name="办事指南")
    second = make_column(name="政策文件")
    make_publication(first, status=DRAFT)
    item = make_item(columns=[first, second])
    [problem] = problems_of(Rule.ITEM_NO_DOCUMENT)
    assert problem.detail == (
        "没有对应本事项的已发布信息，关联栏目“办事指南”、“政策文件”均尚未发布任何信息"
    )
    assert problem.fix_url == item_admin(item)


def test_an_item_no_document_names_is_listed_though_its_shared_column_publishes():
    shared = make_column(name="部门文件")
    elderly = make_item(level1="养老服务通用政策", columns=[shared])
    assistance = make_item(level1="综合业务", level2="政策法规文件", columns=[shared])
    make_publication(shared, items=[elderly], title="养老机构等级评定实施办法")
    [problem] = problems_of(Rule.ITEM_NO_DOCUMENT)
    assert problem.subject == f"{assistance.domain.name}：综合业务 / 政策法规文件"
    assert problem.detail.startswith("关联栏目“部门文件”已有信息，但没有一条标明对应本事项")


def test_an_item_named_by_a_published_document_is_fine():
    empty = make_column()
    full = make_column()
    item = make_item(columns=[empty, full])
    make_publication(full, items=[item], status=DRAFT)
    assert len(problems_of(Rule.ITEM_NO_DOCUMENT)) == 1  # a draft is not a document yet
    make_publication(full, items=[item], published_on=d(2026, 3, 1))
    assert problems_of(Rule.ITEM_NO_DOCUMENT) == []


def test_an_item_on_request_only_needs_no_document():
    make_item(columns=[make_column()], mode_proactive=False, mode_on_request=True)
    assert problems_of(Rule.ITEM_NO_DOCUMENT) == []


# --- 事项信息公开不及时 / 信息未标明对应事项 ------------------------------------------------------


def test_an_items_document_published_after_the_items_own_deadline_is_late():
    """The evaluators' 救助结果类信息更新不及时: a results list later than its item allows."""
    column = make_column(frequency=MONTHLY)  # not a timely column: the item's deadline applies
    results = make_item(
        level1="特困人员救助供养",
        level2="审核信息",
        columns=[column],
        deadline="制定或获取信息之日起10个工作日内，公示7个工作日",
    )
    late = make_publication(
        column,
        items=[results],
        title="特困人员初审名单公示",
        written_on=d(2026, 1, 5),
        published_on=d(2026, 2, 20),
    )
    due = working_calendar().add_working_days(d(2026, 1, 5), 10).date
    [problem] = problems_of(Rule.ITEM_LATE)
    assert problem.subject == f"{results.domain.name}：特困人员救助供养 / 审核信息"
    assert problem.detail == (
        f"《特困人员初审名单公示》成文于 2026年1月5日，本事项要求 10 个工作日内公开，并公示7个工作日"
        f"（截止 {date_format(due)}），实际发布于 2026年2月20日，"
        f"逾期 {working_calendar().working_days_between(due, d(2026, 2, 20)).days} 个工作日"
    )
    assert problem.fix_url == publication_admin(late)
    # Judged by its item, not again by its column's deadline.
    assert problems_of(Rule.LATE_PUBLICATION) == []


def test_each_item_is_checked_against_its_own_deadline():
    column = make_column(frequency=TIMELY)
    quick = make_item(level1="快", columns=[column], deadline="5个工作日内")
    slow = make_item(level1="慢", columns=[column], deadline="20个工作日内")
    # 8 working days after it was written: late for the 5-day item only.
    written = d(2026, 3, 2)
    make_publication(
        column,
        items=[quick, slow],
        written_on=written,
        published_on=working_calendar().add_working_days(written, 8).date,
    )
    assert [p.subject for p in problems_of(Rule.ITEM_LATE)] == [
        f"{quick.domain.name}：{quick.name}"
    ]


def test_a_notice_period_alone_is_no_publishing_deadline():
    column = make_column(frequency=MONTHLY)
    item = make_item(columns=[column], deadline="公示7个工作日")
    written = d(2026, 2, 2)
    make_publication(
        column,
        items=[item],
        written_on=written,
        published_on=working_calendar().add_working_days(written, 9).date,
    )
    assert problems_of(Rule.ITEM_LATE) == []


def test_a_publication_in_an_items_column_naming_no_item_is_listed():
    column = make_column(name="城乡低保")
    item = make_item(columns=[column])
    unnamed = make_publication(column, title="低保资金发放情况")
    make_publication(column, items=[item])
    make_publication(make_column(name="无事项的栏目"))
    [problem] = problems_of(Rule.PUBLICATION_NO_ITEM)
    assert problem.subject == "低保资金发放情况"
    assert problem.fix_url == publication_admin(unnamed)


# --- 事项要素缺失 -------------------------------------------------------------------------------


def test_an_item_missing_basis_deadline_and_channels_is_one_problem_listing_them():
    make_item(basis=" ", deadline="", channels=())
    [problem] = problems_of(Rule.ITEM_MISSING_ELEMENTS)
    assert problem.detail == "缺少公开依据、公开时限、公开渠道和载体"


def test_other_channels_count_as_a_channel():
    make_item(channels=(), other_channels="12345政务服务热线")
    make_item()
    assert problems_of(Rule.ITEM_MISSING_ELEMENTS) == []


def test_draft_items_are_not_checked():
    make_item(basis="", deadline="", channels=(), status=DisclosureItem.Status.DRAFT)
    assert find_problems(today=TODAY) == []


# --- 已废止文件仍被引用 ------------------------------------------------------------------------


@pytest.mark.parametrize("title", ["《社会救助暂行办法》", "社会救助暂行办法"])
def test_an_item_citing_a_repealed_publication_is_listed(title):
    make_publication(title=title, validity=Publication.Validity.REPEALED)
    item = make_item(basis="《社会救助暂行办法》（国务院令第649号）；《民政部令》")
    [problem] = problems_of(Rule.DEAD_REFERENCE)
    assert "公开依据引用的《社会救助暂行办法》已废止" in problem.detail
    assert problem.fix_url == item_admin(item)


def test_an_item_citing_a_superseded_publication_names_the_replacement():
    new = make_publication(title="《最低生活保障审核确认办法》")
    make_publication(
        title="最低生活保障审核审批办法（试行）",
        validity=Publication.Validity.SUPERSEDED,
        superseded_by=new,
    )
    make_item(basis="《最低生活保障审核审批办法（试行）》")
    [problem] = problems_of(Rule.DEAD_REFERENCE)
    assert "已被《最低生活保障审核确认办法》替代" in problem.detail


def test_citing_a_valid_repealed_draft_or_reissued_title_is_fine():
    make_publication(title="有效的办法")
    make_publication(title="草稿办法", status=DRAFT, validity=Publication.Validity.REPEALED)
    # Reissued under the same title: the citation means the valid one.
    make_publication(title="同名办法", validity=Publication.Validity.REPEALED)
    make_publication(title="《同名办法》")
    make_item(basis="《有效的办法》《草稿办法》《同名办法》")
    assert problems_of(Rule.DEAD_REFERENCE) == []


def test_a_valid_publication_linking_to_a_repealed_one_is_listed():
    office = make_office(name="社会事务科")
    column = make_column(owner_office=office)
    old = make_publication(title="旧通知", validity=Publication.Validity.REPEALED)
    page = make_publication(column, title="新通知", body=f"详见[旧通知](/publications/{old.pk}/)。")
    [problem] = problems_of(Rule.DEAD_REFERENCE)
    assert problem.subject == "新通知"
    assert problem.office == "社会事务科"
    assert f"《旧通知》已废止（/publications/{old.pk}/）" in problem.detail
    assert problem.fix_url == publication_admin(page)
    assert problem.public_url == page.get_absolute_url()


def test_links_to_valid_publications_attachments_and_from_drafts_are_fine():
    old = make_publication(validity=Publication.Validity.REPEALED)
    valid = make_publication()
    make_publication(body=f"[现行](https://mzj.example.gov.cn/publications/{valid.pk}/)")
    make_publication(body=f"[附件](/publications/attachments/{old.pk}/)")
    make_publication(status=DRAFT, body=f"[旧](/publications/{old.pk}/)")
    assert problems_of(Rule.DEAD_REFERENCE) == []


def test_a_publication_superseded_by_a_repealed_one_is_listed():
    dead = make_publication(title="中间文件", validity=Publication.Validity.REPEALED)
    old = make_publication(
        title="原文件", validity=Publication.Validity.SUPERSEDED, superseded_by=dead
    )
    [problem] = problems_of(Rule.DEAD_REFERENCE)
    assert problem.subject == "原文件"
    assert "替代文件《中间文件》已废止" in problem.detail
    assert problem.fix_url == publication_admin(old)


def test_a_supersession_chain_ending_superseded_without_a_replacement_is_listed():
    end = make_publication(title="末端文件")
    middle = make_publication(
        title="中间文件", validity=Publication.Validity.SUPERSEDED, superseded_by=end
    )
    make_publication(title="原文件", validity=Publication.Validity.SUPERSEDED, superseded_by=middle)
    # Bulk-written rows skip clean(): a superseded document with no replacement.
    Publication.objects.filter(pk=end.pk).update(validity=Publication.Validity.SUPERSEDED)
    problems = problems_of(Rule.DEAD_REFERENCE)
    by_subject = {p.subject: p.detail for p in problems}
    assert (
        "替代链《中间文件》→《末端文件》的末端《末端文件》已被替代但未指定替代文件"
        in (by_subject["原文件"])
    )
    assert "替代文件《末端文件》已被替代但未指定替代文件" in by_subject["中间文件"]


def test_a_supersession_cycle_and_an_unpublished_replacement_are_listed():
    a = make_publication(title="甲")
    b = make_publication(title="乙", validity=Publication.Validity.SUPERSEDED, superseded_by=a)
    Publication.objects.filter(pk=a.pk).update(
        validity=Publication.Validity.SUPERSEDED, superseded_by=b
    )
    draft = make_publication(title="新办法草稿", status=DRAFT)
    make_publication(title="旧办法", validity=Publication.Validity.SUPERSEDED, superseded_by=draft)
    details = {p.subject: p.detail for p in problems_of(Rule.DEAD_REFERENCE)}
    assert "形成循环" in details["甲"] and "形成循环" in details["乙"]
    assert "替代文件《新办法草稿》尚未发布" in details["旧办法"]


def test_a_supersession_chain_ending_in_a_valid_published_document_is_fine():
    end = make_publication(title="现行文件")
    middle = make_publication(validity=Publication.Validity.SUPERSEDED, superseded_by=end)
    make_publication(validity=Publication.Validity.SUPERSEDED, superseded_by=middle)
    assert problems_of(Rule.DEAD_REFERENCE) == []


# --- 逾期发布 ---------------------------------------------------------------------------------


def test_a_timely_publication_published_after_its_working_day_deadline_is_late():
    column = make_column(frequency=TIMELY)
    make_item(columns=[column], deadline="信息形成之日起10个工作日内")
    late = make_publication(
        column, title="临时救助对象公示", written_on=d(2026, 1, 5), published_on=d(2026, 2, 20)
    )
    due = working_calendar().add_working_days(d(2026, 1, 5), 10).date
    [problem] = problems_of(Rule.LATE_PUBLICATION)
    assert problem.subject == "临时救助对象公示"
    assert f"截止 {date_format(due)}" in problem.detail
    assert "实际发布于 2026年2月20日" in problem.detail
    assert "10 个工作日内" in problem.detail
    assert problem.fix_url == publication_admin(late)


def test_the_statutory_twenty_working_days_apply_without_an_item_deadline():
    column = make_column(frequency=TIMELY)
    make_publication(column, written_on=d(2026, 1, 5), published_on=d(2026, 1, 20))
    assert problems_of(Rule.LATE_PUBLICATION) == []
    make_publication(column, written_on=d(2026, 1, 5), published_on=d(2026, 3, 2))
    [problem] = problems_of(Rule.LATE_PUBLICATION)
    assert "20 个工作日内" in problem.detail


def test_on_time_old_periodic_and_draft_publications_are_not_late():
    timely = make_column(frequency=TIMELY)
    make_item(columns=[timely], deadline="5个工作日")
    make_publication(timely, written_on=d(2026, 3, 2), published_on=d(2026, 3, 9))
    make_publication(timely, written_on=d(2025, 1, 2), published_on=d(2025, 3, 1))  # > 365 days
    make_publication(timely, status=DRAFT, written_on=d(2026, 3, 10))
    monthly = make_column(frequency=MONTHLY)
    make_publication(monthly, written_on=d(2026, 1, 2), published_on=d(2026, 3, 1))
    assert problems_of(Rule.LATE_PUBLICATION) == []


# --- 信息缺少索引号或发布日期 -----------------------------------------------------------------------


def test_legacy_published_rows_without_index_number_or_date_are_listed():
    column = make_column()
    Publication.objects.bulk_create(
        [
            Publication(column=column, title="旧系统导入一", status="published"),
            Publication(
                column=column,
                title="旧系统导入二",
                status="published",
                published_on=d(2025, 6, 1),
                index_number="",
            ),
        ]
    )
    details = {p.subject: p.detail for p in problems_of(Rule.MISSING_METADATA)}
    assert details == {
        "旧系统导入一": "已发布的信息缺少索引号、发布日期",
        "旧系统导入二": "已发布的信息缺少索引号",
    }


def test_publications_published_normally_and_drafts_have_no_metadata_problem():
    column = make_column()
    make_publication(column, published_on=d(2026, 3, 1))
    make_publication(column, status=DRAFT)
    assert problems_of(Rule.MISSING_METADATA) == []


# --- Offices, filter, grouping --------------------------------------------------------------


def test_office_labels_of_items_columns_and_publications():
    office = make_office(name="养老服务科")
    make_item(domain=make_domain(owner_office=office), level1="有科室的事项")
    make_item(level1="无科室的事项")
    make_column(frequency=MONTHLY, owner_kind=Column.OwnerKind.ALL_OFFICES, owner_office=None)
    column = make_column(owner_kind=Column.OwnerKind.HANDLER, owner_office=None)
    Publication.objects.bulk_create([Publication(column=column, title="旧", status="published")])
    offices = {(p.rule, p.office) for p in find_problems(today=TODAY)}
    assert (Rule.ITEM_NO_COLUMN, "养老服务科") in offices
    assert (Rule.ITEM_NO_COLUMN, UNASSIGNED) in offices
    assert (Rule.COLUMN_EMPTY, COLLECTIVE) in offices
    assert (Rule.MISSING_METADATA, COLLECTIVE) in offices
    assert "各科室" not in office_choices()


def test_shared_columns_are_one_group_naming_the_owner_word_and_the_assigned_offices():
    relief = make_office(name="社会救助科")
    office = make_office(name="办公室")
    everyone = make_column(
        name="规范性文件发布", frequency=MONTHLY, owner_kind=Column.OwnerKind.ALL_OFFICES
    )
    everyone.assigned_offices.set([relief, office])
    make_column(name="意见征集", frequency=MONTHLY, owner_kind=Column.OwnerKind.RELATED_OFFICES)
    groups = group_by_office(find_problems(today=TODAY), office_choices())
    assert [(label, len(group)) for label, group in groups] == [(COLLECTIVE, 2)]
    notes = sorted(problem.owner_note for problem in groups[0][1])
    assert notes == ["各相关科室（尚未指定承办科室）", "各科室（承办科室：办公室、社会救助科）"]


def test_the_office_filter_keeps_that_office_and_the_shared_columns_assigned_to_it():
    mine = make_office(name="社会救助科")
    make_column(frequency=MONTHLY, owner_office=mine)
    make_column(frequency=MONTHLY)
    make_column(frequency=MONTHLY, owner_kind=Column.OwnerKind.ALL_OFFICES, owner_office=None)
    assigned = make_column(frequency=MONTHLY, owner_kind=Column.OwnerKind.HANDLER)
    assigned.assigned_offices.set([mine])
    problems = find_problems(today=TODAY, office="社会救助科")
    assert sorted(p.office for p in problems) == [COLLECTIVE, "社会救助科"]
    assert len(find_problems(today=TODAY, office=COLLECTIVE)) == 2
    assert find_problems(today=TODAY, office="不存在的科室") == []


def test_groups_follow_the_office_order_then_collective_owners_and_the_rest():
    second = make_office(name="乙科", order=2)
    first = make_office(name="甲科", order=1)
    make_column(frequency=MONTHLY, owner_office=second)
    make_column(frequency=MONTHLY, owner_kind=Column.OwnerKind.ALL_OFFICES, owner_office=None)
    make_column(frequency=MONTHLY, owner_office=first)
    make_column(frequency=MONTHLY, owner_office=first)
    make_item()
    choices = office_choices()
    assert choices[:2] == ["甲科", "乙科"]
    groups = group_by_office(find_problems(today=TODAY), choices)
    assert [(label, len(group)) for label, group in groups] == [
        ("甲科", 2),
        ("乙科", 1),
        (COLLECTIVE, 1),
        (UNASSIGNED, 1),
    ]


def test_count_by_rule_lists_every_rule_in_order_with_zeros():
    make_column(frequency=MONTHLY)
    counts = count_by_rule(find_problems(today=TODAY))
    assert [label for label, _ in counts] == Rule.labels
    assert dict(counts)["栏目无信息"] == 1
    assert sum(count for _, count in counts) == 1
