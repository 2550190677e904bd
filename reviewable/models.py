"""
The review contract: what every type that goes through 先审后发 shares.

A new reviewable type (items, publications, and later request answers, ledger progress, the
annual report, consultation feedback) joins by inheriting Reviewable and listing
review_permissions(...) in its Meta; the workflow, the review panel, the to-do page, the role
groups and the audit log then serve it (docs/architecture.md, "A new reviewable type").
"""

from django.apps import apps
from django.db import models

from offices import rights
from reviewable.steps import PUBLISHED, Status
from versions.models import VersionedModel


class ReviewableQuerySet(models.QuerySet):
    def published(self):
        """Keep what citizens may see: every public view of a reviewable type starts here."""
        return self.filter(status=PUBLISHED)

    def visible_to(self, user):
        """
        Published rows for everyone; for staff also the unpublished ones the admin shows them
        (offices.rights.previewable: their offices' rows, with the model's view permission).
        """
        return self.published() | rights.previewable(user, self)


class Reviewable(VersionedModel):
    """
    An object reviewed before it is public: its status is the review's (reviewable.steps).

    Versioned (versions.models): a save or a review step based on an outdated version is
    refused, for every reviewable type alike.
    """

    Status = Status

    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )

    class Meta:
        abstract = True

    @property
    def is_published(self):
        return self.status == PUBLISHED


def reviewable_models():
    """Return every installed reviewable model, in the order of INSTALLED_APPS."""
    return [model for model in apps.get_models() if issubclass(model, Reviewable)]
