"""
The units in the admin: each unit's administrator edits their unit's identity (name, code,
the disclosure office, the review body and court); the platform's administrators (superusers)
add and remove units and set where they stand (parent, kind, level, address on the platform).

Scoped like every admin (units.admin_scope), except that the staff of a parent unit also view
the units below theirs, read-only (`unit_readable_below`).
"""

from django.contrib import admin

from units import access
from units.models import Unit
from versions.admin import VersionedAdminMixin

# Where a unit stands on the platform: the platform administrators' to set.
PLATFORM_FIELDS = ["parent", "kind", "level", "slug", "host", "is_live"]


@admin.register(Unit)
class UnitAdmin(VersionedAdminMixin, admin.ModelAdmin):
    unit_readable_below = True

    list_display = ["name", "kind", "level", "parent", "code", "slug", "is_live", "is_demo"]
    list_select_related = ["parent"]  # the parent column read with the rows, not per row
    list_filter = ["kind", "level", "is_live"]
    search_fields = ["name", "code", "slug"]
    filter_horizontal = ["members"]
    fieldsets = [
        (None, {"fields": ["name", "code", "parent", "kind", "level", "order"]}),
        ("网址", {"fields": ["slug", "host", "site_url", "is_live"]}),
        (
            "依申请公开受理机构",
            {
                "fields": [
                    "disclosure_office",
                    "address",
                    "postcode",
                    "hours",
                    "phone",
                    "fax",
                    "email",
                    "review_body",
                    "court",
                ]
            },
        ),
        ("人员", {"fields": ["members"]}),
    ]

    def has_add_permission(self, request):
        return access.is_platform_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return access.is_platform_admin(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not access.is_platform_admin(request.user):
            fields += [name for name in PLATFORM_FIELDS if name not in fields]
        return fields
