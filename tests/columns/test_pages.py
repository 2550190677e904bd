"""The public column pages: the whole column tree and one column with its items."""

import re

import pytest

from catalogue.models import DisclosureItem
from columns import services as column_services
from columns.models import Column
from tests.factories import make_column, make_item, make_office, make_publication

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    office = make_office(name="社会救助科")
    response = make_column(name="回应关切", number=None, owner_kind=Column.OwnerKind.ALL_OFFICES)
    active = make_column(
        name="主动回应",
        number=41,
        parent=response,
        frequency=Column.Frequency.QUARTERLY,
        owner_kind=Column.OwnerKind.ALL_OFFICES,
    )
    hot = make_column(
        name="养老服务热点回应",
        number=59,
        parent=active,
        frequency=Column.Frequency.MONTHLY,
        owner_office=office,
    )
    dibao = make_column(name="城乡低保", number=61, owner_office=office)
    return {"response": response, "active": active, "hot": hot, "dibao": dibao}


def test_column_tree_shows_every_node_with_number_frequency_owner_and_link(client, tree):
    response = client.get("/columns/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "信息发布栏目" in html
    for column in tree.values():
        assert f'href="/columns/{column.pk}/"' in html
    assert '<span class="column-number">59</span>养老服务热点回应' in html
    assert "季度更新" in html
    assert "每月更新" in html
    assert "负责：社会救助科" in html
    assert "负责：各科室" in html
    # 59 is nested under 41, which is nested under its group.
    nested = re.search(r"回应关切.*?<ul>.*?主动回应.*?<ul>.*?养老服务热点回应", html, re.S)
    assert nested


def test_column_tree_queries_do_not_grow_with_columns(client, tree, django_assert_num_queries):
    # version and its dates, the unit, nav, tree, 3 for the standings, calendar
    with django_assert_num_queries(9):
        client.get("/columns/")
    for n in range(30):
        make_column(name=f"新栏目{n}", parent=tree["hot"] if n % 2 else tree["dibao"])
    with django_assert_num_queries(9):
        response = client.get("/columns/")
    assert "新栏目29" in response.content.decode()


def test_column_page_shows_path_owner_frequency_children_and_published_items(client, tree):
    published = make_item(level1="最低生活保障", level2="审批信息", columns=[tree["hot"]])
    draft = make_item(
        level1="最低生活保障",
        level2="未发布的事项",
        columns=[tree["hot"]],
        status=DisclosureItem.Status.DRAFT,
    )
    make_item(level1="临时救助", level2="别处的事项", columns=[tree["dibao"]])
    child = make_column(name="下级栏目甲", number=90, parent=tree["hot"])

    response = client.get(f"/columns/{tree['hot'].pk}/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "<h1>养老服务热点回应</h1>" in html
    assert "回应关切 › 主动回应 › 养老服务热点回应" in html
    assert (
        f'<li><a href="/columns/{tree["response"].pk}/">回应关切</a></li>'
        f'<li><a href="/columns/{tree["active"].pk}/">主动回应</a></li>'
        '<li aria-current="page">养老服务热点回应</li>'
    ) in html
    assert "<dd>59</dd>" in html
    assert "<dd>每月更新</dd>" in html
    assert "<dd>社会救助科</dd>" in html
    assert f'href="/columns/{child.pk}/">90. 下级栏目甲</a>' in html
    assert f'href="/items/{published.pk}/">最低生活保障 / 审批信息</a>' in html
    assert "未发布的事项" not in html
    assert f"/items/{draft.pk}/" not in html
    assert "别处的事项" not in html


def test_column_page_queries_do_not_grow_with_depth_children_or_items(
    client, tree, django_assert_num_queries
):
    url = f"/columns/{tree['hot'].pk}/"
    make_publication(tree["hot"])  # a column with none skips the query for the page of them
    # version and its dates, the unit, nav, column, ancestors, children, items, 3 for standings, calendar,
    # publications count and page
    with django_assert_num_queries(14):
        client.get(url)
    for n in range(10):
        make_item(level2=f"事项{n}", columns=[tree["hot"]])
        make_column(name=f"子栏目{n}", parent=tree["hot"])
    deep = tree["hot"]
    for n in range(4):
        deep = make_column(name=f"更深{n}", parent=deep)
    make_publication(deep)
    with django_assert_num_queries(14):
        client.get(url)
    with django_assert_num_queries(14):
        response = client.get(f"/columns/{deep.pk}/")
    assert "回应关切 › 主动回应 › 养老服务热点回应 › 更深0 › 更深1 › 更深2 › 更深3" in (
        response.content.decode()
    )


def test_unknown_column_is_404(client):
    response = client.get("/columns/999999/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_a_column_served_by_the_portal_links_to_its_pages(client):
    """Columns 54–57 (依申请公开) and the like link to the pages that serve them."""
    column = make_column(name="依申请公开目录", number=55)
    response = client.get(f"/columns/{column.pk}/")
    html = response.content.decode()
    assert 'href="/yisqgk/register/"' in html and "依申请公开目录" in html
    plain = make_column(name="通知公告", number=1)
    assert "在线服务" not in client.get(f"/columns/{plain.pk}/").content.decode()


@pytest.mark.parametrize(
    ("number", "url"), [(54, "/yisqgk/"), (57, "/yisqgk/statistics/")], ids=["guide", "statistics"]
)
def test_a_column_served_by_a_built_in_page_is_not_shown_as_empty(client, number, url):
    column = make_column(name="依申请公开", number=number, frequency=Column.Frequency.YEARLY)
    html = client.get(f"/columns/{column.pk}/").content.decode()
    assert f'href="{url}"' in html
    assert "暂无信息" not in html and "暂无已发布的信息" not in html
    assert "最近更新：本站页面实时提供" in html
    assert "本栏目的内容由本站页面提供" in html


def test_the_apps_that_serve_columns_declare_them():
    served = column_services.served()
    # Each number once, by the app whose page serves it; every link resolves.
    assert {54, 55, 56, 57} <= set(served) and {5, 6, 42} <= set(served)
    assert column_services.links(57) == [("依申请公开统计", "/yisqgk/statistics/")]
    assert column_services.links(1) == []
