"""Saving in the admin: a text holding a citizen's number is refused, what was typed is kept."""

import html

import pytest
from django.urls import reverse

from catalogue.models import DisclosureItem
from tests.factories import make_channels, make_domain, make_item
from tests.privacy.files import resident_id

pytestmark = pytest.mark.django_db

NUMBER = resident_id()
MASKED = "340802********123X"


def item_data(domain, channels, **overrides):
    data = {
        "domain": domain.pk,
        "number": 3,
        "level1": "最低生活保障",
        "level2": "审核信息",
        "status": "draft",
        "content": "审核结果、救助对象",
        "basis": "《社会救助暂行办法》",
        "deadline": "制定或获取信息之日起10个工作日内",
        "issuing_body": "县级人民政府民政部门",
        "channels": [channels["政府网站"].pk],
        "other_channels": "",
        "audience_public": "on",
        "mode_proactive": "on",
        "level_county": "on",
    }
    data.update(overrides)
    return data


def page(response):
    return html.unescape(response.content.decode())


def test_adding_an_item_with_an_id_number_is_refused_keeping_the_text(staff_client):
    domain = make_domain()
    channels = make_channels()
    typed = f"公示对象：张三，身份证号 {NUMBER}，联系电话 138 1234 5678"
    data = item_data(domain, channels, content=typed)
    response = staff_client.post(reverse("admin:catalogue_disclosureitem_add"), data)
    assert response.status_code == 200
    text = page(response)
    assert f"公开内容（要素）：发现身份证号 {MASKED}，请遮挡后再提交。" in text
    assert "公开内容（要素）：发现手机号 138****5678，请遮挡后再提交。" in text
    assert typed in text  # the textarea still holds what the clerk typed
    assert not DisclosureItem.objects.exists()


def test_changing_an_item_is_refused_and_the_item_keeps_its_old_text(staff_client):
    item = make_item(content="原来的公开内容")
    url = reverse("admin:catalogue_disclosureitem_change", args=[item.pk])
    form = staff_client.get(url).context["adminform"].form
    data = item_data(
        item.domain,
        make_channels(),
        level2=item.level2,
        basis="经办人银行卡 6222021234567894",
        version=form["version"].value(),
    )
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "公开依据：发现银行卡号 6222********7894，请遮挡后再提交。" in page(response)
    assert "经办人银行卡 6222021234567894" in page(response)
    item.refresh_from_db()
    assert item.basis == "《社会救助暂行办法》（国务院令第649号）"


def test_masked_numbers_save(staff_client):
    domain = make_domain()
    channels = make_channels()
    data = item_data(domain, channels, content="张*明 340802********1234 138****5678")
    response = staff_client.post(reverse("admin:catalogue_disclosureitem_add"), data)
    assert response.status_code == 302
    assert DisclosureItem.objects.get().content.startswith("张*明")
