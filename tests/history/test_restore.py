"""以此版本为修订稿: an old version comes back only through the review (or onto a draft)."""

import pytest
from django.urls import reverse

from catalogue.models import DisclosureItem
from review import workflow
from review.models import Revision, snapshot
from tests.factories import make_item

pytestmark = pytest.mark.django_db


def review_and_publish(people, obj):
    workflow.submit(people.clerk, obj)
    workflow.check(people.head, obj)
    workflow.approve(people.leader, obj)
    workflow.publish(people.admin, obj)


def version_url(obj, record):
    return reverse("admin:catalogue_disclosureitem_simple_history", args=[obj.pk, record.pk])


def test_restoring_a_published_version_makes_a_revision_that_goes_through_review(
    client, people, item
):
    first = item.history.latest()
    workflow.save_revision(people.clerk, item, {**snapshot(item), "deadline": "5个工作日内"})
    review_and_publish(people, item)
    item.refresh_from_db()
    assert item.deadline == "5个工作日内"

    client.force_login(people.clerk)
    response = client.post(version_url(item, first), {"_restore": "1"})
    assert response.status_code == 302
    revision = Revision.objects.for_object(item).open().get()
    assert revision.data["deadline"] == "10个工作日内"
    assert revision.created_by == people.clerk

    # The public keeps the published text until the revision is reviewed and published.
    client.logout()
    page = client.get(item.get_absolute_url()).content.decode()
    assert "5个工作日内" in page and "10个工作日内" not in page
    item.refresh_from_db()
    assert item.deadline == "5个工作日内"

    review_and_publish(people, item)
    item.refresh_from_db()
    assert item.deadline == "10个工作日内"
    assert item.history.latest().history_user == people.admin
    page = client.get(item.get_absolute_url()).content.decode()
    assert "10个工作日内" in page and "5个工作日内" not in page


def test_the_restored_version_keeps_its_own_channels(client, people, domain):
    made = make_item(domain=domain, channels=("政府网站", "公开查阅点"))
    item = DisclosureItem.objects.get(pk=made.pk)
    first = item.history.latest()
    data = snapshot(item)
    data["channels"] = data["channels"][:1]
    workflow.save_revision(people.clerk, item, data)
    review_and_publish(people, item)
    assert item.channels.count() == 1

    client.force_login(people.clerk)
    client.post(version_url(item, first), {"_restore": "1"})
    revision = Revision.objects.for_object(item).open().get()
    assert sorted(revision.data["channels"]) == sorted(
        item.history.model.channels.model.objects.filter(history=first).values_list(
            "channel_id", flat=True
        )
    )
    assert len(revision.data["channels"]) == 2


def test_a_draft_is_restored_at_once_and_recorded(client, people, domain):
    made = make_item(domain=domain, status=DisclosureItem.Status.DRAFT, basis="旧依据")
    draft = DisclosureItem.objects.get(pk=made.pk)
    first = draft.history.latest()
    draft.basis = "新依据"
    draft.save()

    client.force_login(people.clerk)
    response = client.post(version_url(draft, first), {"_restore": "1"}, follow=True)
    draft.refresh_from_db()
    assert draft.basis == "旧依据"
    assert draft.status == DisclosureItem.Status.DRAFT
    assert not Revision.objects.for_object(draft).exists()
    latest = draft.history.latest()
    assert latest.history_user == people.clerk
    assert latest.history_change_reason.startswith("恢复为 ")
    assert "已恢复为" in response.content.decode()


def test_an_item_under_review_is_not_restored(client, people, domain):
    made = make_item(domain=domain, status=DisclosureItem.Status.DRAFT, basis="旧依据")
    draft = DisclosureItem.objects.get(pk=made.pk)
    first = draft.history.latest()
    draft.basis = "新依据"
    draft.save()
    workflow.submit(people.clerk, draft)

    client.force_login(people.clerk)
    response = client.post(version_url(draft, first), {"_restore": "1"}, follow=True)
    draft.refresh_from_db()
    assert draft.basis == "新依据"
    assert "审核期间不能恢复旧版本" in response.content.decode()


def test_the_version_page_shows_the_button_and_never_reverts_directly(client, people, item):
    first = item.history.latest()
    workflow.save_revision(people.clerk, item, {**snapshot(item), "deadline": "5个工作日内"})
    review_and_publish(people, item)

    client.force_login(people.clerk)
    page = client.get(version_url(item, first)).content.decode()
    assert 'name="_restore"' in page and "以此版本为修订稿" in page
    assert "10个工作日内" in page  # the version's own value in the read-only form
    # simple-history's own revert (a plain POST of the form) is not available.
    assert client.post(version_url(item, first), {"deadline": "x"}).status_code == 404
    item.refresh_from_db()
    assert item.deadline == "5个工作日内"
    assert not Revision.objects.for_object(item).open().exists()


def test_restoring_needs_the_change_permission(client, django_user_model, item):
    viewer = django_user_model.objects.create_user("viewer", is_staff=True)
    from django.contrib.auth.models import Permission

    viewer.user_permissions.add(Permission.objects.get(codename="view_disclosureitem"))
    first = item.history.latest()
    client.force_login(viewer)
    page = client.get(
        reverse("admin:catalogue_disclosureitem_history", args=[item.pk])
    ).content.decode()
    assert "以此版本为修订稿" not in page
    client.post(version_url(item, first), {"_restore": "1"})
    assert not Revision.objects.for_object(item).exists()
