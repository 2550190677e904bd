"""
The self-check (自查问题清单): what provincial evaluators would send back, found by the portal first.

Evaluators open the catalogue, follow each item to what is actually published, check that every
column keeps its promised update frequency, and list the problems. Each rule below is a small
function of `Facts`, the portal's state loaded once in a fixed number of queries, so a whole run
costs the same number of queries for 75 columns or for a thousand with ten thousand publications.

Only what the public sees is checked: drafts are not, except a draft waiting past its
working-day deadline, which makes its timely column overdue.
"""

import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import timedelta
from functools import cached_property

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.module_loading import import_string

from catalogue.models import DisclosureItem
from columns import freshness
from columns.freshness import Freshness
from columns.models import Column
from contributions.collect import in_order
from contributions.declare import SelfCheckRules
from contributions.roles import SITE_ADMIN
from disclosure.standing import attach_standings, deadline_days_by_column, deadline_for
from inquiries import checks as message_checks
from offices.models import Office
from publications.models import Publication
from selfcheck.models import BrokenLink
from units import access
from units.models import Unit
from workdays.calendar import ESTIMATE_RULE, working_calendar
from workdays.links import enter_year_url

# Columns kept by several offices (各科室, 各相关科室, 谁承办谁更新) are no office's alone: their
# problems are filed under this one group, each naming the owner word and the assigned offices.
COLLECTIVE = "共同负责"
UNASSIGNED = "未指定科室"
# The holiday calendar is kept by the site administrator, not by any office.
SYSTEM = SITE_ADMIN
# From this month on, next year's holiday schedule is expected (the notice comes in autumn).
CALENDAR_REMINDER_MONTH = 11

# Site-wide content (the freshness of the whole site) is everyone's, filed under its own label.
SYSTEM_CONTENT = "全站"
# The national website check (国务院办公厅政府网站抽查) fails a site outright for these.
STALE_DAYS = 14
OVERDUE_COLUMNS_LIMIT = 10
EMPTY_COLUMNS_LIMIT = 5

# 逾期发布 looks back one year: older lateness is history, not something to fix now.
LATE_LOOKBACK_DAYS = 365

_CITATION = re.compile(r"《([^《》]+)》")
# "公示7个工作日" is how long a notice stays up, not the deadline for publishing it.
_NOTICE_PERIOD = re.compile(
    r"公示(期)?\s*(为|不少于|不得少于)?\s*[\d０-９一二两三四五六七八九十]+\s*个\s*工作日"
)
_PUBLICATION_LINK = re.compile(r"/publications/(\d+)\b")


@dataclass(frozen=True)
class Problem:
    """One line of the list: who fixes what, where, and where the public sees it."""

    rule: str
    rule_label: str
    office: str
    subject: str
    detail: str
    fix_url: str
    public_url: str = ""
    # Set when a deadline in the detail was counted across a year with no schedule (预估).
    estimate_reason: str = ""
    # For COLLECTIVE problems: how the column is owned, and the offices assigned to keep it.
    owner_note: str = ""
    shared_with: tuple = ()

    @property
    def detail_text(self):
        """The detail with the 预估 note, for text and spreadsheets."""
        if not self.estimate_reason:
            return self.detail
        return f"{self.detail}（预估：{self.estimate_reason}）"


def _problem(rule, **fields):
    return Problem(rule=rule.value, rule_label=rule.label, **fields)


def column_fix_url(pk):
    return reverse("admin:columns_column_change", args=[pk])


def item_fix_url(pk):
    return reverse("admin:catalogue_disclosureitem_change", args=[pk])


def publication_fix_url(pk):
    return reverse("admin:publications_publication_change", args=[pk])


def publication_public_url(pk):
    return reverse("publications:publication-detail", args=[pk])


def _title_key(title):
    """A title compared with or without its 《》 and surrounding spaces."""
    return title.strip().strip("《》").strip()


def _quoted(title):
    return f"《{_title_key(title)}》"


def _validity_label(validity):
    return Publication.Validity(validity).label


def publishing_deadline_days(deadline):
    """
    The working days an item gives for publishing its documents, or None.

    "制定或获取信息之日起10个工作日内，公示7个工作日" gives 10; a text that only states a notice
    period ("公示7个工作日") gives None, since the notice period is not a publishing deadline.
    """
    return freshness.parse_working_day_deadline(_NOTICE_PERIOD.sub("", deadline or ""))


def notice_period(deadline):
    """The 公示 text of an item's deadline ("公示7个工作日"), or ""."""
    match = _NOTICE_PERIOD.search(deadline or "")
    return match.group() if match else ""


