"""
A large portal written with bulk_create, for the self-check's query-count tests.

Every rule but the holiday calendar's finds something in it at any size (overdue and empty
columns, items without columns or elements, dead references of all three kinds, late
publications, legacy rows without 索引号 or 发布日期), so the same code paths run at 75 columns
and at 1,000.
"""

import datetime

from catalogue.models import DisclosureItem, Domain
from columns.models import Column
from offices.models import Office
from publications.models import Publication
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
    Publication.objects.bulk_create(rows, batch_size=2000)

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
    ChannelLink = DisclosureItem.channels.through
    website = channels["政府网站"]
    ChannelLink.objects.bulk_create(
        [ChannelLink(disclosureitem=item, channel=website) for k, item in enumerate(items) if k % 5]
    )
    return columns
