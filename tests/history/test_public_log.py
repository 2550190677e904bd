"""The item page's 变更记录: the changes of the published versions only, in fixed queries."""

import re

import pytest

from catalogue.models import DisclosureItem
from history.records import public_changes
from review import workflow
from review.models import snapshot

pytestmark = pytest.mark.django_db


def review_and_publish(people, obj):
    workflow.submit(people.clerk, obj)
    workflow.check(people.head, obj)
    workflow.approve(people.leader, obj)
    workflow.publish(people.admin, obj)


def revise(people, item, **values):
    workflow.save_revision(people.clerk, item, {**snapshot(item), **values})
    review_and_publish(people, item)


def change_log(html):
    section = re.search(r'<h2 id="changes-title">变更记录</h2>(.*?)</section>', html, re.S)
    return re.findall(r"</time> (.*?)</li>", section.group(1))


def test_first_publication_then_each_published_change_by_element(client, people, item):
    assert change_log(client.get(item.get_absolute_url()).content.decode()) == ["首次发布"]
    revise(people, item, deadline="5个工作日内", basis="新依据")
    revise(people, item, audience_specific=True, other_channels="12345热线")
    page = client.get(item.get_absolute_url()).content.decode()
    assert change_log(page) == [
        "修改了公开渠道和载体、公开对象",
        "修改了公开依据、公开时限",
        "首次发布",
    ]
    assert page.count("最后更新：") == 1


def test_drafts_pending_revisions_and_withdrawn_states_do_not_show(client, people, item):
    # A pending revision: the public text is unchanged, so is the log.
    workflow.save_revision(people.clerk, item, {**snapshot(item), "deadline": "5个工作日内"})
    workflow.submit(people.clerk, item)
    assert [c.text for c in public_changes(DisclosureItem, item.pk)] == ["首次发布"]
    workflow.discard(people.admin, item)

    # Withdrawn, edited as a draft twice, then published again: one change, against the last
    # published version.
    workflow.withdraw(people.admin, item)
    draft = DisclosureItem.objects.get(pk=item.pk)
    draft.content = "草稿里的内容"
    draft.save()
    draft = DisclosureItem.objects.get(pk=item.pk)
    draft.content = "最终内容"
    draft.save()
    review_and_publish(people, draft)
    changes = public_changes(DisclosureItem, item.pk)
    assert [c.text for c in changes] == ["修改了公开内容（要素）", "首次发布"]
    page = client.get(item.get_absolute_url()).content.decode()
    assert "草稿里的内容" not in page


def test_a_republication_without_changes_is_not_a_change(people, item):
    workflow.withdraw(people.admin, item)
    review_and_publish(people, DisclosureItem.objects.get(pk=item.pk))
    assert [c.text for c in public_changes(DisclosureItem, item.pk)] == ["首次发布"]


def test_only_the_last_five_changes_are_listed(people, item):
    for days in range(1, 8):
        revise(people, item, deadline=f"{days}个工作日内")
    changes = public_changes(DisclosureItem, item.pk)
    assert len(changes) == 5
    assert all(change.text == "修改了公开时限" for change in changes)


def test_the_change_log_costs_two_queries_whatever_the_history(
    people, item, django_assert_num_queries
):
    with django_assert_num_queries(2):
        public_changes(DisclosureItem, item.pk)
    for days in range(1, 6):
        revise(people, item, deadline=f"{days}个工作日内", channels=[])
    with django_assert_num_queries(2):
        assert len(public_changes(DisclosureItem, item.pk)) == 5


def test_the_item_page_queries_do_not_grow_with_the_history(
    client, people, item, django_assert_num_queries
):
    from pagecache.receivers import content_changed

    with django_assert_num_queries(11):  # +3: the content version, its dates, the unit
        client.get(item.get_absolute_url())
    for days in range(1, 6):
        revise(people, item, deadline=f"{days}个工作日内")
    content_changed()
    with django_assert_num_queries(11):  # +3: the content version, its dates, the unit
        client.get(item.get_absolute_url())
