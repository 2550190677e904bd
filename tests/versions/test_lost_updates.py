"""
Lost updates on the models a person edits beside items and publications (versions).

Two people open the same change form; the first saves one field, the second another field from
the page they opened before: the second save is refused with a Chinese message, and the first
change stays. The forms are read from the page as a browser posts them (lxml's form values),
so each model is tested through the admin it really has. The races run on PostgreSQL, ten
pairs of simultaneous stale saves per model (tests/review/test_lost_updates.py).
"""

import datetime

import lxml.html
import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from annualreport.models import AnnualReport
from catalogue.models import Channel
from consultations.models import Comment, Consultation
from inforequests.models import LetterTemplate
from inquiries.models import Message
from tests.admin_pages import two_superusers
from tests.factories import (
    enter_test_schedule,
    make_column,
    make_domain,
    make_office,
    make_publication,
)
from tests.inforequests.helpers import make_request
from tests.review.test_lost_updates import TRIES, postgres_only, race

STALE = "保存失败：该记录已被他人修改"


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def opened_form(client, obj):
    """The change form's values as the browser would post them, read from the page."""
    response = client.get(change_url(obj))
    assert response.status_code == 200
    page = lxml.html.fromstring(response.content.decode())
    (form,) = page.xpath(f'//form[@id="{obj._meta.model_name}_form"]')
    data = {}
    for name, value in form.form_values():
        data.setdefault(name, []).append(value)
    return data


def _consultation():
    notice = make_publication(make_column(), title="关于养老服务补贴办法征求意见的公告")
    consultation = Consultation.objects.create(
        title="养老服务补贴办法（征求意见稿）",
        notice=notice,
        office=make_office(),
        kind=Consultation.Kind.OTHER,
        starts_on=datetime.date(2026, 3, 2),
        ends_on=datetime.date(2026, 4, 1),
    )
    return consultation


def _comment():
    return Comment.objects.create(consultation=_consultation(), contact="13800000000", body="意见")


def _message():
    return Message.objects.create(
        subject="高龄津贴怎么申请",
        question="需要什么材料？",
        contact="13800000000",
        office=make_office(),
    )


def _user():
    return User.objects.create_user("wang", first_name="王", is_staff=True)


# Each model: (make a row, (field, value) of the first save, (field, value) of the stale one).
KINDS = {
    "inforequest": (make_request, ("address", "人民路1号"), ("description", "另一份文件")),
    "consultation": (_consultation, ("title", "第一人的标题"), ("short_period_reason", "急需")),
    "message": (_message, ("kind", Message.Kind.COMPLAINT), ("answer", "第二人的答复")),
    "annualreport": (
        lambda: AnnualReport.objects.create(year=2025),
        ("overview", "第一人写的总体情况"),
        ("problems", "第二人写的问题"),
    ),
    "lettertemplate": (
        lambda: LetterTemplate.objects.order_by("pk").first(),
        ("title", "第一人改的标题"),
        ("body", "第二人改的正文{{ case.query_code }}"),
    ),
    "domain": (make_domain, ("intro", "第一人的简介"), ("order", "9")),
    "channel": (
        lambda: Channel.objects.create(name="村务公开栏"),
        ("order", "7"),
        ("name", "新名"),
    ),
    "schedule": (
        lambda: enter_test_schedule(2031),
        ("notice_title", "第一人改的通知标题"),
        ("notice_text", "第二人改的通知正文"),
    ),
    "comment": (_comment, ("theme", "第一人的主题"), ("reason", "第二人的理由")),
    "user": (_user, ("first_name", "甲"), ("last_name", "乙")),
    "group": (
        lambda: Group.objects.create(name="临时组"),
        ("name", "第一人改的组名"),
        ("name", "第二人改的组名"),
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_a_save_from_a_form_opened_before_another_save_is_refused(staff_client, kind):
    make, (first_field, first_value), (second_field, second_value) = KINDS[kind]
    obj = make()
    first = opened_form(staff_client, obj)
    second = opened_form(staff_client, obj)  # the second person's tab, opened at the same time

    saved = staff_client.post(change_url(obj), {**first, first_field: first_value})
    assert saved.status_code == 302, saved.content.decode()[:3000]
    refused = staff_client.post(change_url(obj), {**second, second_field: second_value})

    assert refused.status_code == 200
    assert STALE in refused.content.decode()
    obj.refresh_from_db()
    assert str(getattr(obj, first_field)) == first_value  # the first change is kept
    if second_field != first_field:
        assert str(getattr(obj, second_field)) != second_value


def vary(obj, field, value, attempt):
    """`value` made new for each attempt where the field is free text (choices stay valid)."""
    return value if obj._meta.get_field(field).choices else f"{value}{attempt}"


@postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", ["inforequest", "consultation", "message", "annualreport"])
def test_ten_pairs_of_simultaneous_stale_saves_one_accepted_each(kind, django_user_model):
    make, (first_field, first_value), (second_field, second_value) = KINDS[kind]
    obj = make()
    clients = two_superusers(django_user_model)

    for attempt in range(TRIES):
        forms = [opened_form(client, obj) for client in clients]
        posts = [
            {**forms[0], first_field: vary(obj, first_field, first_value, attempt)},
            {**forms[1], second_field: vary(obj, second_field, second_value, attempt)},
        ]

        def save(client, data):
            response = client.post(change_url(obj), data)
            return response.status_code, response.content.decode()

        outcomes = race(*(lambda c=c, d=d: save(c, d) for c, d in zip(clients, posts, strict=True)))

        assert sorted(code for code, _ in outcomes) == [200, 302], (attempt, kind)
        refused = next(text for code, text in outcomes if code == 200)
        assert STALE in refused
    obj.refresh_from_db()
    assert obj.version == TRIES + 1  # one version per accepted save, none lost
