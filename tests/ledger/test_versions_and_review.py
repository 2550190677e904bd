"""
The ledger's editable models are versioned (a stale form is refused), and a published
requirement changes only through the review: its edit is a revision, the page keeps the
published text until the revision is approved and published.
"""

import json

import pytest
from django.test import Client
from django.urls import reverse

from ledger.models import Ledger, OfficeName, Requirement
from offices.models import Office
from review import workflow
from review.models import Revision
from tests.admin_pages import form_version, page_text, two_superusers
from tests.ledger.helpers import make_ledger, task_url
from tests.review.test_lost_updates import KEPT, STALE, TRIES, postgres_only, race

pytestmark = pytest.mark.django_db


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def requirement_form(requirement, text):
    return {
        "ledger": requirement.ledger_id,
        "task": requirement.task_id,
        "subtask": "",
        "number": requirement.number,
        "text": text,
        "lead_names": json.dumps(requirement.lead_names, ensure_ascii=False),
        "support_names": json.dumps(requirement.support_names, ensure_ascii=False),
        "guide_names": "[]",
        "deadline_text": requirement.deadline_text,
        "order": requirement.order,
    }


def ledger_form(ledger, text):
    tasks = list(ledger.tasks.all())
    data = {
        "year": ledger.year,
        "title": text,
        "document_number": ledger.document_number,
        "issued_on": "",
        "owner_office": "",
        "column": ledger.column_id or "",
        "tasks-TOTAL_FORMS": str(len(tasks)),
        "tasks-INITIAL_FORMS": str(len(tasks)),
        "tasks-MIN_NUM_FORMS": "0",
        "tasks-MAX_NUM_FORMS": "1000",
    }
    for n, task in enumerate(tasks):
        data.update(
            {
                f"tasks-{n}-id": task.pk,
                f"tasks-{n}-ledger": ledger.pk,
                f"tasks-{n}-title": task.title,
                f"tasks-{n}-parent": "",
                f"tasks-{n}-order": task.order,
                # Each row checks its own version (versions.admin.VersionedInlineMixin).
                f"tasks-{n}-version": task.version,
            }
        )
    return data


def officename_form(row, text):
    return {"name": text, "office": "", "not_an_office": ""}


def _requirement():
    _, (requirement,) = make_ledger(2026, [{"text": "原来的要求"}])
    return requirement


def _ledger():
    ledger, _ = make_ledger(2026, [{}])
    return ledger


def _officename():
    return OfficeName.objects.create(name="省养老服务发展中心")


KINDS = {
    "requirement": (_requirement, requirement_form, "text"),
    "ledger": (_ledger, ledger_form, "title"),
    "officename": (_officename, officename_form, "name"),
}


@pytest.mark.parametrize("kind", KINDS)
def test_a_stale_ledger_form_is_refused_with_the_typed_text_kept(admin_client, kind):
    make, form, field = KINDS[kind]
    obj = make()
    opened = form_version(obj)
    other = type(obj).objects.get(pk=obj.pk)
    setattr(other, field, "别人的修改")
    other.save()

    response = admin_client.post(change_url(obj), {**form(obj, "我的修改"), "version": opened})

    assert response.status_code == 200
    text = page_text(response)
    assert STALE in text and KEPT in text and "我的修改" in text
    obj.refresh_from_db()
    assert getattr(obj, field) == "别人的修改"
    fresh = {**form(obj, "我的修改"), "version": form_version(obj)}
    assert admin_client.post(change_url(obj), fresh).status_code == 302
    obj.refresh_from_db()
    assert getattr(obj, field) == "我的修改"


@postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", KINDS)
def test_two_staff_saving_one_ledger_version_at_once_one_wins(kind, django_user_model):
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
        assert sorted(code for code, _ in outcomes) == [200, 302], (attempt, outcomes)
        loser = next(text for code, text in outcomes if code == 200)
        assert STALE in loser
        obj.refresh_from_db()
        assert getattr(obj, field) == texts[[code for code, _ in outcomes].index(302)]


def test_an_edit_of_a_published_requirement_waits_for_the_review(client, django_user_model):
    Office.objects.create(name="办公室")
    _, (requirement,) = make_ledger(2026, [{"text": "已发布的要求"}], is_public=True)
    requirement.refresh_from_db()
    assert requirement.status == Requirement.Status.PUBLISHED
    head = django_user_model.objects.create_superuser("head", password="x")
    staff = Client()
    staff.force_login(head)
    page = task_url(requirement)

    response = staff.post(
        change_url(requirement),
        {**requirement_form(requirement, "未经审核的修改"), "version": form_version(requirement)},
        follow=True,
    )
    assert "已保存为修改稿" in page_text(response)
    requirement.refresh_from_db()
    assert requirement.text == "已发布的要求"
    revision = Revision.objects.for_object(requirement).open().get()
    assert revision.data["text"] == "未经审核的修改"
    assert "已发布的要求" in client.get(page).content.decode()
    assert "未经审核的修改" not in client.get(page).content.decode()

    for step in (workflow.submit, workflow.check, workflow.approve):
        step(head, requirement)
        assert "未经审核的修改" not in client.get(page).content.decode()
    workflow.publish(head, requirement)
    shown = client.get(page).content.decode()
    assert "未经审核的修改" in shown and "已发布的要求" not in shown


def test_a_requirement_added_to_a_public_ledger_is_hidden_until_reviewed(client, admin_user):
    Office.objects.create(name="办公室")
    ledger, (first,) = make_ledger(2026, [{"text": "已发布的要求"}], is_public=True)
    added = Requirement.objects.create(
        ledger=ledger, task=first.task, number="2", text="后来加的要求", order=2
    )
    page = task_url(first)
    assert "后来加的要求" not in client.get(page).content.decode()
    for step in (workflow.submit, workflow.check, workflow.approve, workflow.publish):
        step(admin_user, added)
    assert "后来加的要求" in client.get(page).content.decode()


def test_filing_the_ledger_publishes_its_requirements_with_it():
    ledger, (requirement,) = make_ledger(2026, [{}])
    assert requirement.status == Requirement.Status.DRAFT
    assert not Ledger.objects.get(pk=ledger.pk).is_public