class Facts:
    """
    One unit's state on `today`, each part loaded at most once, in one query or a few.

    Rules read these instead of querying, so adding a rule that reuses a part costs nothing and
    no rule's cost grows with the rows. Every part holds the rows of `unit` only (the working-day
    calendar is the platform's): a rule that queries for itself narrows to `facts.unit` too,
    with `facts.owned(queryset)` or a filter of its own. `unit` None is the first unit.
    """

    def __init__(self, today, unit=None):
        self.today = today
        self._unit = unit
        self._due_dates = {}
        self._loaded = {}

    @cached_property
    def unit(self):
        """The Unit checked (at most 1 query, only when none was given)."""
        return self._unit if self._unit is not None else Unit.objects.home()

    def owned(self, queryset):
        """`queryset` narrowed to the rows of the unit checked (its model's unit_path)."""
        return queryset.filter(access.owned_by(queryset.model, [self.unit.pk]))

    @cached_property
    def public_prefix(self):
        """
        "" for the first unit, whose pages are at the root; `/u/<slug>/` for every other (at
        most 1 query). The rules reverse public URLs at the root, as the admin does.
        """
        if self._unit is None:
            return ""
        return "" if self.unit.is_home else self.unit.path_prefix

    def public_url(self, url):
        """`url`, a page of the public site reversed at the root, on the unit's own pages."""
        prefix = self.public_prefix
        if not prefix or not url.startswith("/") or url.startswith(("/admin/", "/u/")):
            return url
        return prefix + url[1:]

    def once(self, loader, *args):
        """`loader(*args)`, called once per run for every rule that reads it."""
        key = (loader, args)
        if key not in self._loaded:
            self._loaded[key] = loader(*args)
        return self._loaded[key]

    @cached_property
    def calendar(self):
        """The bureau's working-day calendar (at most 1 query)."""
        return working_calendar()

    @cached_property
    def columns(self):
        """{column id: Column}, with its owners and its `standing` set (5 queries)."""
        columns = (
            self.owned(Column.objects.all())
            .select_related("owner_office")
            .prefetch_related("assigned_offices")
            .order_by("order", "number", "id")
        )
        columns = {column.pk: column for column in columns}
        attach_standings(columns.values(), self.today)
        return columns

    def owned_by(self, column_id):
        """
        Who fixes a column's problem, as Problem fields.

        The owner office; for a shared column COLLECTIVE, the owner word and the assigned offices.
        """
        column = self.columns.get(column_id)
        if column is None or column.owner_kind not in Column.COLLECTIVE_KINDS:
            return {"office": (column.owner_label if column else "") or UNASSIGNED}
        assigned = tuple(office.name for office in column.assigned_offices.all())
        offices = f"承办科室：{'、'.join(assigned)}" if assigned else "尚未指定承办科室"
        return {
            "office": COLLECTIVE,
            "owner_note": f"{column.get_owner_kind_display()}（{offices}）",
            "shared_with": assigned,
        }

    def column_subject(self, column_id):
        """The column's number and path: the same name can stand under two parents."""
        names, seen = [], set()
        column = self.columns.get(column_id)
        first = column
        while column is not None and column.pk not in seen:
            seen.add(column.pk)
            names.append(column.name)
            column = self.columns.get(column.parent_id)
        path = " › ".join(reversed(names))
        return f"{first.number} {path}" if first and first.number else path

    @cached_property
    def oldest_waiting_drafts(self):
        """{column id: (pk, title, 成文日期)} of each column's oldest unpublished publication."""
        rows = (
            self.owned(Publication.objects.all())
            .exclude(status=Publication.Status.PUBLISHED)
            .exclude(written_on=None)
            .order_by("written_on", "pk")
            .values_list("column_id", "pk", "title", "written_on")
        )
        oldest = {}
        for column_id, pk, title, written_on in rows:
            oldest.setdefault(column_id, (pk, title, written_on))
        return oldest

    @property
    def open_messages(self):
        """Messages not yet answered, with their office (1 query, shared with their rules)."""
        return self.once(message_checks.open_messages, self.unit)

    @cached_property
    def broken_links(self):
        """What the last `check_links` run found, with the publications' columns (1 query)."""
        links = self.owned(BrokenLink.objects.all())
        return list(links.select_related("publication").order_by("pk"))

    @cached_property
    def newest_publication(self):
        """The latest 发布日期 of any published publication, or None (from `published`)."""
        dates = [row["published_on"] for row in self.published if row["published_on"]]
        return max(dates, default=None)

    @cached_property
    def first_year(self):
        """The year of the earliest 发布日期, or None (from `published`)."""
        dates = [row["published_on"] for row in self.published if row["published_on"]]
        return min(dates).year if dates else None

    @cached_property
    def deadlines(self):
        """{column id: working days}, as the column standings use them (1 query)."""
        return deadline_days_by_column(list(self.columns))

    @cached_property
    def items(self):
        """Published items with their domain and office, and whether they have channels."""
        channel_links = DisclosureItem.channels.through.objects.filter(
            disclosureitem=OuterRef("pk")
        )
        return list(
            self.owned(DisclosureItem.objects.published())
            .select_related("domain__owner_office")
            .annotate(has_channels=Exists(channel_links))
        )

    @cached_property
    def item_columns(self):
        """{item id: [column ids]} of published items (1 query)."""
        links = DisclosureItem.columns.through.objects.filter(
            disclosureitem__status=DisclosureItem.Status.PUBLISHED,
            disclosureitem__domain__unit=self.unit,
        ).order_by("column_id")
        by_item = {}
        for item_id, column_id in links.values_list("disclosureitem_id", "column_id"):
            by_item.setdefault(item_id, []).append(column_id)
        return by_item

    @cached_property
    def publication_items(self):
        """{published publication id: [published item ids it names]} (1 query)."""
        links = Publication.items.through.objects.filter(
            publication__status=Publication.Status.PUBLISHED,
            disclosureitem__status=DisclosureItem.Status.PUBLISHED,
            publication__column__unit=self.unit,
        ).order_by("publication_id", "disclosureitem_id")
        by_publication = {}
        for publication_id, item_id in links.values_list("publication_id", "disclosureitem_id"):
            by_publication.setdefault(publication_id, []).append(item_id)
        return by_publication

    @cached_property
    def item_publications(self):
        """{published item id: [published publication rows naming it]}, in pk order."""
        rows = {row["pk"]: row for row in self.published}
        by_item = {}
        for publication_id, item_ids in self.publication_items.items():
            row = rows.get(publication_id)  # None if published between the two reads
            for item_id in item_ids if row else ():
                by_item.setdefault(item_id, []).append(row)
        return by_item

    @cached_property
    def columns_with_items(self):
        return {pk for column_ids in self.item_columns.values() for pk in column_ids}

    def due_date(self, written_on, days):
        """
        The Deadline `days` working days after `written_on` on the bureau's calendar.

        Memoised per (成文日期, days): many publications share them.
        """
        key = (written_on, days)
        if key not in self._due_dates:
            self._due_dates[key] = self.calendar.add_working_days(written_on, days)
        return self._due_dates[key]

    def in_lookback(self, row):
        since = self.today - timedelta(days=LATE_LOOKBACK_DAYS)
        return (
            row["written_on"] is not None
            and row["published_on"] is not None
            and since <= row["published_on"] <= self.today
        )

    @cached_property
    def items_late(self):
        """
        [(item, row, Deadline, Span of working days late, days)] for items' own deadlines.

        Each published item with a publishing deadline is checked against the publications
        that name it: the provincial evaluators' "救助结果类信息更新不及时".
        """
        late = []
        for item in self.items:
            days = publishing_deadline_days(item.deadline)
            if days is None:
                continue
            for row in self.item_publications.get(item.pk, ()):
                if not self.in_lookback(row):
                    continue
                due = self.due_date(row["written_on"], days)
                if row["published_on"] > due.date:
                    lateness = self.calendar.working_days_between(due.date, row["published_on"])
                    late.append((item, row, due, lateness, days))
        return late

    @cached_property
    def judged_by_items(self):
        """Publications naming an item with a publishing deadline: that item's rule judges them."""
        with_deadline = {
            item.pk for item in self.items if publishing_deadline_days(item.deadline) is not None
        }
        return {
            pk
            for pk, item_ids in self.publication_items.items()
            if any(item_id in with_deadline for item_id in item_ids)
        }

    @staticmethod
    def item_office(item):
        office = item.domain.owner_office
        return office.name if office else UNASSIGNED

    @staticmethod
    def item_subject(item):
        return f"{item.domain.name}：{item.name}"

    @cached_property
    def published(self):
        """Every published publication's metadata as dicts, bodies left out (1 query)."""
        return list(
            self.owned(Publication.objects.published())
            .order_by("pk")
            .values(
                "pk",
                "title",
                "column_id",
                "validity",
                "superseded_by_id",
                "index_number",
                "published_on",
                "written_on",
            )
        )

    @cached_property
    def titles(self):
        """{pk: title} of published publications and of every unusual one."""
        titles = {row["pk"]: row["title"] for row in self.published}
        titles.update((pk, row["title"]) for pk, row in self.unusual.items())
        return titles

    @cached_property
    def columns_with_publications(self):
        return {row["column_id"] for row in self.published}

    @cached_property
    def unusual(self):
        """
        {pk: row} of every publication that is not a plain, valid, published one (1 query).

        A publication missing here is valid, published and replaced by nothing, which is all a
        supersession chain or a link needs to know about it.
        """
        rows = (
            self.owned(Publication.objects.all())
            .filter(
                ~Q(validity=Publication.Validity.VALID)
                | ~Q(status=Publication.Status.PUBLISHED)
                | Q(superseded_by__isnull=False)
            )
            .order_by()
            .values("pk", "title", "validity", "status", "superseded_by_id")
        )
        return {row["pk"]: row for row in rows}

    @cached_property
    def linking_bodies(self):
        """(pk, title, column id, body) of published, valid publications linking to another."""
        return list(
            self.owned(Publication.objects.published())
            .filter(validity=Publication.Validity.VALID, body__contains="/publications/")
            .order_by("pk")
            .values_list("pk", "title", "column_id", "body")
        )

    @cached_property
    def late_publications(self):
        """
        [(row, Deadline, Span of working days late, deadline days)] for timely columns.

        Only publications published within the last LATE_LOOKBACK_DAYS count, and only those
        naming no item with a deadline of its own (items_late judges those by the item's).
        """
        timely = {pk for pk, c in self.columns.items() if c.frequency == freshness.TIMELY}
        late = []
        for row in self.published:
            if row["column_id"] not in timely or row["pk"] in self.judged_by_items:
                continue
            if not self.in_lookback(row):
                continue
            days = deadline_for(row["column_id"], self.deadlines)
            due = self.due_date(row["written_on"], days)
            if row["published_on"] > due.date:
                lateness = self.calendar.working_days_between(due.date, row["published_on"])
                late.append((row, due, lateness, days))
        return late


