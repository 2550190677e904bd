"""People of the four roles (review.roles), each a staff account in its group."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group, Permission

from review import roles
from units.models import Unit


@pytest.fixture
def people(django_user_model):
    def person(username, role):
        # No password (hashing one costs half a second): tests sign in with force_login.
        user = django_user_model.objects.create_user(username, is_staff=True, first_name=role)
        user.groups.add(Group.objects.get(name=role))
        Unit.objects.home().members.add(user)  # everyone here works in the first unit
        if role == roles.CLERK:
            # The review's tests use objects of no office: their clerks are not bound to an
            # office (per-office rights are tested in tests/offices).
            user.user_permissions.add(Permission.objects.get(codename="manage_all_offices"))
        return user

    return SimpleNamespace(
        clerk=person("clerk-a", roles.CLERK),
        clerk2=person("clerk-b", roles.CLERK),
        head=person("head", roles.HEAD),
        leader=person("leader", roles.LEADER),
        admin=person("site-admin", roles.SITE_ADMIN),
    )


def fresh(user):
    """The same user without Django's cached permissions."""
    return type(user).objects.get(pk=user.pk)
