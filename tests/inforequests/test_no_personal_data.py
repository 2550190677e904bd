"""Walk a case through every state; after each, no public page or download shows the applicant."""

import io
import zipfile

import pytest
from django.urls import reverse

from inforequests import actions, fees
from inforequests.clock import StepKind
from inforequests.models import RequestStep
from tests.inforequests.helpers import D, make_request, small_calendar

pytestmark = pytest.mark.django_db

PUBLIC = [
    "/",
    "/columns/",
    "/sitemap.xml",
    "/robots.txt",
    "/feeds/changes.atom",
    reverse("inforequests:guide"),
    reverse("inforequests:form-download"),
    reverse("inforequests:apply"),
    reverse("inforequests:status"),
    reverse("inforequests:register"),
    reverse("inforequests:statistics"),
    reverse("inforequests:statistics-xlsx", args=[2026]),
]


def text_of(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "".join(
                archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
            )
    return body.decode("utf-8", "replace")


def crawl(client, secrets):
    for url in [
        *PUBLIC,
        f"/search/?q={secrets[0]}",
        f"{reverse('inforequests:register')}?q={secrets[0]}",
    ]:
        response = client.get(url)
        assert response.status_code in (200, 400), url
        text = text_of(response)
        for secret in secrets:
            if secret in url:
                text = text.replace(secret, "")  # what the reader typed may be echoed back
            assert secret not in text, (url, secret)


def test_no_public_output_shows_the_applicant_in_any_state(client, django_user_model):
    head = django_user_model.objects.create_superuser("head", password="x")
    calendar = small_calendar()
    case = make_request(
        name="赵六申请人",
        id_number="340802199001011234",
        phone="13912345678",
        email="zhaoliu@example.com",
        address="示范县秘密路99号",
        received_on=D(2026, 9, 23),
        public_title="养老机构运营补贴发放情况",
    )
    secrets = [case.name, case.id_number, case.phone, case.email, case.address, case.query_code]

    def step(kind, on, **fields):
        actions.take_step(case, kind, head, on=on, calendar=calendar, **fields)
        crawl(client, secrets)

    crawl(client, secrets)  # received
    step(StepKind.CORRECTION_REQUESTED, D(2026, 9, 25), due_on=D(2026, 10, 16), note="请写明年份")
    step(StepKind.CORRECTION_RECEIVED, D(2026, 10, 12))
    step(
        StepKind.CONSULTATION_STARTED,
        D(2026, 10, 13),
        party_kind=RequestStep.PartyKind.THIRD_PARTY,
        party="某养老院",
    )
    step(StepKind.CONSULTATION_ENDED, D(2026, 10, 20))
    step(StepKind.EXTENDED, D(2026, 10, 21), days=10, approved_by=head, note="材料较多")
    step(StepKind.FEE_NOTIFIED, D(2026, 10, 22), fee_method=fees.Method.BY_PAGES, fee_quantity=50)
    step(StepKind.FEE_PAID, D(2026, 10, 26))
    step(StepKind.ANSWERED, D(2026, 10, 28), outcome="partial", note="部分内容涉及第三方，已删除。")
    case.in_register = True
    case.save()
    crawl(client, secrets)
    assert (
        "养老机构运营补贴发放情况" in client.get(reverse("inforequests:register")).content.decode()
    )
