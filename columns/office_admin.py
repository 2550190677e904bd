"""The admin side of per-office rights: one mixin for every model a clerk's office owns."""

from columns import rights


class OfficeScopedAdminMixin:
    """
    A clerk lists, views, changes and deletes only what their office owns (columns.rights).

    `office_scope` is the rights function that narrows the model's queryset for a user
    (rights.items, rights.columns or rights.publications); the object checks use
    rights.may_change, which agrees with it.
    """

    office_scope = None

    def get_queryset(self, request):
        return self.office_scope(request.user, super().get_queryset(request))

    def has_add_permission(self, request):
        return super().has_add_permission(request) and rights.may_add(request.user)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or rights.may_change(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or rights.may_change(request.user, obj))

    def has_view_permission(self, request, obj=None):
        # Also where an object is reached without get_queryset (the history of a deleted row).
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or rights.may_change(request.user, obj))

    def changelist_view(self, request, extra_context=None):
        rights.warn_if_no_office(request)
        return super().changelist_view(request, extra_context)


class OfficeOwnedAdminMixin:
    """
    The admin of a model with an `office` foreign key that the office handles itself: a clerk
    lists and changes only their offices' rows and offers only their offices in the form.
    """

    office_field = "office"

    def get_queryset(self, request):
        return rights.by_office(request.user, super().get_queryset(request), self.office_field)

    def office_of(self, obj):
        """The id of the office owning `obj`."""
        return getattr(obj, f"{self.office_field}_id")

    def _owned(self, request, obj):
        return obj is None or rights.may_change_owned(request.user, self.office_of(obj))

    def has_add_permission(self, request, *args):
        return super().has_add_permission(request, *args) and rights.may_add(request.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._owned(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._owned(request, obj)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._owned(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == self.office_field and not rights.is_unrestricted(request.user):
            kwargs["queryset"] = rights.offices_of(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def changelist_view(self, request, extra_context=None):
        rights.warn_if_no_office(request)
        return super().changelist_view(request, extra_context)
