"""The TOTP second factor of the admin (django-otp), on when PORTAL_REQUIRE_2FA is."""

import pytest
from django.test import Client

from audit.models import AuditEntry
from tests.audit.conftest import current_token, make_device, sign_in, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_factor(settings):
    settings.PORTAL_REQUIRE_2FA = True


def errors(response):
    return response.content.decode()


def test_without_the_setting_a_password_is_enough(client, clerk, settings):
    settings.PORTAL_REQUIRE_2FA = False
    assert "动态口令" not in client.get("/admin/login/").content.decode()
    assert sign_in(client).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_the_login_page_asks_for_the_code_in_chinese(client, two_factor):
    html = client.get("/admin/login/").content.decode()
    assert '<html lang="zh-hans"' in html
    for text in ("用户名", "密码", "动态口令", "手机身份验证器", 'value="登录"'):
        assert text in html
    assert 'autocomplete="one-time-code"' in html
    assert 'aria-describedby="id_otp_token_helptext"' in html


def test_a_password_without_a_code_is_refused(client, clerk, two_factor):
    make_device(clerk)
    response = sign_in(client)
    assert response.status_code == 200
    assert "请输入动态口令" in errors(response)
    assert not signed_in(client)
    entry = AuditEntry.objects.get(action="login_failed")
    assert entry.user == clerk
    assert entry.detail.startswith("密码正确，动态口令未通过：请输入动态口令")


def test_a_wrong_code_is_refused(client, clerk, two_factor):
    device = make_device(clerk)
    wrong = f"{(int(current_token(device)) + 1) % 1_000_000:06d}"
    response = sign_in(client, otp_token=wrong)
    assert "动态口令不正确或已过期" in errors(response)
    assert not signed_in(client)


@pytest.mark.parametrize("password", ["pw-清单-2026", "wrong-password"])
def test_a_refused_sign_in_never_echoes_the_code_typed(client, clerk, two_factor, password):
    device = make_device(clerk)
    typed = f"{(int(current_token(device)) + 1) % 1_000_000:06d}"
    page = errors(sign_in(client, password=password, otp_token=typed))
    assert 'name="otp_token"' in page and typed not in page


def test_the_current_code_signs_in_and_the_admin_opens(client, clerk, two_factor):
    device = make_device(clerk)
    response = sign_in(client, otp_token=current_token(device))
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    login = AuditEntry.objects.get(action="login")
    assert login.detail == "动态口令设备：办公室手机"


def test_a_clerk_with_two_devices_chooses_one(client, clerk, two_factor):
    make_device(clerk, "手机")
    tablet = make_device(clerk, "平板")
    response = sign_in(client, otp_token=current_token(tablet))
    html = errors(response)
    assert "请选择动态口令设备" in html
    assert 'name="otp_device"' in html
    response = sign_in(client, otp_token=current_token(tablet), otp_device=tablet.persistent_id)
    assert response.status_code == 302


def test_a_clerk_without_a_device_is_told_how_to_get_one(client, clerk, two_factor, settings):
    settings.PORTAL_ADMIN_CONTACT = "局办公室（电话 0000-1234567）"
    html = errors(sign_in(client, otp_token="123456"))
    assert "您的账号还没有绑定动态口令（TOTP）设备" in html
    assert "局办公室（电话 0000-1234567）" in html
    assert "扫描" in html
    assert not signed_in(client)


def test_an_unverified_session_does_not_open_the_admin(clerk, two_factor):
    """A session signed in before the setting was on (or by password alone) must verify."""
    browser = Client()
    browser.force_login(clerk)
    response = browser.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    page = browser.get(response["Location"]).content.decode()
    assert "还没有通过动态口令验证" in page
    # Staff pages outside the ModelAdmins go through admin_view and ask too.
    assert browser.get("/admin/selfcheck/").status_code == 302


def test_the_device_admin_shows_the_qr_code_with_instructions(client, clerk):
    device = make_device(clerk)
    client.force_login(clerk)
    html = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/config/").content.decode()
    assert "动态口令二维码" in html
    assert "扫描下面的二维码" in html
    assert f"/admin/otp_totp/totpdevice/{device.pk}/qrcode/" in html
    qr = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/qrcode/")
    assert qr.status_code == 200
    assert qr["Content-Type"] == "image/svg+xml"
    change = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/").content.decode()
    assert "设备和用户" in change
    assert "查看二维码" in change
    assert "动态口令（双因素认证）" in client.get("/admin/").content.decode()
