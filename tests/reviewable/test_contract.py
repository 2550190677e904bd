"""The review contract: every reviewable type has the states, the permissions and the labels."""

import pytest
from django.contrib.auth.models import Permission

from annualreport.models import AnnualReport
from audit import actions
from catalogue.models import DisclosureItem
from inforequests.models import Answer
from ledger.models import ProgressEntry, Requirement
from publications.models import Publication
from review.models import ReviewStep
from reviewable.models import reviewable_models
from reviewable.steps import Action, Status, audit_code, permission

pytestmark = pytest.mark.django_db


REVIEWABLE = [DisclosureItem, Publication, AnnualReport, Requirement, ProgressEntry, Answer]


def test_items_publications_reports_ledger_and_answers_are_the_reviewable_types():
    assert reviewable_models() == REVIEWABLE


@pytest.mark.parametrize("model", REVIEWABLE)
def test_each_type_has_the_states_and_the_four_step_permissions(model):
    assert model.Status is Status
    assert model._meta.get_field("status").choices == Status.choices
    for step in (Action.SUBMIT, Action.CHECK, Action.APPROVE, Action.PUBLISH):
        app_label, codename = permission(model, step).split(".")
        assert Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).exists()


def test_review_steps_and_the_audit_log_share_the_labels():
    assert ReviewStep.Action is Action
    for action in Action:
        assert actions.label(audit_code(action)) == action.label
    # The codes the audit log has always stored for these two steps.
    assert audit_code(Action.WITHDRAW) == "unpublish"
    assert audit_code(Action.DISCARD) == "discard_revision"
