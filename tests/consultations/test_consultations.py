"""Consultations: state by date, the period rule, the comment form, feedback, rights, self-check."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from consultations.feedback import FeedbackRefused, draft_feedback
from consultations.models import Comment, Consultation, State
from publications.models import Publication
from review import workflow
from selfcheck.rules import Rule, find_problems
from tests.factories import make_column, make_office, make_publication

d = datetime.date
pytestmark = pytest.mark.django_db
PHONE = "13812345678"
ID_NUMBER = "11010519491231002X"
CONTACT = "zhang.san@example.com"


@pytest.fixture
def columns():
    return {
        5: make_column(name="意见征集", number=5),
        6: make_column(name="意见反馈", number=6),
    }


def make_consultation(columns, starts_on, ends_on, **kwargs):
    notice = make_publication(
        columns[5],
        title="关于《养老服务补贴办法（征求意见稿）》公开征求意见的公告",
        body="草案全文。",
    )
    kwargs.setdefault("office", make_office())
    kwargs.setdefault("kind", Consultation.Kind.OTHER)
    return Consultation.objects.create(
        title="养老服务补贴办法（征求意见稿）",
        notice=notice,
        starts_on=starts_on,
        ends_on=ends_on,
        **kwargs,
    )


def test_the_state_follows_the_dates_and_the_feedback(columns):
    consultation = make_consultation(columns, d(2026, 4, 1), d(2026, 4, 30))
    assert consultation.state_on(d(2026, 3, 31)) == State.NOT_STARTED
    assert consultation.state_on(d(2026, 4, 1)) == State.OPEN
    assert consultation.state_on(d(2026, 4, 30)) == State.OPEN
    assert consultation.state_on(d(2026, 5, 1)) == State.ENDED
    consultation.feedback = make_publication(columns[6], status=Publication.Status.DRAFT)
    assert consultation.state_on(d(2026, 5, 1)) == State.ENDED
    consultation.feedback.status = Publication.Status.PUBLISHED
    consultation.feedback.save()
    assert consultation.state_on(d(2026, 5, 1)) == State.ANSWERED


def test_a_major_decision_shorter_than_30_days_needs_a_reason(columns):
    consultation = make_consultation(
        columns, d(2026, 4, 1), d(2026, 4, 29), kind=Consultation.Kind.MAJOR
    )
    with pytest.raises(ValidationError) as error:
        consultation.full_clean()
    assert "应不少于 30 日，本次只有 29 日" in str(error.value)
    consultation.ends_on = d(2026, 4, 30)
    consultation.full_clean()
    consultation.ends_on = d(2026, 4, 20)
    consultation.short_period_reason = "上级要求限期出台。"
    consultation.full_clean()


def test_a_normative_document_counts_working_days_on_the_calendar(columns):
    # 2026-09-28 (Mon) to 2026-10-09 (Fri): National Day week off, make-up Saturday 10-10 after.
    consultation = make_consultation(
        columns, d(2026, 9, 28), d(2026, 10, 9), kind=Consultation.Kind.NORMATIVE
    )
    days, unit, estimated, _ = consultation.period()
    assert (unit, estimated) == ("个工作日", False)
    assert days < 7
    with pytest.raises(ValidationError):
        consultation.full_clean()
    consultation.ends_on = d(2026, 10, 14)
    assert consultation.period()[0] >= 7
    consultation.full_clean()


def test_a_year_without_holiday_data_is_estimated(columns):
    consultation = make_consultation(
        columns, d(2040, 3, 1), d(2040, 3, 5), kind=Consultation.Kind.NORMATIVE
    )
    _, _, estimated, reason = consultation.period()
    assert estimated and "预估" in reason
    with pytest.raises(ValidationError) as error:
        consultation.full_clean()
    assert "（预估）" in str(error.value)


def test_the_reason_for_a_short_period_is_shown_publicly(client, columns):
    make_consultation(
        columns,
        d(2026, 4, 1),
        d(2026, 4, 10),
        kind=Consultation.Kind.MAJOR,
        short_period_reason="上级要求限期出台。",
    )
    page = client.get(reverse("consultations:consultation-list")).content.decode()
    assert "养老服务补贴办法（征求意见稿）" in page
    detail = Consultation.objects.get().get_absolute_url()
    assert "征集期较短的理由" in client.get(detail).content.decode()


def test_a_consultation_with_an_unpublished_notice_is_not_public(client, columns):
    consultation = make_consultation(columns, d(2026, 4, 1), d(2026, 4, 30))
    Publication.objects.filter(pk=consultation.notice_id).update(status=Publication.Status.DRAFT)
    assert client.get(consultation.get_absolute_url()).status_code == 404
    page = client.get(reverse("consultations:consultation-list")).content.decode()
    assert consultation.title not in page


def open_today(columns):
    from django.utils import timezone

    today = timezone.localdate()
    return make_consultation(
        columns, today - datetime.timedelta(days=3), today + datetime.timedelta(days=30)
    )


def test_a_citizen_comments_while_open_and_nothing_personal_is_shown(client, columns):
    consultation = open_today(columns)
    page = client.get(consultation.get_absolute_url())
    assert "private" in page["Cache-Control"] or "no-store" in page["Cache-Control"]
    assert "提交意见" in page.content.decode()
    response = client.post(
        consultation.get_absolute_url(),
        {"name": "张三", "contact": CONTACT, "body": "建议提高八十岁以上老人的补贴。"},
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.name, comment.contact) == ("张三", CONTACT)
    page = client.get(response["Location"]).content.decode()
    assert "您的意见已收到" in page
    for public in (
        page,
        client.get(reverse("consultations:consultation-list")).content.decode(),
        client.get(consultation.notice.get_absolute_url()).content.decode(),
        client.get(reverse("changes-feed")).content.decode(),
        client.get("/sitemap.xml").content.decode(),
    ):
        assert CONTACT not in public and "张三" not in public and "八十岁以上" not in public


def test_a_comment_with_an_id_number_is_refused_and_kept_in_the_form(client, columns):
    consultation = open_today(columns)
    response = client.post(
        consultation.get_absolute_url(),
        {"contact": CONTACT, "body": f"我的身份证号是 {ID_NUMBER}，请联系我。"},
    )
    assert response.status_code == 400  # refused, as every public form (publicforms.submission)
    page = response.content.decode()
    assert "发现身份证号" in page and "请删除后再提交" in page
    assert "请联系我" in page  # what was typed is kept
    assert not Comment.objects.exists()


def test_the_form_requires_contact_and_comment(client, columns):
    consultation = open_today(columns)
    response = client.post(consultation.get_absolute_url(), {"name": "", "contact": "", "body": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "请填写联系方式。" in page and "请填写意见内容。" in page
    assert "这个字段是必填项" not in page and "<strong>意见未提交。</strong>" in page
    assert not Comment.objects.exists()


def test_the_contact_must_be_a_phone_number_or_an_address(client, columns):
    consultation = open_today(columns)
    for contact in ("x", "abc"):
        response = client.post(
            consultation.get_absolute_url(), {"contact": contact, "body": "建议延长开放时间。"}
        )
        page = response.content.decode()
        assert "联系方式应为电话号码（手机或座机" in page and "建议延长开放时间。" in page
    assert not Comment.objects.exists()
    for contact in ("0551-12345678", "１３８１２３４５６７８", CONTACT):
        response = client.post(
            consultation.get_absolute_url(), {"contact": contact, "body": "建议延长开放时间。"}
        )
        assert response.status_code == 302
    assert sorted(Comment.objects.values_list("contact", flat=True)) == sorted(
        ["0551-12345678", PHONE, CONTACT]
    )


def test_the_honeypot_swallows_a_robot(client, columns):
    consultation = open_today(columns)
    response = client.post(
        consultation.get_absolute_url(),
        {"contact": CONTACT, "body": "广告", "website": "http://spam.example"},
    )
    assert response.status_code == 302
    assert not Comment.objects.exists()


def test_comments_are_rate_limited(client, columns, settings):
    settings.PORTAL_FORM_RATE = "2/h"
    consultation = open_today(columns)
    data = {"contact": CONTACT, "body": "意见。"}
    assert client.post(consultation.get_absolute_url(), data).status_code == 302
    assert client.post(consultation.get_absolute_url(), data).status_code == 302
    response = client.post(consultation.get_absolute_url(), data)
    assert response.status_code == 429
    assert "提交过于频繁" in response.content.decode()
    assert Comment.objects.count() == 2


def test_no_comment_outside_the_period(client, columns):
    consultation = make_consultation(columns, d(2020, 1, 1), d(2020, 1, 31))
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert 'name="body"' not in page and "已结束" in page
    response = client.post(consultation.get_absolute_url(), {"contact": CONTACT, "body": "晚了"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "征集已结束，不再接收意见" in page and consultation.title in page
    assert 'name="body"' not in page
    today = timezone.localdate()
    later = make_consultation(
        columns, today + datetime.timedelta(days=10), today + datetime.timedelta(days=40)
    )
    response = client.post(later.get_absolute_url(), {"contact": CONTACT, "body": "早了"})
    assert response.status_code == 409 and "征集尚未开始" in response.content.decode()
    assert not Comment.objects.exists()


def classified(consultation):
    rows = [
        ("补贴标准", Comment.Decision.ADOPTED, ""),
        ("补贴标准", Comment.Decision.NOT_ADOPTED, "超出县级财政承受能力"),
        ("申请流程", Comment.Decision.PARTLY, "线上申请已在建设中"),
        ("申请流程", Comment.Decision.NOT_ADOPTED, "超出县级财政承受能力"),
    ]
    for theme, decision, reason in rows:
        Comment.objects.create(
            consultation=consultation,
            name="李四",
            contact=PHONE,
            body="原文意见，含个人情况。",
            theme=theme,
            decision=decision,
            reason=reason,
        )


def test_feedback_is_drafted_from_the_classification_without_personal_data(columns):
    consultation = make_consultation(columns, d(2026, 4, 1), d(2026, 4, 30))
    classified(consultation)
    feedback = draft_feedback(consultation)
    assert feedback.column == columns[6] and feedback.status == Publication.Status.DRAFT
    assert "共收到意见 4 条，采纳 2 条（其中部分采纳 1 条），未采纳 2 条" in feedback.body
    assert "### 补贴标准" in feedback.body and "超出县级财政承受能力（1 条）" in feedback.body
    assert consultation.get_absolute_url() in feedback.body
    assert PHONE not in feedback.body and "李四" not in feedback.body
    assert "原文意见" not in feedback.body
    # Drafting again refreshes the draft; once it is under review it is refused.
    assert draft_feedback(consultation).pk == feedback.pk
    Publication.objects.filter(pk=feedback.pk).update(status=Publication.Status.SUBMITTED)
    consultation.refresh_from_db()
    with pytest.raises(FeedbackRefused):
        draft_feedback(consultation)


def test_feedback_goes_through_the_review_and_is_linked_once_published(client, columns, staff_user):
    consultation = make_consultation(columns, d(2026, 4, 1), d(2026, 4, 30))
    classified(consultation)
    feedback = draft_feedback(consultation)
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert feedback.get_absolute_url() not in page and "已结束" in page
    for step in (workflow.submit, workflow.check, workflow.approve, workflow.publish):
        step(staff_user, feedback)
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "已反馈" in page and feedback.get_absolute_url() in page
    feedback_page = client.get(feedback.get_absolute_url()).content.decode()
    assert PHONE not in feedback_page and "李四" not in feedback_page
    assert consultation.get_absolute_url() in feedback_page


def test_the_admin_action_drafts_the_feedback_and_opens_it(staff_client, columns):
    consultation = make_consultation(columns, d(2026, 4, 1), d(2026, 4, 30))
    classified(consultation)
    response = staff_client.post(
        reverse("admin:consultations_consultation_changelist"),
        {"action": "draft_feedback_action", "_selected_action": [consultation.pk]},
    )
    consultation.refresh_from_db()
    assert response["Location"] == reverse(
        "admin:publications_publication_change", args=[consultation.feedback_id]
    )


def clerk(django_user_model, office, codenames):
    user = django_user_model.objects.create_user(
        "clerk-" + office.name, password="pw", is_staff=True
    )
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    office.members.add(user)
    return user


def test_a_clerk_sees_and_classifies_only_their_offices_consultations(
    client, columns, django_user_model
):
    mine, theirs = make_office(name="养老科"), make_office(name="救助科")
    own = make_consultation(columns, d(2026, 4, 1), d(2026, 4, 30), office=mine)
    other = make_consultation(columns, d(2026, 4, 1), d(2026, 4, 30), office=theirs)
    Comment.objects.create(consultation=own, contact=PHONE, body="本科室的意见")
    Comment.objects.create(consultation=other, contact=PHONE, body="别的科室的意见")
    user = clerk(
        django_user_model,
        mine,
        ["view_consultation", "change_consultation", "view_comment", "change_comment"],
    )
    client.force_login(user)
    listing = client.get(reverse("admin:consultations_comment_changelist")).content.decode()
    own_comment = Comment.objects.get(consultation=own)
    other_comment = Comment.objects.get(consultation=other)
    assert reverse("admin:consultations_comment_change", args=[own_comment.pk]) in listing
    assert reverse("admin:consultations_comment_change", args=[other_comment.pk]) not in listing
    comments = client.get(reverse("admin:consultations_consultation_changelist")).content.decode()
    assert own.title in comments
    assert (
        client.get(reverse("admin:consultations_consultation_change", args=[other.pk])).status_code
        == 302
    )
    assert (
        client.get(reverse("admin:consultations_consultation_change", args=[own.pk])).status_code
        == 200
    )
    assert (
        client.get(
            reverse("admin:consultations_comment_change", args=[other_comment.pk])
        ).status_code
        == 302
    )


# --- self-check ----------------------------------------------------------------------------


def problems_of(rule, today):
    return [p for p in find_problems(today=today) if p.rule == rule]


def test_an_ended_consultation_without_feedback_past_the_limit_is_a_problem(columns, settings):
    settings.PORTAL_CONSULTATION_FEEDBACK_WORKING_DAYS = 5
    consultation = make_consultation(columns, d(2026, 4, 1), d(2026, 4, 30))
    # Ends Thursday 30 April; 1-5 May are the Labour Day holiday, 9 May a make-up Saturday.
    assert problems_of(Rule.CONSULTATION_NO_FEEDBACK, d(2026, 5, 8)) == []
    (problem,) = problems_of(Rule.CONSULTATION_NO_FEEDBACK, d(2026, 5, 12))
    assert problem.subject == consultation.title
    assert problem.office == consultation.office.name


def test_a_consultation_with_published_feedback_is_not(columns, staff_user):
    consultation = make_consultation(columns, d(2026, 4, 1), d(2026, 4, 30))
    consultation.feedback = make_publication(columns[6])
    consultation.save()
    assert problems_of(Rule.CONSULTATION_NO_FEEDBACK, d(2026, 7, 1)) == []


def test_a_year_the_portal_published_in_without_a_consultation_is_a_problem(columns):
    make_publication(columns[5], published_on=d(2025, 6, 1))
    (problem,) = problems_of(Rule.CONSULTATION_NONE_IN_YEAR, d(2026, 3, 16))
    assert problem.subject == "2025年意见征集"
    # This year is listed only from October on.
    assert [p.subject for p in problems_of(Rule.CONSULTATION_NONE_IN_YEAR, d(2026, 10, 1))] == [
        "2025年意见征集",
        "2026年意见征集",
    ]


def test_a_year_with_a_consultation_is_not(columns):
    make_publication(columns[5], published_on=d(2025, 6, 1))
    make_consultation(columns, d(2025, 7, 1), d(2025, 7, 31))
    assert problems_of(Rule.CONSULTATION_NONE_IN_YEAR, d(2026, 3, 16)) == []


def test_the_list_page_costs_the_same_queries_for_more_rows(
    client, columns, django_assert_max_num_queries
):
    make_consultation(columns, d(2026, 4, 1), d(2026, 4, 30))
    url = reverse("consultations:consultation-list")
    with django_assert_max_num_queries(10) as one:
        client.get(url)
    for _ in range(10):
        make_consultation(columns, d(2026, 4, 1), d(2026, 4, 30))
    with django_assert_max_num_queries(len(one)):
        assert client.get(url).status_code == 200


def test_the_sitemap_lists_public_consultations_only(client, columns):
    shown = make_consultation(columns, d(2026, 4, 1), d(2026, 4, 30))
    hidden = make_consultation(columns, d(2026, 4, 1), d(2026, 4, 30))
    Publication.objects.filter(pk=hidden.notice_id).update(status=Publication.Status.DRAFT)
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"/consultations/{shown.pk}/" in sitemap
    assert f"/consultations/{hidden.pk}/" not in sitemap
    assert "/consultations/</loc>" in sitemap and "/messages/</loc>" in sitemap
