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
    table, everything = roles.role_table()
    portal = Permission.objects.filter(content_type__app_label__in=everything)
    # Every permission of the apps that give it all, and what the others give it by name.
    expected = {f"{p.content_type.app_label}.{p.codename}" for p in portal}
    expected |= table[roles.SITE_ADMIN]
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


README_SAYS = "staff classify comments, assign messages to offices and answer them within the limit"


def test_clerks_and_the_head_hold_what_the_readme_gives_them_for_comments_and_messages(
    client, django_user_model, settings
):
    from django.urls import reverse

    from tests.factories import make_office

    readme = " ".join((settings.BASE_DIR / "README.md").read_text(encoding="utf-8").split())
    assert README_SAYS in readme
    talking_back = {
        "consultations.view_consultation",
        "consultations.change_consultation",
        "consultations.view_comment",
        "consultations.change_comment",  # classify a comment
        "inquiries.view_message",
        "inquiries.change_message",  # assign (the head) and answer (the office's clerk)
    }
    assert talking_back <= codenames(roles.CLERK)
    assert talking_back <= codenames(roles.HEAD)
    assert talking_back <= codenames(roles.SITE_ADMIN)
    clerk = django_user_model.objects.create_user("clerk-talk", is_staff=True)
    clerk.groups.add(Group.objects.get(name=roles.CLERK))
    make_office().members.add(clerk)
    client.force_login(clerk)
    for name in ("consultations_consultation", "consultations_comment", "inquiries_message"):
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200, name
