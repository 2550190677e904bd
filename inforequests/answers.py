"""
Sending an answer: the review's publish step and the case's 答复 step, in one transaction.

An answer is drafted by the case's clerk, submitted, checked by the head of the disclosure office
and approved (review.workflow, the one review contract); publishing it is sending it. The 答复
step (inforequests.actions.take_step) writes the letter and refuses a case that cannot be
answered now (paused, already finished): then nothing is published.
"""

from django.db import transaction

from inforequests import actions
from inforequests.clock import StepKind
from privacy.guard import PrivacyError
from review import workflow
from review.workflow import ReviewRefused
from reviewable.steps import CHECKED, DRAFT, SUBMITTED


def send(user, answer, *, on=None, calendar=None, request=None):
    """Publish `answer` and record the case's 答复 step; returns the step."""
    with transaction.atomic():
        workflow.publish(user, answer, request=request)
        try:
            return actions.take_step(
                answer.request,
                StepKind.ANSWERED,
                user,
                on=on,
                calendar=calendar,
                outcome=answer.outcome,
                note=answer.note,
            )
        except actions.StepRefused as refused:
            raise ReviewRefused(f"答复未发送：{refused.message}") from refused
        except PrivacyError as error:
            raise ReviewRefused("答复未发送：" + "；".join(error.messages)) from error


def review_and_send(user, answer, *, on=None, calendar=None):
    """The steps still to take, then sending, by one user holding all four rights (demo data)."""
    steps = {DRAFT: workflow.submit, SUBMITTED: workflow.check, CHECKED: workflow.approve}
    while answer.status in steps:
        steps[answer.status](user, answer)
    return send(user, answer, on=on, calendar=calendar)
