"""export_requests and remind_requests, the reminder through a real SMTP server on a free port."""

import email
import io
import json
import socket

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from inforequests import table_three as t3
from inforequests.models import RequestStep
from tests.factories import make_office
from tests.inforequests.helpers import D, make_request

pytestmark = pytest.mark.django_db


def test_export_json_and_xlsx(tmp_path):
    make_request(received_on=D(2025, 12, 30))
    answered = make_request(
        received_on=D(2026, 3, 2), applicant_type="organisation", organisation_kind="legal_service"
    )
    RequestStep.objects.create(
        request=answered, kind="answered", on=D(2026, 3, 20), outcome="public"
    )
    out = io.StringIO()
    call_command("export_requests", "--year", "2026", "--format", "json", stdout=out)
    table = json.loads(out.getvalue())["table"]
    assert table[t3.NEW]["法律服务机构"] == 1 and table[t3.CARRIED_IN]["自然人"] == 1
    assert table["（一）予以公开"][t3.TOTAL] == 1 and table[t3.CARRIED_OUT][t3.TOTAL] == 1
    target = tmp_path / "t3.xlsx"
    call_command(
        "export_requests",
        "--year",
        "2026",
        "--format",
        "xlsx",
        "-o",
        str(target),
        stdout=io.StringIO(),
    )
    sheet = load_workbook(target).active
    rows = {
        row[0].value.strip("\u3000"): row[1:] for row in sheet.iter_rows(min_row=3) if row[0].value
    }
    assert rows[t3.NEW][-1].value == 1 and rows[t3.RESULTS][0].value is None
    with pytest.raises(CommandError, match="-o"):
        call_command("export_requests", "--year", "2026", "--format", "xlsx")


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content.decode("utf-8", "replace")))
        return "250 OK"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    yield inbox
    controller.stop()


def test_remind_mails_each_offices_clerks(smtp, django_user_model, settings):
    late, quiet = make_office(name="社会救助股"), make_office(name="养老服务股")
    clerk = django_user_model.objects.create_user("c1", email="c1@example.gov.cn")
    other = django_user_model.objects.create_user("c2", email="c2@example.gov.cn")
    late.members.add(clerk)
    quiet.members.add(other)
    overdue = make_request(office=late, received_on=D(2026, 10, 9), name="王五")
    make_request(office=quiet, received_on=D(2026, 11, 30))  # not due for weeks
    out = io.StringIO()
    call_command("remind_requests", stdout=out)
    assert "1 封" in out.getvalue()
    assert len(smtp.messages) == 1
    recipients, content = smtp.messages[0]
    assert recipients == ["c1@example.gov.cn"]
    body = email.message_from_string(content).get_payload(decode=True).decode()
    assert overdue.query_code in body and "王五" not in body
