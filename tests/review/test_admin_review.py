"""
The review through the admin (test client): the panel, its buttons, locked forms, revisions of
published items and publications, the list actions.
"""

import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from catalogue.models import DisclosureItem
from publications.models import Publication
from review.models import ReviewStep, Revision
from tests.admin_pages import form_version, page_text
from tests.catalogue.test_admin import item_form_data
from tests.factories import make_channels, make_domain, make_item, make_publication
from tests.publications.test_publication_admin import form_data as publication_form_data
from tests.publications.test_publication_admin import management
from units.models import Unit

pytestmark = pytest.mark.django_db

ITEM_ADD = reverse("admin:catalogue_disclosureitem_add")
ITEM_LIST = reverse("admin:catalogue_disclosureitem_changelist")


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def review_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_review", args=[obj.pk])


def as_user(client, user):
    client.logout()
    client.force_login(user)
    return client


def press(client, obj, action, comment=""):
    """Press a panel button; return the change page the admin redirects to."""
    response = client.post(review_url(obj), {"action": action, "comment": comment})
    assert response.status_code == 302
    assert response.url == change_url(obj)
    return client.get(response.url)


def buttons(page):
    return re.findall(r'<button type="submit" name="action" value="(\w+)"', page)


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def version(page):
    return re.search(r'name="version" value="([^"]+)"', page).group(1)


def test_a_clerks_item_through_every_step_in_the_admin(client, people):
    domain = make_domain()
    channels = make_channels()
    clerk = as_user(client, people.clerk)
    data = item_form_data(domain, [channels["政府网站"]], status="published")
    response = clerk.post(ITEM_ADD, data)
    assert response.status_code == 302
    item = DisclosureItem.objects.get()
    assert item.status == "draft"  # the posted status is not a form field

    page = page_text(clerk.get(change_url(item)))
    assert "审核（先审后发）" in page
    assert "当前状态：<strong>草稿</strong>" in page
    assert buttons(page) == ["submit"]
    assert 'name="_save"' in page  # a draft is the clerk's to edit

    page = page_text(press(clerk, item, "submit"))
    assert "当前状态：<strong>待审核</strong>" in page
    assert buttons(page) == []
    assert 'name="_save"' not in page  # read-only while under review
    assert clerk.get(item.get_absolute_url()).status_code == 200  # staff preview

    head = as_user(client, people.head)
    assert buttons(head.get(change_url(item)).content.decode()) == ["check", "reject"]
    press(head, item, "check", "格式规范")
    leader = as_user(client, people.leader)
    assert buttons(leader.get(change_url(item)).content.decode()) == ["approve", "reject"]
    press(leader, item, "approve")
    head = as_user(client, people.head)
    page = page_text(press(head, item, "publish"))
    assert "当前状态：<strong>已发布</strong>" in page
    assert buttons(page) == ["withdraw"]
    for who, action in [("提交审核", "信息员"), ("审核通过", "公开办负责人"), ("批准", "分管领导")]:
        assert who in page and action in page
    assert "格式规范" in page

    client.logout()
    assert client.get(item.get_absolute_url()).status_code == 200
    item.refresh_from_db()
    assert item.status == "published"


@pytest.mark.parametrize(
    ("state", "wrong", "action"),
    [
        ("draft", "leader", "check"),
        ("submitted", "clerk", "check"),
        ("submitted", "leader", "check"),
        ("checked", "head", "approve"),
        ("approved", "leader", "publish"),
        ("approved", "clerk", "publish"),
    ],
)
def test_the_wrong_person_pressing_a_step_is_refused_with_a_message(
    client, people, state, wrong, action
):
    item = make_item(status=state)
    page = press(as_user(client, getattr(people, wrong)), item, action)
    item.refresh_from_db()
    assert item.status == state
    assert any("您没有" in message for message in messages_of(page))
    assert not ReviewStep.objects.exists()


def test_a_step_on_a_stale_page_names_the_current_state(client, people):
    item = make_item(status="checked")
    head = as_user(client, people.head)
    page = press(head, item, "check")
    assert messages_of(page) == [
        f"“{item}”当前状态为“已审核”，不能审核通过：下一步是分管领导批准。"
    ]


