"""
Sending an answer: the review's publish step and the case's 答复 step, in one transaction.

An answer is drafted by the case's clerk, submitted, checked by the head of the disclosure office
and approved (review.workflow, the one review contract); publishing it is sending it. The 答复
step (inforequests.actions.take_step) writes the letter and refuses a case that cannot be
answered now (paused, already finished): then nothing is published.
"""

import re

from django.db import transaction

from inforequests import actions
from inforequests.clock import StepKind
from privacy.guard import PrivacyError
from review import workflow
from review.workflow import ReviewRefused
from reviewable.steps import CHECKED, DRAFT, SUBMITTED

# An answer that points the applicant to an enclosure: 见附件, 详见附件, 附件1, 附件：…
ENCLOSURE = re.compile(r"见附件|附件\s*[：:一二三四五六七八九十0-9０-９]")


def missing_enclosure(answer):
    """
    Why `answer` cannot go out as written: it says 见附件 (or names an 附件) while its case has
    no file to give with it (提供的信息文件); "" when nothing is missing.
    """
    if not ENCLOSURE.search(answer.note or "") or answer.request.released_files.exists():
        return ""
    return (
        f"答复内容写有“{ENCLOSURE.search(answer.note).group(0)}”，但申请 "
        f"{answer.request.query_code} 还没有添加提供的信息文件。请先在申请页面的"
        "“提供的信息文件”中添加附件，或修改答复内容。"
    )


def submit(user, answer, comment="", *, request=None, version=None):
    """Submit `answer` for review, unless it promises an enclosure that is not there."""
    problem = missing_enclosure(answer)
    if problem:
        raise ReviewRefused(f"“{answer}”不能提交审核：{problem}")
    return workflow.submit(user, answer, comment, request=request, version=version)


def send(user, answer, *, on=None, calendar=None, request=None):
    """Publish `answer` and record the case's 答复 step; returns the step."""
    problem = missing_enclosure(answer)
    if problem:
        raise ReviewRefused(f"答复未发送：{problem}")
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
    steps = {DRAFT: submit, SUBMITTED: workflow.check, CHECKED: workflow.approve}
    while answer.status in steps:
        steps[answer.status](user, answer)
    return send(user, answer, on=on, calendar=calendar)
