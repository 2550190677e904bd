"""
Filing a ledger (or any feature's document) as a publication of its column, for the review.

The ledger is public once its publication is: the clerk files it, it goes submit → check →
approve → publish like every publication, and then the ledger page and its progress are public.
The publication carries the metadata block and the file as its attachment.
"""

from disclosure import filing
from ledger import exporting
from ledger.models import Requirement
from units.links import on_unit_pages

# Why the ledger cannot be filed now (disclosure.filing's one refusal).
NotReady = filing.NotFiled


def file_ledger(ledger, status=None, **fields):
    """
    File `ledger` in its column (工作推进) with its xlsx; return the publication.

    `fields` are further publication fields (demo data dates last year's ledger in last year).
    """
    if ledger.column_id is None:
        raise NotReady("请先为台账选择公开栏目（通常为“监督保障 › 工作推进”）")
    publication = filing.file_draft(
        ledger.publication,
        column=ledger.column,
        title=ledger.title,
        body=f"{ledger.title}及各项工作推进情况见[网页版]"
        f"({on_unit_pages(ledger.unit, ledger.get_absolute_url())})，表格见附件。",
        attachment=(
            f"ledger-{ledger.year}.xlsx",
            exporting.to_xlsx(ledger, public_only=False),
        ),
        status=status,
        document_number=ledger.document_number,
        written_on=ledger.issued_on,
        is_demo=ledger.is_demo,
        **fields,
    )
    if ledger.publication_id != publication.pk:
        ledger.publication = publication
        ledger.save(update_fields=["publication", "updated_at"])
    if publication.is_published:  # demo data, published directly (ledger.receivers otherwise)
        Requirement.publish_with(ledger)
    return publication
