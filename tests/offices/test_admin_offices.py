"""
The admin keeps a clerk to their own office's items, columns and publications: lists, change,
delete and history pages, add forms, list actions, review buttons and autocompletes.
"""

import json

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalogue.models import DisclosureItem
from columns.models import Column
from publications.models import Publication
from tests.admin_pages import form_version, page_text
from tests.catalogue.test_admin import item_form_data
from tests.factories import make_channels, make_column, make_item, make_publication
from tests.offices.conftest import admin_url, changelist_url, grant, signed_in
from tests.publications.test_publication_admin import form_data as publication_form_data

pytestmark = pytest.mark.django_db

DOES_NOT_EXIST = "不存在"


def objects(world, office):
    return [getattr(world, f"{kind}_{office}") for kind in ("item", "column", "pub")]


def listed(response):
    return set(response.context["cl"].result_list)


def refused(response):
    """The admin's answer to an object outside the user's scope: back with "does not exist"."""
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    return response.status_code == 302 and any(DOES_NOT_EXIST in m for m in messages)


def test_the_lists_hold_only_the_own_offices_rows(client, world):
    clerk = signed_in(client, world.clerk_a)
    items = listed(clerk.get(changelist_url(DisclosureItem)))
    assert items == {world.item_a}
    assert listed(clerk.get(changelist_url(Column))) == {world.column_a, world.shared}
    assert listed(clerk.get(changelist_url(Publication))) == {world.pub_a}


def test_the_head_lists_every_office(client, world):
    head = signed_in(client, world.head)
    assert listed(head.get(changelist_url(DisclosureItem))) == {world.item_a, world.item_b}
    assert listed(head.get(changelist_url(Publication))) == {world.pub_a, world.pub_b}
    assert {world.column_a, world.column_b} <= listed(head.get(changelist_url(Column)))


@pytest.mark.parametrize("view", ["change", "delete"])
def test_another_offices_object_does_not_exist_for_a_clerk(client, world, view):
    extra = ("change_column", "delete_disclosureitem", "delete_column", "delete_publication")
    clerk = signed_in(client, grant(world.clerk_a, *extra))
    for obj in objects(world, "b"):
        assert refused(clerk.get(admin_url(obj, view))), (obj, view)


def test_another_offices_history_is_refused(client, world):
    # The history view falls back to the stored versions of an object it cannot find (so that
    # a deleted object's history can be read), then asks the object's view permission.
    clerk = signed_in(client, world.clerk_a)
    for obj in objects(world, "b"):
        response = clerk.get(admin_url(obj, "history"))
        assert response.status_code == 403 or refused(response), obj
        assert "乙科室" not in response.content.decode()
    for obj in objects(world, "a"):
        assert clerk.get(admin_url(obj, "history")).status_code == 200


def test_a_forged_change_post_changes_nothing(client, world):
    make_channels()
    clerk = signed_in(client, grant(world.clerk_a, "change_column"))
    channels = list(world.item_b.channels.all())
    data = item_form_data(world.domain_b, channels, level2="被改了")
    assert refused(clerk.post(admin_url(world.item_b), data))
    column_data = {"name": "被改了", "order": "0", "frequency": "timely", **_no_children()}
    assert refused(clerk.post(admin_url(world.column_b), column_data))
    assert refused(clerk.post(admin_url(world.pub_b), publication_form_data(world.column_b)))
    world.item_b.refresh_from_db()
    world.column_b.refresh_from_db()
    world.pub_b.refresh_from_db()
    assert world.item_b.level2 == "乙科室事项"
    assert world.column_b.name == "养老机构"
    assert world.pub_b.title == "乙科室信息"


def test_a_forged_delete_post_deletes_nothing(client, world):
    clerk = signed_in(
        client,
        grant(world.clerk_a, "delete_disclosureitem", "delete_column", "delete_publication"),
    )
    for obj in objects(world, "b"):
        assert refused(clerk.post(admin_url(obj, "delete"), {"post": "yes"}))
        assert type(obj).objects.filter(pk=obj.pk).exists()