def test_reject_needs_a_comment_and_the_clerk_sees_it(client, people):
    item = make_item(status="submitted")
    head = as_user(client, people.head)
    page = press(head, item, "reject")
    assert messages_of(page) == ["退回时请填写退回意见，说明需要修改的地方，信息员会看到这条意见。"]
    item.refresh_from_db()
    assert item.status == "submitted"

    page = press(head, item, "reject", "公开时限写法不规范，请按“N个工作日”填写。")
    item.refresh_from_db()
    assert item.status == "draft"

    clerk = as_user(client, people.clerk)
    page = page_text(clerk.get(change_url(item)))
    assert "退回意见（公开办负责人" in page
    assert "公开时限写法不规范" in page
    assert buttons(page) == ["submit"]


def test_a_refused_steps_comment_is_kept_for_the_next_try(client, people):
    item = make_item(status="submitted")
    head = as_user(client, people.head)
    page = press(head, item, "publish", "我写了很长的意见")
    assert messages_of(page) == [
        f"“{item}”当前状态为“待审核”，不能发布：下一步是公开办负责人审核。"
    ]
    assert "我写了很长的意见</textarea>" in page.content.decode()
    # Shown once: the next visit starts empty.
    assert "我写了很长的意见" not in head.get(change_url(item)).content.decode()


def test_clerks_cannot_save_an_item_under_review(client, people):
    item = make_item(status="submitted", content="送审的内容")
    clerk = as_user(client, people.clerk)
    page = clerk.get(change_url(item)).content.decode()
    assert 'name="content"' not in page  # shown, not editable
    data = item_form_data(item.domain, list(item.channels.all()), content="偷偷改的内容")
    data.update(level1=item.level1, level2=item.level2, version=form_version(item))
    response = clerk.post(change_url(item), data, follow=True)
    assert "审核期间不能修改，本次未保存" in page_text(response)
    item.refresh_from_db()
    assert item.content == "送审的内容"


def test_editing_a_published_item_makes_a_revision_the_public_does_not_see(client, people):
    channels = make_channels()
    item = make_item(content="已发布的内容", channels=("政府网站",))
    clerk = as_user(client, people.clerk)
    page = clerk.get(change_url(item)).content.decode()
    data = item_form_data(
        item.domain,
        [channels["政府网站"], channels["政务服务中心"]],
        level1=item.level1,
        level2=item.level2,
        content="修改后的内容",
        version=version(page),
    )
    response = clerk.post(change_url(item), data, follow=True)
    assert "已保存为修改稿：公众仍看到原来已发布的内容" in page_text(response)
    item.refresh_from_db()
    assert item.content == "已发布的内容"
    assert {c.name for c in item.channels.all()} == {"政府网站"}
    revision = Revision.objects.get()
    assert revision.data["content"] == "修改后的内容"

    # The form reopens on the revision; the panel shows the diff.
    page = page_text(clerk.get(change_url(item)))
    assert "修改后的内容</textarea>" in page
    assert "已发布（修改稿草稿）" in page
    assert '<th scope="row">公开内容（要素）</th><td>已发布的内容</td><td>修改后的内容</td>' in page
    assert "<td>政府网站</td><td>政府网站、政务服务中心</td>" in page
    assert buttons(page) == ["submit", "discard"]

    # Saved again by its author: the same revision, updated.
    clerk.post(change_url(item), {**data, "content": "再次修改的内容", "version": version(page)})
    assert Revision.objects.get().data["content"] == "再次修改的内容"

    client.logout()
    public = client.get(item.get_absolute_url()).content.decode()
    assert "已发布的内容" in public and "再次修改的内容" not in public

    press(as_user(client, people.clerk), item, "submit")
    press(as_user(client, people.head), item, "check")
    press(as_user(client, people.leader), item, "approve")
    client.logout()
    assert "再次修改的内容" not in client.get(item.get_absolute_url()).content.decode()

    page = page_text(press(as_user(client, people.head), item, "publish"))
    assert "当前状态：<strong>已发布</strong>" in page
    client.logout()
    public = client.get(item.get_absolute_url()).content.decode()
    assert "再次修改的内容" in public
    item.refresh_from_db()
    assert {c.name for c in item.channels.all()} == {"政府网站", "政务服务中心"}


