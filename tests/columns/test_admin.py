import pytest
from django.urls import reverse

from columns.models import Column
from offices.models import Office
from tests.factories import make_column

pytestmark = pytest.mark.django_db


def test_column_changelist_and_search(staff_client):
    make_column(name="城乡低保", number=61)
    response = staff_client.get(reverse("admin:columns_column_changelist"), {"q": "低保"})
    assert response.status_code == 200
    assert "城乡低保" in response.content.decode()


def test_add_column_with_a_collective_owner(staff_client):
    parent = make_column(name="回应关切", number=None, frequency="")
    data = {
        "number": 41,
        "name": "主动回应",
        "parent": parent.pk,
        "order": 41,
        "frequency": "timely",
        "owner_kind": "related",
        "owner_office": "",
        "children-TOTAL_FORMS": 0,
        "children-INITIAL_FORMS": 0,
    }
    response = staff_client.post(reverse("admin:columns_column_add"), data)
    assert response.status_code == 302
    column = Column.objects.get(number=41)
    assert column.owner_label == "各相关科室"
    assert column.parent == parent


def test_office_owner_requires_an_office(staff_client):
    data = {
        "number": 61,
        "name": "城乡低保",
        "order": 61,
        "frequency": "timely",
        "owner_kind": "office",
        "owner_office": "",
        "children-TOTAL_FORMS": 0,
        "children-INITIAL_FORMS": 0,
    }
    response = staff_client.post(reverse("admin:columns_column_add"), data)
    assert response.status_code == 200
    assert "请选择负责科室" in response.content.decode()
    office = Office.objects.create(name="社会救助科")
    data["owner_office"] = office.pk
    assert staff_client.post(reverse("admin:columns_column_add"), data).status_code == 302


def test_column_cannot_be_its_own_ancestor():
    root = make_column(name="重点领域信息公开")
    child = make_column(name="社会救助与社会福利", parent=root)
    root.parent = child
    with pytest.raises(Exception, match="上级栏目不能是本栏目或其下级栏目"):
        root.full_clean()


def test_tree_is_built_from_one_query(django_assert_num_queries):
    root = make_column(name="重点领域信息公开", number=None)
    middle = make_column(name="社会救助与社会福利", number=None, parent=root)
    for n in range(61, 64):
        make_column(name=f"栏目{n}", number=n, parent=middle)
    with django_assert_num_queries(1):
        roots = Column.objects.tree()
    assert [r.name for r in roots] == ["重点领域信息公开"]
    assert [c.number for c in roots[0].tree_children[0].tree_children] == [61, 62, 63]


def test_column_changelist_links_the_table_export(staff_client):
    make_column(name="城乡低保", number=61)
    page = staff_client.get(reverse("admin:columns_column_changelist")).content.decode()
    url = reverse("admin:columns_column_export", args=["xlsx"])
    assert url in page
    assert staff_client.get(url).status_code == 200
