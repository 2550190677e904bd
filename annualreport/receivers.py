"""
The report follows the review: its publication's state, and its Word file after a revision.

Connected in AnnualReportConfig.ready; the content and process apps below know nothing of the
report.
"""

from annualreport import publishing
from annualreport.models import AnnualReport


def on_publication_saved(sender, instance, raw=False, **kwargs):
    """Published with the publication that carries it; a draft again when it is withdrawn."""
    if not raw:
        publishing.follow_publication(instance)


def on_revision_saved(sender, instance, raw=False, **kwargs):
    """A revision of a report published: the publication's Word file says the new text."""
    if raw or instance.state != instance.State.APPLIED:
        return
    if instance.content_type.model_class() is not AnnualReport:
        return
    report = AnnualReport.objects.select_related("publication").get(pk=instance.object_id)
    publishing.refresh_word_file(report)
