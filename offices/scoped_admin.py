"""The admin side of per-office rights: one mixin for every model a clerk's office owns."""

from django.db.models import Q

from offices import rights

NOT_OWN_CHOICE = (
    "所选的{model}不属于您所在的科室（或已被删除），不能选择。"
    "请选择本科室负责的{model}，或请公开办负责人办理。"
)


class OfficeScopedAdminMixin:
    """
    A clerk lists, views, changes and deletes only what their office owns (offices.rights).

    The list is narrowed by rights.scope and each object checked by rights.may_change, both
    by the model's own rule, so the two agree. The form's links to office-owned objects offer
    and accept only the clerk's own and what is already linked (`cross_office_fields` names
    those that may reach other offices, e.g. a publication's successor); the foreign keys to
    Office named in `own_office_fields` offer a clerk only their own offices.
    """

    cross_office_fields = ()
    own_office_fields = ()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.own_office_fields and not rights.is_unrestricted(request.user):
            kwargs["queryset"] = rights.offices_of(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

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

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        user = request.user
        if rights.is_unrestricted(user):
            return form
        cross_office = self.cross_office_fields

        class OfficeScopedForm(form):
            """
            Every link to an office-owned object (an item's columns, a publication's column, a
            column's parent, an item's domain) offers and accepts only the clerk's own, and
            whatever the object already links to: a forged id is refused with a message.
            """

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for name, field in self.fields.items():
                    if name not in cross_office:
                        _own_choices_only(user, self.instance, name, field)

        OfficeScopedForm.__name__ = form.__name__
        return OfficeScopedForm

    def changelist_view(self, request, extra_context=None):
        rights.warn_if_no_office(request)
        return super().changelist_view(request, extra_context)


def _own_choices_only(user, instance, name, field):
    """Narrow a relation form field to the user's own objects plus those already linked."""
    queryset = getattr(field, "queryset", None)
    if queryset is None or not rights.is_office_owned(queryset.model):
        return
    model = queryset.model
    kept = Q(pk__in=[])
    if instance.pk is not None:
        relation = instance._meta.get_field(name)
        if relation.many_to_many:
            kept = Q(pk__in=getattr(instance, name).values("pk"))
        elif getattr(instance, relation.attname, None) is not None:
            kept = Q(pk=getattr(instance, relation.attname))
    own = rights.scope(user, model._default_manager.all()).values("pk")
    field.queryset = queryset.filter(Q(pk__in=own) | kept)
    field.error_messages["invalid_choice"] = NOT_OWN_CHOICE.format(model=model._meta.verbose_name)
