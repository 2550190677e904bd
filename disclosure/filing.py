"""
Filing a feature's document as a draft publication of a column, where the one review takes it.

The consultation feedback (意见反馈), a message's Q&A (互动回应), the ledger (工作推进) and the
annual report (公开年报) are public only as publications: each is written here as a draft the
clerk submits, checks and publishes like any other, and a publication under review or published
is not touched (it changes through the review).
"""

from django.core.files.base import ContentFile
from django.db import transaction

from columns.models import Column
from publications.models import Attachment, Publication


class NotFiled(Exception):
    """The document cannot be filed now; the message is Chinese and safe to show."""


UNDER_REVIEW = "对应的公开信息已在审核中或已发布，请在“栏目信息”中按审核流程修改"


def numbered_column(number, name, unit=None):
    """
    `unit`'s column numbered `number` (its usual name `name`), or NotFiled saying it is missing.

    Every unit's column table keeps the standard numbers, so the number names the same column
    in each; callers pass the unit of the document they file (the first unit's when None).
    """
    columns = Column.objects.filter(unit=unit) if unit is not None else Column.objects.all()
    column = columns.filter(number=number).order_by("unit_id").first()
    if column is None:
        raise NotFiled(f"栏目表中没有序号为 {number} 的“{name}”栏目，请先在栏目表中添加。")
    return column


@transaction.atomic
def file_draft(publication, *, column, attachment=None, status=None, **fields):
    """
    Create or refresh the draft `publication` (None for a new one) in `column` with `fields`
    and, given (file name, bytes) as `attachment`, that one attachment; return it.

    Only demo data passes `status` to write a published one directly.
    """
    if publication is not None and publication.status != Publication.Status.DRAFT:
        raise NotFiled(UNDER_REVIEW)
    publication = publication or Publication()
    publication.column = column
    for name, value in fields.items():
        setattr(publication, name, value)
    publication.status = status or Publication.Status.DRAFT
    publication.save()
    if attachment is not None:
        file_name, file_bytes = attachment
        publication.attachments.all().delete()
        Attachment.objects.create(
            publication=publication, title=file_name, file=ContentFile(file_bytes, name=file_name)
        )
    return publication
