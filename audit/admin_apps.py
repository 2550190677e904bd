from django.contrib.admin.apps import AdminConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig


class PortalAdminConfig(AdminConfig):
    """django.contrib.admin with the portal's admin site (second factor when required)."""

    default_site = "audit.admin_site.PortalAdminSite"


class TOTPConfig(DefaultConfig):
    """django-otp's TOTP devices, under a Chinese heading in the admin."""

    verbose_name = "动态口令（双因素认证）"
