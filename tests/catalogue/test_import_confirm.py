"""
The admin's confirm step stands on its preview, and each kind of write needs its permission.

The confirm form carries a signed snapshot of the preview: an edit or an addition made in
between refuses the confirm, and only the items the preview listed can be deleted. Updating needs
the change permission, deleting the delete permission, publishing the publish permission.
"""

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth.models import Permission

from catalogue.models import DisclosureItem
from tests.admin_pages import confirm_data, page_text
from tests.catalogue.import_support import record, records, workbook
from tests.catalogue.test_import_admin import CONFIRM_URL, IMPORT_URL, upload
from tests.factories import make_channels, make_domain, make_item
from units.models import Unit

pytestmark = pytest.mark.django_db

STALE = "预览后系统中的事项有改动，请重新上传预览。"


@pytest.fixture
def domain():
    make_channels()
    return make_domain(name="社会救助", slug="social-assistance")


def messages_of(response):
    return [str(m) for m in response.wsgi_request._messages]


def stored(n, domain, **overrides):
    """An item stored exactly as record(n), so a file of records(...) leaves it unchanged."""
    fields = {key: record(n)[key] for key in ("number", "level1", "level2", "content", "basis",
                                              "deadline", "issuing_body")}  # fmt: skip
    fields.update(overrides)
    return make_item(domain=domain, channels=("政府网站", "公开查阅点"), **fields)


def state():
    return sorted(DisclosureItem.objects.values_list("pk", "updated_at", "basis", "level2"))


def test_an_edit_between_preview_and_confirm_refuses_the_confirm(staff_client, domain):
    item = stored(1, domain, basis="旧依据", status="draft")
    response = upload(staff_client, domain, workbook(records(2)))
    assert "修改 1 个" in page_text(response)

    item.basis = "预览之后在后台改的依据"
    item.save()
    before = state()
    response = staff_client.post(CONFIRM_URL, confirm_data(response, CONFIRM_URL))

    assert response.status_code == 302
    assert response.url.endswith(IMPORT_URL)
    assert messages_of(response) == [STALE]
    assert state() == before
    assert DisclosureItem.objects.get(pk=item.pk).basis == "预览之后在后台改的依据"


def test_an_item_added_after_the_preview_is_never_deleted(staff_client, domain):
    listed = make_item(domain=domain, level1="临时救助", level2="办事指南")
    response = upload(staff_client, domain, workbook(records(1)))
    data = {**confirm_data(response, CONFIRM_URL), "delete_missing": "on"}

    added = make_item(domain=domain, level1="临时救助", level2="审核审批信息")
    response = staff_client.post(CONFIRM_URL, data)

    assert messages_of(response) == [STALE]
    assert DisclosureItem.objects.filter(pk__in=[listed.pk, added.pk]).count() == 2
    assert not DisclosureItem.objects.filter(level2="事项001").exists()


def test_a_deleted_item_after_the_preview_refuses_the_confirm(staff_client, domain):
    stored(1, domain)
    gone = make_item(domain=domain, level1="临时救助", level2="办事指南")
    response = upload(staff_client, domain, workbook(records(2)))
    gone.delete()
    response = staff_client.post(CONFIRM_URL, confirm_data(response, CONFIRM_URL))
    assert messages_of(response) == [STALE]
    assert not DisclosureItem.objects.filter(level2="事项002").exists()


def test_a_forged_or_missing_snapshot_is_refused(staff_client, domain):
    response = upload(staff_client, domain, workbook(records(1)))
    data = confirm_data(response, CONFIRM_URL)

    forged = staff_client.post(CONFIRM_URL, {**data, "snapshot": data["snapshot"][:-2] + "xx"})
    assert messages_of(forged) == ["确认信息无效或已过期，请重新上传预览。"]

    without = {key: value for key, value in data.items() if key != "snapshot"}
    page = staff_client.post(CONFIRM_URL, without)
    assert page.status_code == 200
    assert "确认信息不完整或已过期，请重新上传文件。" in page_text(page)

    other = make_domain(name="养老服务", slug="elderly-care")
    elsewhere = staff_client.post(CONFIRM_URL, {**data, "domain": other.pk})
    assert messages_of(elsewhere) == [STALE]
    assert not DisclosureItem.objects.exists()


