"""
Filing the report as a publication in column 53 (公开年报), where the one review takes it.

The publication carries the metadata block and the Word file as its attachment; its body links
to the report's HTML page. It starts as a draft: the clerk submits it, the head checks, the
leader approves, then it is published, and only then does the report's page go public.

The report follows its publication (follow_publication): published with it, back to a draft
when it is withdrawn. A published report changes only through a revision of the report (the one
review contract, review.workflow); publishing the revision writes the report and its Word file.
"""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from annualreport import checks, word
from annualreport.models import AnnualReport
from disclosure import filing
from publications.models import Attachment, Publication
from review.models import Revision
from reviewable.steps import DRAFT, PUBLISHED
from units.links import on_unit_pages

REPORT_COLUMN_NUMBER = 53

# The report fails its checks or cannot be filed now; the message lists every refusal.
NotReady = filing.NotFiled


@transaction.atomic
def file_as_publication(report):
    """Create or refresh the draft publication of `report`; refuse while a check fails."""
    problems = checks.check(report)
    if problems:
        raise NotReady("\n".join(problems))
    return write_publication(report)


def write_publication(report, status=None, **fields):
    """
    The report's publication written with its Word file, unchecked: file_as_publication checks
    first; only the demo data writes a published one directly (with its dates in `fields`), as
    disclosure.demo does.
    """
    publication = filing.file_draft(
        report.publication,
        column=filing.numbered_column(REPORT_COLUMN_NUMBER, "公开年报", report.unit),
        title=report.title,
        body=f"{report.title}全文（含表格）见[网页版]"
        f"({on_unit_pages(report.unit, report.get_absolute_url())})，Word 版见附件。",
        attachment=(word_file_name(report), word.to_docx(report)),
        status=status,
        topic=Publication.Topic.GENERAL,
        is_demo=report.is_demo,
        **fields,
    )
    if report.publication_id != publication.pk:
        report.publication = publication
        report.save(update_fields=["publication", "updated_at"])
    return publication


def word_file_name(report):
    return f"annual-report-{report.year}.docx"


def follow_publication(publication):
    """
    Give the reports carried by `publication` its public state: published with it (its first
    publication: the text was reviewed as the publication, AnnualReport.save), a draft again
    when it is withdrawn (an open revision is dropped with it, as review.workflow.withdraw
    does).

    The version stays: a form opened before is saved as a revision once the report is
    published, and directly once it is a draft again (review.admin), as for any other object.
    """
    reports = AnnualReport.objects.filter(publication=publication)
    if publication.status == PUBLISHED:
        reports.exclude(status=PUBLISHED).update(status=PUBLISHED, updated_at=timezone.now())
        return
    withdrawn = list(reports.filter(status=PUBLISHED).values_list("pk", flat=True))
    if withdrawn:
        Revision.objects.filter(
            content_type__app_label="annualreport",
            content_type__model="annualreport",
            object_id__in=withdrawn,
        ).open().update(state=Revision.State.DISCARDED, updated_at=timezone.now())
        reports.filter(pk__in=withdrawn).update(status=DRAFT, updated_at=timezone.now())


def refresh_word_file(report):
    """
    Write the published report's Word file again on its publication, after a revision of the
    report was published: the file says what the reviewed page says.
    """
    publication = report.publication
    if publication is None or not report.is_published:
        return
    name = word_file_name(report)
    publication.attachments.filter(title=name).delete()
    Attachment.objects.create(
        publication=publication, title=name, file=ContentFile(word.to_docx(report), name=name)
    )
