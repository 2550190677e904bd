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
from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from catalogue.models import DisclosureItem
from columns import freshness
from columns.freshness import CalendarOutOfRange, Freshness
from columns.models import Column
from offices.models import Office
from publications.models import Publication
from publications.standing import attach_standings, deadline_days_by_column, deadline_for

# Office labels that are not offices: collective column owners keep their own label.
COLLECTIVE_OWNERS = tuple(kind.label for kind in Column.COLLECTIVE_KINDS)
UNASSIGNED = "未指定科室"
# The holiday calendar is a package to upgrade, not any office's content.
SYSTEM = "系统维护"

# 逾期发布 looks back one year: older lateness is history, not something to fix now.
LATE_LOOKBACK_DAYS = 365

_CITATION = re.compile(r"《([^《》]+)》")
_PUBLICATION_LINK = re.compile(r"/publications/(\d+)\b")


class Rule(models.TextChoices):
    """The rules in the order the list shows them."""

    COLUMN_OVERDUE = "column_overdue", "栏目逾期未更新"
    COLUMN_EMPTY = "column_empty", "栏目无信息"
    CALENDAR = "calendar", "节假日数据过期"
    ITEM_NO_COLUMN = "item_no_column", "事项未关联栏目"
    ITEM_COLUMNS_EMPTY = "item_columns_empty", "事项栏目无信息"
    ITEM_MISSING_ELEMENTS = "item_missing_elements", "事项要素缺失"
    DEAD_REFERENCE = "dead_reference", "已废止文件仍被引用"
    LATE_PUBLICATION = "late_publication", "逾期发布"
    MISSING_METADATA = "missing_metadata", "信息缺少索引号或发布日期"


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


class Facts:
    """
    The portal's state on `today`, each part loaded at most once, in one query or a few.

    Rules read these instead of querying, so adding a rule that reuses a part costs nothing and
    no rule's cost grows with the rows.
    """

    def __init__(self, today):
        self.today = today

    @cached_property
    def columns(self):
        """{column id: Column}, with its owner office and its `standing` set (4 queries)."""
        columns = Column.objects.select_related("owner_office").order_by("order", "number", "id")
        columns = {column.pk: column for column in columns}
        attach_standings(columns.values(), self.today)
        return columns

    def column_office(self, column_id):
        column = self.columns.get(column_id)
        return (column.owner_label if column else "") or UNASSIGNED

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
            Publication.objects.exclude(status=Publication.Status.PUBLISHED)
            .exclude(written_on=None)
            .order_by("written_on", "pk")
            .values_list("column_id", "pk", "title", "written_on")
        )
        oldest = {}
        for column_id, pk, title, written_on in rows:
            oldest.setdefault(column_id, (pk, title, written_on))
        return oldest

    @cached_property
    def deadlines(self):
        """{column id: working days}, as the column standings use them (1 query)."""
        return deadline_days_by_column()

    @cached_property
    def items(self):
        """Published items with their domain and office, and whether they have channels."""
        channel_links = DisclosureItem.channels.through.objects.filter(
            disclosureitem=OuterRef("pk")
        )
        return list(
            DisclosureItem.objects.published()
            .select_related("domain__owner_office")
            .annotate(has_channels=Exists(channel_links))
        )

    @cached_property
    def item_columns(self):
        """{item id: [column ids]} of published items (1 query)."""
        links = DisclosureItem.columns.through.objects.filter(
            disclosureitem__status=DisclosureItem.Status.PUBLISHED
        ).order_by("column_id")
        by_item = {}
        for item_id, column_id in links.values_list("disclosureitem_id", "column_id"):
            by_item.setdefault(item_id, []).append(column_id)
        return by_item

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
            Publication.objects.published()
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
            Publication.objects.filter(
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
            Publication.objects.published()
            .filter(validity=Publication.Validity.VALID, body__contains="/publications/")
            .order_by("pk")
            .values_list("pk", "title", "column_id", "body")
        )

    @cached_property
    def late_publications(self):
        """
        ([(row, due, working days late, deadline days)], [out-of-range rows]) for timely columns.

        Only publications published within the last LATE_LOOKBACK_DAYS count. Deadlines are
        memoised per (成文日期, days): many publications share them.
        """
        since = self.today - timedelta(days=LATE_LOOKBACK_DAYS)
        timely = {pk for pk, c in self.columns.items() if c.frequency == freshness.TIMELY}
        due_dates = {}
        late, out_of_range = [], []
        for row in self.published:
            published_on, written_on = row["published_on"], row["written_on"]
            if row["column_id"] not in timely or written_on is None or published_on is None:
                continue
            if not since <= published_on <= self.today:
                continue
            days = deadline_for(row["column_id"], self.deadlines)
            try:
                key = (written_on, days)
                if key not in due_dates:
                    due_dates[key] = freshness.add_working_days(written_on, days)
                due = due_dates[key]
                if published_on > due:
                    lateness = freshness.working_days_between(due, published_on)
                    late.append((row, due, lateness, days))
            except CalendarOutOfRange as error:
                out_of_range.append((row, error))
        return late, out_of_range


# --- Column rules -------------------------------------------------------------------------


