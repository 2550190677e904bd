"""Messages per publishing unit: posted on a town's pages, tracked and answered there only."""

import pytest
from django.contrib.auth.models import Group

from contributions.roles import CLERK
from inquiries import checks
from inquiries.models import Message
from inquiries.qa import draft_qa
from tests.factories import make_column, make_office
from tests.inquiries.test_messages import CONTACT, d, make_message

pytestmark = pytest.mark.django_db


def test_a_message_posted_on_a_towns_pages_is_the_towns_and_tracked_there(client, county, town):
    response = client.post(
        "/u/chengguan/messages/",
        {"subject": "低保怎么申请", "question": "需要什么材料？", "contact": CONTACT},
    )
    assert response.status_code == 302 and response["Location"] == "/u/chengguan/messages/sent/"
    message = Message.objects.get()
    assert message.unit == town
    receipt = client.get(response["Location"]).content.decode()
    assert f"/u/chengguan/messages/track/{message.code}/" in receipt
    assert client.get(f"/u/chengguan/messages/track/{message.code}/").status_code == 200
    # Another unit's pages know no such message.
    assert client.get(f"/messages/track/{message.code}/").status_code == 404
    county_message = make_message()
    assert client.get(f"/u/chengguan/messages/track/{county_message.code}/").status_code == 404
    assert client.get(f"/messages/track/{county_message.code}/").status_code == 200


def test_the_form_links_the_units_own_qa_column(client, county, town):
    make_column(name="县互动回应", number=42)
    make_column(name="镇互动回应", number=42, unit=town, owner_office=make_office(unit=town))
    page = client.get("/u/chengguan/messages/").content.decode()
    assert "镇互动回应" in page and "县互动回应" not in page


def test_a_towns_qa_draft_is_filed_in_the_towns_column(county, town, town_office):
    make_column(name="县互动回应", number=42)
    own = make_column(name="镇互动回应", number=42, unit=town, owner_office=town_office)
    message = make_message(unit=town, office=town_office)
    message.record_answer(None, "带上户口本到镇民政所办理。")
    assert draft_qa(message).column == own


def test_staff_and_self_check_see_the_units_own_messages(
    client, django_user_model, county, town, town_office
):
    county_message = make_message(subject="县里的留言", received_on=d(2026, 1, 5))
    town_message = make_message(
        unit=town, office=town_office, subject="镇里的留言", received_on=d(2026, 1, 6)
    )
    clerk = django_user_model.objects.create_user("town-clerk-q", password="x", is_staff=True)
    clerk.groups.add(Group.objects.get(name=CLERK))
    town_office.members.add(clerk)
    client.force_login(clerk)
    listing = client.get("/admin/inquiries/message/").content.decode()
    assert "镇里的留言" in listing and "县里的留言" not in listing
    change = f"/admin/inquiries/message/{county_message.pk}/change/"
    assert client.get(change).status_code == 302  # "does not exist": not the town's
    assert [m.pk for m in checks.open_messages(town)] == [town_message.pk]
    assert {m.pk for m in checks.open_messages()} == {town_message.pk, county_message.pk}


def test_demo_messages_per_unit_skip_a_unit_without_its_columns(county, town, town_office):
    import io

    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="互动回应"):
        call_command("load_demo_messages", "--unit", town.code, stdout=io.StringIO())
    assert not Message.objects.exists()
    make_column(name="互动回应", number=42, unit=town, owner_office=town_office)
    out = io.StringIO()
    call_command("load_demo_messages", "--all-units", stdout=out)
    assert Message.objects.filter(unit=town, is_demo=True).count() == 3
    assert "新建 3 条" in out.getvalue()
    call_command("load_demo_messages", "--delete", "--unit", town.code, stdout=io.StringIO())
    assert not Message.objects.filter(unit=town).exists()