# --- Column rules -------------------------------------------------------------------------


def columns_overdue(facts):
    """栏目逾期未更新: a periodic column past its due date, or a timely one with a draft past due."""
    problems = []
    for pk, column in facts.columns.items():
        standing = column.standing
        if standing.status != Freshness.OVERDUE:
            continue
        # Counted as every other deadline of the list is: in the bureau's working days.
        days_late = facts.calendar.working_days_between(standing.next_due, facts.today).days
        fix_url = column_fix_url(pk)
        if column.frequency == freshness.TIMELY:
            draft = facts.oldest_waiting_drafts.get(pk)
            title = f"《{draft[1]}》" if draft else ""
            written = date_format(draft[2]) if draft else ""
            detail = (
                f"待发布信息{title}成文于 {written}，应在 {standing.deadline_days} 个工作日内"
                f"发布，截止日期 {date_format(standing.next_due)}，已逾期 {days_late} 个工作日仍未发布"
            )
            fix_url = (draft and publication_fix_url(draft[0])) or fix_url
        else:
            last = date_format(standing.last_published) if standing.last_published else "—"
            detail = (
                f"更新频率为“{column.get_frequency_display()}”，最近一次发布于 {last}，"
                f"更新截止日期 {date_format(standing.next_due)}，已逾期 {days_late} 个工作日"
            )
        problems.append(
            _problem(
                Rule.COLUMN_OVERDUE,
                **facts.owned_by(pk),
                subject=facts.column_subject(pk),
                detail=detail,
                fix_url=fix_url,
                public_url=column.get_absolute_url(),
                estimate_reason=standing.estimate_reason,
            )
        )
    return problems


