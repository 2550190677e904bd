"""
The catalogue import does not bypass the review: new items are drafts, reviewed or published
items are not changed by a clerk's import, and only every review right publishes directly.
"""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType

from catalogue.models import DisclosureItem
from review.models import Revision
from tests.admin_pages import confirm_data, page_text
from tests.catalogue.import_support import record, records, workbook
from tests.catalogue.test_import_admin import CONFIRM_URL, IMPORT_URL, upload
from tests.factories import make_channels, make_domain, make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def domain():
    make_channels()
    return make_domain(name="社会救助", slug="social-assistance")


def stored(n, domain, **overrides):
    """An item stored as record(n), so a file of records(...) leaves it unchanged."""
    fields = {
        key: record(n)[key]
        for key in ("number", "level1", "level2", "content", "basis", "deadline", "issuing_body")
    }
    fields.update(overrides)
    return make_item(domain=domain, channels=("政府网站", "公开查阅点"), **fields)


def signed_in(client, user):
    client.force_login(user)
    return client


def test_a_clerk_imports_new_items_as_drafts_without_the_publish_box(client, people, domain):
    clerk = signed_in(client, people.clerk)
    page = page_text(clerk.get(IMPORT_URL))
    assert "导入后直接发布" not in page
    response = upload(clerk, domain, workbook(records(2)))
    clerk.post(CONFIRM_URL, confirm_data(response, CONFIRM_URL))
    assert set(DisclosureItem.objects.values_list("status", flat=True)) == {"draft"}


@pytest.mark.parametrize("status", ["submitted", "checked", "approved"])
def test_a_clerk_cannot_change_a_reviewed_item_by_import(client, people, domain, status):
    stored(1, domain, basis="旧依据", status=status)
    clerk = signed_in(client, people.clerk)
    response = upload(clerk, domain, workbook(records(2)))
    page = page_text(response)
    label = DisclosureItem.Status(status).label
    assert f"第 5 行（最低生活保障 / 事项001）：此事项状态为“{label}”，导入不能直接修改它" in page
    assert 'action="' + CONFIRM_URL not in page  # no confirm for a refused file
    assert DisclosureItem.objects.get().basis == "旧依据"


def test_unchanged_published_items_do_not_stop_a_clerks_import(client, people, domain):
    stored(1, domain)
    draft = stored(2, domain, basis="旧依据", status="draft")
    clerk = signed_in(client, people.clerk)
    response = upload(clerk, domain, workbook(records(3)))
    assert "修改 1 个" in page_text(response)
    clerk.post(CONFIRM_URL, confirm_data(response, CONFIRM_URL))
    draft.refresh_from_db()
    assert draft.basis == record(2)["basis"]
    assert DisclosureItem.objects.get(level2="事项003").status == "draft"


def test_the_publish_right_alone_does_not_publish_by_import(client, people, domain):
    people.head.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_disclosureitem", "change_disclosureitem"])
    )
    head = signed_in(client, people.head)
    assert "导入后直接发布" not in page_text(head.get(IMPORT_URL))
    response = upload(head, domain, workbook(records(1)))
    data = {**confirm_data(response, CONFIRM_URL), "publish": "True"}
    assert head.post(CONFIRM_URL, data).status_code == 403
    assert not DisclosureItem.objects.exists()


def test_the_site_administrator_may_publish_and_change_published_items(client, people, domain):
    stored(1, domain, basis="旧依据")
    admin = signed_in(client, people.admin)
    assert "导入后直接发布" in page_text(admin.get(IMPORT_URL))
    response = upload(admin, domain, workbook(records(2)), publish=True)
    assert "修改 1 个" in page_text(response)
    admin.post(CONFIRM_URL, confirm_data(response, CONFIRM_URL))
    assert DisclosureItem.objects.get(level2="事项001").basis == record(1)["basis"]
    assert DisclosureItem.objects.get(level2="事项002").status == "published"


def test_a_change_to_a_published_item_becomes_a_revision_for_review(client, people, domain):
    item = stored(1, domain, basis="旧依据", status="published")
    clerk = signed_in(client, people.clerk)
    response = upload(clerk, domain, workbook(records(2)))
    page = page_text(response)
    assert "存为修改稿 1 个" in page
    assert "1 个已发布事项的修改保存为修改稿：公众仍看到现在的内容" in page
    clerk.post(CONFIRM_URL, confirm_data(response, CONFIRM_URL))
    item.refresh_from_db()
    assert item.basis == "旧依据" and item.status == "published"
    revision = Revision.objects.for_object(item).get()
    assert (revision.state, revision.created_by) == ("draft", people.clerk)
    assert [change.proposed for change in revision.changes(item)] == [record(1)["basis"]]


def test_the_site_administrator_changing_published_items_gets_revisions_too(client, people, domain):
    item = stored(1, domain, basis="旧依据", status="published")
    admin = signed_in(client, people.admin)
    response = upload(admin, domain, workbook(records(2)))
    assert "确认后立即公开" not in page_text(response)
    admin.post(CONFIRM_URL, confirm_data(response, CONFIRM_URL))
    item.refresh_from_db()
    assert item.basis == "旧依据"
    assert Revision.objects.for_object(item).open().exists()


def test_the_preview_says_what_the_publish_box_makes_public_at_once(client, people, domain):
    stored(1, domain, basis="旧依据", status="published")
    stored(2, domain, basis="旧依据", status="draft")
    admin = signed_in(client, people.admin)
    response = upload(admin, domain, workbook(records(3)), publish=True)
    page = page_text(response)
    # The changed published item and the new one; the changed draft stays a draft.
    assert "确认后立即公开：2 项" in page
    assert "第 5 行 最低生活保障 / 事项001（修改）" in page
    assert "第 7 行 最低生活保障 / 事项003（新增）" in page
    assert "事项002（修改）</li>" not in page


def test_a_published_item_with_a_revision_under_review_refuses_the_row(client, people, domain):
    item = stored(1, domain, basis="旧依据", status="published")
    Revision.objects.create(
        content_type=ContentType.objects.get_for_model(DisclosureItem),
        object_id=item.pk,
        data={"basis": "别人的修改"},
        state="submitted",
        base_updated_at=item.updated_at,
    )
    clerk = signed_in(client, people.clerk)
    page = page_text(upload(clerk, domain, workbook(records(1))))
    assert "此事项已有修改稿（待审核），审核结束或退回之前不能再修改" in page
