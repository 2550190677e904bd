from django.contrib import admin
from django.contrib.auth import get_user_model

from offices.models import Office


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    filter_horizontal = ["members"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "members":
            # Only people who can sign in to the admin belong in an office.
            kwargs["queryset"] = get_user_model().objects.filter(is_staff=True, is_active=True)
        return super().formfield_for_manytomany(db_field, request, **kwargs)
