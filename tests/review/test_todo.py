"""The review to-do page: what waits for each role, with the reason of a rejection."""

import re

import pytest
from django.urls import reverse

from review import workflow
from review.models import snapshot
from tests.admin_pages import page_text
from tests.factories import make_domain, make_item, make_publication

pytestmark = pytest.mark.django_db

TODO = reverse("review:todo")


def captions(page):
    return re.findall(r"<caption>([^<（]+)（(\d+)）</caption>", page)


def visit(client, user):
    client.force_login(user)
    response = client.get(TODO)
    assert response.status_code == 200
    return page_text(response)


def propose(user, obj, **values):
    for name, value in values.items():
        setattr(obj, name, value)
    workflow.save_revision(user, obj, snapshot(obj))
    obj.refresh_from_db()


@pytest.fixture
def backlog(people):
    """One of each: drafts, a rejected draft, revisions, and objects at every review step."""
    domain = make_domain()
    rows = {
        "draft": make_item(domain=domain, level1="草稿事项", status="draft"),
        "rejected": make_item(domain=domain, level1="被退回事项", status="submitted"),
        "submitted": make_item(domain=domain, level1="待审核事项", status="submitted"),
        "checked": make_item(domain=domain, level1="待批准事项", status="checked"),
        "approved": make_publication(title="待发布信息", status="approved"),
        "own_revision": make_item(domain=domain, level1="我的修改稿事项"),
        "other_revision": make_item(domain=domain, level1="别人的修改稿事项"),
        "submitted_revision": make_item(domain=domain, level1="修改稿待审核事项"),
        "published": make_item(domain=domain, level1="已发布无修改事项"),
    }
    workflow.reject(people.head, rows["rejected"], "请补充公开依据的文号。")
    propose(people.clerk, rows["own_revision"], content="我的修改")
    propose(people.clerk2, rows["other_revision"], content="别人的修改")
    propose(people.clerk2, rows["submitted_revision"], content="送审的修改")
    workflow.submit(people.clerk2, rows["submitted_revision"])
    return rows


def test_a_clerk_sees_drafts_the_rejected_first_with_the_reason(client, people, backlog):
    page = visit(client, people.clerk)
    assert captions(page) == [("待提交审核", "3")]
    table = page[page.index("待提交审核") :]
    assert table.index("被退回事项") < table.index("草稿事项")
    assert "<strong>被退回</strong>" in page
    assert "请补充公开依据的文号。" in page
    assert "公开办负责人 退回" in page
    assert "我的修改稿事项" in page and "已发布（修改稿草稿）" in page
    assert "别人的修改稿事项" not in page
    for other in ("待审核事项", "待批准事项", "待发布信息", "已发布无修改事项"):
        assert other not in page
    item = backlog["rejected"]
    assert f'href="{reverse("admin:catalogue_disclosureitem_change", args=[item.pk])}"' in page


def test_the_head_sees_what_waits_for_checking_and_publishing(client, people, backlog):
    page = visit(client, people.head)
    # 待提交审核: the head submits the annual report's revisions and changes to the ledger's
    # requirements they keep (review.roles); none here.
    assert captions(page) == [("待提交审核", "0"), ("待审核", "2"), ("待发布", "1")]
    assert "待审核事项" in page and "修改稿待审核事项" in page
    assert "已发布（修改稿待审核）" in page
    assert "待发布信息" in page and "栏目信息" in page
    assert "草稿事项" not in page and "待批准事项" not in page


def test_the_leader_sees_what_waits_for_approval(client, people, backlog):
    page = visit(client, people.leader)
    assert captions(page) == [("待批准", "1")]
    assert "待批准事项" in page


def test_the_site_administrator_sees_every_step(client, people, backlog):
    page = visit(client, people.admin)
    assert [title for title, _ in captions(page)] == ["待提交审核", "待审核", "待批准", "待发布"]


def test_someone_without_review_rights_is_told_so(client, django_user_model):
    user = django_user_model.objects.create_user("reader", is_staff=True)
    assert "没有待办事项" in visit(client, user)


def test_the_admin_index_links_the_todo_page(client, people):
    client.force_login(people.clerk)
    assert f'href="{TODO}"' in client.get(reverse("admin:index")).content.decode()


def test_the_todo_page_needs_a_staff_login(client):
    response = client.get(TODO)
    assert response.status_code == 302
    assert reverse("admin:login") in response.url


def test_queries_do_not_grow_with_the_backlog(client, people, django_assert_max_num_queries):
    domain = make_domain()
    client.force_login(people.admin)

    def add(n):
        for k in range(n):
            make_item(domain=domain, level1=f"草稿{n}-{k}", status="draft")
            item = make_item(domain=domain, level1=f"送审{n}-{k}", status="draft")
            workflow.submit(people.clerk, item)
            published = make_item(domain=domain, level1=f"修改{n}-{k}")
            propose(people.admin, published, content="修改")
            make_publication(title=f"待发布{n}-{k}", status="approved")

    add(2)
    # +2 since units: the user's units, and the ids in them of the rows reached by a path.
    with django_assert_max_num_queries(42) as small:
        client.get(TODO)
    add(15)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(TODO).status_code == 200
