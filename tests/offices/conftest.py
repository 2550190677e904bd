"""
Two offices, each owning a domain, a column and their items and publications, a clerk in each,
the head of the disclosure office, and a collective column the head assigned to office A.
"""

from types import SimpleNamespace

import pytest
from django.contrib.admin.utils import quote
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from columns.models import Column
from review import roles
from tests.factories import (
    make_channels,
    make_column,
    make_domain,
    make_item,
    make_office,
    make_publication,
)
from units.models import Unit


@pytest.fixture
def world(django_user_model):
    make_channels()
    office_a, office_b = make_office(name="社会救助科"), make_office(name="养老服务科")
    domain_a = make_domain(name="社会救助", slug="social-assistance", owner_office=office_a)
    domain_b = make_domain(name="养老服务", slug="elderly-care", owner_office=office_b)
    column_a = make_column(name="低保信息", owner_office=office_a)
    column_b = make_column(name="养老机构", owner_office=office_b)
    shared = make_column(name="政策解读", owner_kind=Column.OwnerKind.ALL_OFFICES)
    shared.assigned_offices.set([office_a])

    def person(username, role, office=None):
        # No password (hashing one is slow): tests sign in with force_login.
        user = django_user_model.objects.create_user(username, is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        Unit.objects.home().members.add(user)  # everyone here works in the first unit
        if office is not None:
            office.members.add(user)
        elif role != roles.CLERK:
            Unit.objects.home().members.add(user)  # the bureau's head and leader (units.access)
        return user

    return SimpleNamespace(
        office_a=office_a,
        office_b=office_b,
        domain_a=domain_a,
        domain_b=domain_b,
        column_a=column_a,
        column_b=column_b,
        shared=shared,
        item_a=make_item(domain=domain_a, level2="甲科室事项", status="draft", columns=[column_a]),
        item_b=make_item(domain=domain_b, level2="乙科室事项", status="draft", columns=[column_b]),
        pub_a=make_publication(column=column_a, title="甲科室信息", status="draft"),
        pub_b=make_publication(column=column_b, title="乙科室信息", status="draft"),
        clerk_a=person("clerk-a", roles.CLERK, office_a),
        clerk_b=person("clerk-b", roles.CLERK, office_b),
        clerk_none=person("clerk-none", roles.CLERK),
        head=person("head", roles.HEAD),
        leader=person("leader", roles.LEADER),
    )


def grant(user, *codenames):
    """
    Give `user` model permissions beyond the clerk's role (e.g. deleting), so that a test can
    show that the office, not the permission, is what refuses. Returns a fresh user object.
    """
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return type(user).objects.get(pk=user.pk)


def admin_url(obj, view="change"):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[quote(obj.pk)])


def changelist_url(model):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")


def signed_in(client, user):
    client.force_login(user)
    return client