def columns_empty(facts):
    """栏目无信息: a column with an update frequency that has never published anything."""
    return [
        _problem(
            Rule.COLUMN_EMPTY,
            **facts.owned_by(pk),
            subject=facts.column_subject(pk),
            detail=f"更新频率为“{column.get_frequency_display()}”，至今没有发布任何信息",
            fix_url=column_fix_url(pk),
            public_url=column.get_absolute_url(),
        )
        for pk, column in facts.columns.items()
        if column.standing.status == Freshness.EMPTY
    ]


def _calendar_problem(rule, facts, year, detail):
    return _problem(
        rule,
        office=SYSTEM,
        subject=f"{year}年节假日安排尚未录入",
        detail=detail,
        fix_url=enter_year_url(year),
    )


def calendar_next_year(facts):
    """下一年节假日安排待录入: from 1 November, next year's schedule is not entered yet."""
    year = facts.today.year + 1
    if facts.today.month < CALENDAR_REMINDER_MONTH or not facts.calendar.is_estimated_year(year):
        return []
    detail = (
        f"国务院办公厅每年秋季发布下一年的节假日安排通知，请在通知发布后录入{year}年的放假和"
        f"调休上班日期；录入前，计入{year}年的期限{ESTIMATE_RULE}，显示为“预估”"
    )
    return [_calendar_problem(Rule.CALENDAR_NEXT_YEAR, facts, year, detail)]


def calendar_missing(facts):
    """本年节假日安排未录入: the current year has no schedule, so every deadline is an estimate."""
    year = facts.today.year
    if not facts.calendar.is_estimated_year(year):
        return []
    estimated = [pk for pk, column in facts.columns.items() if column.standing.estimated]
    affected = f"，目前有 {len(estimated)} 个栏目的期限为预估" if estimated else ""
    detail = (
        f"今年的放假和调休上班日期尚未录入，所有期限{ESTIMATE_RULE}，节假日前后的截止日期"
        f"可能不准确{affected}。请按国务院办公厅关于{year}年部分节假日安排的通知立即录入"
    )
    return [_calendar_problem(Rule.CALENDAR_MISSING, facts, year, detail)]


