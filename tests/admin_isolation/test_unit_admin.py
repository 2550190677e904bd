"""
Each unit's staff in the admin: their rows, their choices, their users and their unit's identity;
a parent unit's staff read their towns' units and change nothing; superusers see everything.
"""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

import audit
from audit.models import AuditEntry
from offices import rights
from offices.models import Office
from review import roles, workflow
from review.models import ReviewStep
from review.todo import todo_for
from tests.admin_isolation.test_admin_walk import make_unit
from tests.factories import make_column, make_domain, make_item, make_publication
from units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def towns(django_user_model):
    county = Unit.objects.home()
    town_a, town_b = make_unit("甲镇", 1, county), make_unit("乙镇", 2, county)
    office_a = Office.objects.create(unit=town_a, name="甲镇民政办")
    office_b = Office.objects.create(unit=town_b, name="乙镇民政办")
    county_office = Office.objects.create(unit=county, name="县局社会救助科")

    def person(username, role, unit=None, office=None, **extra):
        user = django_user_model.objects.create_user(username, is_staff=True, **extra)
        user.groups.add(Group.objects.get(name=role))
        if unit is not None:
            unit.members.add(user)
        if office is not None:
            office.members.add(user)
        return type(user).objects.get(pk=user.pk)

    def content(unit, office, name):
        domain = make_domain(unit=unit, name=f"{name}领域", owner_office=office)
        column = make_column(unit=unit, name=f"{name}栏目", owner_office=office)
        item = make_item(domain=domain, level2=f"{name}事项", status="draft", columns=[column])
        publication = make_publication(column=column, title=f"{name}信息", status="draft")
        return SimpleNamespace(domain=domain, column=column, item=item, publication=publication)

    return SimpleNamespace(
        county=county,
        a=town_a,
        b=town_b,
        office_a=office_a,
        office_b=office_b,
        county_office=county_office,
        in_a=content(town_a, office_a, "甲镇"),
        in_b=content(town_b, office_b, "乙镇"),
        clerk_a=person("clerk-a", roles.CLERK, office=office_a),
        clerk_b=person("clerk-b", roles.CLERK, office=office_b),
        head_a=person("head-a", roles.HEAD, unit=town_a),
        admin_a=person("admin-a", roles.SITE_ADMIN, unit=town_a),
        county_head=person("county-head", roles.HEAD, unit=county),
        county_admin=person("county-admin", roles.SITE_ADMIN, unit=county),
        person=person,
    )


def url(obj, view="change"):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk])


def changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


# --- offices.rights: unrestricted within the unit -------------------------------------------


def test_the_head_is_unrestricted_within_their_unit_only(towns):
    head = towns.head_a
    assert rights.may_change(head, towns.in_a.item)
    assert rights.may_change(head, towns.in_a.publication)
    assert not rights.may_change(head, towns.in_b.item)
    assert not rights.may_change(head, towns.in_b.publication)
    assert not rights.may_change(head, towns.in_b.column)
    listed = rights.scope(head, type(towns.in_a.item).objects.all())
    assert list(listed) == [towns.in_a.item]
    assert not workflow.may_act_on(head, towns.in_b.item)


def test_a_clerk_stays_bound_to_their_office_inside_their_unit(towns):
    other = Office.objects.create(unit=towns.a, name="甲镇综合办")
    column = make_column(unit=towns.a, name="甲镇综合栏目", owner_office=other)
    assert rights.may_change(towns.clerk_a, towns.in_a.column)
    assert not rights.may_change(towns.clerk_a, column)
    assert not rights.may_change(towns.clerk_a, towns.in_b.column)


def test_a_head_in_no_unit_may_add_nothing(towns):
    nobody = towns.person("nobody", roles.HEAD)
    assert rights.is_unrestricted(nobody)
    assert not rights.may_add(nobody)
    assert not rights.scope(nobody, type(towns.in_a.item).objects.all()).exists()


# --- lists, forms and new rows --------------------------------------------------------------


def test_the_head_lists_and_opens_their_units_rows_only(client, towns):
    client.force_login(towns.head_a)
    page = client.get(changelist(type(towns.in_a.item))).content.decode()
    assert "甲镇事项" in page and "乙镇事项" not in page
    assert client.get(url(towns.in_a.item)).status_code == 200
    response = client.get(url(towns.in_b.item))
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")


def test_choices_offer_the_users_units_rows_only(client, towns):
    client.force_login(towns.head_a)
    page = client.get(reverse("admin:columns_column_add")).content.decode()
    assert "甲镇民政办" in page
    assert "乙镇民政办" not in page and "县局社会救助科" not in page


