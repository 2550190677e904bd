"""Consultations per publishing unit: a town lists and takes comments on its own only."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from consultations import checks
from consultations.feedback import draft_feedback
from consultations.models import Comment, Consultation
from contributions.roles import CLERK
from tests.factories import make_column, make_publication

pytestmark = pytest.mark.django_db


def consultation(unit, office, title, starts_on, ends_on):
    notice = make_publication(
        make_column(name=f"{title}意见征集", number=5, unit=unit, owner_office=office),
        title=f"关于《{title}》公开征求意见的公告",
    )
    return Consultation.objects.create(
        unit=unit,
        title=title,
        notice=notice,
        office=office,
        kind=Consultation.Kind.OTHER,
        starts_on=starts_on,
        ends_on=ends_on,
    )


@pytest.fixture
def both(county, town, town_office):
    from tests.factories import make_office

    today = timezone.localdate()
    days = datetime.timedelta
    return (
        consultation(county, make_office(), "县助餐办法", today - days(3), today + days(20)),
        consultation(town, town_office, "镇助餐细则", today - days(3), today + days(20)),
    )


def test_each_units_pages_list_its_own_consultations(client, both):
    county_one, town_one = both
    town_list = client.get("/u/chengguan/consultations/").content.decode()
    assert "镇助餐细则" in town_list and "县助餐办法" not in town_list
    assert f"/u/chengguan/consultations/{town_one.pk}/" in town_list
    county_list = client.get("/consultations/").content.decode()
    assert "县助餐办法" in county_list and "镇助餐细则" not in county_list
    assert client.get(f"/u/chengguan/consultations/{county_one.pk}/").status_code == 404
    assert client.get(f"/consultations/{town_one.pk}/").status_code == 404


def test_a_comment_posted_on_a_towns_page_lands_in_the_towns_consultation(client, both):
    county_one, town_one = both
    data = {"name": "王女士", "contact": "wang@example.com", "body": "建议延伸到行政村。"}
    refused = client.post(f"/u/chengguan/consultations/{county_one.pk}/", data)
    assert refused.status_code == 404
    response = client.post(f"/u/chengguan/consultations/{town_one.pk}/", data)
    assert response.status_code == 302
    assert response["Location"].startswith(f"/u/chengguan/consultations/{town_one.pk}/")
    comment = Comment.objects.get()
    assert comment.consultation == town_one and comment.consultation.unit == town_one.unit


def test_the_feedback_is_filed_in_the_units_column_and_links_its_page(county, town, both):
    _, town_one = both
    town_one.starts_on = town_one.ends_on = timezone.localdate() - datetime.timedelta(days=40)
    town_one.save()
    make_column(name="县意见反馈", number=6)
    own = make_column(name="镇意见反馈", number=6, unit=town, owner_office=town_one.office)
    feedback = draft_feedback(town_one)
    assert feedback.column == own
    assert f"(/u/chengguan/consultations/{town_one.pk}/)" in feedback.body
    assert [row["subject"] for row in checks.feedback_overdue(timezone.localdate(), town)] == [
        "镇助餐细则"
    ]
    assert checks.feedback_overdue(timezone.localdate(), county) == []


def test_a_towns_clerk_sees_its_own_consultations_and_comments(
    client, django_user_model, both, town_office
):
    county_one, town_one = both
    theirs = Comment.objects.create(consultation=county_one, contact="a@example.com", body="县")
    own = Comment.objects.create(consultation=town_one, contact="b@example.com", body="镇")
    clerk = django_user_model.objects.create_user("town-clerk-c", password="x", is_staff=True)
    clerk.groups.add(Group.objects.get(name=CLERK))
    town_office.members.add(clerk)
    client.force_login(clerk)
    listing = client.get("/admin/consultations/consultation/").content.decode()
    assert "镇助餐细则" in listing and "县助餐办法" not in listing
    comments = client.get("/admin/consultations/comment/").content.decode()
    assert f"意见 #{own.pk}" in comments and f"意见 #{theirs.pk}" not in comments