def test_a_clerk_works_on_the_own_offices_objects(client, world):
    clerk = signed_in(
        client,
        grant(world.clerk_a, "change_column", "delete_disclosureitem", "delete_publication"),
    )
    for obj in objects(world, "a"):
        for view in ("change", "history"):
            assert clerk.get(admin_url(obj, view)).status_code == 200, (obj, view)
    make_channels()
    channels = list(world.item_a.channels.all())
    response = clerk.post(
        admin_url(world.item_a),
        {**item_form_data(world.domain_a, channels, level2="改过"), "version": _version(world)},
    )
    assert response.status_code == 302, page_text(response)
    world.item_a.refresh_from_db()
    assert world.item_a.level2 == "改过"
    assert clerk.post(admin_url(world.pub_a, "delete"), {"post": "yes"}).status_code == 302
    assert not Publication.objects.filter(pk=world.pub_a.pk).exists()


def test_the_head_opens_every_offices_objects(client, world):
    head = signed_in(client, world.head)
    for obj in objects(world, "b"):
        assert head.get(admin_url(obj)).status_code == 200
    # The head keeps the columns: the owner and the assigned offices are form fields.
    page = head.get(admin_url(world.shared)).content.decode()
    assert 'name="assigned_offices"' in page and 'name="owner_office"' in page


def test_a_collective_column_is_kept_by_the_assigned_office_only(client, world):
    column_data = {
        "name": "政策解读（甲科室维护）",
        "order": "0",
        "frequency": "monthly",
        **_no_children(),
    }
    clerk_b = signed_in(client, grant(world.clerk_b, "change_column"))
    assert refused(clerk_b.get(admin_url(world.shared)))
    assert refused(clerk_b.post(admin_url(world.shared), column_data))
    world.shared.refresh_from_db()
    assert world.shared.name == "政策解读"

    clerk_a = signed_in(client, grant(world.clerk_a, "change_column"))
    page = clerk_a.get(admin_url(world.shared)).content.decode()
    # Only the head sets the owner and assigns offices: shown, not editable.
    assert 'name="owner_kind"' not in page and 'name="assigned_offices"' not in page
    assert "社会救助科" in page
    column_data["version"] = form_version(world.shared)
    response = clerk_a.post(admin_url(world.shared), column_data)
    assert response.status_code == 302, page_text(response)
    world.shared.refresh_from_db()
    assert world.shared.name == "政策解读（甲科室维护）"
    assert world.shared.owner_kind == Column.OwnerKind.ALL_OFFICES
    assert list(world.shared.assigned_offices.all()) == [world.office_a]


def test_a_clerk_cannot_reassign_offices_by_a_forged_post(client, world):
    clerk = signed_in(client, grant(world.clerk_a, "change_column"))
    data = {
        "name": "低保信息",
        "order": "0",
        "frequency": "timely",
        "owner_kind": "office",
        "owner_office": world.office_b.pk,
        "assigned_offices": [world.office_b.pk],
        "version": form_version(world.column_a),
        **_no_children(),
    }
    assert clerk.post(admin_url(world.column_a), data).status_code == 302
    world.column_a.refresh_from_db()
    assert world.column_a.owner_office == world.office_a
    assert not world.column_a.assigned_offices.exists()


def test_a_new_item_goes_only_into_an_own_domain(client, world):
    channels = list(make_channels().values())[:1]
    clerk = signed_in(client, world.clerk_a)
    form = clerk.get(reverse("admin:catalogue_disclosureitem_add")).context["adminform"].form
    assert list(form.fields["domain"].queryset) == [world.domain_a]
    url = reverse("admin:catalogue_disclosureitem_add")
    response = clerk.post(url, item_form_data(world.domain_b, channels, level2="越权新增"))
    assert response.status_code == 200
    assert "domain" in response.context["adminform"].form.errors
    assert "越权新增" in page_text(response)  # what was typed is kept
    assert not DisclosureItem.objects.filter(level2="越权新增").exists()
    response = clerk.post(url, item_form_data(world.domain_a, channels, level2="本科室新增"))
    assert response.status_code == 302
    assert DisclosureItem.objects.get(level2="本科室新增").status == "draft"


