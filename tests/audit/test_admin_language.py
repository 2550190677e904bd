"""The admin speaks Chinese, the sign-in lock-out screens of django-axes included."""

import pytest
from axes.models import AccessAttempt

pytestmark = pytest.mark.django_db


def test_the_lockout_records_are_listed_in_chinese(staff_client):
    index = staff_client.get("/admin/").content.decode()
    assert "登录失败锁定" in index and "登录失败记录" in index
    for english in ("Access attempts", "Access failures", "Access logs", ">Axes<"):
        assert english not in index
    AccessAttempt.objects.create(
        username="clerk",
        ip_address="203.0.113.9",
        user_agent="",
        get_data="",
        post_data="",
        http_accept="",
        path_info="/admin/login/",
        failures_since_start=3,
    )
    changelist = staff_client.get("/admin/axes/accessattempt/").content.decode()
    assert "用户名" in changelist and "IP 地址" in changelist


def test_the_admin_home_s_screen_reader_headings_are_chinese(staff_client):
    index = staff_client.get("/admin/").content.decode()
    for english in ("Model name", "Add link", "Change or view list link"):
        assert english not in index
    assert '<th scope="col">数据类别</th>' in index


def test_the_totp_devices_are_named_in_chinese(staff_client):
    index = staff_client.get("/admin/").content.decode()
    assert "动态口令设备" in index
    assert "TOTP device" not in index
    changelist = staff_client.get("/admin/otp_totp/totpdevice/").content.decode()
    assert "TOTP device" not in changelist and "动态口令设备" in changelist


def test_no_two_sections_of_the_admin_home_share_a_title(staff_client):
    import re

    index = staff_client.get("/admin/").content.decode()
    captions = [
        re.sub(r"<[^>]+>", "", caption).strip()
        for caption in re.findall(r"<caption>(.*?)</caption>", index, re.S)
    ]
    assert "审核待办" in captions and "审核记录" in captions
    assert len(captions) == len(set(captions)), captions


def test_save_and_continue_message_ends_with_a_full_width_period(staff_client):
    from tests.factories import make_column

    column = make_column()
    response = staff_client.post(
        "/admin/publications/publication/add/",
        {
            "title": "关于开展养老机构检查的通知",
            "column": column.pk,
            "status": "draft",
            "topic": "general",
            "validity": "valid",
            "mode": "proactive",
            "document_kind": "other",
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
            "_continue": "1",
        },
        follow=True,
    )
    messages = [str(message) for message in response.context["messages"]]
    assert messages and messages[0].endswith("您可以在下面再次编辑它。"), messages
    assert not any(message.endswith(".") for message in messages)