# --- Item rules ---------------------------------------------------------------------------


def items_without_columns(facts):
    """事项未关联栏目: a published item that promises documents no column delivers."""
    return [
        _problem(
            Rule.ITEM_NO_COLUMN,
            office=facts.item_office(item),
            subject=facts.item_subject(item),
            detail="已发布的事项未关联任何发布栏目，公众无法从事项找到对应信息",
            fix_url=item_fix_url(item.pk),
            public_url=item.get_absolute_url(),
        )
        for item in facts.items
        if not facts.item_columns.get(item.pk)
    ]


def items_without_documents(facts):
    """
    事项无对应信息: a published, proactive item that no published publication names.

    Items without any column are left to 事项未关联栏目, which says what to fix first.
    """
    problems = []
    for item in facts.items:
        column_ids = facts.item_columns.get(item.pk)
        if not item.mode_proactive or not column_ids or facts.item_publications.get(item.pk):
            continue
        names = "、".join(f"“{facts.column_subject(pk)}”" for pk in column_ids)
        if any(pk in facts.columns_with_publications for pk in column_ids):
            detail = (
                f"关联栏目{names}已有信息，但没有一条标明对应本事项；"
                "请在相关信息的“对应事项”中勾选本事项，或发布本事项的信息"
            )
        else:
            which = "均" if len(column_ids) > 1 else ""
            detail = f"没有对应本事项的已发布信息，关联栏目{names}{which}尚未发布任何信息"
        problems.append(
            _problem(
                Rule.ITEM_NO_DOCUMENT,
                office=facts.item_office(item),
                subject=facts.item_subject(item),
                detail=detail,
                fix_url=item_fix_url(item.pk),
                public_url=item.get_absolute_url(),
            )
        )
    return problems


def items_published_late(facts):
    """事项信息公开不及时: a document of an item published after the item's own deadline."""
    problems = []
    for item, row, due, lateness, days in facts.items_late:
        notice = notice_period(item.deadline)
        notice = f"，并{notice}" if notice else ""
        problems.append(
            _problem(
                Rule.ITEM_LATE,
                office=facts.item_office(item),
                subject=facts.item_subject(item),
                detail=(
                    f"{_quoted(row['title'])}成文于 {date_format(row['written_on'])}，本事项要求"
                    f" {days} 个工作日内公开{notice}（截止 {date_format(due.date)}），实际发布于 "
                    f"{date_format(row['published_on'])}，逾期 {lateness.days} 个工作日"
                ),
                fix_url=publication_fix_url(row["pk"]),
                public_url=publication_public_url(row["pk"]),
                estimate_reason=due.reason or lateness.reason,
            )
        )
    return problems


def items_missing_elements(facts):
    """事项要素缺失: a published item without its 公开依据, 公开时限 or any channel."""
    problems = []
    for item in facts.items:
        missing = []
        if not item.basis.strip():
            missing.append("公开依据")
        if not item.deadline.strip():
            missing.append("公开时限")
        if not item.has_channels and not item.other_channels.strip():
            missing.append("公开渠道和载体")
        if missing:
            problems.append(
                _problem(
                    Rule.ITEM_MISSING_ELEMENTS,
                    office=facts.item_office(item),
                    subject=facts.item_subject(item),
                    detail=f"缺少{'、'.join(missing)}",
                    fix_url=item_fix_url(item.pk),
                    public_url=item.get_absolute_url(),
                )
            )
    return problems


# --- Publication rules --------------------------------------------------------------------


def publications_without_items(facts):
    """信息未标明对应事项: a published publication, in a column items use, naming none."""
    problems = []
    for row in facts.published:
        if row["pk"] in facts.publication_items:
            continue
        if row["column_id"] not in facts.columns_with_items:
            continue
        problems.append(
            _problem(
                Rule.PUBLICATION_NO_ITEM,
                **facts.owned_by(row["column_id"]),
                subject=row["title"],
                detail=(
                    f"所属栏目“{facts.column_subject(row['column_id'])}”有对应的公开事项，"
                    "本信息未在“对应事项”中标明，事项页面不会列出它"
                ),
                fix_url=publication_fix_url(row["pk"]),
                public_url=publication_public_url(row["pk"]),
            )
        )
    return problems


def _dead_detail(facts, pk):
    """How a publication is dead: repealed, or superseded and by what."""
    row = facts.unusual.get(pk)
    if row is None:
        return ""
    if row["validity"] == Publication.Validity.SUPERSEDED and row["superseded_by_id"]:
        title = facts.titles.get(row["superseded_by_id"])
        if title is not None:
            return f"已被{_quoted(title)}替代"
    return _validity_label(row["validity"])


def dead_references(facts):
    """
    已废止文件仍被引用, three ways.

    (a) a published item's 公开依据 cites 《title》 of a published repealed or superseded
    publication (unless a valid published one bears the same title: the citation then means it);
    (b) a published, valid publication's body links to a repealed or superseded one's page;
    (c) a published publication is superseded by a chain that ends in a document that is not
    valid or not published.
    """
    return [*_items_citing_dead(facts), *_bodies_linking_dead(facts), *_dead_chains(facts)]