def test_a_new_publication_goes_only_into_an_own_column(client, world):
    clerk = signed_in(client, world.clerk_a)
    url = reverse("admin:publications_publication_add")
    form = clerk.get(url).context["adminform"].form
    assert set(form.fields["column"].queryset) == {world.column_a, world.shared}
    response = clerk.post(url, publication_form_data(world.column_b, title="越权信息"))
    assert response.status_code == 200
    assert "column" in response.context["adminform"].form.errors
    assert not Publication.objects.filter(title="越权信息").exists()
    response = clerk.post(url, publication_form_data(world.shared, title="集体栏目的信息"))
    assert response.status_code == 302, page_text(response)
    assert Publication.objects.get(title="集体栏目的信息").column == world.shared
    # Office B's clerk may not publish into the column assigned to office A.
    clerk_b = signed_in(client, world.clerk_b)
    response = clerk_b.post(url, publication_form_data(world.shared, title="乙科室越权"))
    assert "column" in response.context["adminform"].form.errors


def test_a_successor_may_be_any_published_publication(client, world):
    world.pub_b.status = "published"
    world.pub_b.save()
    clerk = signed_in(client, world.clerk_a)
    data = publication_form_data(
        world.column_a, title="新通知", validity="superseded", superseded_by=world.pub_b.pk
    )
    response = clerk.post(reverse("admin:publications_publication_add"), data)
    assert response.status_code == 302, page_text(response)
    assert Publication.objects.get(title="新通知").superseded_by == world.pub_b


def autocomplete(client, field, model="publication", app="publications", term=""):
    params = {"app_label": app, "model_name": model, "field_name": field, "term": term}
    response = client.get(reverse("admin:autocomplete"), params)
    assert response.status_code == 200
    return {row["text"] for row in json.loads(response.content)["results"]}


def test_the_column_search_of_a_clerks_forms_offers_own_columns_only(client, world):
    clerk = signed_in(client, world.clerk_a)
    own = {str(world.column_a), str(world.shared)}
    assert autocomplete(clerk, "column") == own
    assert autocomplete(clerk, "columns", model="disclosureitem", app="catalogue") == own
    assert autocomplete(clerk, "column", term="养老") == set()
    head = signed_in(client, world.head)
    assert str(world.column_b) in autocomplete(head, "column")


def test_the_successor_search_offers_published_publications_of_every_office(client, world):
    world.pub_b.status = "published"
    world.pub_b.save()
    clerk = signed_in(client, world.clerk_a)
    assert autocomplete(clerk, "superseded_by") == {str(world.pub_a), str(world.pub_b)}
    # Office B's draft stays out of it.
    world.pub_b.status = "draft"
    world.pub_b.save()
    assert autocomplete(clerk, "superseded_by") == {str(world.pub_a)}


def test_list_actions_act_on_the_own_rows_of_a_forged_selection(client, world):
    clerk = signed_in(client, grant(world.clerk_a, "delete_publication"))
    for model, own, other in (
        (DisclosureItem, world.item_a, world.item_b),
        (Publication, world.pub_a, world.pub_b),
    ):
        data = {"action": "submit_selected", "_selected_action": [own.pk, other.pk]}
        assert clerk.post(changelist_url(model), data).status_code == 302
        own.refresh_from_db()
        other.refresh_from_db()
        assert (own.status, other.status) == ("submitted", "draft")
    data = {"action": "delete_selected", "_selected_action": [world.pub_b.pk], "post": "yes"}
    clerk.post(changelist_url(Publication), data)
    assert Publication.objects.filter(pk=world.pub_b.pk).exists()


