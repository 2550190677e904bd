"""The demo requests: every state present, dated for today, removable without touching others."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from inforequests.clock import Phase, Urgency, standing
from inforequests.days import bureau_calendar
from inforequests.models import InfoRequest, RequestStep
from tests.factories import make_office
from tests.inforequests.helpers import make_request

pytestmark = pytest.mark.django_db


def test_demo_requests_show_every_state_and_go_away(django_user_model):
    django_user_model.objects.create_superuser("admin", password="x")
    assistance, elderly = (
        make_office(name="社会救助科"),
        make_office(name="养老服务和慈善事业促进科"),
    )
    real = make_request()
    out = io.StringIO()
    call_command("load_demo_requests", stdout=out)
    assert "已载入演示申请 15 件" in out.getvalue()
    calendar, today = bureau_calendar(), timezone.localdate()
    states = [
        case.clock(calendar)
        for case in InfoRequest.objects.filter(is_demo=True).prefetch_related("steps")
    ]
    phases = {state.phase for state in states}
    assert phases == set(Phase.values)
    urgencies = {standing(s, today, calendar).urgency for s in states if not s.finished}
    assert {Urgency.RUNNING, Urgency.DUE_SOON, Urgency.OVERDUE, Urgency.PAUSED} <= urgencies
    outcomes = set(
        RequestStep.objects.filter(request__is_demo=True)
        .exclude(outcome="")
        .values_list("outcome", flat=True)
    )
    assert {
        "public",
        "partial",
        "withheld_third_party",
        "unable_not_held",
        "not_handled_repeat",
        "other_unpaid",
        "other_no_correction",
    } <= outcomes
    # Each office's clerks have cases of their own; the newest waits for the head to assign it.
    demo = InfoRequest.objects.filter(is_demo=True)
    assert demo.filter(office=assistance).exists() and demo.filter(office=elderly).exists()
    assert demo.filter(office=None).count() == 1
    call_command("load_demo_requests", stdout=io.StringIO())
    assert InfoRequest.objects.filter(is_demo=True).count() == 15
    call_command("load_demo_requests", "--refresh", stdout=io.StringIO())
    assert InfoRequest.objects.filter(is_demo=True).count() == 15
    call_command("load_demo_requests", "--delete", stdout=io.StringIO())
    assert list(InfoRequest.objects.all()) == [real]
