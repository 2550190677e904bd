"""The demo data of interpretation, consultations and messages: each state, removable."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from consultations.models import Consultation, State
from disclosure import demo as publication_demo
from inquiries.models import Message
from publications.models import Publication

pytestmark = pytest.mark.django_db


@pytest.fixture
def standard():
    call_command("load_standard_data", stdout=io.StringIO())


def test_the_demo_shows_each_state_and_leaves_with_its_commands(standard, client):
    for command in ("load_demo_publications", "load_demo_consultations", "load_demo_messages"):
        call_command(command, stdout=io.StringIO())
    policy = Publication.objects.get(title="示范县高龄津贴发放办法")
    (interpretation,) = policy.interpretations.all()
    assert policy.is_demo and interpretation.is_demo
    assert (
        interpretation.get_absolute_url() in client.get(policy.get_absolute_url()).content.decode()
    )
    states = {c.state for c in Consultation.objects.filter(is_demo=True)}
    assert states == {State.OPEN, State.ANSWERED}
    assert {m.status for m in Message.objects.filter(is_demo=True)} == {
        Message.Status.ANSWERED,
        Message.Status.ASSIGNED,
        Message.Status.NEW,
    }
    listing = client.get(reverse("consultations:consultation-list")).content.decode()
    assert "征集中" in listing and "已反馈" in listing
    for public in (listing, client.get(reverse("changes-feed")).content.decode()):
        assert "wang@example.com" not in public and "demo@example.com" not in public
    # The publications' demo refuses to go while consultations still use it, with the reason.
    with pytest.raises(publication_demo.DemoDataError, match="load_demo_consultations --delete"):
        publication_demo.delete()
    call_command("load_demo_consultations", "--delete", stdout=io.StringIO())
    call_command("load_demo_messages", "--delete", stdout=io.StringIO())
    call_command("load_demo_publications", "--delete", stdout=io.StringIO())
    assert not Consultation.objects.exists() and not Message.objects.exists()
    assert not Publication.objects.filter(is_demo=True).exists()