def _items_citing_dead(facts):
    valid_titles = set()
    dead = {}
    for row in facts.published:
        key = _title_key(row["title"])
        if row["validity"] == Publication.Validity.VALID:
            valid_titles.add(key)
        else:
            dead.setdefault(key, row)
    for key in valid_titles:
        dead.pop(key, None)
    if not dead:
        return []
    problems = []
    for item in facts.items:
        cited = dict.fromkeys(match.strip() for match in _CITATION.findall(item.basis))
        for key in cited:
            row = dead.get(key)
            if row is None:
                continue
            problems.append(
                _problem(
                    Rule.DEAD_REFERENCE,
                    office=facts.item_office(item),
                    subject=facts.item_subject(item),
                    detail=(
                        f"公开依据引用的《{key}》{_dead_detail(facts, row['pk'])}，"
                        "请改为现行有效的依据"
                    ),
                    fix_url=item_fix_url(item.pk),
                    public_url=item.get_absolute_url(),
                )
            )
    return problems


def _is_dead(row):
    return row is not None and row["validity"] != Publication.Validity.VALID


def _bodies_linking_dead(facts):
    problems = []
    for pk, title, column_id, body in facts.linking_bodies:
        targets = dict.fromkeys(int(target) for target in _PUBLICATION_LINK.findall(body))
        for target in targets:
            row = facts.unusual.get(target)
            if target == pk or not _is_dead(row):
                continue
            problems.append(
                _problem(
                    Rule.DEAD_REFERENCE,
                    **facts.owned_by(column_id),
                    subject=title,
                    detail=(
                        f"正文链接的{_quoted(row['title'])}{_dead_detail(facts, target)}"
                        f"（/publications/{target}/），请更新链接"
                    ),
                    fix_url=publication_fix_url(pk),
                    public_url=publication_public_url(pk),
                )
            )
    return problems


def _dead_chains(facts):
    problems = []
    for row in facts.published:
        if not row["superseded_by_id"]:
            continue
        chain, seen = [], {row["pk"]}
        target_pk, end, cycle = row["superseded_by_id"], None, False
        while True:
            node = facts.unusual.get(target_pk)
            if node is None:  # valid, published, replaced by nothing: a live end
                break
            chain.append(node)
            seen.add(target_pk)
            next_pk = node["superseded_by_id"]
            if next_pk is None:
                end = node
                break
            if next_pk in seen:
                end, cycle = node, True
                break
            target_pk = next_pk
        if end is None:
            continue
        path = "→".join(_quoted(node["title"]) for node in chain)
        if cycle:
            detail = f"替代链{path}形成循环，没有现行有效的文件"
        else:
            if end["validity"] == Publication.Validity.REPEALED:
                why = "已废止"
            elif end["validity"] == Publication.Validity.SUPERSEDED:
                why = "已被替代但未指定替代文件"
            elif end["status"] != Publication.Status.PUBLISHED:
                why = "尚未发布，公众无法查看"
            else:
                continue
            if len(chain) == 1:
                detail = f"替代文件{path}{why}"
            else:
                detail = f"替代链{path}的末端{_quoted(end['title'])}{why}"
        problems.append(
            _problem(
                Rule.DEAD_REFERENCE,
                **facts.owned_by(row["column_id"]),
                subject=row["title"],
                detail=f"{detail}，请改为指向现行有效的文件",
                fix_url=publication_fix_url(row["pk"]),
                public_url=publication_public_url(row["pk"]),
            )
        )
    return problems


def late_publications(facts):
    """逾期发布: a timely column's publication that appeared after its working-day deadline."""
    return [
        _problem(
            Rule.LATE_PUBLICATION,
            **facts.owned_by(row["column_id"]),
            subject=row["title"],
            detail=(
                f"成文日期 {date_format(row['written_on'])}，应在 {days} 个工作日内发布"
                f"（截止 {date_format(due.date)}），实际发布于 {date_format(row['published_on'])}，"
                f"逾期 {lateness.days} 个工作日"
            ),
            fix_url=publication_fix_url(row["pk"]),
            public_url=publication_public_url(row["pk"]),
            estimate_reason=due.reason or lateness.reason,
        )
        for row, due, lateness, days in facts.late_publications
    ]


def missing_metadata(facts):
    """信息缺少索引号或发布日期: published rows written in bulk around the publishing workflow."""
    problems = []
    for row in facts.published:
        missing = []
        if not row["index_number"]:
            missing.append("索引号")
        if row["published_on"] is None:
            missing.append("发布日期")
        if missing:
            problems.append(
                _problem(
                    Rule.MISSING_METADATA,
                    **facts.owned_by(row["column_id"]),
                    subject=row["title"],
                    detail=f"已发布的信息缺少{'、'.join(missing)}",
                    fix_url=publication_fix_url(row["pk"]),
                    public_url=publication_public_url(row["pk"]),
                )
            )
    return problems


