"""
The audit log in the admin, read-only for everyone and narrowed to the user's units (the site's
unit scope); the TOTP devices' admin in Chinese; users, groups and devices versioned like every
other edited model (versions); each unit's administrator manages the users of their units.
"""

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django import forms
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
from units import access
from units.admin_scope import users_in_units
from units.models import Unit
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
        "unit",
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


MANAGE_UNIT_USERS = "audit.manage_unit_users"
UNITS_FIELD = "units"
UNITS_REQUIRED = "请至少选择一个发布单位：新用户只能在您所在的发布单位工作。"


def _with_units_field(form_class, required):
    """`form_class` with the user's units (发布单位) as a field, offered within `user`'s units."""

    class UnitsForm(form_class):
        units = forms.ModelMultipleChoiceField(
            queryset=Unit.objects.all(),
            required=False,
            label="发布单位",
            widget=admin.widgets.FilteredSelectMultiple("发布单位", is_stacked=False),
            help_text="该用户工作的发布单位（科室人员同时属于其科室所在的单位）。",
        )

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if self.instance.pk is not None:
                self.initial.setdefault(UNITS_FIELD, list(self.instance.units.all()))

        def clean_units(self):
            chosen = self.cleaned_data.get(UNITS_FIELD)
            if required and not chosen:
                raise forms.ValidationError(UNITS_REQUIRED)
            return chosen

    UnitsForm.__name__ = form_class.__name__
    return UnitsForm


class PortalUserAdmin(VersionedAdminMixin, UserAdmin):
    """
    Django's user admin; a save from an outdated form is refused (versions).

    A unit's administrator (站点管理员, who holds `audit.manage_unit_users`) manages the users of
    their units: the list shows only people who work in them and never a superuser; they give a
    user only units they work in themselves, and never superuser status or single permissions.
    Superusers (the platform's administrators) manage everyone.
    """

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if access.is_platform_admin(request.user):
            return queryset
        people = users_in_units(access.unit_ids(request.user)).values("pk")
        return queryset.filter(pk__in=people, is_superuser=False)

    def _manages(self, request):
        return request.user.has_perm(MANAGE_UNIT_USERS)

    def has_module_permission(self, request):
        return super().has_module_permission(request) or self._manages(request)

    def _reaches(self, request, obj):
        """Whether `obj` is one of the users the list shows this user (always, for none)."""
        if obj is None or access.is_platform_admin(request.user):
            return True
        return self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj) or self._manages(request)
        return allowed and self._reaches(request, obj)

    def has_add_permission(self, request):
        if access.is_platform_admin(request.user):
            return super().has_add_permission(request)
        allowed = super().has_add_permission(request) or self._manages(request)
        return allowed and bool(access.unit_ids(request.user))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj) or self._manages(request)
        return allowed and self._reaches(request, obj)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj) or self._manages(request)
        if not allowed or obj is None or access.is_platform_admin(request.user):
            return allowed
        # Not someone who also works in a unit beyond this administrator's.
        own = access.unit_ids(request.user)
        elsewhere = users_in_units(Unit.objects.exclude(pk__in=own).values("pk")).filter(pk=obj.pk)
        return self._reaches(request, obj) and not elsewhere.exists()

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is None:
            name, options = fieldsets[0]
            fields = [*options.get("fields", ()), UNITS_FIELD]
            return [(name, {**options, "fields": fields}), *fieldsets[1:]]
        return [*fieldsets, ("发布单位", {"fields": [UNITS_FIELD]})]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not access.is_platform_admin(request.user):
            fields += ["is_superuser", "user_permissions"]
        return fields

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:  # UserAdmin's own add form, which the versioned wrapper must keep
            kwargs.setdefault("form", self.add_form)
        required = obj is None and not access.is_platform_admin(request.user)
        kwargs["form"] = _with_units_field(kwargs.get("form", self.form), required=required)
        form = super().get_form(request, obj, **kwargs)
        if obj is None and UNITS_FIELD in form.base_fields:
            default = access.default_unit(request.user)
            form.base_fields[UNITS_FIELD].initial = [default.pk] if default else []
        return form

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if UNITS_FIELD not in form.cleaned_data:
            return
        user = form.instance
        chosen = {unit.pk for unit in form.cleaned_data[UNITS_FIELD]}
        current = set(user.units.values_list("pk", flat=True))
        if access.is_platform_admin(request.user):
            managed = current | chosen
        else:
            managed = set(access.unit_ids(request.user))
        user.units.add(*(chosen & managed) - current)
        user.units.remove(*(current & managed) - chosen)


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
