"""Features file their documents as draft publications through one function."""

import pytest

from disclosure import filing
from publications.models import Publication
from tests.content_units import make_town
from tests.factories import make_column, make_office
from units.models import Unit

pytestmark = pytest.mark.django_db


def test_a_missing_column_is_named():
    with pytest.raises(filing.NotFiled, match="没有序号为 53 的“公开年报”栏目"):
        filing.numbered_column(53, "公开年报", Unit.objects.home())


def test_a_unit_files_in_its_own_column_only():
    make_column(number=53, name="公开年报")
    with pytest.raises(filing.NotFiled, match="没有序号为 53 的“公开年报”栏目"):
        filing.numbered_column(53, "公开年报", make_town())


def test_the_number_names_the_units_own_column():
    county_column = make_column(number=53, name="公开年报")
    town = make_town()
    with pytest.raises(filing.NotFiled, match="没有序号为 53"):
        filing.numbered_column(53, "公开年报", unit=town)
    town_column = make_column(
        unit=town, number=53, name="公开年报", owner_office=make_office(unit=town)
    )
    assert filing.numbered_column(53, "公开年报", unit=town) == town_column
    assert filing.numbered_column(53, "公开年报", unit=county_column.unit) == county_column


def test_a_draft_is_created_refreshed_with_one_attachment_and_left_alone_once_reviewed():
    column = make_column(number=53, name="公开年报")
    assert filing.numbered_column(53, "公开年报", Unit.objects.home()) == column
    draft = filing.file_draft(
        None, column=column, title="报告", body="一", attachment=("a.docx", b"1")
    )
    assert (draft.status, draft.title) == (Publication.Status.DRAFT, "报告")
    again = filing.file_draft(draft, column=column, body="二", attachment=("b.docx", b"2"))
    assert again.pk == draft.pk and again.body == "二" and again.title == "报告"
    assert [a.title for a in again.attachments.all()] == ["b.docx"]
    Publication.objects.filter(pk=draft.pk).update(status=Publication.Status.SUBMITTED)
    draft.refresh_from_db()
    with pytest.raises(filing.NotFiled, match="已在审核中或已发布"):
        filing.file_draft(draft, column=column, body="三")