def test_a_new_row_gets_the_users_unit(client, towns):
    client.force_login(towns.admin_a)
    response = client.post(reverse("admin:offices_office_add"), {"name": "甲镇新办", "order": 1})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Office.objects.get(name="甲镇新办").unit == towns.a


def test_a_user_of_several_units_chooses_among_them(client, towns):
    towns.b.members.add(towns.admin_a)  # now of town A and town B
    client.force_login(towns.admin_a)
    page = client.get(reverse("admin:offices_office_add")).content.decode()
    assert 'name="unit"' in page
    assert "乙镇" in page and "示范" not in page.split('name="unit"')[1].split("</select>")[0]
    response = client.post(
        reverse("admin:offices_office_add"),
        {"unit": towns.county.pk, "name": "越权科室", "order": 1},
    )
    assert response.status_code == 200
    assert not Office.objects.filter(name="越权科室").exists()
    client.post(
        reverse("admin:offices_office_add"), {"unit": towns.b.pk, "name": "乙镇新办", "order": 1}
    )
    assert Office.objects.get(name="乙镇新办").unit == towns.b
    listing = client.get(changelist(Office)).content.decode()
    assert "乙镇民政办" in listing and "甲镇民政办" in listing  # with a unit column and filter
    assert "县局社会救助科" not in listing


def test_a_superuser_cannot_link_rows_of_two_units(client, towns, django_user_model):
    root = django_user_model.objects.create_superuser("root", password=None)
    client.force_login(root)
    data = {"unit": towns.a.pk, "name": "跨单位领域", "slug": "cross", "order": 1}
    data["owner_office"] = towns.office_b.pk
    response = client.post(reverse("admin:catalogue_domain_add"), data)
    assert response.status_code == 200
    assert "属于其他发布单位" in response.content.decode()


def test_actions_act_on_the_users_units_rows_only(client, towns):
    client.force_login(towns.clerk_a)
    item_model = type(towns.in_a.item)
    client.post(
        changelist(item_model),
        {
            "action": "submit_selected",
            "_selected_action": [towns.in_a.item.pk, towns.in_b.item.pk],
        },
    )
    statuses = dict(item_model.objects.values_list("level2", "status"))
    assert statuses["甲镇事项"] == "submitted"
    assert statuses["乙镇事项"] == "draft"


# --- users, offices and the unit's identity -------------------------------------------------


def test_a_unit_administrator_lists_the_users_of_their_unit_only(client, towns, django_user_model):
    django_user_model.objects.create_superuser("root", password=None)
    client.force_login(towns.admin_a)
    page = client.get(changelist(django_user_model)).content.decode()
    assert "clerk-a" in page and "head-a" in page
    assert "clerk-b" not in page and "county-head" not in page and "root" not in page
    assert client.get(url(towns.clerk_b)).status_code == 302
    assert client.get(url(towns.clerk_a)).status_code == 200


