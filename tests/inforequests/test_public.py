"""The citizens' pages: guide, application, receipt, status lookup; limits and caching."""

import io
import re
from urllib.parse import urlencode

import pytest
from django import forms
from django.core import mail
from django.urls import reverse
from docx import Document

from inforequests.models import Channel, InfoRequest
from inforequests.public_forms import ApplicationForm
from tests.inforequests.helpers import answer as send_answer
from tests.inforequests.helpers import make_request
from units.models import Unit

pytestmark = pytest.mark.django_db

GOOD = {
    "applicant_type": "citizen",
    "name": "李四",
    "id_type": "resident_id",
    "id_number": "34080219800101123X",
    "phone": "138-0000-5678",
    "email": "lisi@example.com",
    "address": "示范县幸福路8号",
    "description": "2026年城乡低保资金发放明细",
    "form_wanted": "electronic",
    "delivery": "email",
    "consent": "on",
}


def test_guide_and_form_download(client, settings):
    page = client.get(reverse("inforequests:guide")).content.decode()
    for text in (
        Unit.objects.home().phone,
        "第三十一条",
        "按件计收",
        "60日内",
        "6个月内",
        "办理流程",
    ):
        assert text in page
    form = client.get(reverse("inforequests:form-download"))
    text = "\n".join(
        c.text for t in Document(io.BytesIO(form.content)).tables for r in t.rows for c in r.cells
    )
    assert "统一社会信用代码" in text and "获取信息的方式" in text


