"""
A large portal written with bulk_create, for the self-check's query-count tests.

Every rule but the holiday calendar's finds something in it at any size (overdue and empty
columns, items without columns, documents or elements, items' documents published late,
publications naming no item, dead references of all three kinds, late publications, legacy rows
without 索引号 or 发布日期), so the same code paths run at 75 columns
and at 1,000.
"""

import datetime

from django.utils import timezone

from catalogue.models import DisclosureItem, Domain
from columns.models import Column
from consultations.models import Consultation
from inquiries.models import Message
from offices.models import Office
from publications.models import Publication
from selfcheck.models import BrokenLink
from tests.factories import make_channels

TODAY = datetime.date(2026, 3, 16)
FREQUENCIES = ("timely", "monthly", "quarterly", "yearly", "")
OFFICES = 8

VALID = Publication.Validity.VALID
REPEALED = Publication.Validity.REPEALED
SUPERSEDED = Publication.Validity.SUPERSEDED
PUBLISHED = Publication.Status.PUBLISHED
DRAFT = Publication.Status.DRAFT


def _column(i, offices, parent=None):
    frequency = FREQUENCIES[i % len(FREQUENCIES)]
    if not frequency:
        kind, office = Column.OwnerKind.NONE, None
    elif i % 10 == 1:
        kind, office = Column.OwnerKind.ALL_OFFICES, None
    else:
        kind, office = Column.OwnerKind.OFFICE, offices[i % len(offices)]
    return Column(
        name=f"批量栏目{i:04d}",
        number=i + 1,
        order=i,
        parent=parent,
        frequency=frequency,
        owner_kind=kind,
        owner_office=office,
    )


