"""
The history pages in the admin: every version with who, when, why and a diff in Chinese, and
the button 以此版本为修订稿 (review.restore) instead of simple-history's direct revert.

Mix HistoryAdminMixin in first and end the bases with SimpleHistoryAdmin instead of ModelAdmin:

    class ColumnAdmin(HistoryAdminMixin, ..., SimpleHistoryAdmin): ...

First, so that a version's page opens on the version's values before review.admin looks for a
pending revision; SimpleHistoryAdmin last, so that the other mixins keep their place before
ModelAdmin.
"""

from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import conditional_escape
from simple_history.manager import SIMPLE_HISTORY_REVERSE_ATTR_NAME
from simple_history.template_utils import HistoricalRecordContextHelper
from simple_history.utils import get_m2m_reverse_field_name

from history.records import NOT_COMPARED, change_label, history_model, link_models
from review.restore import restore
from review.workflow import ReviewRefused
from reviewable.revisions import EMPTY

RESTORE_LABEL = "以此版本为修订稿"
RESTORE_FIELD = "_restore"
TYPE_LABELS = {"+": "新建", "~": "修改", "-": "删除"}


class ChineseDiffHelper(HistoricalRecordContextHelper):
    """Values as the clerks read them: choices by label, 是/否, links and relations by name."""

    def format_delta_change(self, change):
        formatted = super().format_delta_change(change)
        return type(formatted)(
            field=change_label(self.model, change.field),
            old=formatted.old,
            new=formatted.new,
        )

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if field.many_to_many:
            target = get_m2m_reverse_field_name(field)
            names = [str(row[target]) for row in value]
            return "、".join(names) or EMPTY
        if value is None or value == "":
            return EMPTY
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return "是" if value else "否"
        return value

    def stringify_delta_change_values(self, change, old, new):
        # Whole values, escaped: a clerk compares texts, and 100 characters cut them mid-word.
        return conditional_escape(str(old)), conditional_escape(str(new))


class HistoryAdminMixin:
    """For a SimpleHistoryAdmin: Chinese diffs, and restoring through the review."""

    object_history_template = "review/history/object_history.html"
    object_history_list_template = "review/history/object_history_list.html"
    object_history_form_template = "review/history/object_history_form.html"
    history_list_per_page = 50

    def get_historical_record_context_helper(self, request, historical_record):
        return ChineseDiffHelper(self.model, historical_record)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """The diff of each record against the one before, without the workflow's fields."""
        previous = None
        excluded = [name for name in NOT_COMPARED if _has_field(self.model, name)]
        for current in historical_records:
            if previous is not None:
                delta = previous.diff_against(
                    current, excluded_fields=excluded, foreign_keys_are_objs=True
                )
                helper = self.get_historical_record_context_helper(request, previous)
                previous.history_delta_changes = helper.context_for_delta_changes(delta)
            previous = current

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        context = {
            "restore_label": RESTORE_LABEL,
            "restore_field": RESTORE_FIELD,
            "may_restore": obj is not None and self.may_restore(request, obj),
            "type_labels": TYPE_LABELS,
            "title": f"变更记录：{obj}" if obj is not None else "变更记录",
        }
        return super().history_view(request, object_id, {**context, **(extra_context or {})})

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """A version's page; its POST restores that version (never simple-history's revert)."""
        if request.method == "POST":
            return self.restore_view(request, object_id, version_id)
        obj = self.get_object(request, unquote(object_id))
        record = self._record(object_id, version_id)
        context = {
            "restore_label": RESTORE_LABEL,
            "restore_field": RESTORE_FIELD,
            "may_restore": obj is not None and self.may_restore(request, obj),
            "version_date": record.history_date if record is not None else None,
            "title": f"历史版本：{obj}" if obj is not None else "历史版本",
        }
        return super().history_form_view(
            request, object_id, version_id, {**context, **(extra_context or {})}
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        record = getattr(obj, SIMPLE_HISTORY_REVERSE_ATTR_NAME, None)
        if record is not None:
            # A version's page shows that version's links, not the live row's, and its own
            # values rather than a pending revision's (review.admin opens the form on those).
            obj._prefetched_objects_cache = _version_links(record)
            obj._open_revision = None
        return super().get_form(request, obj, change, **kwargs)

    def may_restore(self, request, obj):
        """Whether to offer the button: the change right (review.restore checks the rest)."""
        opts = self.model._meta
        return request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")

    def _record(self, object_id, version_id):
        try:
            return (
                history_model(self.model)
                .objects.filter(**{self.model._meta.pk.attname: unquote(object_id)})
                .filter(history_id=int(version_id))
                .first()
            )
        except ValueError:
            return None

    def restore_view(self, request, object_id, version_id):
        record = self._record(object_id, version_id)
        if record is None or RESTORE_FIELD not in request.POST:
            raise Http404
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_permission(request, obj):
            raise PermissionDenied
        try:
            restored = restore(request.user, record)
        except ReviewRefused as refusal:
            self.message_user(request, refusal.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
        self.log_change(request, restored.obj, restored.message)
        self.message_user(request, restored.message, messages.SUCCESS)
        url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
            args=[quote(restored.obj.pk)],
        )
        return HttpResponseRedirect(url)


def _has_field(model, name):
    return any(field.name == name for field in model._meta.get_fields())


def _version_links(record):
    """{M2M field name: the related rows the version linked}, as a prefetch cache."""
    cache = {}
    for field, m2m_model in link_models(record.instance_type):
        target = m2m_model._meta.get_field(get_m2m_reverse_field_name(field)).attname
        ids = m2m_model.objects.filter(history=record).values_list(target, flat=True)
        cache[field.name] = field.related_model._base_manager.filter(pk__in=list(ids))
    return cache
