"""The staff page /admin/selfcheck/: access, summary, grouping, office filter, queries."""

import pytest
from django.urls import reverse

from columns.models import Column
from tests.admin_pages import page_text
from tests.factories import make_column, make_item, make_office

pytestmark = pytest.mark.django_db
URL = "/admin/selfcheck/"


def test_the_page_has_its_names():
    assert reverse("selfcheck:report") == URL
    assert reverse("selfcheck:export") == URL + "export.xlsx"


def test_anonymous_visitors_are_sent_to_the_admin_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert client.get(reverse("selfcheck:export")).status_code == 302


def test_logged_in_non_staff_users_are_sent_to_the_login(client, django_user_model):
    user = django_user_model.objects.create_user("citizen", password="pw-居民-2026")
    client.force_login(user)
    assert client.get(URL).status_code == 302


def test_a_clean_portal_says_so(staff_client, next_year_entered):
    response = staff_client.get(URL)
    assert response.status_code == 200
    text = page_text(response)
    assert "未发现问题。" in text
    assert '<th scope="row">合计</th><td>0</td>' in text


def test_problems_are_grouped_by_office_with_counts_and_links(staff_client, next_year_entered):
    relief = make_office(name="社会救助科", order=1)
    care = make_office(name="养老服务科", order=2)
    first = make_column(name="低保公示", frequency=Column.Frequency.MONTHLY, owner_office=relief)
    make_column(name="特困公示", frequency=Column.Frequency.MONTHLY, owner_office=relief)
    make_column(name="养老机构名录", frequency=Column.Frequency.MONTHLY, owner_office=care)
    make_item(level1="临时救助", level2="办事指南")
    response = staff_client.get(URL)
    assert response.status_code == 200
    text = page_text(response)
    # The admin's look: its header and breadcrumbs.
    assert "政务公开目录管理" in text
    assert 'class="breadcrumbs"' in text
    assert "<h1>政务公开自查问题清单</h1>" in text
    # Summary per rule and total.
    assert '?rule=column_empty">栏目无信息</a></th><td>3</td>' in text
    assert '?rule=item_no_column">事项未关联栏目</a></th><td>1</td>' in text
    assert '<th scope="row">下一年节假日安排待录入</th><td>0</td>' in text
    assert '<th scope="row">合计</th><td>4</td>' in text
    # Groups in office order, each heading with its count.
    relief_at = text.index("社会救助科（2 个问题）")
    care_at = text.index("养老服务科（1 个问题）")
    unassigned_at = text.index("未指定科室（1 个问题）")
    assert relief_at < care_at < unassigned_at
    fix = reverse("admin:columns_column_change", args=[first.pk])
    assert f'href="{fix}">去修改' in text
    assert f'href="{first.get_absolute_url()}">查看' in text
    assert "未发现问题" not in text


def test_the_filter_is_a_labelled_select_of_offices_and_keeps_the_choice(staff_client):
    relief = make_office(name="社会救助科")
    make_column(name="低保公示", frequency=Column.Frequency.MONTHLY, owner_office=relief)
    make_column(name="别人的栏目", frequency=Column.Frequency.MONTHLY)
    response = staff_client.get(URL, {"office": "社会救助科"})
    text = page_text(response)
    assert '<label for="selfcheck-office">责任科室</label>' in text
    assert '<option value="">全部</option>' in text
    assert '<option value="社会救助科" selected>社会救助科</option>' in text
    assert "低保公示" in text and "别人的栏目" not in text
    assert '<th scope="row">合计</th><td>1</td>' in text
    assert "export.xlsx?office=%E7%A4%BE" in text


def test_an_unknown_office_is_explained_and_everything_is_shown(staff_client):
    make_column(name="低保公示", frequency=Column.Frequency.MONTHLY)
    text = page_text(staff_client.get(URL, {"office": "不存在科"}))
    assert "没有名为“不存在科”的科室" in text
    assert "低保公示" in text


def test_the_admin_index_links_to_the_page(staff_client):
    text = page_text(staff_client.get(reverse("admin:index")))
    assert f'<a href="{URL}">政务公开自查问题清单</a>' in text
    # The apps are still listed.
    assert reverse("admin:columns_column_changelist") in text


def test_counts_by_office_come_first_and_each_rule_and_office_filters_the_list(staff_client):
    relief = make_office(name="社会救助科", order=1)
    make_column(name="低保公示", frequency=Column.Frequency.MONTHLY, owner_office=relief)
    make_column(name="别人的栏目", frequency=Column.Frequency.MONTHLY)
    make_item(level1="临时救助", level2="办事指南")
    text = page_text(staff_client.get(URL))
    assert "问题汇总：按责任科室" in text
    by_office = text.index("问题汇总：按责任科室")
    assert by_office < text.index("问题明细") < text.index("临时救助")
    assert '?office=%E7%A4%BE%E4%BC%9A%E6%95%91%E5%8A%A9%E7%A7%91">社会救助科</a></th><td>' in text
    text = page_text(staff_client.get(URL, {"rule": "item_no_column"}))
    assert "临时救助" in text and "低保公示" not in text
    assert '<option value="item_no_column" selected>' in text
    assert "问题明细（事项未关联栏目）：共 1 个" in text
    text = page_text(staff_client.get(URL, {"rule": "column_empty", "office": "社会救助科"}))
    assert "低保公示" in text and "别人的栏目" not in text and "临时救助" not in text
    text = page_text(staff_client.get(URL, {"rule": "<no-such-rule>"}))
    assert "当前没有这一类型的问题" in text and "临时救助" in text and "低保公示" in text


def test_the_problems_are_paged_under_the_summary(staff_client):
    from selfcheck import views

    relief = make_office(name="社会救助科", order=1)
    Column.objects.bulk_create(
        [
            Column(name=f"空栏目{n:03d}", frequency=Column.Frequency.MONTHLY, owner_office=relief)
            for n in range(views.PER_PAGE + 5)
        ]
    )
    first = staff_client.get(URL)
    text = page_text(first)
    assert text.count('class="selfcheck-fix"') == views.PER_PAGE
    # No type chosen: the office table's caption names none (a type without problems has no code).
    assert "问题汇总：按责任科室（" not in text
    assert "社会救助科（" in text and "（续）" not in text and 'rel="next"' in text
    second = page_text(staff_client.get(URL, {"page": 2}))
    assert 0 < second.count('class="selfcheck-fix"') <= 10
    assert f"社会救助科（{views.PER_PAGE + 5} 个问题）（续）" in second
    assert "问题汇总：按问题类型" in second  # the counts on every page
    for bad in ("0", "9", "x", "-1", "1e3", "9" * 40):
        assert staff_client.get(URL, {"page": bad}).status_code == 404, bad
    # A NUL never reaches the view: the one guard answers it (sitewide.nul_guard).
    assert staff_client.get(URL, {"page": "\x00"}).status_code == 400