def site_stale(facts):
    """网站两周未更新: the newest publication is older than the national check allows."""
    newest = facts.newest_publication
    if newest is None or (facts.today - newest).days <= STALE_DAYS:
        return []  # nothing published yet: the empty columns say it
    detail = f"最新信息发布于 {date_format(newest)}，已 {(facts.today - newest).days} 天未更新"
    return [
        _problem(
            Rule.SITE_STALE,
            office=SYSTEM_CONTENT,
            subject="全站信息更新",
            detail=f"{detail}（国家政府网站抽查：超过两周未更新即单项否决）",
            fix_url=reverse("admin:publications_publication_changelist"),
        )
    ]


def broken_links(facts):
    """链接或附件失效: what the last check_links run recorded."""
    return [
        _problem(
            Rule.BROKEN_LINK,
            **facts.owned_by(link.publication.column_id),
            subject=link.publication.title,
            detail=(
                f"{link.get_kind_display()} {link.url}：{link.problem}"
                f"（{timezone.localtime(link.first_found):%Y-%m-%d} 起）"
            ),
            fix_url=publication_fix_url(link.publication_id),
            public_url=publication_public_url(link.publication_id),
        )
        for link in facts.broken_links
    ]


def calendar(facts):
    """This year's holiday schedule missing, then next year's."""
    return [*calendar_missing(facts), *calendar_next_year(facts)]


# The self-check's own rules, each a function of the facts returning Problems, placed by
# `order` among the rules the apps declare (contributions.declare.SelfCheckRules), whose
# functions return rows.
OWN_RULES = (
    SelfCheckRules(10, columns_overdue, (("column_overdue", "栏目逾期未更新"),)),
    SelfCheckRules(20, columns_empty, (("column_empty", "栏目无信息"),)),
    SelfCheckRules(
        30,
        calendar,
        (
            ("calendar_next_year", "下一年节假日安排待录入"),
            ("calendar_missing", "本年节假日安排未录入"),
        ),
    ),
    SelfCheckRules(40, items_without_columns, (("item_no_column", "事项未关联栏目"),)),
    SelfCheckRules(50, items_without_documents, (("item_no_document", "事项无对应信息"),)),
    SelfCheckRules(60, items_published_late, (("item_late", "事项信息公开不及时"),)),
    SelfCheckRules(70, items_missing_elements, (("item_missing_elements", "事项要素缺失"),)),
    SelfCheckRules(
        80, publications_without_items, (("publication_no_item", "信息未标明对应事项"),)
    ),
    SelfCheckRules(90, dead_references, (("dead_reference", "已废止文件仍被引用"),)),
    SelfCheckRules(100, late_publications, (("late_publication", "逾期发布"),)),
    SelfCheckRules(110, missing_metadata, (("missing_metadata", "信息缺少索引号或发布日期"),)),
    SelfCheckRules(900, site_stale, (("site_stale", "网站两周未更新"),)),
    SelfCheckRules(910, broken_links, (("broken_link", "链接或附件失效"),)),
)


def rule_groups():
    """The own and the apps' declared rules, in the order they run and the list shows them."""
    own = {id(group) for group in OWN_RULES}
    declared = in_order("selfcheck_rules")
    groups = sorted([*OWN_RULES, *declared], key=lambda group: group.order)
    return [(group, id(group) in own) for group in groups]


RULE_GROUPS = rule_groups()

# The rules in the order the list shows them (Rule.COLUMN_OVERDUE ...).
Rule = models.TextChoices(
    "Rule",
    [(code.upper(), (code, label)) for group, _ in RULE_GROUPS for code, label in group.rules],
)


def _declared(group, facts):
    """The Problems of an app's declared rules, filed under their codes in declared order."""
    rows = import_string(group.function)(facts)
    unknown = set(rows) - {code for code, _ in group.rules}
    if unknown:
        raise ValueError(f"{group.function} returned undeclared rules {sorted(unknown)}")
    return [
        Problem(rule=code, rule_label=label, **{**row, "office": row["office"] or UNASSIGNED})
        for code, label in group.rules
        for row in rows.get(code, ())
    ]


def run_rules(facts):
    """Every rule's Problems on the facts, rule by rule, linking the unit's own public pages."""
    problems = []
    for group, own in RULE_GROUPS:
        problems.extend(group.function(facts) if own else _declared(group, facts))
    if facts.public_prefix:
        problems = [
            replace(problem, public_url=facts.public_url(problem.public_url))
            for problem in problems
        ]
    return problems


