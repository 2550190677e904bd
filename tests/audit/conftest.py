"""Fixtures of the admin-security tests (their browser tests: tests/browser/test_admin_security.py)."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "pw-清单-2026"
LOGIN_URL = "/admin/login/"


@pytest.fixture
def clerk(django_user_model):
    """A staff clerk (superuser) who signs in with a password."""
    return django_user_model.objects.create_superuser("clerk", "clerk@example.gov.cn", PASSWORD)


def sign_in(client, username="clerk", password=PASSWORD, ip="127.0.0.1", **extra):
    """Post the admin's login form as a browser would; returns the response."""
    data = {"username": username, "password": password, "next": "/admin/", **extra}
    return client.post(LOGIN_URL, data, REMOTE_ADDR=ip)


def signed_in(client):
    return "_auth_user_id" in client.session


def make_device(user, name="办公室手机"):
    return TOTPDevice.objects.create(user=user, name=name, confirmed=True)


def current_token(device):
    """The code the clerk's authenticator app shows now."""
    token = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{token:0{device.digits}d}"
