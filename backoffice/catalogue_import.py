"""
Spreadsheet import in the admin: upload → preview → confirm, on django-import-export's views.

Mix CatalogueImportMixin into the DisclosureItem admin, before ModelAdmin:

    class DisclosureItemAdmin(CatalogueImportMixin, admin.ModelAdmin): ...

The upload asks for the domain and the .xlsx file; the file goes through our workbook reader
(CatalogueXlsxFormat), the preview is a dry run of the same engine the import_catalogue command
uses, and the confirm step imports everything in one transaction or nothing.

The confirm form carries the preview's signed snapshot, so a confirm after someone changed the
domain's items is refused and only the items the preview listed can be deleted. What an import
may do follows the user's permissions: updating existing items needs the change permission,
deleting missing items the delete permission.

An import does not bypass the review (先审后发, review.workflow): new items are drafts, and an
item that is under review or published is not changed by an import (its row is refused, naming
the item). Only someone who holds every review right (check, approve and publish: the site
administrator) may tick "导入后直接发布" or change such items by import.

Per-office rights (offices.rights): a clerk imports only into a domain their office owns; the
domain list offers only those, and a forged upload or confirm for another domain is refused.
Units (units.access) come first: the list offers only domains of the user's units, and an import
reads and writes only the chosen domain's items, so no other unit's rows are touched.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError

from catalogue.importing import UNREADABLE_FILE, CatalogueXlsxFormat, ImportRefused
from catalogue.models import DisclosureItem, Domain
from catalogue.resources import (
    ALL_PROPOSED,
    CHOICES_CHANGED,
    DisclosureItemResource,
    read_snapshot,
)
from offices import rights
from review.workflow import ReviewRefused, may_skip_review, open_revisions, save_revisions
from reviewable.revisions import snapshot
from reviewable.steps import DRAFT
from spreadsheet.admin import (
    SpreadsheetConfirmImportForm,
    SpreadsheetImportForm,
    SpreadsheetImportMixin,
)
from units import access

PUBLISH_HELP = (
    "勾选后，新增的事项不经审核直接发布（仅限拥有审核、批准和发布全部权限的站点管理员）。"
    "不勾选时，新增的事项导入为草稿，提交审核并经审核、批准后再发布（先审后发）。"
    "已有事项保持原来的状态。"
)
NOT_OWN_DOMAIN = (
    "您所在的科室不是“{domain}”领域的主管科室，不能向该领域导入事项，本次未写入任何数据。"
    "请选择本科室负责的领域，或请公开办负责人导入。"
)
OTHER_UNIT_DOMAIN = (
    "领域“{domain}”属于其他发布单位，不能向该领域导入事项，本次未写入任何数据。请选择本单位的领域。"
)
NO_UNIT = "您不属于任何发布单位，不能导入目录。请单位管理员把您加入本单位或本单位的科室。"
NO_OWN_DOMAIN = (
    "您所在的科室没有负责的领域，不能导入目录。请公开办负责人在“领域”中为本科室负责的领域"
    "设置主管科室。"
)
MATCH, NEW = "match", "new"
MATCH_CHOICES = [(MATCH, "就是这个已有事项（更新它，不新增）"), (NEW, "不是，作为新事项导入")]
UNDER_REVIEW = (
    "此事项状态为“{state}”，导入不能直接修改它：请在后台打开该事项修改"
    "（已发布的事项保存为修改稿，经审核、批准后发布），或从文件中删去此行后再导入。"
)


class ReviewedItemResource(DisclosureItemResource):
    """
    The admin's import resource: rows that would change an item under review or published
    are refused unless the user may skip the review (`can_change_reviewed`).
    """

    def __init__(self, can_change_reviewed=True, **kwargs):
        kwargs.setdefault("review_published", True)
        super().__init__(**kwargs)
        self.can_change_reviewed = can_change_reviewed

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.open_revisions = {}
        published = [
            item.pk for item in self.items if item.status == DisclosureItem.Status.PUBLISHED
        ]
        if published and self.review_published and not self.publish:
            self.open_revisions = open_revisions(DisclosureItem, published)

    def revision_refusal(self, item):
        revision = self.open_revisions.get(item.pk)
        if revision is None:
            return None
        own_draft = revision.state == DRAFT and revision.created_by_id == getattr(
            self.user, "pk", None
        )
        if own_draft:
            return None
        return (
            f"此事项已有修改稿（{revision.get_state_display()}），审核结束或退回之前不能再修改；"
            "请从文件中删去此行后再导入。"
        )

    def save_revisions(self, pending):
        """One revision per change to a published item, through the review's own save."""
        proposals = [
            (item, snapshot(item, m2m={"channels": linked, "columns": columns}))
            for item, linked, columns in pending
        ]
        try:
            save_revisions(self.user, proposals)
        except ReviewRefused as refused:
            raise ImportRefused(refused.message) from refused

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        row_number = kwargs.get("row_number")
        reviewed = instance.pk is not None and instance.status != DisclosureItem.Status.DRAFT
        changes = self.row_changes.get(row_number) and row_number not in self.revisions
        if reviewed and changes and not self.can_change_reviewed:
            message = UNDER_REVIEW.format(state=DisclosureItem.Status(instance.status).label)
            errors.setdefault(NON_FIELD_ERRORS, []).append(ValidationError(message))
        if errors:
            raise ValidationError(errors)


