"""The four role groups: created by the data migration, kept by every migrate, idempotent."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission

from review import roles

pytestmark = pytest.mark.django_db


def codenames(role):
    group = Group.objects.get(name=role)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def test_the_roles_exist_with_the_rights_of_their_steps():
    clerk, head, leader = codenames(roles.CLERK), codenames(roles.HEAD), codenames(roles.LEADER)
    assert {
        "catalogue.add_disclosureitem",
        "catalogue.change_disclosureitem",
        "catalogue.submit_disclosureitem",
        "publications.change_publication",
        "publications.submit_publication",
        "publications.add_attachment",
    } <= clerk
    assert {
        "catalogue.check_disclosureitem",
        "catalogue.publish_disclosureitem",
        "publications.check_publication",
        "publications.publish_publication",
        "columns.change_column",
        "offices.view_office",
    } <= head
    assert {"catalogue.approve_disclosureitem", "publications.approve_publication"} <= leader
    # Each step is one role's: nobody but the site administrator holds two of them.
    steps = ("submit", "check", "approve")
    for role, own in ((roles.CLERK, "submit"), (roles.HEAD, "check"), (roles.LEADER, "approve")):
        held = {s for s in steps for p in codenames(role) if p.endswith(f".{s}_disclosureitem")}
        assert held == {own}
    assert not any(p.startswith(("catalogue.change_", "catalogue.add_")) for p in head | leader)
    assert not any("delete_disclosureitem" in p for p in clerk | head | leader)


def test_the_site_administrator_holds_every_permission_of_the_portal_apps():
    _, everything = roles.role_table()
    portal = Permission.objects.filter(content_type__app_label__in=everything)
    expected = {f"{p.content_type.app_label}.{p.codename}" for p in portal}
    assert codenames(roles.SITE_ADMIN) == expected
    assert "review.view_reviewstep" in expected
    assert not any(p.startswith("auth.") for p in codenames(roles.SITE_ADMIN))


def test_ensure_roles_is_idempotent_and_restores_the_table():
    table, _ = roles.role_table()
    before = {role: codenames(role) for role in table}
    leader = Group.objects.get(name=roles.LEADER)
    leader.permissions.clear()  # someone edited the group in the admin
    roles.ensure_roles(apps)
    roles.ensure_roles(apps)
    assert Group.objects.filter(name__in=before).count() == 4
    assert {role: codenames(role) for role in before} == before
