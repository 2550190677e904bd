import pytest
from django.urls import reverse

from catalogue.models import Channel, DisclosureItem
from tests.admin_pages import form_version
from tests.factories import make_channels, make_domain, make_item
from units.models import Unit

pytestmark = pytest.mark.django_db


def item_form_data(domain, channels, **overrides):
    data = {
        "domain": domain.pk,
        "number": 3,
        "level1": "最低生活保障",
        "level2": "办事指南",
        "status": "draft",
        "content": "办理事项、办理条件、申请材料",
        "basis": "《社会救助暂行办法》",
        "deadline": "制定或获取信息之日起10个工作日内",
        "issuing_body": "县级人民政府民政部门",
        "channels": [channel.pk for channel in channels],
        "other_channels": "",
        "audience_public": "on",
        "mode_proactive": "on",
        "level_county": "on",
    }
    data.update(overrides)
    return data


def test_changelist_search_and_filters_render(staff_client):
    make_item(level1="临时救助", level2="办事指南")
    url = reverse("admin:catalogue_disclosureitem_changelist")
    response = staff_client.get(url, {"q": "临时救助", "status__exact": "published"})
    assert response.status_code == 200
    assert "临时救助" in response.content.decode()
    assert "公开事项" in response.content.decode()  # the admin speaks Chinese


