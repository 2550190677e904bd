"""Links never cross units: items, columns, publications and offices of one unit only."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import modelform_factory
from django.urls import reverse

from backoffice.catalogue_admin import DisclosureItemForm
from backoffice.publications_admin import PublicationForm
from catalogue.models import Domain
from publications.models import Publication
from tests.content_units import county, make_town
from tests.factories import (
    make_channels,
    make_column,
    make_domain,
    make_item,
    make_office,
    make_publication,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    return make_town()


@pytest.fixture
def town_office(town):
    return make_office(unit=town, name="民政所")


@pytest.fixture
def town_column(town, town_office):
    return make_column(unit=town, owner_office=town_office, name="城乡低保")


def refused(match):
    """Expect a refusal inside its own savepoint, so the test's transaction goes on."""
    return _Refused(match)


class _Refused:
    def __init__(self, match):
        self.raises = pytest.raises(ValidationError, match=match)
        self.atomic = transaction.atomic()

    def __enter__(self):
        self.raises.__enter__()
        self.atomic.__enter__()

    def __exit__(self, *exc):
        self.atomic.__exit__(*exc)
        return self.raises.__exit__(*exc)


def publication_form(**kwargs):
    fields = ["title", "column", "items", "status", "topic", "validity", "document_kind", "mode"]
    return modelform_factory(Publication, form=PublicationForm, fields=fields)(**kwargs)


def test_a_domain_takes_no_office_of_another_unit(town_office):
    domain = Domain(name="社会救助", slug="social-assistance", owner_office=town_office)
    with pytest.raises(ValidationError) as caught:
        domain.full_clean()
    assert caught.value.message_dict["owner_office"] == [
        "科室“民政所”属于其他发布单位，只能选择本单位的科室。"
    ]
    domain.unit = town_office.unit
    domain.full_clean()


def test_a_column_takes_no_office_and_no_parent_of_another_unit(town, town_office, town_column):
    column = make_column()
    column.owner_office = town_office
    with pytest.raises(ValidationError) as caught:
        column.full_clean()
    assert "属于其他发布单位" in caught.value.message_dict["owner_office"][0]

    column.refresh_from_db()
    column.parent = town_column
    with pytest.raises(ValidationError) as caught:
        column.full_clean()
    assert caught.value.message_dict["parent"] == [
        "上级栏目“城乡低保”属于其他发布单位，栏目不能移到其他单位。"
    ]
    # A new child of the town's column is the town's, with the town's office.
    child = make_column(parent=town_column, owner_office=town_office)
    assert child.unit == town


def test_a_column_is_assigned_no_office_of_another_unit(town_office):
    column = make_column(owner_kind="all", owner_office=None)
    with refused("承办科室“民政所”属于其他发布单位"):
        column.assigned_offices.add(town_office)
    assert not column.assigned_offices.exists()
    column.assigned_offices.add(make_office())


def test_an_item_links_no_column_of_another_unit_from_either_side(town_column):
    item = make_item()
    with refused("发布栏目“城乡低保”属于其他发布单位"):
        item.columns.add(town_column)
    with refused("公开事项.*属于其他发布单位"):
        town_column.items.add(item)
    with refused("属于其他发布单位"):
        item.columns.set([make_column(), town_column])
    assert not item.columns.filter(pk=town_column.pk).exists()


def test_an_item_moved_to_another_units_domain_cannot_keep_its_columns(town):
    item = make_item(columns=[make_column()])
    item.domain = make_domain(unit=town)
    with pytest.raises(ValidationError) as caught:
        item.full_clean()
    assert "属于其他发布单位" in caught.value.message_dict["domain"][0]