def test_a_unit_administrator_gives_only_their_units_and_never_superuser(
    client, towns, django_user_model
):
    client.force_login(towns.admin_a)
    add = reverse("admin:auth_user_add")
    refused = client.post(
        add,
        {"username": "new-b", "usable_password": "false", "units": [towns.b.pk]},
    )
    assert refused.status_code == 200
    assert not django_user_model.objects.filter(username="new-b").exists()
    response = client.post(
        add,
        {
            "username": "new-a",
            "usable_password": "false",
            "units": [towns.a.pk],
            "is_superuser": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    new = django_user_model.objects.get(username="new-a")
    assert list(new.units.all()) == [towns.a]
    assert not new.is_superuser
    page = client.get(url(new)).content.decode()
    assert 'name="is_superuser"' not in page


def test_a_unit_administrator_edits_their_own_unit_and_no_other(client, towns):
    client.force_login(towns.admin_a)
    page = client.get(changelist(Unit)).content.decode()
    assert "甲镇" in page and "乙镇" not in page
    assert client.get(reverse("admin:units_unit_add")).status_code == 403
    assert client.get(url(towns.b)).status_code == 302
    form = client.get(url(towns.a)).content.decode()
    assert 'name="phone"' in form
    assert 'name="parent"' not in form and 'name="slug"' not in form  # the platform's to set
    assert client.post(url(towns.a, "delete"), {"post": "yes"}).status_code == 403
    assert Unit.objects.filter(pk=towns.a.pk).exists()


def test_the_county_reads_its_towns_units_and_changes_nothing(client, towns):
    client.force_login(towns.county_admin)
    page = client.get(changelist(Unit)).content.decode()
    assert "甲镇" in page and "乙镇" in page
    town_page = client.get(url(towns.a)).content.decode()
    assert "甲镇政府大院" in town_page
    assert 'name="address"' not in town_page  # read-only
    client.post(url(towns.a), {"name": "县局改名", "address": "县局改址"})
    towns.a.refresh_from_db()
    assert towns.a.name == "甲镇"
    # The rows of the towns stay theirs: the county's lists hold its own only.
    listing = client.get(changelist(type(towns.in_a.item))).content.decode()
    assert "甲镇事项" not in listing and "乙镇事项" not in listing
    assert not rights.may_change(towns.county_head, towns.in_a.item)


def test_a_town_administrator_cannot_read_the_county_unit(client, towns):
    client.force_login(towns.admin_a)
    assert client.get(url(towns.county)).status_code == 302


# --- review and audit records ---------------------------------------------------------------


def test_review_records_and_audit_entries_carry_the_objects_unit(client, towns):
    workflow.submit(towns.clerk_b, towns.in_b.item)
    workflow.submit(towns.clerk_a, towns.in_a.item)
    step_b = ReviewStep.objects.get(
        object_id=towns.in_b.item.pk, content_type__model="disclosureitem"
    )
    assert step_b.unit == towns.b
    entry = AuditEntry.objects.filter(object_id=str(towns.in_b.item.pk)).latest("when")
    assert entry.unit == towns.b
    assert audit.record(None, "login").unit is None
    client.force_login(towns.admin_a)
    steps = client.get(changelist(ReviewStep)).content.decode()
    assert "clerk-a" in steps and "clerk-b" not in steps
    log = client.get(changelist(AuditEntry)).content.decode()
    assert "甲镇事项" in log and "乙镇事项" not in log


def test_the_todo_lists_the_users_units_objects_only(towns):
    workflow.submit(towns.clerk_a, towns.in_a.item)
    workflow.submit(towns.clerk_b, towns.in_b.item)
    sections = {section.state: section for section in todo_for(towns.head_a)}
    listed = [entry.obj for entry in sections["submitted"].entries]
    assert listed == [towns.in_a.item]


def test_view_on_site_refuses_another_units_object(client, towns):
    from django.contrib.contenttypes.models import ContentType

    client.force_login(towns.head_a)
    item_type = ContentType.objects.get_for_model(type(towns.in_a.item))
    own = client.get(reverse("admin:view_on_site", args=[item_type.pk, towns.in_a.item.pk]))
    assert own.status_code == 302
    other = client.get(reverse("admin:view_on_site", args=[item_type.pk, towns.in_b.item.pk]))
    assert other.status_code == 404


def test_a_unit_administrator_deletes_no_one_who_also_works_elsewhere(client, towns):
    shared = towns.person("shared", roles.CLERK, unit=towns.a)
    towns.b.members.add(shared)
    own = towns.person("own", roles.CLERK, unit=towns.a)
    client.force_login(towns.admin_a)
    assert client.post(url(shared, "delete"), {"post": "yes"}).status_code == 403
    assert client.post(url(own, "delete"), {"post": "yes"}).status_code == 302
    assert type(own).objects.filter(username="shared").exists()
    assert not type(own).objects.filter(username="own").exists()


def test_a_row_of_another_unit_cannot_be_linked_by_its_id(client, towns):
    client.force_login(towns.admin_a)
    data = {"name": "甲镇新领域", "slug": "new-a", "order": 9, "owner_office": towns.office_b.pk}
    response = client.post(reverse("admin:catalogue_domain_add"), data)
    assert response.status_code == 200
    assert "不属于您所在的发布单位" in response.content.decode()
    client.post(reverse("admin:catalogue_domain_add"), {**data, "owner_office": towns.office_a.pk})
    domain = type(towns.in_a.domain).objects.get(slug="new-a")
    assert (domain.unit, domain.owner_office) == (towns.a, towns.office_a)


def test_the_unit_column_costs_no_query_per_row(
    client, towns, django_user_model, django_assert_max_num_queries
):
    root = django_user_model.objects.create_superuser("root", password=None)
    client.force_login(root)
    columns = changelist(type(towns.in_a.column))
    client.get(columns)
    with django_assert_max_num_queries(100) as few:
        assert "乙镇" in client.get(columns).content.decode()  # the unit column
    for n in range(8):
        make_column(unit=towns.b, name=f"乙镇新栏目{n}", owner_office=towns.office_b)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(columns)