def test_exports_from_the_item_list_hold_own_rows_only(client, world):
    clerk = signed_in(client, world.clerk_a)
    data = {"action": "export_items_csv", "_selected_action": [world.item_a.pk, world.item_b.pk]}
    response = clerk.post(changelist_url(DisclosureItem), data)
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "甲科室事项" in text and "乙科室事项" not in text


def test_a_domains_whole_catalogue_export_stays_open_to_staff(client, world):
    # Reading is not restricted by office: the domain export is the catalogue staff hand out.
    clerk = signed_in(client, world.clerk_a)
    url = reverse("admin:catalogue_domain_export", args=[world.domain_b.pk, "csv"])
    response = clerk.get(url)
    assert response.status_code == 200
    assert "乙科室事项" in response.content.decode("utf-8-sig")


def test_review_buttons_on_another_offices_object_do_nothing(client, world):
    clerk = signed_in(client, world.clerk_a)
    for obj in (world.item_b, world.pub_b):
        response = clerk.post(admin_url(obj, "review"), {"action": "submit"})
        assert refused(response)
        obj.refresh_from_db()
        assert obj.status == "draft"
    response = clerk.post(admin_url(world.item_a, "review"), {"action": "submit"})
    world.item_a.refresh_from_db()
    assert world.item_a.status == "submitted"


def test_the_todo_list_holds_the_own_offices_drafts(client, world):
    clerk = signed_in(client, world.clerk_a)
    page = page_text(clerk.get(reverse("review:todo")))
    assert "甲科室事项" in page and "甲科室信息" in page
    assert "乙科室事项" not in page and "乙科室信息" not in page


def test_a_clerk_without_an_office_sees_nothing_to_change_and_why(client, world):
    clerk = signed_in(client, world.clerk_none)
    for model in (DisclosureItem, Column, Publication):
        response = clerk.get(changelist_url(model))
        assert response.status_code == 200
        assert listed(response) == set()
        assert "您尚未分配科室，请联系公开办负责人。" in page_text(response)
    assert clerk.get(reverse("admin:catalogue_disclosureitem_add")).status_code == 403
    assert clerk.get(reverse("admin:publications_publication_add")).status_code == 403
    assert refused(clerk.get(admin_url(world.item_a)))
    assert "您尚未分配科室" not in page_text(
        signed_in(client, world.clerk_a).get(changelist_url(Column))
    )


def test_the_lists_queries_do_not_grow_with_rows(client, world, django_assert_max_num_queries):
    clerk = signed_in(client, world.clerk_a)
    urls = (changelist_url(Publication), changelist_url(DisclosureItem), changelist_url(Column))
    counts = {}
    for url in urls:
        clerk.get(url)
        with CaptureQueriesContext(connection) as first:
            clerk.get(url)
        counts[url] = len(first)
    for n in range(6):
        make_item(domain=world.domain_a, level2=f"多{n}", status="draft")
        make_publication(column=world.column_a, status="draft")
        make_column(name=f"多{n}", owner_office=world.office_a)
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            clerk.get(url)


def _no_children():
    return {
        "children-TOTAL_FORMS": "0",
        "children-INITIAL_FORMS": "0",
        "children-MIN_NUM_FORMS": "0",
        "children-MAX_NUM_FORMS": "1000",
    }


def _version(world):
    return form_version(world.item_a)


