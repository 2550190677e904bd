"""
Public pages of publications: the document page and its attachment downloads.

Both start from `Publication.objects.visible_to(user)`, so a draft and its files are a 404 for
the public and visible to staff who may view publications, narrowed to the unit whose pages these
are: another unit's document or attachment is a 404 here, and links to another unit's documents
(a successor, an interpretation) are left out rather than pointed at a page that is not there.
"""

import re

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.views.generic import DetailView

from catalogue.models import DisclosureItem
from publications import interpretation
from publications.attachments import CONTENT_TYPES
from publications.models import Attachment, Publication
from sitewide.views import NavMixin

DESCRIPTION_CHARS = 80
# Control characters and path separators never belong in a download's file name.
_UNSAFE_FILENAME = re.compile(r'[\x00-\x1f\x7f/\\"]+')


class PublicationDetailView(NavMixin, DetailView):
    """A document page: its metadata block, title, body, attachments and where it belongs."""

    context_object_name = "publication"
    nav_active = "columns"

    def get_queryset(self):
        return (
            Publication.objects.visible_to(self.request.user)
            .filter(column__unit_id=self.request.unit.pk)
            .select_related("column", "superseded_by__column")
            .prefetch_related("attachments")  # in Attachment's order
        )

    def get_context_data(self, **kwargs):
        publication = self.object
        column = publication.column
        body_html = publication.body_html
        successor = publication.superseded_by
        unit_id = column.unit_id
        if successor is not None and successor.column.unit_id != unit_id:
            successor = None  # another unit's document: not a page of this unit
        # A successor still in draft is a page only staff can open (one query, rarely).
        if successor is not None and not successor.is_published:
            visible = Publication.objects.visible_to(self.request.user)
            if not visible.filter(pk=successor.pk).exists():
                successor = None
        kwargs.update(
            body_html=body_html,
            description=Truncator(" ".join(strip_tags(body_html).split())).chars(DESCRIPTION_CHARS),
            successor=successor,
            ancestors=column.ancestors(),
            attachments=list(publication.attachments.all()),
            interpretations=list(
                interpretation.public_interpretations(publication).filter(column__unit_id=unit_id)
            ),
            policies=list(
                interpretation.public_policies(publication).filter(column__unit_id=unit_id)
            ),
            # The items this document fulfils, not every item of its (often shared) column.
            related_items=DisclosureItem.objects.published()
            .filter(publications=publication, domain__unit_id=unit_id)
            .select_related("domain"),
        )
        return super().get_context_data(**kwargs)


def download_name(attachment):
    """The file name a reader saves: the attachment's name with its kind's extension."""
    name = _UNSAFE_FILENAME.sub("_", attachment.display_name).strip(" .") or "附件"
    extension = attachment.kind or name.rsplit(".", 1)[-1]
    if extension and not name.lower().endswith(f".{extension}"):
        name = f"{name}.{extension}"
    return name


def attachment_download(request, pk):
    """
    Stream an attachment as a download, under its display name.

    Every kind is sent as `attachment`, PDFs and images included: the reader keeps the file
    under its Chinese name, and nothing a clerk uploaded (a PDF's scripts and forms) runs in a
    tab of the portal. The content type comes from the kind read from the file's bytes at upload,
    never from the name, and `nosniff` stops the browser from guessing another.
    """
    attachment = get_object_or_404(
        Attachment.objects.filter(
            publication__in=Publication.objects.visible_to(request.user).filter(
                column__unit_id=request.unit.pk
            )
        ),
        pk=pk,
    )
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("附件文件不存在。") from missing
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(attachment),
        content_type=CONTENT_TYPES.get(attachment.kind, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
