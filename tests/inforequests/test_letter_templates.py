"""
The bureau's letter wordings (文书模板): filled by the sandbox with flat values only, refused at
save when they would not render, and never a 500 or a leak from a bad wording already stored.
"""

import importlib
import io

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from docx import Document

from inforequests import letter_texts, letters
from inforequests.models import LetterTemplate
from review.roles import HEAD
from tests.admin_pages import form_version
from tests.factories import make_office
from tests.inforequests.helpers import D, make_request, small_calendar
from tests.inforequests.helpers import answer as send_answer
from units.models import Unit

pytestmark = pytest.mark.django_db

ATTACKS = [
    "{{ case.office.members.all.0.password }}",
    "{{ case.office.members.all.0.totpdevice_set.all.0.key }}",
    "{% include 'no-such-template.html' %}",
    "{% load static %}",
    "{% extends 'base.html' %}",
    "{% debug %}",
    "{{ bureau.__class__ }}",
    "{{ case.__class__.__mro__ }}",
    "{{ applicant_name.upper }}",
    "{{ letter_date|date:'Y' }}",
    "{{ fee_amount }}",  # not a receipt's placeholder
]


@pytest.fixture
def head(django_user_model):
    user = django_user_model.objects.create_user("head-t", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=HEAD))
    Unit.objects.home().members.add(user)  # edits the first unit's letters
    return user


@pytest.fixture
def clerk_with_secrets(django_user_model):
    """A clerk of the case's office with a password hash and a TOTP key to steal."""
    office = make_office(name="社会救助股")
    clerk = django_user_model.objects.create_user("clerk-t", password="secret-pass")
    office.members.add(clerk)
    device = TOTPDevice.objects.create(user=clerk, name="phone")
    return office, clerk, device


def receipt_text(client, case):
    client.post(
        reverse("inforequests:status"), {"code": case.query_code, "digits": case.phone[-4:]}
    )
    response = client.get(reverse("inforequests:status-receipt"))
    assert response.status_code == 200
    return "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)


@pytest.mark.parametrize("attack", ATTACKS)
def test_the_attacks_are_refused_at_save_in_the_admin(client, head, attack):
    row = LetterTemplate.objects.get(kind="receipt")
    before = row.body
    client.force_login(head)
    response = client.post(
        reverse("admin:inforequests_lettertemplate_change", args=[row.pk]),
        {"title": row.title, "body": before + "\n" + attack, "version": form_version(row)},
    )
    assert response.status_code == 200  # the form again, with the error
    errors = response.context["adminform"].form.errors["body"]
    assert errors and all("不" in error for error in errors)
    row.refresh_from_db()
    assert row.body == before
    with pytest.raises(ValidationError):
        LetterTemplate(kind="receipt", title="回执", body=attack).full_clean()


def test_the_admin_lists_the_placeholders_of_the_kind(client, head):
    row = LetterTemplate.objects.get(kind="fee")
    client.force_login(head)
    page = client.get(reverse("admin:inforequests_lettertemplate_change", args=[row.pk]))
    text = page.content.decode()
    assert "{{ fee_amount }}（收费金额（元））" in text and "{{ applicant_name }}" in text
    receipt = LetterTemplate.objects.get(kind="receipt")
    page = client.get(reverse("admin:inforequests_lettertemplate_change", args=[receipt.pk]))
    assert "{{ fee_amount }}" not in page.content.decode()


def test_a_good_edit_is_saved_and_used(client, head):
    row = LetterTemplate.objects.get(kind="receipt")
    client.force_login(head)
    body = "{{ applicant_name }}：\n已收到{% if document_number %}文号{{ document_number }}的{% endif %}申请。\n{{ bureau }}\n{{ letter_date }}"
    response = client.post(
        reverse("admin:inforequests_lettertemplate_change", args=[row.pk]),
        {"title": row.title, "body": body, "version": form_version(row)},
    )
    assert response.status_code == 302
    case = make_request(name="王五", received_on=D(2026, 9, 23))
    assert letters.render_text("receipt", case)[1][:2] == ["王五：", "已收到申请。"]


@pytest.mark.parametrize("attack", ATTACKS)
def test_a_bad_wording_stored_in_the_database_never_leaks_nor_fails(
    client, clerk_with_secrets, attack
):
    office, clerk, device = clerk_with_secrets
    LetterTemplate.objects.filter(kind="receipt").update(body="{{ case.name }}：\n" + attack)
    case = make_request(office=office, name="赵六", phone="13800003333")
    text = receipt_text(client, case)
    assert clerk.password not in text and device.key not in text
    assert "pbkdf2" not in text and "argon2" not in text
    default_title = letter_texts.DEFAULTS["receipt"][0]
    assert default_title in text and "赵六：" in text and case.query_code in text


def test_every_stored_default_is_moved_to_flat_placeholders():
    """The data migration turns the wording as the old defaults wrote it into the new one."""
    migration = importlib.import_module(
        "inforequests.migrations.0005_letter_templates_flat_placeholders"
    )
    old_paths = {
        "{{ received_on }}": "{{ case.received_on|date:'Y年n月j日' }}",
        "{{ due_on }}": "{{ step.due_on|date:'Y年n月j日' }}",
        "{{ letter_date }}": "{{ step.on|date:'Y年n月j日' }}",
        "{% if document_number %}": "{% if case.document_number %}",
        "{{ applicant_name }}": "{{ case.name }}",
        "{{ query_code }}": "{{ case.query_code }}",
        "{{ description }}": "{{ case.description }}",
        "{{ document_number }}": "{{ case.document_number }}",
        "{{ note }}": "{{ step.note }}",
        "{{ days }}": "{{ step.days }}",
        "{{ party }}": "{{ step.party }}",
        "{{ fee_method_label }}": "{{ step.fee_method_label }}",
        "{{ fee_basis }}": "{{ step.fee_basis }}",
        "{{ fee_amount }}": "{{ step.fee_amount }}",
    }
    for kind, (_, body) in letter_texts.DEFAULTS.items():
        old = body
        for new, path in old_paths.items():
            old = old.replace(new, path)
        assert "case." in old or "step." in old
        assert migration.flat(old) == body, kind
    unknown = "{{ case.office.members.all.0.password }}"
    assert migration.flat(unknown) == unknown  # left for the fallback and the admin to name


def test_the_answer_letter_quotes_the_matter_without_doubled_punctuation():
    case = make_request(description="请公开2025年临时救助发放名单。")
    step = send_answer(
        case, "public", "已主动公开。", on=D(2026, 10, 20), calendar=small_calendar()
    )
    _, lines = letters.render_text(letters.letter_kind(step), case, step)
    matter = lines[1]
    assert "申请获取“请公开2025年临时救助发放名单”。" in matter
    assert "。”" not in matter