def test_a_clerk_adds_columns_of_the_own_office_only(client, world):
    clerk = signed_in(client, grant(world.clerk_a, "add_column"))
    url = reverse("admin:columns_column_add")
    form = clerk.get(url).context["adminform"].form
    assert list(form.fields["owner_office"].queryset) == [world.office_a]
    assert [value for value, _ in form.fields["owner_kind"].choices] == ["office"]
    assert "assigned_offices" not in form.fields
    data = {"name": "新栏目", "order": "0", "frequency": "timely", **_no_children()}
    response = clerk.post(url, {**data, "owner_kind": "all"})
    assert "owner_kind" in response.context["adminform"].form.errors
    response = clerk.post(url, {**data, "owner_kind": "office", "owner_office": world.office_b.pk})
    assert "owner_office" in response.context["adminform"].form.errors
    assert not Column.objects.filter(name="新栏目").exists()
    response = clerk.post(url, {**data, "owner_kind": "office", "owner_office": world.office_a.pk})
    assert response.status_code == 302, page_text(response)
    assert Column.objects.get(name="新栏目").owner_office == world.office_a


# --- links to another office's objects by a forged post -------------------------------------

NOT_OWN = "不属于您所在的科室"


def test_an_item_cannot_be_linked_to_another_offices_column_by_its_id(client, world):
    clerk = signed_in(client, world.clerk_a)
    channels = list(world.item_a.channels.all())
    data = item_form_data(world.domain_a, channels, level2="甲科室事项", version=_version(world))
    # The autocomplete offers only the clerk's columns; the id of office B's is posted anyway.
    response = clerk.post(
        admin_url(world.item_a), {**data, "columns": [world.column_a.pk, world.column_b.pk]}
    )
    assert response.status_code == 200
    text = page_text(response)
    assert NOT_OWN in text
    assert list(world.item_a.columns.all()) == [world.column_a]
    # Own and assigned columns are fine.
    data["columns"] = [world.column_a.pk, world.shared.pk]
    assert clerk.post(admin_url(world.item_a), data).status_code == 302
    assert set(world.item_a.columns.all()) == {world.column_a, world.shared}


def test_a_link_the_head_made_to_another_offices_column_stays_through_a_clerks_save(client, world):
    world.item_a.columns.add(world.column_b)  # the head linked it
    clerk = signed_in(client, world.clerk_a)
    data = item_form_data(
        world.domain_a,
        list(world.item_a.channels.all()),
        level2="改过",
        columns=[world.column_a.pk, world.column_b.pk],
        version=_version(world),
    )
    assert clerk.post(admin_url(world.item_a), data).status_code == 302
    assert set(world.item_a.columns.all()) == {world.column_a, world.column_b}


def test_a_publication_cannot_be_moved_into_another_offices_column(client, world):
    clerk = signed_in(client, world.clerk_a)
    data = publication_form_data(
        world.column_b, title="甲科室信息", version=form_version(world.pub_a), **_no_inlines()
    )
    response = clerk.post(admin_url(world.pub_a), data)
    assert response.status_code == 200
    assert NOT_OWN in page_text(response)
    world.pub_a.refresh_from_db()
    assert world.pub_a.column == world.column_a


def test_a_column_cannot_be_put_under_another_offices_column(client, world):
    clerk = signed_in(client, grant(world.clerk_a, "change_column"))
    data = {
        "name": "低保信息",
        "order": "0",
        "frequency": "timely",
        "parent": world.column_b.pk,
        "version": form_version(world.column_a),
        **_no_children(),
    }
    response = clerk.post(admin_url(world.column_a), data)
    assert response.status_code == 200
    assert NOT_OWN in page_text(response)
    world.column_a.refresh_from_db()
    assert world.column_a.parent is None


def test_the_head_links_any_offices_column(client, world):
    head = signed_in(client, grant(world.head, "change_disclosureitem"))
    data = item_form_data(
        world.domain_a,
        list(world.item_a.channels.all()),
        level2="甲科室事项",
        columns=[world.column_b.pk],
        version=_version(world),
    )
    assert head.post(admin_url(world.item_a), data).status_code == 302
    assert list(world.item_a.columns.all()) == [world.column_b]


def _no_inlines():
    return {
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
    }
