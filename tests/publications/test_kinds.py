"""文件类型 is suggested from the column and the 文号, and never overrides the clerk's choice."""

import pytest
from django.urls import reverse

from publications import kinds
from publications.models import Publication
from tests.factories import make_column
from tests.publications.test_publication_admin import ADD_URL, form_data

Kind = Publication.Kind


@pytest.mark.parametrize(
    ("column", "number", "expected"),
    [
        ("部门文件", "示民规〔2026〕2号", Kind.NORMATIVE),
        ("部门文件", "示民规[2026]2号", Kind.NORMATIVE),
        ("部门文件", "示民规（2026）12号", Kind.NORMATIVE),
        ("部门文件", "示民〔2026〕21号", None),
        ("规范性文件发布", "", Kind.NORMATIVE),
        ("规范性文件发布", "示民〔2026〕21号", Kind.NORMATIVE),
        ("规范性文件立改废", "示民〔2026〕3号", None),
        ("规章", "", Kind.RULE),
        ("部门文件", "示范县人民政府令第3号", Kind.RULE),
        ("政策解读", "", None),
        ("上级文件", "示市民规〔2026〕3号", Kind.OTHER),
    ],
)
def test_the_kind_is_suggested_from_the_number_then_the_column(column, number, expected):
    assert kinds.suggested(column, number)[0] == expected


@pytest.mark.django_db
def test_a_new_form_in_a_normative_column_starts_with_that_kind(staff_client):
    column = make_column(name="规范性文件发布", number=2)
    page = staff_client.get(ADD_URL, {"column": column.pk})
    assert page.context["adminform"].form.initial["document_kind"] == Kind.NORMATIVE
    assert "建议：行政规范性文件" in page.content.decode()


@pytest.mark.django_db
def test_left_to_the_portal_the_kind_follows_the_number(staff_client):
    column = make_column(name="部门文件", number=1)
    data = form_data(
        column,
        document_kind="",
        document_number="示民规〔2026〕2号",
        normative_code="SFXMZ-2026-001",
    )
    response = staff_client.post(ADD_URL, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Publication.objects.get().document_kind == Kind.NORMATIVE


def post_in_normative_column(client, kind):
    """The add form posted in 规范性文件发布 with a 规 文号, without a 统一编号."""
    column = make_column(name="规范性文件发布", number=2)
    data = form_data(column, document_kind=kind, document_number="示民规〔2026〕2号")
    return client.post(ADD_URL, data)


@pytest.mark.django_db
def test_a_normative_suggestion_without_its_code_asks_for_it(staff_client):
    response = post_in_normative_column(staff_client, "")
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["normative_code"] == ["行政规范性文件请填写统一编号。"]
    assert not Publication.objects.exists()


@pytest.mark.django_db
def test_an_explicit_choice_is_kept(staff_client):
    response = post_in_normative_column(staff_client, "other")
    assert response.status_code == 302
    publication = Publication.objects.get()
    assert publication.document_kind == Kind.OTHER
    # The change page shows the stored choice and the suggestion beside it, never in its place.
    change = staff_client.get(
        reverse("admin:publications_publication_change", args=[publication.pk])
    )
    form = change.context["adminform"].form
    assert form["document_kind"].value() == Kind.OTHER
    assert "建议：行政规范性文件" in change.content.decode()


@pytest.mark.django_db
def test_the_suggestion_escapes_what_people_typed(staff_client):
    column = make_column(name="部门文件", number=1)
    data = form_data(column, document_kind="", document_number="<b>x</b>示民规〔2026〕2号")
    page = staff_client.post(ADD_URL, data).content.decode()
    assert "<b>x</b>" not in page
