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
