"""
The preview follows the per-row choices for likely matches, and the confirm does what it said.

A real-shaped elderly-care file names two existing items slightly differently, with edited text:
the default choice (就是这个已有事项) previews two changed items and no missing ones; a changed
choice previews again (更新预览, no JavaScript) with the counts it will write.
"""

import re

import pytest

from catalogue.models import DisclosureItem
from tests.admin_pages import confirm_data, page_text
from tests.catalogue.import_support import record, workbook
from tests.catalogue.test_import_admin import CONFIRM_URL, upload
from tests.factories import make_channels, make_domain, make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def domain():
    make_channels()
    return make_domain(name="养老服务", slug="elderly-care")


@pytest.fixture
def items(domain):
    """Two stored items the file names differently (level-2 added; bracketed words)."""
    common = {"domain": domain, "channels": ("政府网站", "公开查阅点"), "status": "draft"}
    return [
        make_item(level1="养老服务扶持政策措施清单", level2="", number=1, **common),
        make_item(level1="养老机构", level2="养老机构名单及相关信息", number=2, **common),
    ]


def elderly_care_file():
    return workbook(
        [
            record(
                1,
                level1="养老服务扶持政策措施清单",
                level2="扶持政策措施清单",
                content="养老服务扶持政策措施（修订）",
            ),
            record(
                2,
                level1="养老机构",
                level2="养老机构（含医养结合机构）名单及相关信息",
                content="名称、地址、床位数、联系电话（更新）",
            ),
        ],
        domain_name="养老服务",
    )


def summary(response):
    return re.search(r"新增 \d+ 个，修改 \d+ 个，无变化 \d+ 个。", page_text(response)).group(0)


def choices(response):
    """The radio choice each proposed row shows checked."""
    page = response.content.decode()
    return dict(re.findall(r'name="(match_\d+)" value="(\w+)"[^>]*checked', page))


def counts():
    return DisclosureItem.objects.count()


def test_the_default_preview_updates_both_items_and_lists_none_missing(staff_client, items):
    response = upload(staff_client, items[0].domain, elderly_care_file())
    assert summary(response) == "新增 0 个，修改 2 个，无变化 0 个。"
    page = page_text(response)
    assert "在系统中存在但文件中没有" not in page
    assert choices(response) == {"match_5": "match", "match_6": "match"}
    confirm = staff_client.post(
        CONFIRM_URL, {**confirm_data(response, CONFIRM_URL), **choices(response)}
    )
    assert confirm.status_code == 302
    assert counts() == 2
    contents = set(DisclosureItem.objects.values_list("content", flat=True))
    assert contents == {"养老服务扶持政策措施（修订）", "名称、地址、床位数、联系电话（更新）"}


def test_a_changed_choice_previews_again_and_the_confirm_does_what_it_shows(staff_client, items):
    response = upload(staff_client, items[0].domain, elderly_care_file())
    posted = {**confirm_data(response, CONFIRM_URL), "match_5": "new", "match_6": "match"}
    again = staff_client.post(CONFIRM_URL, {**posted, "_preview": "更新预览"})
    assert again.status_code == 200
    assert counts() == 2  # a preview writes nothing
    assert summary(again) == "新增 1 个，修改 1 个，无变化 0 个。"
    page = page_text(again)
    assert "以下 1 个事项在系统中存在但文件中没有" in page
    assert "1 养老服务扶持政策措施清单" in page
    assert choices(again) == {"match_5": "new", "match_6": "match"}
    staff_client.post(CONFIRM_URL, {**confirm_data(again, CONFIRM_URL), **choices(again)})
    assert counts() == 3
    assert DisclosureItem.objects.filter(level2="扶持政策措施清单").exists()
    items[1].refresh_from_db()
    assert items[1].content == "名称、地址、床位数、联系电话（更新）"


def test_a_confirm_with_choices_the_preview_did_not_show_previews_instead(staff_client, items):
    response = upload(staff_client, items[0].domain, elderly_care_file())
    posted = {**confirm_data(response, CONFIRM_URL), "match_5": "new", "match_6": "new"}
    again = staff_client.post(CONFIRM_URL, posted)
    assert again.status_code == 200
    assert counts() == 2  # nothing written: the staff see what these choices do first
    assert summary(again) == "新增 2 个，修改 0 个，无变化 0 个。"
    assert "选择已改变" in page_text(again)
