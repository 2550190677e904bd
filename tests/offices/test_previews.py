"""
Staff previews obey the admin's office rights: a clerk opens their own office's draft item,
publication and attachment at their public addresses, never another office's; the head sees all.
"""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from catalogue.models import DisclosureItem
from publications.models import Attachment, Publication
from tests.offices.conftest import admin_url
from tests.privacy.files import pdf

pytestmark = pytest.mark.django_db


def public_addresses(world, office):
    item, publication = getattr(world, f"item_{office}"), getattr(world, f"pub_{office}")
    attachment = Attachment.objects.create(
        publication=publication, file=ContentFile(pdf([["notice"]]), name="通知.pdf")
    )
    return [
        item.get_absolute_url(),
        publication.get_absolute_url(),
        reverse("publications:attachment-download", args=[attachment.pk]),
    ]


def statuses(client, user, addresses):
    client.force_login(user)
    return [client.get(address).status_code for address in addresses]


def test_a_clerk_previews_only_their_own_office_drafts(client, world):
    theirs, own = public_addresses(world, "b"), public_addresses(world, "a")
    assert statuses(client, world.clerk_a, theirs) == [404, 404, 404]
    assert client.get(admin_url(world.pub_b)).status_code != 200  # as the admin refuses them
    assert statuses(client, world.clerk_a, own) == [200, 200, 200]
    assert statuses(client, world.clerk_b, theirs) == [200, 200, 200]
    assert statuses(client, world.head, theirs + own) == [200] * 6
    assert statuses(client, world.clerk_none, own) == [404, 404, 404]


def test_lists_show_a_clerk_only_their_own_office_drafts(client, world):
    world.item_b.columns.add(world.shared)
    client.force_login(world.clerk_a)
    catalogue = client.get(world.domain_b.get_absolute_url()).content.decode()
    assert world.item_b.level2 not in catalogue
    assert set(DisclosureItem.objects.visible_to(world.clerk_a)) == {world.item_a}
    assert set(Publication.objects.visible_to(world.clerk_a)) == {world.pub_a}
    assert set(Publication.objects.visible_to(world.head)) == {world.pub_a, world.pub_b}