def test_the_item_form_refuses_a_column_of_another_unit(town_column):
    make_channels()
    item = make_item()
    form = DisclosureItemForm(
        instance=item,
        data={
            "domain": item.domain.pk,
            "number": 1,
            "level1": item.level1,
            "level2": item.level2,
            "status": item.status,
            "content": item.content,
            "channels": list(item.channels.values_list("pk", flat=True)),
            "audience_public": "on",
            "mode_proactive": "on",
            "level_county": "on",
            "columns": [town_column.pk],
        },
    )
    assert not form.is_valid()
    assert form.errors["columns"] == [
        "发布栏目“城乡低保”属于其他发布单位，只能选择本单位的发布栏目。"
    ]


def test_a_publication_names_no_successor_office_or_item_of_another_unit(
    town, town_office, town_column
):
    town_item = make_item(domain=make_domain(unit=town), columns=[town_column])
    town_policy = make_publication(town_column)
    publication = make_publication()
    publication.superseded_by = town_policy
    publication.validity = Publication.Validity.SUPERSEDED
    publication.drafting_office = town_office
    with pytest.raises(ValidationError) as caught:
        publication.full_clean()
    errors = caught.value.message_dict
    assert errors["superseded_by"] == [
        f"替代文件“{town_policy}”属于其他发布单位，只能选择本单位的信息。"
    ]
    assert "属于其他发布单位" in errors["drafting_office"][0]

    fresh = make_publication()
    with refused("对应事项.*属于其他发布单位"):
        fresh.items.add(town_item)
    with refused("解读的政策.*属于其他发布单位"):
        fresh.interprets.add(town_policy)
    with refused("政策解读.*属于其他发布单位"):
        town_policy.interpretations.add(fresh)
    assert not fresh.items.exists() and not fresh.interprets.exists()


def test_a_publication_moved_to_another_units_column_cannot_keep_its_items(town_column):
    publication = make_publication(items=[make_item()])
    publication.column = town_column
    with pytest.raises(ValidationError) as caught:
        publication.full_clean()
    assert "对应事项" in caught.value.message_dict["column"][0]


def test_the_publication_form_offers_and_takes_only_the_columns_units_items(town_column):
    town_item = make_item(domain=make_domain(unit=town_column.unit), columns=[town_column])
    county_item = make_item()
    form = publication_form(initial={"column": town_column.pk})
    assert list(form.fields["items"].queryset) == [town_item]

    county_column = make_column()
    form = publication_form(
        data={
            "title": "通知",
            "column": county_column.pk,
            "items": [town_item.pk, county_item.pk],
            "status": Publication.Status.DRAFT,
            "topic": Publication.Topic.GENERAL,
            "validity": Publication.Validity.VALID,
            "document_kind": Publication.Kind.OTHER,
            "mode": Publication.Mode.PROACTIVE,
        }
    )
    assert not form.is_valid()
    assert "items" in form.errors


def test_the_admin_refuses_a_forged_column_of_another_unit(staff_client, town_column):
    make_channels()
    item = make_item()
    url = reverse("admin:catalogue_disclosureitem_change", args=[item.pk])
    page = staff_client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list | bool)
    }
    data.update(
        channels=[c.pk for c in item.channels.all()],
        columns=[town_column.pk],
        audience_public="on",
        mode_proactive="on",
        level_county="on",
    )
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "属于其他发布单位" in response.content.decode()
    assert not item.columns.exists()


def test_a_new_domain_in_the_admin_is_the_users_unit(client, django_user_model, town):
    user = django_user_model.objects.create_superuser("town-admin", "t@example.gov.cn", "pw")
    town.members.add(user)
    client.force_login(user)
    # A platform administrator oversees every unit, so the form asks whose the domain is; the
    # unit of their own is offered first.
    add = client.get(reverse("admin:catalogue_domain_add"))
    assert add.context["adminform"].form.fields["unit"].initial == town.pk
    response = client.post(
        reverse("admin:catalogue_domain_add"),
        {"unit": town.pk, "name": "社会救助", "slug": "social-assistance", "order": 1, "intro": ""},
    )
    assert response.status_code == 302
    assert Domain.objects.get(slug="social-assistance").unit == town
    # The same slug in another unit is no clash: each unit has its own catalogue.
    make_domain(unit=county(), slug="social-assistance", name="社会救助")
