from axes import apps as axes_apps
from django.contrib.admin.apps import AdminConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig


class PortalAdminConfig(AdminConfig):
    """django.contrib.admin with the portal's admin site (second factor when required)."""

    default_site = "audit.admin_site.PortalAdminSite"


class TOTPConfig(DefaultConfig):
    """django-otp's TOTP devices, under a Chinese heading and with a Chinese name in the admin."""

    verbose_name = "动态口令（双因素认证）"
    DEVICE_NAME = "动态口令设备"

    def ready(self):
        super().ready()
        # django-otp names its model in English without gettext, so no translation reaches it.
        # The display names only: the migration state reads the model's declared Meta.
        options = self.get_model("TOTPDevice")._meta
        options.verbose_name = options.verbose_name_plural = self.DEVICE_NAME


class AxesConfig(axes_apps.AppConfig):
    """django-axes, under a Chinese heading in the admin (its strings: locale/zh_Hans)."""

    verbose_name = "登录失败锁定"
