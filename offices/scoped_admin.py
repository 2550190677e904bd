"""The admin side of per-office rights: one mixin for every model a clerk's office owns."""

from offices import rights


class OfficeScopedAdminMixin:
    """
    A clerk lists, views, changes and deletes only what their office owns (offices.rights).

    The list is narrowed by rights.scope and each object checked by rights.may_change, both
    by the model's own rule, so the two agree.
    """

    def get_queryset(self, request):
        return rights.scope(request.user, super().get_queryset(request))

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