def test_confirm_deletes_the_listed_items_and_logs_every_write(staff_client, staff_user, domain):
    changed = stored(1, domain, basis="旧依据", status="draft")  # a draft is changed in place
    missing = make_item(domain=domain, level1="临时救助", level2="办事指南")
    response = upload(staff_client, domain, workbook(records(2)))
    data = {**confirm_data(response, CONFIRM_URL), "delete_missing": "on"}

    response = staff_client.post(CONFIRM_URL, data)

    assert response.url.endswith("/admin/catalogue/disclosureitem/")
    assert not DisclosureItem.objects.filter(pk=missing.pk).exists()
    new = DisclosureItem.objects.get(level2="事项002")
    logged = {
        (entry.action_flag, int(entry.object_id))
        for entry in LogEntry.objects.filter(user=staff_user)
    }
    assert logged == {(CHANGE, changed.pk), (ADDITION, new.pk), (DELETION, missing.pk)}
    deletion = LogEntry.objects.get(action_flag=DELETION)
    assert deletion.object_repr == "临时救助 / 办事指南"
    assert deletion.change_message == "通过表格导入删除（文件中没有该事项）"


def clerk_client(client, django_user_model, *codenames):
    clerk = django_user_model.objects.create_user("clerk2", password="pw-清单-2026", is_staff=True)
    clerk.user_permissions.add(
        *Permission.objects.filter(codename__in=[f"{c}_disclosureitem" for c in codenames]),
        # Not bound to an office (per-office rights: tests/offices).
        Permission.objects.get(codename="manage_all_offices"),
    )
    Unit.objects.home().members.add(clerk)  # a clerk of the first unit
    client.force_login(clerk)
    return client


@pytest.fixture
def adder(client, django_user_model, settings):
    """A clerk who may add and view items, where the import page needs only the add right."""
    settings.IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
    return clerk_client(client, django_user_model, "add", "view")


def test_a_clerk_who_may_only_add_imports_new_items_as_drafts(adder, domain):
    upload_page = adder.get(IMPORT_URL)
    assert "导入后直接发布" not in page_text(upload_page)

    response = upload(adder, domain, workbook(records(2)))
    assert "新增 2 个" in page_text(response)
    response = adder.post(CONFIRM_URL, confirm_data(response, CONFIRM_URL))
    assert response.url.endswith("/admin/catalogue/disclosureitem/")
    assert list(DisclosureItem.objects.values_list("status", flat=True)) == ["draft", "draft"]


def test_a_clerk_who_may_only_add_cannot_update_through_the_import(adder, domain):
    stored(1, domain, basis="旧依据")
    stored(2, domain)
    before = state()

    response = upload(adder, domain, workbook(records(3)))

    page = page_text(response)
    assert "文件中有错误，未导入任何数据" in page
    assert (
        "第 5 行（最低生活保障 / 事项001）：您没有修改公开事项的权限，此行会修改已有事项的公开依据。"
    ) in page
    assert "事项002" not in page  # unchanged rows need no right
    assert not response.context.get("confirm_form")
    assert state() == before


def test_a_forged_publish_is_refused(adder, domain):
    response = upload(adder, domain, workbook(records(1)))
    data = {**confirm_data(response, CONFIRM_URL), "publish": "True"}
    assert adder.post(CONFIRM_URL, data).status_code == 403
    assert not DisclosureItem.objects.exists()
    # The upload form has no publish box for this clerk: a posted one is ignored.
    response = upload(adder, domain, workbook(records(1)), publish=True)
    assert "新增的事项导入为草稿" in page_text(response)
    adder.post(CONFIRM_URL, confirm_data(response, CONFIRM_URL))
    assert DisclosureItem.objects.get().status == DisclosureItem.Status.DRAFT


def test_without_the_delete_right_the_box_is_hidden_and_nothing_is_deleted(adder, domain):
    missing = make_item(domain=domain, level1="临时救助", level2="办事指南")
    response = upload(adder, domain, workbook(records(1)))
    page = page_text(response)
    assert "以下 1 个事项在系统中存在但文件中没有" in page
    assert 'name="delete_missing"' not in page
    assert "您没有删除公开事项的权限，导入时不会删除上面列出的事项。" in page

    adder.post(CONFIRM_URL, {**confirm_data(response, CONFIRM_URL), "delete_missing": "on"})
    assert DisclosureItem.objects.filter(pk=missing.pk).exists()
    assert DisclosureItem.objects.filter(level2="事项001").exists()


