"""
The review in the admin: a panel on the change page, the step buttons, locked forms, revisions.

Mix ReviewAdminMixin into the ModelAdmin of a reviewed model (an item or a publication), before
ModelAdmin, and list its actions:

    class DisclosureItemAdmin(ReviewAdminMixin, ..., admin.ModelAdmin):
        actions = ["submit_selected", "withdraw_selected"]

- The status is never a form field: only the steps (review.workflow) change it.
- Drafts are edited as before; anything under review is read-only for everyone; editing a
  published object saves a Revision, and the public keeps the published version until the
  revision is reviewed and published.
- The change page shows the state, the pending revision's changes (现值 / 拟改为), the record of
  steps, and the buttons of the steps the user may take; they post to <object>/review/.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.functional import SimpleLazyObject

from review import workflow
from review.models import ReviewStep
from review.workflow import ACTION_LABELS, Action, ReviewRefused
from reviewable.revisions import snapshot
from reviewable.steps import DRAFT, PUBLISHED

# The session key keeping a comment typed into a refused step, to show it again.
COMMENT_KEY = "review-comment-{label}-{pk}"
SAVED_AS_REVISION = (
    "已保存为修改稿：公众仍看到原来已发布的内容。修改稿提交审核，经审核、批准并发布后才会生效。"
)


def locked_message(obj):
    state = workflow.review_state(obj)
    return (
        f"“{obj}”当前状态为“{state.label}”，审核期间不能修改，本次未保存。"
        "如需修改，请审核人员退回后再改。"
    )


class ReviewAdminMixin:
    """The review workflow for the ModelAdmin of an item or a publication."""

    change_form_template = "review/change_form.html"

    # --- permissions ---------------------------------------------------------------------

    def has_submit_permission(self, request):
        return request.user.has_perm(workflow.permission(self.model, Action.SUBMIT))

    def has_publish_permission(self, request):
        return request.user.has_perm(workflow.permission(self.model, Action.PUBLISH))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None:
            return allowed
        return workflow.may_edit(request.user, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields if "status" in fields else [*fields, "status"]

    # --- the form: a published object's form edits its revision ---------------------------

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        revision = workflow.open_revision(obj) if obj is not None else None
        if revision is None:
            return form
        initial = revision.form_initial(self.model)

        class RevisionForm(form):
            """Opens with the revision's values, so its author goes on where they left off."""

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for name, value in initial.items():
                    if name in self.fields:
                        self.initial[name] = value

        RevisionForm.__name__ = form.__name__
        return RevisionForm

    def save_model(self, request, obj, form, change):
        if change and obj.status == PUBLISHED:
            m2m = {
                field.name: form.cleaned_data[field.name]
                for field in self.model._meta.many_to_many
                if field.name in form.cleaned_data
            }
            request.review_revision = workflow.save_revision(
                request.user, obj, snapshot(obj, m2m=m2m)
            )
            return
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if getattr(request, "review_revision", None) is not None:
            return  # the links are in the revision; the live row keeps its own until published
        super().save_related(request, form, formsets, change)

    def construct_change_message(self, request, form, formsets, add=False):
        if getattr(request, "review_revision", None) is not None:
            formsets = []  # the inlines were not saved: nothing of theirs to log
        return super().construct_change_message(request, form, formsets, add)

    def response_change(self, request, obj):
        if getattr(request, "review_revision", None) is not None:
            self.message_user(request, SAVED_AS_REVISION, messages.WARNING)
        return super().response_change(request, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        obj = None
        if object_id is not None:
            obj = self.get_object(request, unquote(object_id))
        if request.method == "POST" and obj is not None and self._locked(request, obj):
            self.message_user(request, locked_message(obj), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
        if obj is not None:
            # Built only if the page is shown (not after a successful save, which redirects).
            panel = SimpleLazyObject(lambda: self.review_panel(request, obj))
            extra_context = {**(extra_context or {}), "review": panel}
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ReviewRefused as refusal:  # the object changed state between the form and the save
            self.message_user(request, refusal.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def _locked(self, request, obj):
        """Allowed to change such objects, but this one is under review."""
        allowed = super().has_change_permission(request, obj)
        return allowed and not workflow.may_edit(request.user, obj)

    # --- the panel and its buttons ----------------------------------------------------------

    def review_panel(self, request, obj):
        """What the review panel shows for `obj` to this user."""
        state = workflow.review_state(obj)
        revision = state.revision
        steps = list(
            ReviewStep.objects.filter(
                content_type=ContentType.objects.get_for_model(self.model), object_id=obj.pk
            ).order_by("at", "id")
        )
        rejection = None
        if state.state == DRAFT and steps and steps[-1].action == Action.REJECT:
            rejection = steps[-1]
        actions = workflow.available_actions(request.user, obj)
        key = COMMENT_KEY.format(label=self.opts.label_lower, pk=obj.pk)
        return {
            "state": state,
            "next_step": workflow.NEXT_STEP.get(state.state, ""),
            "revision": revision,
            "changes": revision.changes(obj) if revision is not None else [],
            "outdated": revision is not None and revision.is_outdated(obj),
            "steps": steps,
            "rejection": rejection,
            "actions": [
                {"value": action.value, "label": ACTION_LABELS[action]} for action in actions
            ],
            "url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_review",
                args=[quote(obj.pk)],
            ),
            "comment": request.session.pop(key, ""),
            "comment_key": key,
        }

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_review"
        return [
            path(
                "<path:object_id>/review/",
                self.admin_site.admin_view(self.review_view),
                name=name,
            ),
            *super().get_urls(),
        ]

    def review_view(self, request, object_id):
        """Take the step of the button pressed on the panel; back to the change page."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        action = request.POST.get("action", "")
        comment = request.POST.get("comment", "").strip()
        name = str(obj)
        try:
            step = workflow.act(request.user, obj, action, comment, request=request)
        except ReviewRefused as refusal:
            self.message_user(request, refusal.message, messages.ERROR)
            if comment:
                request.session[COMMENT_KEY.format(label=self.opts.label_lower, pk=obj.pk)] = (
                    comment
                )
        else:
            label = step.get_action_display()
            self.log_change(request, obj, f"{label}：{step.from_label} → {step.to_label}。")
            self.message_user(
                request,
                f"“{name}”已{label}，当前状态：{workflow.review_state(obj).label}。",
                messages.SUCCESS,
            )
        url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[quote(obj.pk)]
        )
        return HttpResponseRedirect(url)

    # --- list actions -----------------------------------------------------------------------

    @admin.action(description="提交审核（所选草稿）", permissions=["submit"])
    def submit_selected(self, request, queryset):
        self._take_step(request, queryset.filter(status=DRAFT), workflow.submit, "提交审核")

    @admin.action(description="撤回所选已发布的（改为草稿）", permissions=["publish"])
    def withdraw_selected(self, request, queryset):
        self._take_step(request, queryset.filter(status=PUBLISHED), workflow.withdraw, "撤回")

    def _take_step(self, request, queryset, step, label):
        """One object at a time: each is its own transaction and its own record."""
        done, refused = 0, []
        for obj in queryset.order_by("pk"):
            try:
                step(request.user, obj, request=request)
            except ReviewRefused as refusal:
                refused.append(refusal.message)
                continue
            self.log_change(request, obj, f"{label}。")
            done += 1
        self.message_user(request, f"已{label} {done} 个。", messages.SUCCESS)
        if refused:
            self.message_user(
                request, f"以下 {len(refused)} 个未能{label}：" + " ".join(refused), messages.ERROR
            )


class LockedWhenReviewedInline:
    """
    An inline (attachments) that can be changed only while its parent is a draft.

    A revision does not carry inline rows, so what hangs off a reviewed or published object is
    changed by withdrawing it to a draft, which goes through the review again.
    """

    def _parent_is_draft(self, obj):
        return obj is None or obj.status == DRAFT

    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and self._parent_is_draft(obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._parent_is_draft(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._parent_is_draft(obj)


@admin.register(ReviewStep)
class ReviewStepAdmin(admin.ModelAdmin):
    """The record of review, to read and search; nobody writes or removes it by hand."""

    list_display = ["at", "actor_name", "action", "content_type", "object_id", "comment"]
    list_filter = ["action", "content_type"]
    search_fields = ["actor_name", "comment"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