def find_problems(today=None, office=None, unit=None):
    """
    Every problem `unit` (None: the first unit) has on `today`, rule by rule, in a fixed number
    of queries.

    `office` keeps the problems whose office label equals it, and the shared ones assigned to
    that office. Labels are office names for columns (their owner office) and publications
    (their column's), the domain's owner office for items, and UNASSIGNED without one. Columns
    owned collectively (各科室, 各相关科室, 谁承办谁更新) are listed once, under COLLECTIVE, with
    the owner word and the assigned offices. The holiday calendar's problems are listed under
    SYSTEM (the site administrator).
    """
    return run(today, office, unit).problems


@dataclass(frozen=True)
class Criterion:
    """One rule of the national website check: what it counts, its threshold, and the count."""

    label: str
    threshold: str
    count: int
    failed: bool

    @property
    def result(self):
        return "不合格" if self.failed else "合格"


@dataclass(frozen=True)
class Verdict:
    """合格 / 不合格 by the national website check (单项否决), criterion by criterion."""

    criteria: tuple

    @property
    def passed(self):
        return not any(criterion.failed for criterion in self.criteria)

    @property
    def label(self):
        return "合格" if self.passed else "不合格"


def national_verdict(facts, problems):
    """
    The national check's verdict on the whole site, from the unfiltered `problems` and `facts`:
    the newest publication older than two weeks; 10 or more overdue columns; 5 or more empty
    columns; any message unanswered over three months; any broken link or attachment.
    """
    counts = Counter(problem.rule for problem in problems)
    stale_days = (facts.today - facts.newest_publication).days if facts.newest_publication else None
    over_three_months = message_checks.unanswered_over_outer_bound(facts.today, facts.open_messages)
    criteria = (
        Criterion(
            "网站最新信息距今天数",
            f"超过 {STALE_DAYS} 天不合格",
            stale_days if stale_days is not None else 0,
            stale_days is None or stale_days > STALE_DAYS,
        ),
        Criterion(
            "应更新未更新的栏目",
            f"{OVERDUE_COLUMNS_LIMIT} 个及以上不合格",
            counts[Rule.COLUMN_OVERDUE],
            counts[Rule.COLUMN_OVERDUE] >= OVERDUE_COLUMNS_LIMIT,
        ),
        Criterion(
            "空白栏目",
            f"{EMPTY_COLUMNS_LIMIT} 个及以上不合格",
            counts[Rule.COLUMN_EMPTY],
            counts[Rule.COLUMN_EMPTY] >= EMPTY_COLUMNS_LIMIT,
        ),
        Criterion(
            "超过三个月未答复的留言",
            "1 条及以上不合格",
            len(over_three_months),
            bool(over_three_months),
        ),
        Criterion(
            "失效的链接和附件",
            "1 个及以上不合格",
            counts[Rule.BROKEN_LINK],
            counts[Rule.BROKEN_LINK] > 0,
        ),
    )
    return Verdict(criteria)


@dataclass(frozen=True)
class Report:
    """One unit's run: its problems (filtered by office), the verdict and the unfiltered total."""

    unit: Unit
    today: object
    problems: list
    verdict: Verdict
    # {rule code: count} of every problem, before the office filter.
    counts: dict

    @property
    def total(self):
        return sum(self.counts.values())


def run(today=None, office=None, unit=None):
    """
    `unit`'s problems (filtered by `office`) and the national verdict on the unit's site.

    `unit` None is the first unit (a platform of one, the tests); staff pages and commands pass
    the unit they show.
    """
    facts = Facts(today or timezone.localdate(), unit)
    problems = run_rules(facts)
    verdict = national_verdict(facts, problems)
    counts = dict(Counter(problem.rule for problem in problems))
    if office:
        problems = [
            problem
            for problem in problems
            if problem.office == office or office in problem.shared_with
        ]
    return Report(facts.unit, facts.today, problems, verdict, counts)


def office_choices(unit=None):
    """
    The labels `unit`'s problems are filed under, in list order: its offices, shared columns,
    the rest. `unit` None is the first unit.
    """
    offices = Office.objects.filter(unit=unit if unit is not None else Unit.objects.home())
    names = list(offices.order_by("order", "name").values_list("name", flat=True))
    return [*names, COLLECTIVE, UNASSIGNED, SYSTEM_CONTENT, SYSTEM]


def group_by_office(problems, choices):
    """[(office label, [problems])] in the order of `choices`; unknown labels last, by name."""
    rank = {label: index for index, label in enumerate(choices)}
    groups = {}
    for problem in problems:
        groups.setdefault(problem.office, []).append(problem)
    ordered = sorted(groups, key=lambda label: (rank.get(label, len(rank)), label))
    return [(label, groups[label]) for label in ordered]


def count_by_rule(problems):
    """[(rule label, count)] for every rule, zeros included: the list shows what was checked."""
    counts = dict.fromkeys(Rule.values, 0)
    for problem in problems:
        counts[problem.rule] += 1
    return [(Rule(code).label, count) for code, count in counts.items()]
