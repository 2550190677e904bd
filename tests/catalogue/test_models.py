import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from catalogue.models import DisclosureItem, Domain
from catalogue.records import apply_record, item_to_record
from tests.factories import make_channels, make_domain, make_item, make_office

pytestmark = pytest.mark.django_db


def test_item_name_joins_both_levels_and_drops_an_empty_second_level():
    assert make_item(level1="最低生活保障", level2="审核信息").name == "最低生活保障 / 审核信息"
    assert make_item(level1="养老机构投资指南", level2="").name == "养老机构投资指南"


def test_natural_key_is_unique_within_a_domain_only():
    domain = make_domain()
    make_item(domain=domain, level1="临时救助", level2="办事指南")
    make_item(level1="临时救助", level2="办事指南")  # another domain: allowed
    with pytest.raises(IntegrityError):
        make_item(domain=domain, level1="临时救助", level2="办事指南")


def test_clean_requires_name_content_and_one_of_each_set():
    item = DisclosureItem(
        domain=make_domain(),
        level1=" ",
        content="",
        audience_public=False,
        audience_specific=False,
        mode_proactive=False,
        mode_on_request=False,
        level_county=False,
        level_township=False,
    )
    with pytest.raises(ValidationError) as excinfo:
        item.full_clean()
    errors = excinfo.value.message_dict
    assert {"level1", "content", "audience_public", "mode_proactive", "level_county"} <= set(errors)
    assert "公开对象至少选择一项。" in errors["audience_public"]


def test_published_and_visible_to(django_user_model):
    from django.contrib.auth.models import AnonymousUser, Permission

    draft = make_item(status=DisclosureItem.Status.DRAFT)
    published = make_item()
    staff = django_user_model.objects.create_user("staff", is_staff=True)
    viewer = django_user_model.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_disclosureitem"))

    assert list(DisclosureItem.objects.published()) == [published]
    assert set(DisclosureItem.objects.visible_to(AnonymousUser())) == {published}
    assert set(DisclosureItem.objects.visible_to(staff)) == {published}
    # Drafts only where the admin shows them (offices.rights): the viewer's office owns the domain.
    assert set(DisclosureItem.objects.visible_to(viewer)) == {published}
    draft.domain.owner_office = make_office()
    draft.domain.save()
    draft.domain.owner_office.members.add(viewer)
    viewer = django_user_model.objects.get(pk=viewer.pk)
    assert set(DisclosureItem.objects.visible_to(viewer)) == {draft, published}


def test_search_matches_every_word_in_names_content_or_basis():
    low = make_item(level1="最低生活保障", level2="审批信息", content="低保对象名单及相关信息")
    make_item(level1="临时救助", level2="办事指南", content="救助标准")
    by_basis = make_item(level1="特困人员救助供养", basis="国发〔2016〕14号")
    search = DisclosureItem.objects.search
    assert list(search("低保")) == [low]
    assert list(search("最低生活保障 名单")) == [low]
    assert list(search("国发〔2016〕14号")) == [by_basis]
    assert list(search("最低生活保障 救助标准")) == []


def test_publishing_warning_for_proactive_item_without_the_website():
    item = make_item(channels=["政务服务中心"], mode_proactive=True)
    assert item.publishing_warnings() == [
        "主动公开的事项应当选择“政府网站”渠道（政府网站是信息发布第一平台）。"
    ]
    assert make_item(channels=["政府网站"]).publishing_warnings() == []
    on_request = make_item(channels=["公开查阅点"], mode_proactive=False, mode_on_request=True)
    assert on_request.publishing_warnings() == []


def test_record_round_trip_keeps_every_element():
    channels = make_channels()
    channels["12345政务服务热线"] = type(channels["其他"]).objects.create(
        name="12345政务服务热线", order=20, is_standard=False
    )
    item = make_item(
        channels=["政务服务中心", "政府网站"],
        other_channels="村民微信群",
        audience_specific=True,
        mode_on_request=True,
        level_township=True,
    )
    item.channels.add(channels["12345政务服务热线"])
    record = item_to_record(item)
    assert record["channels"] == ["政府网站", "政务服务中心", "其他"]  # template order
    assert record["other_channels"] == ["12345政务服务热线", "村民微信群"]
    assert record["audience"] == ["全社会", "特定群体"]
    assert record["mode"] == ["主动公开", "依申请公开"]
    assert record["level"] == ["县级", "乡级"]

    copy = DisclosureItem(domain=Domain.objects.create(name="复制", slug="copy"))
    linked = apply_record(copy, record, channels)
    copy.save()
    copy.channels.set(linked)
    assert item_to_record(copy) == record


def test_search_knows_the_words_citizens_use():
    guide = make_item(level1="最低生活保障", level2="办事指南", content="办理条件")
    approved = make_item(level1="最低生活保障", level2="审批信息", content="低保对象名单")
    five = make_item(level1="特困人员救助供养", level2="办事指南", content="办理条件")
    homes = make_item(level1="养老服务业务办理", level2="养老机构备案", content="备案材料")
    search = DisclosureItem.objects.search
    assert set(search("低保")) == {guide, approved}
    assert set(search("五保")) == {five}
    assert set(search("养老院 备案")) == {homes}
    assert set(search("低保 办事指南")) == {guide}
