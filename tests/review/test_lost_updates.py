"""
Lost updates (versions): a save based on an outdated version is refused, race-free.

The stale-form cases run on both databases; the races run with two threads, each with its own
database connection, released together by a barrier, on PostgreSQL (SQLite runs one writer at a
time, so there is no race to lose there).
"""

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from catalogue.models import DisclosureItem
from columns.models import Column
from publications.models import Publication
from review import workflow
from review.models import ReviewStep, Revision
from tests.admin_pages import form_version, page_text, two_superusers
from tests.catalogue.test_admin import item_form_data
from tests.factories import make_column, make_item, make_office, make_publication
from tests.publications.test_publication_admin import form_data as publication_form_data
from tests.publications.test_publication_admin import management
from versions.models import StaleVersion

STALE = "保存失败：该记录已被他人修改"
KEPT = "您填写的内容仍保留在下方"
TRIES = 10

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises every write; the race needs PostgreSQL's concurrent transactions",
)


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def children():
    return {
        "children-TOTAL_FORMS": "0",
        "children-INITIAL_FORMS": "0",
        "children-MIN_NUM_FORMS": "0",
        "children-MAX_NUM_FORMS": "1000",
    }


# Each editable type: (make a row, the form as posted with `text` typed into it, field, reader).
def _item():
    return make_item(level1="临时救助", level2="办事指南", status=DisclosureItem.Status.DRAFT)


def _item_form(item, text):
    return item_form_data(
        item.domain, list(item.channels.all()), level1="临时救助", level2="办事指南", content=text
    )


def _publication():
    return make_publication(column=make_column(), status=Publication.Status.DRAFT)


def _publication_form(publication, text):
    return publication_form_data(publication.column, body=text, **management())


def _column():
    return make_column(name="低保信息")


def _column_form(column, text):
    return {
        "name": text,
        "order": "0",
        "frequency": "timely",
        "owner_kind": "office",
        "owner_office": column.owner_office_id,
        **children(),
    }


def _office():
    return make_office(name="社会救助科")


def _office_form(office, text):
    return {"name": text, "order": "0"}


KINDS = {
    "item": (_item, _item_form, "content"),
    "publication": (_publication, _publication_form, "body"),
    "column": (_column, _column_form, "name"),
    "office": (_office, _office_form, "name"),
}


def change_elsewhere(obj, field, value):
    """Another person's save, through the model as every path saves."""
    other = type(obj)._base_manager.get(pk=obj.pk)
    setattr(other, field, value)
    other.save()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_a_stale_form_is_refused_and_shown_again_with_the_typed_text(staff_client, kind):
    make, form, field = KINDS[kind]
    obj = make()
    opened = form_version(obj)
    change_elsewhere(obj, field, "别人的修改")

    response = staff_client.post(change_url(obj), {**form(obj, "我的修改"), "version": opened})

    assert response.status_code == 200
    text = page_text(response)
    assert STALE in text and KEPT in text
    assert "我的修改" in text  # what was typed is on the page again
    obj.refresh_from_db()
    assert getattr(obj, field) == "别人的修改"
    # Opened again, the same text saves.
    fresh = {**form(obj, "我的修改"), "version": form_version(obj)}
    assert staff_client.post(change_url(obj), fresh).status_code == 302
    obj.refresh_from_db()
    assert getattr(obj, field) == "我的修改"


@pytest.mark.django_db
def test_the_message_names_who_saved_the_newer_version_and_when(staff_client, django_user_model):
    item = _item()
    opened = form_version(item)
    other = django_user_model.objects.create_user("wang", first_name="王科员", is_staff=True)
    live = DisclosureItem.objects.get(pk=item.pk)
    live.content = "王科员的修改"
    live._history_user = other
    live.save()

    response = staff_client.post(change_url(item), {**_item_form(item, "x"), "version": opened})

    text = page_text(response)
    assert "由王科员保存）" in text
    record = item.history.order_by("-history_date").first()
    assert timezone.localtime(record.history_date).strftime("%Y-%m-%d %H:%M:%S时") in text


@pytest.mark.django_db
def test_a_save_of_an_outdated_instance_is_refused_by_the_model(django_user_model):
    item = _item()
    first = DisclosureItem.objects.get(pk=item.pk)
    second = DisclosureItem.objects.get(pk=item.pk)
    first.content = "先保存的"
    first.save()
    second.content = "后保存的"
    with pytest.raises(StaleVersion):
        second.save()
    item.refresh_from_db()
    assert (item.content, item.version) == ("先保存的", 2)


@pytest.mark.django_db
def test_a_draft_revision_edited_in_two_tabs_keeps_the_first_save(client, django_user_model):
    item = make_item(level1="临时救助", level2="办事指南")
    author = django_user_model.objects.create_superuser("author", password="x")
    client.force_login(author)
    workflow.save_revision(author, item, {"content": "修改稿第一版"})
    opened = form_version(item)  # both tabs open the revision at this version
    first = client.post(change_url(item), {**_item_form(item, "标签页一"), "version": opened})
    assert first.status_code == 302
    second = client.post(change_url(item), {**_item_form(item, "标签页二"), "version": opened})
    assert second.status_code == 200
    assert STALE in page_text(second)
    revision = Revision.objects.for_object(item).open().get()
    assert revision.data["content"] == "标签页一"