def test_a_clerk_who_may_change_but_not_add_cannot_create_items(
    client, django_user_model, domain, settings
):
    settings.IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
    changer = clerk_client(client, django_user_model, "change", "view")
    stored(1, domain, basis="旧依据")

    response = upload(changer, domain, workbook(records(2)))

    assert "第 6 行（最低生活保障 / 事项002）：您没有新增公开事项的权限。" in page_text(response)
    assert DisclosureItem.objects.get().basis == "旧依据"


def test_every_review_right_shows_the_box_and_publishes(client, django_user_model, domain):
    # Publishing without the review needs check, approve and publish (先审后发: 站点管理员).
    rights = ("add", "change", "view", "check", "approve", "publish")
    publisher = clerk_client(client, django_user_model, *rights)
    assert "导入后直接发布" in page_text(publisher.get(IMPORT_URL))
    response = upload(publisher, domain, workbook(records(1)), publish=True)
    publisher.post(CONFIRM_URL, confirm_data(response, CONFIRM_URL))
    assert DisclosureItem.objects.get().status == DisclosureItem.Status.PUBLISHED


def choice_data(response, **choices):
    """The confirm form as posted, with a radio choice per proposed row."""
    return {**confirm_data(response, CONFIRM_URL), **choices}


def elderly_care_item(domain, **fields):
    return make_item(
        domain=domain,
        level1="养老服务扶持政策措施清单",
        level2="",
        content=record(1)["content"],
        channels=("政府网站", "公开查阅点"),
        **fields,
    )


def test_a_near_duplicate_row_is_proposed_and_matched_on_confirm(staff_client, domain):
    item = elderly_care_item(domain, status="draft", basis="旧依据")
    near = record(1, level1="养老服务扶持政策措施清单", level2="扶持政策措施清单")
    response = upload(staff_client, domain, workbook([near]))
    page = page_text(response)
    assert "可能是已有事项（1 行）" in page
    assert (
        "第 5 行“养老服务扶持政策措施清单 / 扶持政策措施清单”可能就是已有事项“养老服务扶持政策措施清单”"
        in page
    )
    assert 'name="match_5" value="match"' in page
    staff_client.post(CONFIRM_URL, choice_data(response, match_5="match"))
    assert DisclosureItem.objects.count() == 1
    item.refresh_from_db()
    assert (item.level2, item.basis) == ("", record(1)["basis"])  # the stored name stays


def test_staff_may_import_a_proposed_row_as_a_new_item(staff_client, domain):
    elderly_care_item(domain, status="draft")
    near = record(1, level1="扶持政策措施清单", level2="")
    response = upload(staff_client, domain, workbook([near]))
    assert 'name="match_5"' in response.content.decode()
    # A choice other than the preview's is previewed first (nothing written), then confirmed.
    again = staff_client.post(CONFIRM_URL, choice_data(response, match_5="new"))
    assert "新增 1 个" in page_text(again)
    assert DisclosureItem.objects.count() == 1
    staff_client.post(CONFIRM_URL, choice_data(again, match_5="new"))
    assert DisclosureItem.objects.count() == 2


def test_a_variant_in_brackets_is_proposed(staff_client, domain):
    make_item(domain=domain, level1="特困人员救助供养", level2="特困人员名单及相关信息")
    near = record(1, level1="特困人员救助供养", level2="特困人员（供养对象）名单及相关信息")
    page = page_text(upload(staff_client, domain, workbook([near])))
    assert "可能就是已有事项“特困人员救助供养 / 特困人员名单及相关信息”" in page


def test_a_match_choice_for_a_row_the_preview_did_not_propose_is_ignored(staff_client, domain):
    item = elderly_care_item(domain, status="draft", basis="旧依据")
    response = upload(staff_client, domain, workbook([record(1)]))  # nothing to propose
    assert 'name="match_5"' not in response.content.decode()
    staff_client.post(CONFIRM_URL, choice_data(response, match_5="match", match_6="match"))
    # Only the signed snapshot says which rows may match which item: the row is new.
    assert DisclosureItem.objects.count() == 2
    item.refresh_from_db()
    assert item.basis == "旧依据"