class CatalogueImportForm(SpreadsheetImportForm):
    """The upload step: which domain the sheet is, the file, and whether to publish new items."""

    domain = forms.ModelChoiceField(
        label="领域",
        queryset=Domain.objects.all(),
        empty_label=None,
        help_text="文件中的事项导入到这个领域；按一级事项和二级事项与已有事项对应。",
    )
    publish = forms.BooleanField(label="导入后直接发布", required=False, help_text=PUBLISH_HELP)

    field_order = ["domain", "import_file", "publish", "resource", "format"]

    file_label = "目录文件"
    file_help = "标准目录格式的 Excel 工作簿（.xlsx），不超过 {max_mb:g} MB。"
    wrong_type_message = (
        "只能导入 Excel 工作簿（.xlsx）。.xls、.et 或 CSV 文件请在 Excel 或 WPS 中"
        "“另存为” .xlsx 后再上传。"
    )
    too_large_message = "文件大小超过 {max_mb:g} MB 上限，请拆分后再上传。"


class CatalogueConfirmImportForm(SpreadsheetConfirmImportForm):
    """The confirm step: the upload's choices carried over, and the only way to delete."""

    domain = forms.ModelChoiceField(queryset=Domain.objects.all(), widget=forms.HiddenInput)
    publish = forms.BooleanField(required=False, widget=forms.HiddenInput)
    delete_missing = forms.BooleanField(
        label="同时删除上面列出的、文件中没有的事项",
        required=False,
        initial=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # On the confirm's POST the rows to choose for come from the signed snapshot itself.
        self.previewed_matches = set()
        if self.is_bound:
            try:
                snapshot = read_snapshot(self.data.get("snapshot", ""))
            except ImportRefused:
                snapshot = {"proposals": {}, "matches": set()}  # the resource refuses it
            self.previewed_matches = snapshot["matches"]
            self.add_match_fields(sorted(snapshot["proposals"]), snapshot["matches"])

    def add_match_fields(self, rows, matched):
        """One choice per proposed row, showing what the preview counted: the item, or new."""
        for row in rows:
            self.fields[f"match_{row}"] = forms.ChoiceField(
                label=f"第 {row} 行",
                choices=MATCH_CHOICES,
                initial=MATCH if row in matched else NEW,
                widget=forms.RadioSelect,
            )

    def choices_changed(self):
        """Whether the choices posted differ from those the preview counted."""
        return self.matched_rows() != self.previewed_matches

    def matched_rows(self):
        """The sheet rows staff matched to the proposed item."""
        return {
            int(name.removeprefix("match_"))
            for name, value in self.cleaned_data.items()
            if name.startswith("match_") and value == MATCH
        }


class CatalogueImportMixin(SpreadsheetImportMixin):
    """
    The import views for DisclosureItem.

    Entry needs IMPORT_EXPORT_IMPORT_PERMISSION_CODE's permission; each kind of write is then
    checked on its own (see the module docstring).
    """

    resource_classes = [ReviewedItemResource]
    import_formats = [CatalogueXlsxFormat]
    import_form_class = CatalogueImportForm
    confirm_form_class = CatalogueConfirmImportForm
    import_template_name = "admin/catalogue/disclosureitem/import.html"
    refused_error = ImportRefused
    unreadable_message = UNREADABLE_FILE
    file_kind = "catalogue"
    # The admin log gets one entry per new or changed item, as for edits by hand.
    skip_admin_log = False

    def may_publish_on_import(self, request):
        """Publishing without review, and changing reviewed items: every review right."""
        return may_skip_review(request.user, DisclosureItem)

    def create_import_form(self, request):
        form = super().create_import_form(request)
        if not self.may_publish_on_import(request):
            del form.fields["publish"]
        domain = form.fields["domain"]
        own_units = access.scope(request.user, domain.queryset.select_related("unit"))
        domain.queryset = rights.scope(request.user, own_units)
        if len({d.unit_id for d in domain.queryset}) > 1:
            domain.label_from_instance = lambda d: f"{d.unit.name}：{d.name}"
        domain.error_messages["invalid_choice"] = (
            "您所在的科室不是所选领域的主管科室，不能向该领域导入：请选择本科室负责的领域。"
        )
        return form

    def import_refusal(self, request):
        user = request.user
        # Without the import permission itself the view answers 403, as for any model.
        if not self.has_import_permission(request):
            return None
        if not (access.is_platform_admin(user) or access.unit_ids(user)):
            return NO_UNIT
        if rights.is_unrestricted(user):
            return None
        if not rights.has_office(user):
            return rights.NO_OFFICE_MESSAGE
        if not rights.scope(user, Domain.objects.all()).exists():
            return NO_OWN_DOMAIN
        return None

    def create_confirm_form(self, request, import_form=None):
        form = super().create_confirm_form(request, import_form)
        if not self.has_delete_permission(request):
            del form.fields["delete_missing"]
        return form

    def add_preview_context(self, context, confirm_form, result):
        """Each proposed match becomes a choice on the confirm form, set as the preview counted."""
        super().add_preview_context(context, confirm_form, result)
        confirm_form.add_match_fields(
            [proposal.row for proposal in result.proposals],
            {proposal.row for proposal in result.proposals if proposal.matched},
        )
        context["proposal_fields"] = [
            (proposal, confirm_form[proposal.field_name]) for proposal in result.proposals
        ]

    def new_preview_reason(self, request, confirm_form):
        """Choices other than the preview's are previewed first, never confirmed unseen."""
        reason = super().new_preview_reason(request, confirm_form)
        if reason is None and confirm_form.choices_changed():
            return CHOICES_CHANGED
        return reason

    def get_import_resource_kwargs(self, request, preview=False, **kwargs):
        form = kwargs.get("form")
        data = getattr(form, "cleaned_data", None) or {}
        publish = bool(data.get("publish"))
        delete_missing = bool(data.get("delete_missing"))
        # The forms hide what the user may not do; a forged POST is refused here.
        if publish and not self.may_publish_on_import(request):
            raise PermissionDenied
        if delete_missing and not self.has_delete_permission(request):
            raise PermissionDenied
        domain = data.get("domain")
        if domain is not None and not access.may_change(request.user, domain):
            raise ImportRefused(OTHER_UNIT_DOMAIN.format(domain=domain))
        if domain is not None and not rights.may_change(request.user, domain):
            # The upload form offers own domains only; this is a forged or stale confirm.
            raise ImportRefused(NOT_OWN_DOMAIN.format(domain=domain))
        return {
            "domain": data.get("domain"),
            "publish": publish,
            "delete_missing": delete_missing,
            # A new preview's choices are checked against nothing: it makes a new snapshot.
            "snapshot": None if preview else data.get("snapshot") or None,
            "matches": (
                form.matched_rows()
                if isinstance(form, CatalogueConfirmImportForm)
                else ALL_PROPOSED
            ),
            "can_add": self.has_add_permission(request),
            "can_change": self.has_change_permission(request),
            "can_change_reviewed": self.may_publish_on_import(request),
        }

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        # One transaction for the whole file: a row that fails validation undoes every row.
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["domain"] = import_form.cleaned_data["domain"].pk
            initial["publish"] = bool(import_form.cleaned_data.get("publish"))
        return initial

    def carried_confirm_fields(self, confirm_form):
        data = confirm_form.cleaned_data
        return {
            **super().carried_confirm_fields(confirm_form),
            "domain": data["domain"].pk,
            "publish": bool(data.get("publish")),
        }

    def add_success_message(self, result, request):
        message = f"导入完成（{result.domain}）：{result.summary}"
        if result.new_rows:
            message += result.publish_sentence
        if result.revision_rows:
            message += (
                f"{len(result.revision_rows)} 个已发布事项的修改已存为修改稿，"
                "请在事项页面提交审核；公众仍看到原来的内容。"
            )
        if result.missing_items and not result.deleted_count:
            message += f"另有 {len(result.missing_items)} 个事项在文件中没有，已保留。"
        messages.success(request, message)
