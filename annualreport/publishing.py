"""
Filing the report as a publication in column 53 (公开年报), where the one review takes it.

The publication carries the metadata block and the Word file as its attachment; its body links
to the report's HTML page. It starts as a draft: the clerk submits it, the head checks, the
leader approves, then it is published, and only then does the report's page go public.
"""

from django.db import transaction

from annualreport import checks, word
from publications import filing
from publications.models import Publication

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
    publications.demo does.
    """
    publication = filing.file_draft(
        report.publication,
        column=filing.numbered_column(REPORT_COLUMN_NUMBER, "公开年报"),
        title=report.title,
        body=f"{report.title}全文（含表格）见[网页版]({report.get_absolute_url()})，Word 版见附件。",
        attachment=(f"annual-report-{report.year}.docx", word.to_docx(report)),
        status=status,
        topic=Publication.Topic.GENERAL,
        is_demo=report.is_demo,
        **fields,
    )
    if report.publication_id != publication.pk:
        report.publication = publication
        report.save(update_fields=["publication", "updated_at"])
    return publication