def test_another_clerk_cannot_edit_someone_elses_revision(client, people):
    item = make_item(content="已发布的内容")
    clerk = as_user(client, people.clerk)
    page = clerk.get(change_url(item)).content.decode()
    data = item_form_data(
        item.domain,
        list(item.channels.all()),
        level1=item.level1,
        level2=item.level2,
        content="甲的修改",
        version=version(page),
    )
    clerk.post(change_url(item), data)
    other = as_user(client, people.clerk2)
    page = page_text(other.get(change_url(item)))
    assert 'name="_save"' not in page
    assert "甲的修改" in page  # in the diff
    response = other.post(change_url(item), {**data, "content": "乙的修改"}, follow=True)
    assert "审核期间不能修改" in page_text(response) or "不能修改" in page_text(response)
    assert Revision.objects.get().data["content"] == "甲的修改"


def test_list_actions_submit_drafts_and_withdraw_published_items(client, people):
    drafts = [make_item(status="draft") for _ in range(2)]
    published = make_item()
    clerk = as_user(client, people.clerk)
    page = clerk.get(ITEM_LIST).content.decode()
    assert 'value="submit_selected"' in page
    assert 'value="withdraw_selected"' not in page
    pks = [item.pk for item in [*drafts, published]]
    response = clerk.post(
        ITEM_LIST, {"action": "submit_selected", "_selected_action": pks}, follow=True
    )
    assert "已提交审核 2 个。" in page_text(response)
    assert DisclosureItem.objects.filter(status="submitted").count() == 2

    head = as_user(client, people.head)
    page = head.get(ITEM_LIST).content.decode()
    assert 'value="withdraw_selected"' in page
    assert 'value="submit_selected"' not in page
    head.post(ITEM_LIST, {"action": "withdraw_selected", "_selected_action": pks})
    published.refresh_from_db()
    assert published.status == "draft"
    step = ReviewStep.objects.get(action="withdraw")
    assert step.actor == people.head


# --- publications ---------------------------------------------------------------------


def test_a_publication_through_the_admin_and_its_attachments_lock(client, people):
    from tests.factories import make_column

    column = make_column()
    clerk = as_user(client, people.clerk)
    add = reverse("admin:publications_publication_add")
    response = clerk.post(add, publication_form_data(column, status="published"))
    assert response.status_code == 302
    publication = Publication.objects.get()
    assert (publication.status, publication.index_number) == ("draft", "")
    page = clerk.get(change_url(publication)).content.decode()
    assert 'name="attachments-TOTAL_FORMS"' in page
    assert 'id="attachments-empty"' in page  # a draft takes new attachments

    press(clerk, publication, "submit")
    page = clerk.get(change_url(publication)).content.decode()
    assert 'id="attachments-empty"' not in page  # locked with the publication
    press(as_user(client, people.head), publication, "check")
    press(as_user(client, people.leader), publication, "approve")
    press(as_user(client, people.head), publication, "publish")
    publication.refresh_from_db()
    assert publication.is_published and publication.index_number

    # A change to the published publication is a revision until published.
    clerk = as_user(client, people.clerk)
    data = publication_form_data(
        column, title="更正后的标题", version=form_version(publication), **management()
    )
    response = clerk.post(change_url(publication), data, follow=True)
    assert "已保存为修改稿" in page_text(response)
    publication.refresh_from_db()
    assert publication.title == "关于2026年城乡低保标准的通知"
    client.logout()
    assert "更正后的标题" not in client.get(publication.get_absolute_url()).content.decode()
    press(as_user(client, people.clerk), publication, "submit")
    press(as_user(client, people.head), publication, "check")
    press(as_user(client, people.leader), publication, "approve")
    press(as_user(client, people.head), publication, "publish")
    client.logout()
    assert "更正后的标题" in client.get(publication.get_absolute_url()).content.decode()


def test_a_leader_cannot_publish_a_publication(client, people):
    publication = make_publication(status="approved")
    page = press(as_user(client, people.leader), publication, "publish")
    assert any("您没有发布" in message for message in messages_of(page))
    publication.refresh_from_db()
    assert publication.status == "approved"


def test_the_review_view_takes_posts_only_and_needs_the_view_right(
    client, people, django_user_model
):
    item = make_item(status="draft")
    clerk = as_user(client, people.clerk)
    assert clerk.get(review_url(item)).status_code == 405
    nobody = django_user_model.objects.create_user("nobody", is_staff=True)
    # In the item's unit and not bound to an office, so the object is found and the missing
    # view right refuses.
    nobody.user_permissions.add(Permission.objects.get(codename="manage_all_offices"))
    Unit.objects.home().members.add(nobody)
    response = as_user(client, nobody).post(review_url(item), {"action": "submit"})
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.status == "draft"