def build_portal(n_columns, n_publications, today=TODAY):
    """Write `n_columns` columns, `n_publications` publications and an item per 4 columns."""
    offices = Office.objects.bulk_create(
        [Office(name=f"批量科室{i}", order=i) for i in range(OFFICES)]
    )
    domain = Domain.objects.create(name="批量领域", slug="bulk", owner_office=offices[0])
    n_roots = max(1, n_columns // 10)
    roots = Column.objects.bulk_create([_column(i, offices) for i in range(n_roots)])
    children = Column.objects.bulk_create(
        [_column(i, offices, roots[i % n_roots]) for i in range(n_roots, n_columns)]
    )
    columns = [*roots, *children]
    # Leave one column in five without any publication.
    publishing = [c for i, c in enumerate(columns) if i % 5 != 2]

    # Dead documents first: later rows cite, link to and are superseded by them.
    dead_count = max(3, n_publications // 100)
    dead = Publication.objects.bulk_create(
        [
            Publication(
                column=publishing[i % len(publishing)],
                title=f"批量废止文件{i}",
                status=PUBLISHED,
                validity=REPEALED,
                published_on=today - datetime.timedelta(days=400 + i % 50),
                written_on=today - datetime.timedelta(days=410 + i % 50),
                index_number=f"DEAD-{i:07d}",
            )
            for i in range(dead_count)
        ]
    )
    rows = []
    for j in range(n_publications - dead_count):
        column = publishing[j % len(publishing)]
        published = j % 10 != 0
        published_on = today - datetime.timedelta(days=j % 420)
        validity, superseded_by, body = VALID, None, "正文。"
        if j % 53 == 0:
            validity, superseded_by = SUPERSEDED, dead[j % dead_count]
        if j % 47 == 0:
            body = f"参见[旧文件](/publications/{dead[j % dead_count].pk}/)。"
        index_number = f"BULK-{j:07d}" if published and j % 200 != 1 else ""
        rows.append(
            Publication(
                column=column,
                title=f"批量信息{j}",
                status=PUBLISHED if published else DRAFT,
                validity=validity,
                superseded_by=superseded_by,
                body=body,
                # Some written long before publishing (late in timely columns).
                published_on=published_on if published and j % 300 != 7 else None,
                written_on=published_on - datetime.timedelta(days=j % 45),
                index_number=index_number,
            )
        )
    rows = Publication.objects.bulk_create(rows, batch_size=2000)

    channels = make_channels()
    items = DisclosureItem.objects.bulk_create(
        [
            DisclosureItem(
                domain=domain,
                number=k + 1,
                level1="批量事项",
                level2=f"二级事项{k}",
                content="公开内容",
                basis=(
                    ""
                    if k % 9 == 0
                    else f"《{dead[k % dead_count].title}》"
                    if k % 3 == 0
                    else "《社会救助暂行办法》"
                ),
                deadline="" if k % 11 == 0 else "信息形成之日起10个工作日内",
                status=DisclosureItem.Status.PUBLISHED,
            )
            for k in range(max(4, n_columns // 4))
        ]
    )
    Link = DisclosureItem.columns.through
    Link.objects.bulk_create(
        [
            Link(disclosureitem=item, column=columns[k * 4 % n_columns])
            for k, item in enumerate(items)
            if k % 7 != 0
        ]
    )
    # Every other linked item is named by the publications of its column (some of them late);
    # the others' columns hold publications that name no item.
    named_by_column = {
        columns[k * 4 % n_columns].pk: item
        for k, item in enumerate(items)
        if k % 7 != 0 and k % 2 == 0
    }
    PublicationLink = Publication.items.through
    PublicationLink.objects.bulk_create(
        [
            PublicationLink(publication=row, disclosureitem=named_by_column[row.column_id])
            for row in rows
            if row.column_id in named_by_column
        ],
        batch_size=2000,
    )
    ChannelLink = DisclosureItem.channels.through
    website = channels["政府网站"]
    ChannelLink.objects.bulk_create(
        [ChannelLink(disclosureitem=item, channel=website) for k, item in enumerate(items) if k % 5]
    )
    _talking_back(n_columns // 10 + 2, offices, today)
    return columns


def _talking_back(n, offices, today):
    """Interpretations (missing, late), consultations without feedback, messages, broken links."""
    published = list(
        Publication.objects.published().exclude(published_on=None).order_by("pk")[: 3 * n]
    )
    policies, interpretations = published[:n], published[n : 2 * n]
    Publication.objects.filter(pk__in=[p.pk for p in published[2 * n :]]).update(
        needs_interpretation=True
    )
    Link = Publication.interprets.through
    Link.objects.bulk_create(
        [
            Link(from_publication=interpretation, to_publication=policy)
            for policy, interpretation in zip(policies, interpretations, strict=False)
        ]
    )
    Publication.objects.filter(pk__in=[p.pk for p in interpretations]).update(
        interpretation_form=Publication.InterpretationForm.TEXT,
        published_on=today,
    )
    notices = [p for p in published if p.pk not in {x.pk for x in interpretations}][:n]
    Consultation.objects.bulk_create(
        [
            Consultation(
                title=f"批量征集{i}",
                notice=notice,
                office=offices[i % len(offices)],
                kind=Consultation.Kind.OTHER,
                starts_on=today - datetime.timedelta(days=400),
                ends_on=today - datetime.timedelta(days=380),
            )
            for i, notice in enumerate(notices)
        ]
    )
    received = timezone.make_aware(datetime.datetime.combine(today, datetime.time(9)))
    Message.objects.bulk_create(
        [
            Message(
                code=f"bulk-{i}",
                subject=f"批量留言{i}",
                question="请问如何申请？",
                contact="example@example.com",
                office=offices[i % len(offices)] if i % 3 else None,
                received_at=received - datetime.timedelta(days=(18, 45, 100)[i % 3]),
            )
            for i in range(n)
        ]
    )
    now = timezone.now()
    BrokenLink.objects.bulk_create(
        [
            BrokenLink(
                publication=publication,
                kind=BrokenLink.Kind.EXTERNAL,
                url=f"https://gone.example/{i}",
                problem="返回 404",
                first_found=now,
                last_checked=now,
            )
            for i, publication in enumerate(published[:n])
        ]
    )