def columns_overdue(facts):
    """栏目逾期未更新: a periodic column past its due date, or a timely one with a draft past due."""
    problems = []
    for pk, column in facts.columns.items():
        standing = column.standing
        if standing.status != Freshness.OVERDUE:
            continue
        days_late = (facts.today - standing.next_due).days
        fix_url = column_fix_url(pk)
        if column.frequency == freshness.TIMELY:
            draft = facts.oldest_waiting_drafts.get(pk)
            title = f"《{draft[1]}》" if draft else ""
            written = draft[2].isoformat() if draft else ""
            detail = (
                f"待发布信息{title}成文于 {written}，应在 {standing.deadline_days} 个工作日内"
                f"发布，截止日期 {standing.next_due.isoformat()}，已逾期 {days_late} 天仍未发布"
            )
            fix_url = (draft and publication_fix_url(draft[0])) or fix_url
        else:
            last = standing.last_published.isoformat() if standing.last_published else "—"
            detail = (
                f"更新频率为“{column.get_frequency_display()}”，最近一次发布于 {last}，"
                f"更新截止日期 {standing.next_due.isoformat()}，已逾期 {days_late} 天"
            )
        problems.append(
            _problem(
                Rule.COLUMN_OVERDUE,
                office=facts.column_office(pk),
                subject=facts.column_subject(pk),
                detail=detail,
                fix_url=fix_url,
                public_url=column.get_absolute_url(),
            )
        )
    return problems


def columns_empty(facts):
    """栏目无信息: a column with an update frequency that has never published anything."""
    return [
        _problem(
            Rule.COLUMN_EMPTY,
            office=facts.column_office(pk),
            subject=facts.column_subject(pk),
            detail=f"更新频率为“{column.get_frequency_display()}”，至今没有发布任何信息",
            fix_url=column_fix_url(pk),
            public_url=column.get_absolute_url(),
        )
        for pk, column in facts.columns.items()
        if column.standing.status == Freshness.EMPTY
    ]


def calendar_out_of_range(facts):
    """节假日数据过期: one problem naming every column whose deadlines the calendar cannot reach."""
    messages, column_ids = [], []
    for pk, column in facts.columns.items():
        if column.standing.error:
            messages.append(column.standing.error)
            column_ids.append(pk)
    for row, error in facts.late_publications[1]:
        messages.append(str(error))
        column_ids.append(row["column_id"])
    if not column_ids:
        return []
    names = [facts.column_subject(pk) for pk in dict.fromkeys(column_ids)]
    return [
        _problem(
            Rule.CALENDAR,
            office=SYSTEM,
            subject="chinesecalendar 节假日数据",
            detail=f"{messages[0]}受影响的栏目（{len(names)} 个）：{'、'.join(names)}",
            fix_url="",
        )
    ]


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


def items_with_empty_columns(facts):
    """事项栏目无信息: every column of a published item is still without a published document."""
    problems = []
    for item in facts.items:
        column_ids = facts.item_columns.get(item.pk)
        if not column_ids or any(pk in facts.columns_with_publications for pk in column_ids):
            continue
        names = "、".join(f"“{facts.column_subject(pk)}”" for pk in column_ids)
        which = "均" if len(column_ids) > 1 else ""
        problems.append(
            _problem(
                Rule.ITEM_COLUMNS_EMPTY,
                office=facts.item_office(item),
                subject=facts.item_subject(item),
                detail=f"关联栏目{names}{which}尚未发布任何信息",
                fix_url=item_fix_url(item.pk),
                public_url=item.get_absolute_url(),
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
                    office=facts.column_office(column_id),
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
                office=facts.column_office(row["column_id"]),
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
            office=facts.column_office(row["column_id"]),
            subject=row["title"],
            detail=(
                f"成文日期 {row['written_on'].isoformat()}，应在 {days} 个工作日内发布"
                f"（截止 {due.isoformat()}），实际发布于 {row['published_on'].isoformat()}，"
                f"逾期 {lateness} 个工作日"
            ),
            fix_url=publication_fix_url(row["pk"]),
            public_url=publication_public_url(row["pk"]),
        )
        for row, due, lateness, days in facts.late_publications[0]
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
                    office=facts.column_office(row["column_id"]),
                    subject=row["title"],
                    detail=f"已发布的信息缺少{'、'.join(missing)}",
                    fix_url=publication_fix_url(row["pk"]),
                    public_url=publication_public_url(row["pk"]),
                )
            )
    return problems


RULES = (
    columns_overdue,
    columns_empty,
    calendar_out_of_range,
    items_without_columns,
    items_with_empty_columns,
    items_missing_elements,
    dead_references,
    late_publications,
    missing_metadata,
)


def find_problems(today=None, office=None):
    """
    Every problem the portal has on `today`, rule by rule, in a fixed number of queries.

    `office` keeps the problems whose office label equals it. Labels are office names for
    columns (their owner office) and publications (their column's), the domain's owner office
    for items, and UNASSIGNED without one. Columns owned collectively are listed under their
    collective label (各科室, 各相关科室, 谁承办谁更新), not under every office: filtering by an
    office name does not show them. The holiday calendar problem is listed under SYSTEM.
    """
    facts = Facts(today or timezone.localdate())
    problems = [problem for rule in RULES for problem in rule(facts)]
    if office:
        problems = [problem for problem in problems if problem.office == office]
    return problems


def office_choices():
    """The labels problems are filed under, in list order: offices, collective owners, the rest."""
    names = list(Office.objects.order_by("order", "name").values_list("name", flat=True))
    return [*names, *COLLECTIVE_OWNERS, UNASSIGNED, SYSTEM]


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
