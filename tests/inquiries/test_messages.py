"""Messages (留言): the public form, limits on the calendar, offices, redirect, Q&A, self-check."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from inquiries.models import Message, add_months
from inquiries.qa import QARefused, draft_qa
from publications.models import Publication
from review import workflow
from selfcheck.rules import Rule, find_problems, run
from tests.admin_pages import form_version
from tests.factories import make_column, make_domain, make_office

d = datetime.date
pytestmark = pytest.mark.django_db
CONTACT = "13812345678"
BANK_CARD = "6222020200112233446"


def at(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


MARCH_2 = d(2026, 3, 2)


def make_message(received_on=MARCH_2, **kwargs):
    kwargs.setdefault("subject", "高龄津贴怎么申请")
    kwargs.setdefault("question", "我父亲今年八十岁，高龄津贴需要什么材料？")
    kwargs.setdefault("contact", CONTACT)
    return Message.objects.create(received_at=at(received_on), **kwargs)


def test_a_citizen_leaves_a_message_and_follows_it_by_its_code(client):
    page = client.get(reverse("inquiries:message-form"))
    assert "no-store" in page["Cache-Control"] or "private" in page["Cache-Control"]
    response = client.post(
        reverse("inquiries:message-form"),
        {"subject": "高龄津贴怎么申请", "question": "需要什么材料？", "contact": CONTACT},
    )
    assert response.status_code == 302
    message = Message.objects.get()
    assert message.status == Message.Status.NEW
    receipt = client.get(response["Location"]).content.decode()
    assert message.get_tracking_url() in receipt
    assert client.get(response["Location"]).content.decode().count(message.code) == 0  # once
    tracking = client.get(message.get_tracking_url()).content.decode()
    assert "待分办" in tracking and CONTACT not in tracking
    assert client.get(reverse("inquiries:message-track", args=["nope"])).status_code == 404


def test_a_bank_card_number_in_the_question_is_refused_and_kept(client):
    response = client.post(
        reverse("inquiries:message-form"),
        {"subject": "补贴没到账", "question": f"我的卡号 {BANK_CARD} 没收到钱", "contact": CONTACT},
    )
    assert response.status_code == 400  # refused, as every public form (publicforms.submission)
    page = response.content.decode()
    assert "发现银行卡号" in page and "没收到钱" in page
    assert not Message.objects.exists()


def test_bad_input_is_a_clear_message_not_an_error(client):
    response = client.post(reverse("inquiries:message-form"), {"subject": "x" * 500})
    assert response.status_code == 400
    page = response.content.decode()
    assert "主题不能超过 100 字（现有 500 字）" in page
    assert "请填写留言内容。" in page and "请填写联系方式。" in page
    assert "这个字段是必填项" not in page
    assert "<strong>留言未提交。</strong>" in page and "<title>有误：留言" in page


@pytest.mark.parametrize("contact", ["x", "abc", "12345", "张三"])
def test_a_contact_that_is_neither_a_phone_nor_an_address_is_refused(client, contact):
    response = client.post(
        reverse("inquiries:message-form"),
        {"subject": "高龄津贴", "question": "需要什么材料？", "contact": contact},
    )
    page = response.content.decode()
    assert "联系方式应为电话号码（手机或座机" in page and "电子邮箱" in page
    assert 'aria-invalid="true"' in page and f'value="{contact}"' in page
    assert not Message.objects.exists()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0551-12345678", "0551-12345678"),
        ("１３８１２３４５６７８", CONTACT),
        ("zhang.san@example.com", "zhang.san@example.com"),
    ],
)
def test_a_landline_a_full_width_mobile_or_an_address_is_taken(client, typed, stored):
    response = client.post(
        reverse("inquiries:message-form"),
        {"subject": "高龄津贴", "question": "需要什么材料？", "contact": typed},
    )
    assert response.status_code == 302
    assert Message.objects.get().contact == stored


def test_the_contact_help_says_what_is_taken(client):
    page = client.get(reverse("inquiries:message-form")).content.decode()
    assert "手机、座机号码或电子邮箱" in page


def test_the_honeypot_and_the_rate_limit(client, settings):
    data = {"subject": "s", "question": "q", "contact": CONTACT}
    assert (
        client.post(reverse("inquiries:message-form"), {**data, "website": "x"}).status_code == 302
    )
    assert not Message.objects.exists()
    settings.PORTAL_FORM_RATE = "1/h"
    assert client.post(reverse("inquiries:message-form"), data).status_code == 302
    assert client.post(reverse("inquiries:message-form"), data).status_code == 429
    assert Message.objects.count() == 1


def test_the_limit_is_working_days_on_the_calendar(settings):
    settings.PORTAL_MESSAGE_ANSWER_WORKING_DAYS = 5
    # Received Thursday 30 April 2026: 1-5 May off, Saturday 9 May a make-up working day.
    message = make_message(d(2026, 4, 30))
    assert message.due() == (d(2026, 5, 11), False, "")


def test_the_three_month_bound_caps_the_limit(settings):
    settings.PORTAL_MESSAGE_ANSWER_WORKING_DAYS = 200
    message = make_message(d(2026, 5, 31))
    assert message.due()[0] == d(2026, 8, 31) == add_months(d(2026, 5, 31), 3)


def test_a_year_without_holiday_data_is_estimated():
    _, estimated, reason = make_message(d(2040, 3, 1)).due()
    assert estimated and "预估" in reason


def problems_of(rule, today):
    return [p for p in find_problems(today=today) if p.rule == rule]


def test_open_messages_past_and_near_the_limit_are_listed(settings):
    settings.PORTAL_MESSAGE_ANSWER_WORKING_DAYS = 10
    office = make_office(name="养老科")
    late = make_message(d(2026, 3, 2), subject="逾期的", office=office)
    make_message(d(2026, 3, 9), subject="快到期的")
    make_message(d(2026, 3, 16), subject="刚收到的")
    answered = make_message(d(2026, 2, 2), subject="已答复的")
    answered.record_answer(None, "已答复。")
    today = d(2026, 3, 19)
    (overdue,) = problems_of(Rule.MESSAGE_OVERDUE, today)
    assert overdue.subject == "留言：逾期的" and overdue.office == "养老科"
    assert overdue.fix_url == reverse("admin:inquiries_message_change", args=[late.pk])
    assert overdue.public_url == ""
    (soon,) = problems_of(Rule.MESSAGE_DUE_SOON, today)
    assert soon.subject == "留言：快到期的"


def test_a_redirected_complaint_is_answered():
    message = make_message(d(2025, 1, 2))
    message.redirect(None, Message.Kind.COMPLAINT)
    assert message.is_done and "12345" in message.answer
    assert problems_of(Rule.MESSAGE_OVERDUE, d(2026, 3, 19)) == []
    assert run(today=d(2026, 3, 19)).verdict.criteria[3].failed is False


def test_a_message_unanswered_over_three_months_fails_the_national_check():
    make_message(d(2025, 12, 1))
    assert run(today=d(2026, 3, 1)).verdict.criteria[3].count == 0
    verdict = run(today=d(2026, 3, 2)).verdict
    assert verdict.criteria[3].count == 1 and not verdict.passed


def make_qa_column():
    return make_column(name="互动回应", number=42)


def test_an_answered_message_becomes_a_qa_draft_without_the_contact(staff_user, client):
    make_qa_column()
    message = make_message(question=f"请回电 {CONTACT}，高龄津贴需要什么材料？")
    for public in ("/sitemap.xml", reverse("changes-feed"), "/columns/"):
        assert CONTACT not in client.get(public).content.decode()
    with pytest.raises(QARefused):
        draft_qa(message)
    message.record_answer(staff_user, "携带户口簿到社区办理。")
    qa = draft_qa(message)
    assert qa.status == Publication.Status.DRAFT and qa.column.number == 42
    assert CONTACT not in qa.body and "（个人信息已隐去）" in qa.body
    assert "携带户口簿" in qa.body
    assert client.get(qa.get_absolute_url()).status_code == 404  # a draft until reviewed
    for step in (workflow.submit, workflow.check, workflow.approve, workflow.publish):
        step(staff_user, qa)
    page = client.get(qa.get_absolute_url()).content.decode()
    assert "携带户口簿" in page and CONTACT not in page
    # 问 and 答 in bold: CommonMark closes ** before a CJK colon only outside the colon.
    assert "<strong>问</strong>：" in page and "<strong>答</strong>：" in page
    assert "**" not in page
    for public in ("/sitemap.xml", reverse("changes-feed"), qa.column.get_absolute_url()):
        assert CONTACT not in client.get(public).content.decode()
    with pytest.raises(QARefused):
        draft_qa(message)


def test_a_qa_draft_with_a_number_left_in_is_stopped_by_the_review(staff_user):
    make_qa_column()
    message = make_message()
    message.record_answer(staff_user, f"请拨打 {'13912345678'} 咨询。")
    qa = draft_qa(message)
    with pytest.raises(Exception, match="手机号"):
        workflow.submit(staff_user, qa)


def clerk(django_user_model, office):
    user = django_user_model.objects.create_user(f"clerk-{office.pk}", password="pw", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["view_message", "change_message"])
    )
    office.members.add(user)
    return user


def test_a_clerk_answers_only_their_offices_messages(client, django_user_model):
    mine, theirs = make_office(name="养老科"), make_office(name="救助科")
    own = make_message(subject="本科室的留言", office=mine, status=Message.Status.ASSIGNED)
    other = make_message(subject="别的科室的留言", office=theirs, status=Message.Status.ASSIGNED)
    waiting = make_message(subject="待分办的留言")
    user = clerk(django_user_model, mine)
    client.force_login(user)
    listing = client.get(reverse("admin:inquiries_message_changelist")).content.decode()
    assert "本科室的留言" in listing
    assert "别的科室的留言" not in listing and "待分办的留言" not in listing
    for message in (other, waiting):
        url = reverse("admin:inquiries_message_change", args=[message.pk])
        assert client.get(url).status_code == 302
    url = reverse("admin:inquiries_message_change", args=[own.pk])
    page = client.get(url).content.decode()
    assert f'<option value="{theirs.pk}"' not in page
    response = client.post(
        url,
        {
            "kind": "question",
            "office": mine.pk,
            "answer": "请到社区服务中心办理。",
            "version": form_version(own),
        },
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.status == Message.Status.ANSWERED and own.answered_by == user


def test_the_head_assigns_and_redirects(staff_client):
    office = make_office(name="养老科")
    message = make_message()
    url = reverse("admin:inquiries_message_change", args=[message.pk])
    data = {"kind": "question", "office": office.pk, "answer": "", "version": form_version(message)}
    staff_client.post(url, data)
    message.refresh_from_db()
    assert (message.status, message.office) == (Message.Status.ASSIGNED, office)
    staff_client.post(
        reverse("admin:inquiries_message_changelist"),
        {"action": "redirect_petitions", "_selected_action": [message.pk]},
    )
    message.refresh_from_db()
    assert message.status == Message.Status.REDIRECTED and message.kind == Message.Kind.PETITION


def test_the_admin_list_costs_the_same_queries_for_more_messages(
    staff_client, django_assert_max_num_queries
):
    office = make_office()
    make_message(office=office)
    url = reverse("admin:inquiries_message_changelist")
    with django_assert_max_num_queries(20) as one:
        staff_client.get(url)
    for _ in range(10):
        make_message(office=office)
    with django_assert_max_num_queries(len(one)):
        assert staff_client.get(url).status_code == 200


def test_a_qa_takes_the_topic_of_the_answering_office_s_domain(staff_user):
    make_qa_column()
    elderly = make_office(name="养老服务科")
    make_domain(name="养老服务", slug="elderly-care", owner_office=elderly)
    answered_by_elderly = make_message(office=elderly)
    answered_by_elderly.record_answer(staff_user, "携带户口簿到社区办理。")
    assert draft_qa(answered_by_elderly).topic == Publication.Topic.ELDERLY_CARE
    unassigned = make_message(subject="办公时间")
    unassigned.record_answer(staff_user, "工作日上午九时至下午五时。")
    assert draft_qa(unassigned).topic == Publication.Topic.GENERAL
