"""
The audit log in the admin, read-only for everyone; the TOTP devices' admin in Chinese; users,
groups and devices versioned like every other edited model (versions).
"""

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit import actions
from audit.models import AuditEntry
from versions.admin import VersionedAdminMixin


class ActionFilter(admin.SimpleListFilter):
    """The actions present in the log (apps add their own), with their Chinese labels."""

    title = "操作"
    parameter_name = "action"

    def lookups(self, request, model_admin):
        codes = model_admin.get_queryset(request).order_by().values_list("action", flat=True)
        return [(code, actions.label(code)) for code in sorted(codes.distinct())]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(action=self.value())
        return queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["when_local", "username", "ip_address", "action_text", "object_repr", "detail"]
    list_filter = [ActionFilter, "when"]
    search_fields = ["username", "ip_address"]
    search_help_text = "按用户名或 IP 地址查找"
    date_hierarchy = "when"
    list_per_page = 100
    show_full_result_count = False
    fields = [
        "when",
        "user",
        "username",
        "ip_address",
        "action",
        "content_type",
        "object_id",
        "object_repr",
        "detail",
    ]
    readonly_fields = fields

    @admin.display(description="时间", ordering="when")
    def when_local(self, entry):
        return timezone.localtime(entry.when).strftime("%Y-%m-%d %H:%M:%S")

    @admin.display(description="操作", ordering="action")
    def action_text(self, entry):
        return entry.action_label

    # Nobody adds, changes or deletes entries, superusers included; `purge_audit_log` removes
    # old ones.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _field_column(field, heading, **options):
    """A list column showing a model field under a Chinese heading, sorted by that field."""

    def column(self, obj):
        return getattr(obj, field)

    return admin.display(description=heading, ordering=field, **options)(column)


class PortalTOTPDeviceAdmin(VersionedAdminMixin, TOTPDeviceAdmin):
    """django-otp's device admin with Chinese headings and a Chinese QR-code page."""

    HEADINGS = {
        "Identity": "设备和用户",
        "Timestamps": "时间",
        "Configuration": "参数（一般不用修改）",
        "State": "状态",
        "Throttling": "错误次数限制",
    }

    list_display = ["device_user", "device_name", "created", "last_used", "is_confirmed"]

    def get_fieldsets(self, request, obj=None):
        return [
            (self.HEADINGS.get(title, title), options)
            for title, options in super().get_fieldsets(request, obj)
        ]

    # django-otp's fields have no verbose names: the list's columns say what they hold.
    device_user = _field_column("user", "用户")
    device_name = _field_column("name", "设备名称")
    created = _field_column("created_at", "创建时间")
    last_used = _field_column("last_used_at", "最近使用")
    is_confirmed = _field_column("confirmed", "已确认", boolean=True)

    @admin.display(description="二维码")
    def qrcode_link(self, device):
        href = reverse("admin:otp_totp_totpdevice_config", kwargs={"pk": device.pk})
        return format_html('<a href="{}">查看二维码</a>', href)

    def config_view(self, request, pk):
        response = super().config_view(request, pk)
        if isinstance(response, TemplateResponse):
            response.template_name = "audit/totp_config.html"
            response.context_data["title"] = "动态口令二维码"
        return response


admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, PortalTOTPDeviceAdmin)


class PortalUserAdmin(VersionedAdminMixin, UserAdmin):
    """Django's user admin; a save from an outdated form is refused (versions)."""

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:  # UserAdmin's own add form, which the versioned wrapper must keep
            kwargs.setdefault("form", self.add_form)
        return super().get_form(request, obj, **kwargs)


class PortalGroupAdmin(VersionedAdminMixin, GroupAdmin):
    """Django's group admin; a save from an outdated form is refused (versions)."""


for model, model_admin in ((User, PortalUserAdmin), (Group, PortalGroupAdmin)):
    admin.site.unregister(model)
    admin.site.register(model, model_admin)


class PortalAccessAttemptAdmin(AccessAttemptAdmin):
    """django-axes' list of failed sign-ins, its status column under a Chinese heading."""

    @admin.display(description="状态")
    def status(self, obj):
        return super().status(obj)


if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)
    admin.site.register(AccessAttempt, PortalAccessAttemptAdmin)