def test_changelist_queries_do_not_grow_with_items(staff_client, django_assert_max_num_queries):
    domain = make_domain()
    url = reverse("admin:catalogue_disclosureitem_changelist")
    for n in range(5):
        make_item(domain=domain, level2=f"事项{n}")
    with django_assert_max_num_queries(30) as small:
        staff_client.get(url)
    for n in range(5, 60):
        make_item(domain=domain, level2=f"事项{n}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        staff_client.get(url)


def test_add_item_through_the_admin(staff_client):
    domain = make_domain()
    channels = make_channels()
    data = item_form_data(domain, [channels["政府网站"], channels["政务服务中心"]])
    response = staff_client.post(reverse("admin:catalogue_disclosureitem_add"), data, follow=True)
    assert response.status_code == 200
    item = DisclosureItem.objects.get(level2="办事指南")
    assert item.status == DisclosureItem.Status.DRAFT
    assert {c.name for c in item.channels.all()} == {"政府网站", "政务服务中心"}
    assert "提醒" not in response.content.decode()


def test_add_without_channel_is_refused_and_keeps_what_was_typed(staff_client):
    domain = make_domain()
    make_channels()
    data = item_form_data(domain, [], content="我输入的公开内容")
    response = staff_client.post(reverse("admin:catalogue_disclosureitem_add"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "请至少选择一个公开渠道" in page
    assert "我输入的公开内容" in page
    assert not DisclosureItem.objects.exists()


def test_other_channel_text_alone_is_enough(staff_client):
    domain = make_domain()
    make_channels()
    data = item_form_data(domain, [], other_channels="12345政务服务热线", mode_proactive="")
    data.pop("mode_proactive")
    data["mode_on_request"] = "on"
    response = staff_client.post(reverse("admin:catalogue_disclosureitem_add"), data)
    assert response.status_code == 302
    assert DisclosureItem.objects.get().other_channel_list == ["12345政务服务热线"]


def test_missing_website_on_proactive_item_warns_but_saves(staff_client):
    domain = make_domain()
    channels = make_channels()
    data = item_form_data(domain, [channels["公开查阅点"]])
    response = staff_client.post(reverse("admin:catalogue_disclosureitem_add"), data, follow=True)
    assert DisclosureItem.objects.count() == 1
    assert "提醒：主动公开的事项应当选择“政府网站”渠道" in response.content.decode()


def test_change_item_through_the_admin(staff_client):
    # A draft is changed in place; a published item's changes are kept as a revision
    # (tests/review).
    item = make_item(level1="临时救助", level2="办事指南", status=DisclosureItem.Status.DRAFT)
    channels = {c.name: c for c in Channel.objects.all()}
    data = item_form_data(
        item.domain,
        [channels["政府网站"]],
        level1="临时救助",
        level2="办事指南",
        content="救助标准（2026年调整）",
        status="published",
        version=form_version(item),
    )
    url = reverse("admin:catalogue_disclosureitem_change", args=[item.pk])
    response = staff_client.post(url, data)
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.content == "救助标准（2026年调整）"


def test_submit_and_withdraw_actions(staff_client):
    drafts = [make_item(status=DisclosureItem.Status.DRAFT) for _ in range(3)]
    url = reverse("admin:catalogue_disclosureitem_changelist")
    pks = [item.pk for item in drafts]
    response = staff_client.post(
        url, {"action": "submit_selected", "_selected_action": pks}, follow=True
    )
    assert "已提交审核 3 个。" in response.content.decode()
    assert DisclosureItem.objects.filter(status="submitted").count() == 3
    published = make_item()
    staff_client.post(url, {"action": "withdraw_selected", "_selected_action": [published.pk]})
    published.refresh_from_db()
    assert published.status == DisclosureItem.Status.DRAFT


def test_clerk_without_change_permission_cannot_publish(client, django_user_model):
    from django.contrib.auth.models import Permission

    clerk = django_user_model.objects.create_user("viewer", password="x", is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_disclosureitem"))
    client.force_login(clerk)
    draft = make_item(status=DisclosureItem.Status.DRAFT)
    url = reverse("admin:catalogue_disclosureitem_changelist")
    client.post(url, {"action": "submit_selected", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == DisclosureItem.Status.DRAFT


def test_domain_and_channel_admin_add(staff_client):
    response = staff_client.post(
        reverse("admin:catalogue_domain_add"),
        {"name": "义务教育", "slug": "compulsory-education", "order": 3, "intro": ""},
    )
    assert response.status_code == 302
    response = staff_client.post(
        reverse("admin:catalogue_channel_add"),
        {"name": "征地信息公开平台", "order": 14},
    )
    assert response.status_code == 302
    assert Channel.objects.get(name="征地信息公开平台").is_standard is False


def test_domain_change_form_links_its_exports(staff_client):
    domain = make_domain(name="社会救助", slug="social-assistance")
    make_item(domain=domain, level1="临时救助", level2="办事指南")
    page = staff_client.get(reverse("admin:catalogue_domain_change", args=[domain.pk]))
    xlsx_url = reverse("admin:catalogue_domain_export", args=[domain.pk, "xlsx"])
    assert xlsx_url in page.content.decode()
    response = staff_client.get(xlsx_url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )


def test_item_changelist_offers_the_import(staff_client):
    page = staff_client.get(reverse("admin:catalogue_disclosureitem_changelist")).content.decode()
    assert reverse("admin:catalogue_disclosureitem_import") in page
    upload = staff_client.get(reverse("admin:catalogue_disclosureitem_import")).content.decode()
    assert "导入后直接发布" in upload


def clerk_with(django_user_model, *codenames):
    from django.contrib.auth.models import Permission

    clerk = django_user_model.objects.create_user("clerk2", password="x", is_staff=True)
    # Not bound to an office (per-office rights: tests/offices).
    codenames = (*codenames, "manage_all_offices")
    clerk.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    Unit.objects.home().members.add(clerk)  # a clerk of the first unit
    return clerk


def test_publishing_needs_its_own_permission(client, django_user_model):
    clerk = clerk_with(
        django_user_model, "view_disclosureitem", "change_disclosureitem", "add_disclosureitem"
    )
    client.force_login(clerk)
    draft = make_item(status=DisclosureItem.Status.DRAFT)
    changelist = reverse("admin:catalogue_disclosureitem_changelist")
    page = client.get(changelist).content.decode()
    assert 'value="withdraw_selected"' not in page
    published = make_item()
    client.post(changelist, {"action": "withdraw_selected", "_selected_action": [published.pk]})
    published.refresh_from_db()
    assert published.status == DisclosureItem.Status.PUBLISHED

    # The status is read-only on the form: posting "published" saves a draft.
    data = item_form_data(draft.domain, list(draft.channels.all()), status="published")
    data.update(level1=draft.level1, level2=draft.level2, version=form_version(draft))
    url = reverse("admin:catalogue_disclosureitem_change", args=[draft.pk])
    assert client.post(url, data).status_code == 302
    draft.refresh_from_db()
    assert draft.status == DisclosureItem.Status.DRAFT
    assert draft.content == data["content"]


def test_publisher_withdraws_and_the_change_is_logged(client, django_user_model):
    from django.contrib.admin.models import LogEntry

    clerk = clerk_with(
        django_user_model, "view_disclosureitem", "change_disclosureitem", "publish_disclosureitem"
    )
    client.force_login(clerk)
    item = make_item()
    changelist = reverse("admin:catalogue_disclosureitem_changelist")
    client.post(changelist, {"action": "withdraw_selected", "_selected_action": [item.pk]})
    item.refresh_from_db()
    assert item.status == DisclosureItem.Status.DRAFT
    entry = LogEntry.objects.get(object_id=str(item.pk))
    assert entry.user == clerk
    assert "撤回" in entry.get_change_message()


def test_drafts_are_shown_only_to_staff_who_may_view_items(client, django_user_model):
    draft = make_item(status=DisclosureItem.Status.DRAFT)
    url = draft.get_absolute_url()
    someone = django_user_model.objects.create_user("other", password="x", is_staff=True)
    client.force_login(someone)
    assert client.get(url).status_code == 404
    client.force_login(clerk_with(django_user_model, "view_disclosureitem"))
    assert client.get(url).status_code == 200


def test_a_save_over_a_newer_change_is_refused_and_keeps_what_was_typed(staff_client):
    import re

    item = make_item(
        level1="临时救助", level2="办事指南", content="原内容", status=DisclosureItem.Status.DRAFT
    )
    url = reverse("admin:catalogue_disclosureitem_change", args=[item.pk])
    form_page = staff_client.get(url).content.decode()
    version = re.search(r'name="version" value="([^"]+)"', form_page).group(1)

    # Someone else saves the item meanwhile.
    other = DisclosureItem.objects.get(pk=item.pk)
    other.content = "别人的修改"
    other.save()

    data = item_form_data(
        item.domain,
        list(item.channels.all()),
        level1="临时救助",
        level2="办事指南",
        content="我的修改",
        version=version,
    )
    response = staff_client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "保存失败：该记录已被他人修改" in page
    assert "您填写的内容仍保留在下方" in page
    assert "我的修改" in page
    item.refresh_from_db()
    assert item.content == "别人的修改"

    # Reopened, the save goes through.
    fresh = re.search(
        r'name="version" value="([^"]+)"', staff_client.get(url).content.decode()
    ).group(1)
    assert staff_client.post(url, {**data, "version": fresh}).status_code == 302
    item.refresh_from_db()
    assert item.content == "我的修改"