def test_invalid_input_keeps_what_was_typed(client):
    data = {**GOOD, "phone": "12", "postcode": "abc", "consent": ""}
    response = client.post(reverse("inforequests:apply"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "联系电话：联系电话应为7至20位数字" in page
    assert "邮政编码：邮政编码应为6位数字" in page
    assert "请阅读并勾选个人信息使用说明" in page
    assert (
        'value="2026年城乡低保资金发放明细"' in page
        or "2026年城乡低保资金发放明细</textarea>" in page
    )
    assert 'value="李四"' in page
    organisation = client.post(
        reverse("inforequests:apply"), {**GOOD, "applicant_type": "organisation", "id_number": ""}
    ).content.decode()
    assert "请选择组织类别" in organisation and "请填写统一社会信用代码" in organisation
    assert not InfoRequest.objects.exists()


def test_submission_gives_code_receipt_and_mail(client):
    response = client.post(reverse("inforequests:apply"), GOOD)
    assert response.status_code == 302
    case = InfoRequest.objects.get()
    assert case.channel == Channel.ONLINE and case.office is None
    assert len(case.query_code) >= 10 and set(case.query_code) <= set(
        "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    )
    receipt = client.get(response["Location"])
    page = receipt.content.decode()
    assert case.query_code in page and "登记时间" in page and "答复期限" in page
    assert "no-store" in receipt["Cache-Control"]
    assert len(mail.outbox) == 1 and case.query_code in mail.outbox[0].body
    assert case.id_number not in mail.outbox[0].body


def test_honeypot_and_body_limit(client, settings):
    page = client.get(reverse("inforequests:apply")).content.decode()
    assert '<div class="hp-field-wrap" aria-hidden="true"><label for="id_website">' in page
    assert 'name="website"' in page and 'tabindex="-1"' in page
    assert client.post(reverse("inforequests:apply"), {**GOOD, "website": "x"}).status_code == 400
    settings.INFOREQUESTS_MAX_BODY = 100
    refused = client.post(reverse("inforequests:apply"), GOOD)
    assert refused.status_code == 413
    assert "后退" in refused.content.decode() and "3000 字以内" in refused.content.decode()
    assert not InfoRequest.objects.exists()


def test_no_form_the_browser_lets_through_is_over_the_body_limit(settings):
    """Every text field has a maxlength; all of them full stay under INFOREQUESTS_MAX_BODY."""
    longest = {}
    for name, field in ApplicationForm().fields.items():
        if isinstance(field, forms.ChoiceField):
            longest[name] = max(str(value) for value, _ in field.choices)
        elif isinstance(field, forms.BooleanField):
            longest[name] = "on"
        elif name != "website":
            assert field.max_length, f"{name} has no maxlength"
            longest[name] = "字" * field.max_length
    body = urlencode({**longest, "csrfmiddlewaretoken": "x" * 64, "website": ""})
    assert len(body.encode()) < settings.INFOREQUESTS_MAX_BODY


def test_failed_attempts_do_not_count_against_the_limit(client, settings):
    settings.INFOREQUESTS_RATE_PER_ADDRESS = "5/h"
    url = reverse("inforequests:apply")
    for _ in range(6):
        assert client.post(url, {**GOOD, "phone": "12"}).status_code == 400
    assert client.post(url, GOOD).status_code == 302
    assert InfoRequest.objects.count() == 1


def test_select_boxes_ask_to_choose(client):
    page = client.get(reverse("inforequests:apply")).content.decode()
    assert '<option value="" selected>请选择</option>' in page and "---------" not in page


def test_full_width_digits_from_a_phone_keyboard_are_read(client):
    url = reverse("inforequests:apply")
    response = client.post(
        url, {**GOOD, "phone": "１３８００１３８０００", "postcode": "２３３０００"}
    )
    assert response.status_code == 302
    case = InfoRequest.objects.get()
    assert (case.phone, case.postcode) == ("13800138000", "233000")
    code = "".join(chr(ord(ch) + 0xFEE0) for ch in case.query_code.lower())  # ＡＢＣ… typed
    found = client.post(reverse("inforequests:status"), {"code": code, "digits": "８０００"})
    assert found.status_code == 200 and "申请办理状态" in found.content.decode()


def test_rate_limits_per_address_and_per_applicant(client, settings):
    settings.INFOREQUESTS_RATE_PER_ADDRESS = "2/h"
    settings.INFOREQUESTS_RATE_PER_APPLICANT = "1/h"
    url = reverse("inforequests:apply")
    assert client.post(url, GOOD, REMOTE_ADDR="10.0.0.1").status_code == 302
    again = client.post(url, GOOD, REMOTE_ADDR="10.0.0.2")  # same applicant, another address
    assert again.status_code == 429 and 'value="李四"' in again.content.decode()
    other = {**GOOD, "id_number": "340802198001011256"}
    assert client.post(url, other, REMOTE_ADDR="10.0.0.1").status_code == 302
    third = {**GOOD, "id_number": "340802198001011272"}
    assert client.post(url, third, REMOTE_ADDR="10.0.0.1").status_code == 429
    assert InfoRequest.objects.count() == 2


def test_status_lookup_is_neutral_and_limited(client, settings):
    settings.INFOREQUESTS_LOOKUP_RATE = "4/h"
    case = make_request(phone="13800005678")
    url = reverse("inforequests:status")
    right = client.post(url, {"code": case.query_code.lower(), "digits": "5678"})
    assert right.status_code == 200 and "申请办理状态" in right.content.decode()
    assert "no-store" in right["Cache-Control"]
    wrong_digits = client.post(
        url, {"code": case.query_code, "digits": "0000"}, REMOTE_ADDR="10.0.0.9"
    )
    wrong_code = client.post(
        url, {"code": "ABCDEFGHJKMN", "digits": "5678"}, REMOTE_ADDR="10.0.0.9"
    )
    assert wrong_digits.status_code == wrong_code.status_code == 200

    def strip(response):
        return re.sub(r'value="[^"]*"', "", response.content.decode())

    assert "查询码或联系电话后4位不正确" in strip(wrong_code)
    assert case.name not in strip(wrong_digits)
    # The same page whichever half was wrong, but for the values typed back into the fields.
    assert strip(wrong_digits) == strip(wrong_code)
    for _ in range(3):
        client.post(url, {"code": "ABCDEFGHJKMN", "digits": "5678"}, REMOTE_ADDR="10.0.0.9")
    limited = client.post(url, {"code": case.query_code, "digits": "5678"}, REMOTE_ADDR="10.0.0.9")
    assert limited.status_code == 429 and "申请办理状态" not in limited.content.decode()
    # The message is about looking up, not about applying.
    assert "查询次数过多" in limited.content.decode()
    assert Unit.objects.home().phone in limited.content.decode()
    assert "当面提交申请" not in limited.content.decode()


def test_status_page_gives_the_letters_and_released_files_once_answered(client, django_user_model):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from inforequests.models import ReleasedFile
    from tests.inforequests.helpers import D, docx_bytes, small_calendar

    case = make_request(phone="13800002222", received_on=D(2026, 10, 12))
    released = ReleasedFile.objects.create(
        request=case,
        name="发放标准",
        file=SimpleUploadedFile("发放标准.docx", docx_bytes(["高龄津贴每月100元"])),
    )
    lookup = {"code": case.query_code, "digits": "2222"}
    page = client.post(reverse("inforequests:status"), lookup).content.decode()
    assert "发放标准" not in page  # not before the answer is sent
    assert client.get(reverse("inforequests:status-file", args=[released.pk])).status_code == 404
    answer = send_answer(case, "public", "见附件。", on=D(2026, 10, 20), calendar=small_calendar())
    page = client.post(reverse("inforequests:status"), lookup).content.decode()
    assert "发放标准" in page and "答复：予以公开" in page and "（一）" not in page
    letter = client.get(reverse("inforequests:status-letter", args=[answer.pk]))
    assert "政府信息公开告知书" in "".join(
        p.text for p in Document(io.BytesIO(b"".join(letter.streaming_content))).paragraphs
    )
    assert client.get(reverse("inforequests:status-file", args=[released.pk])).status_code == 200
    other = make_request()
    other_step = send_answer(other, "public", on=D(2026, 10, 20), calendar=small_calendar())
    assert (
        client.get(reverse("inforequests:status-letter", args=[other_step.pk])).status_code == 404
    )
    client.cookies.clear()
    assert client.get(reverse("inforequests:status-letter", args=[answer.pk])).status_code == 404


def test_a_released_file_with_a_personal_number_is_refused_in_the_admin(client, django_user_model):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.inforequests.helpers import docx_bytes

    head = django_user_model.objects.create_superuser("h2", password="x")
    client.force_login(head)
    case = make_request()
    url = reverse("admin:inforequests_inforequest_change", args=[case.pk])
    page = client.get(url)
    form = page.context["adminform"].form
    data = {
        name: form.initial.get(name, "")
        for name in form.fields
        if form.initial.get(name) is not None
    }
    data["version"] = form.fields["version"].initial  # as the page carries it (versions)
    data.update(
        {
            "released_files-TOTAL_FORMS": "1",
            "released_files-INITIAL_FORMS": "0",
            "released_files-0-name": "名单",
            "released_files-0-file": SimpleUploadedFile(
                "名单.docx", docx_bytes(["张三 11010519491231002X"])
            ),
        }
    )
    response = client.post(url, data, follow=True)
    assert "发现身份证号 110105" in response.content.decode()
    assert not case.released_files.exists()


def test_status_page_gives_the_answer_type_an_applicant_reads_not_table_three_s_row(client):
    """Table 三's numbering and counting notes (区分处理的，只计这一情形) are for statistics."""
    from tests.inforequests.helpers import D, fee_case, small_calendar

    partial = make_request(phone="13800003333", received_on=D(2026, 10, 12))
    send_answer(partial, "partial", on=D(2026, 10, 20), calendar=small_calendar())
    page = client.post(
        reverse("inforequests:status"), {"code": partial.query_code, "digits": "3333"}
    ).content.decode()
    assert "答复：部分公开（" in page and "区分处理" not in page
    closed = fee_case(D(2026, 10, 12), 100, closed_unpaid_on=D(2026, 11, 16))
    closed.phone = "13800004444"
    closed.save()
    client.cookies.clear()
    page = client.post(
        reverse("inforequests:status"), {"code": closed.query_code, "digits": "4444"}
    ).content.decode()
    assert (
        "终止办理：申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请" in page
    )
    assert "2.申请人" not in page


def _errors(page):
    """(the error summary's items, the fields' own error paragraphs) of a refused form."""
    summary = re.search(r'<div class="alert alert-error error-summary".*?</div>', page, re.S)
    items = re.findall(r"<li><a [^>]*>(.*?)</a></li>", summary.group(0)) if summary else []
    return items, re.findall(r'<p class="field-error" id="id_(\w+)_error">', page)


def test_conditional_requirements_are_marked_and_refused_in_one_pass(client):
    """What a browser sends for an empty form: every missing field named at once, none later."""
    page = client.get(reverse("inforequests:apply")).content.decode()
    assert re.search(r'value="citizen"[^>]*checked|checked[^>]*value="citizen"', page)
    for label, mark in (
        ("证件类型", "公民必填"),
        ("证件号码", "公民必填"),
        ("组织类别", "法人或其他组织必填"),
        ("统一社会信用代码", "法人或其他组织必填"),
        ("联系人", "法人或其他组织必填"),
    ):
        assert re.search(rf">{label}<span class=\"required\">（{mark}）</span>", page), label

    empty = {"applicant_type": "citizen", "id_type": "", "organisation_kind": ""}
    response = client.post(reverse("inforequests:apply"), empty)
    assert response.status_code == 400
    items, fields = _errors(response.content.decode())
    assert set(fields) == {
        "name",
        "id_type",
        "id_number",
        "phone",
        "address",
        "description",
        "form_wanted",
        "delivery",
        "consent",
    }
    assert len(items) == len(fields)
    assert any(item.startswith("证件类型：") for item in items)

    organisation = client.post(reverse("inforequests:apply"), {"applicant_type": "organisation"})
    _, fields = _errors(organisation.content.decode())
    assert {"organisation_kind", "credit_code", "contact_person"} <= set(fields)
    assert "id_type" not in fields

    # The two ID fields alone are refused as such; the good form passes.
    fixed = {**GOOD, "id_type": "", "id_number": ""}
    items, _ = _errors(client.post(reverse("inforequests:apply"), fixed).content.decode())
    assert len(items) == 2
    assert client.post(reverse("inforequests:apply"), GOOD).status_code == 302

    untyped = client.post(reverse("inforequests:apply"), {}).content.decode()
    assert "公民还须填写证件类型和证件号码" in untyped
