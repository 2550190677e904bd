"""
Filing a ledger (or any feature's document) as a publication of its column, for the review.

The ledger is public once its publication is: the clerk files it, it goes submit → check →
approve → publish like every publication, and then the ledger page and its progress are public.
The publication carries the metadata block and the file as its attachment.
"""

from django.core.files.base import ContentFile
from django.db import transaction

from ledger import exporting
from ledger.models import Requirement
from publications.models import Attachment, Publication


class NotReady(Exception):
    """The document cannot be filed yet; the message (Chinese) says why."""


@transaction.atomic
def write_publication(
    publication, *, column, title, body, file_name, file_bytes, status=None, **fields
):
    """
    Create or refresh a draft `publication` (None for a new one) with one attachment.

    A publication under review or published is not touched: it changes through the review.
    Only demo data passes `status` to write a published one directly.
    """
    if publication is not None and publication.status != Publication.Status.DRAFT:
        raise NotReady("对应的公开信息已在审核中或已发布，请在“栏目信息”中按审核流程修改")
    publication = publication or Publication(column=column)
    publication.column, publication.title, publication.body = column, title, body
    for name, value in fields.items():
        setattr(publication, name, value)
    publication.status = status or Publication.Status.DRAFT
    publication.save()
    publication.attachments.all().delete()
    Attachment.objects.create(
        publication=publication, title=file_name, file=ContentFile(file_bytes, name=file_name)
    )
    return publication


def file_ledger(ledger, status=None, **fields):
    """
    File `ledger` in its column (工作推进) with its xlsx; return the publication.

    `fields` are further publication fields (demo data dates last year's ledger in last year).
    """
    if ledger.column_id is None:
        raise NotReady("请先为台账选择公开栏目（通常为“监督保障 › 工作推进”）")
    publication = write_publication(
        ledger.publication,
        column=ledger.column,
        title=ledger.title,
        body=f"{ledger.title}及各项工作推进情况见[网页版]({ledger.get_absolute_url()})，表格见附件。",
        file_name=f"ledger-{ledger.year}.xlsx",
        file_bytes=exporting.to_xlsx(ledger, public_only=False),
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
