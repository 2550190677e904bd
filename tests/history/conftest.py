"""A domain, a published item and four reviewers, for the history tests."""

from types import SimpleNamespace

import pytest

from catalogue.models import DisclosureItem
from tests.factories import make_channels, make_domain, make_item


@pytest.fixture
def domain():
    make_channels()
    return make_domain(name="社会救助", slug="social-assistance")


@pytest.fixture
def item(domain):
    """A published item, fetched afresh so no test inherits the factory's instance."""
    made = make_item(domain=domain, deadline="10个工作日内", basis="《社会救助暂行办法》")
    return DisclosureItem.objects.get(pk=made.pk)


@pytest.fixture
def people(django_user_model):
    """Four site administrators: each may take every step, on every office's objects."""

    def person(username):
        return django_user_model.objects.create_superuser(username, f"{username}@example.gov.cn")

    return SimpleNamespace(
        clerk=person("clerk-a"), head=person("head"), leader=person("leader"), admin=person("admin")
    )