@pytest.mark.django_db
def test_a_review_step_on_a_page_older_than_the_object_is_refused(client, django_user_model):
    item = _item()
    head = django_user_model.objects.create_superuser("head", password="x")
    client.force_login(head)
    page = client.get(change_url(item)).content.decode()
    token = page.split('name="version" value="', 1)[1].split('"', 1)[0]
    change_elsewhere(item, "content", "提交前又改了")

    review = reverse("admin:catalogue_disclosureitem_review", args=[item.pk])
    response = client.post(review, {"action": "submit", "version": token}, follow=True)

    assert "提交审核未执行" in page_text(response)
    assert "已被他人修改或办理" in page_text(response)
    item.refresh_from_db()
    assert item.status == DisclosureItem.Status.DRAFT
    # With the current page, the step is taken.
    token = workflow.version_token(DisclosureItem.objects.get(pk=item.pk))
    client.post(review, {"action": "submit", "version": token})
    item.refresh_from_db()
    assert item.status == DisclosureItem.Status.SUBMITTED


# --- real races on PostgreSQL -------------------------------------------------------------


def race(*jobs):
    """Run the jobs at the same instant, each in a thread with its own connection."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)
    errors = []

    def run(index, job):
        try:
            barrier.wait()
            results[index] = job()
        except Exception as error:  # collected, so a failure shows instead of a hang
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n, job)) for n, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return results


@postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", ["item", "publication", "column"])
def test_two_staff_saving_the_same_version_at_once_one_wins(kind, django_user_model):
    make, form, field = KINDS[kind]
    obj = make()
    clients = two_superusers(django_user_model)

    for attempt in range(TRIES):
        opened = form_version(obj)

        def save(client, text, opened=opened):
            response = client.post(change_url(obj), {**form(obj, text), "version": opened})
            return response.status_code, page_text(response) if response.status_code == 200 else ""

        texts = (f"张的第{attempt}次修改", f"李的第{attempt}次修改")
        outcomes = race(*(lambda c=c, t=t: save(c, t) for c, t in zip(clients, texts, strict=True)))

        codes = sorted(code for code, _ in outcomes)
        assert codes == [200, 302], (attempt, outcomes)
        loser = next(text for code, text in outcomes if code == 200)
        assert STALE in loser and KEPT in loser
        winner = texts[[code for code, _ in outcomes].index(302)]
        obj.refresh_from_db()
        assert getattr(obj, field) == winner
    assert obj.version == TRIES + 1  # one version per save that happened, none lost


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_connections_saving_one_version_at_once_one_is_refused():
    column = make_column(name="低保信息")
    for attempt in range(TRIES):
        rows = [Column.objects.get(pk=column.pk) for _ in range(2)]  # both at one version

        def save(row, text):
            row.name = text
            try:
                row.save()
            except StaleVersion:
                return "refused"
            return "saved"

        outcomes = race(*(lambda r=r, t=t: save(r, t) for r, t in zip(rows, "甲乙", strict=True)))

        assert sorted(outcomes) == ["refused", "saved"], (attempt, outcomes)
        column.refresh_from_db()
        assert column.name == "甲乙"[outcomes.index("saved")]
    assert column.version == TRIES + 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_reviewers_pressing_the_same_step_at_once_one_wins(django_user_model):
    clerk = django_user_model.objects.create_superuser("clerk", password="x")
    heads = [django_user_model.objects.create_superuser(n, password="x") for n in ("h1", "h2")]
    clients = []
    for head in heads:
        client = Client()
        client.force_login(head)
        clients.append(client)
    for attempt in range(TRIES):
        item = make_item(level2=f"办事指南{attempt}", status=DisclosureItem.Status.DRAFT)
        workflow.submit(clerk, item)
        token = workflow.version_token(DisclosureItem.objects.get(pk=item.pk))
        review = reverse("admin:catalogue_disclosureitem_review", args=[item.pk])

        def press(client, review=review, token=token):
            return client.post(review, {"action": "check", "version": token}).status_code

        assert race(*(lambda c=c: press(c) for c in clients)) == [302, 302]

        # The messages, one client at a time (the test client's context is not per thread).
        texts = [page_text(client.get(change_url(item))) for client in clients]
        assert sum("已审核通过，当前状态：已审核" in text for text in texts) == 1, attempt
        assert sum("审核通过未执行" in text for text in texts) == 1, attempt
        assert ReviewStep.objects.filter(object_id=item.pk, action="check").count() == 1
        item.refresh_from_db()
        assert item.status == DisclosureItem.Status.CHECKED
