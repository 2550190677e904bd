"""The review's four roles (as tests/review/conftest.py), staff of the first unit."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group, Permission

from contributions import roles
from units.models import Unit


@pytest.fixture
def people(django_user_model):
    unit = Unit.objects.home()

    def person(username, role):
        user = django_user_model.objects.create_user(username, is_staff=True, first_name=role)
        user.groups.add(Group.objects.get(name=role))
        unit.members.add(user)  # the report is the unit's: its staff review it
        if role == roles.CLERK:
            user.user_permissions.add(Permission.objects.get(codename="manage_all_offices"))
        return user

    return SimpleNamespace(
        clerk=person("clerk-a", roles.CLERK),
        clerk2=person("clerk-b", roles.CLERK),
        head=person("head", roles.HEAD),
        leader=person("leader", roles.LEADER),
        admin=person("site-admin", roles.SITE_ADMIN),
    )


from tests.feature_units import county, town, town_office  # noqa: F401, E402
