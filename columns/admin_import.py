"""
Column table import in the admin: upload → preview → confirm, on django-import-export's views.

Mix ColumnImportMixin into the Column admin, before ModelAdmin:

    class ColumnAdmin(ColumnImportMixin, admin.ModelAdmin): ...

The preview is a dry run of columns.table.apply_rows (the same engine as import_columns); the
confirm step applies the whole table in one transaction, or nothing.
"""

from django import forms
from django.contrib import messages

from columns.resources import (
    UNREADABLE_FILE,
    ColumnImportRefused,
    ColumnTableResource,
    ColumnTableXlsxFormat,
)
from offices import rights
from spreadsheet.admin import (
    SpreadsheetConfirmImportForm,
    SpreadsheetImportForm,
    SpreadsheetImportMixin,
)
from units.access import default_unit

RESTRICTED = (
    "栏目表导入会修改所有科室的栏目，只有公开办负责人和站点管理员可以导入。"
    "如需修改本科室的栏目，请在栏目列表中打开该栏目修改，或请公开办负责人导入。"
)
NO_UNIT = "您不属于任何发布单位，不能导入栏目表。"
UPDATE_HELP = "不勾选时，系统中已有的栏目保持原样（包括在后台修改过的），只新增表格中的新栏目。"


class ColumnImportForm(SpreadsheetImportForm):
    update_existing = forms.BooleanField(
        label="按表格更新已有栏目", required=False, initial=True, help_text=UPDATE_HELP
    )

    field_order = ["import_file", "update_existing", "resource", "format"]

    file_label = "栏目表文件"
    file_help = (
        "Excel 工作簿（.xlsx），表头为 序号、一级栏目、二级栏目、三级栏目、更新频率、负责科室；"
        "上级栏目与上一行相同时可留空。"
    )


class ColumnConfirmImportForm(SpreadsheetConfirmImportForm):
    update_existing = forms.BooleanField(required=False, widget=forms.HiddenInput)


class ColumnImportMixin(SpreadsheetImportMixin):
    """
    The import views for Column (needs the columns.add_column permission, and to be
    unrestricted by office: offices.rights).
    """

    resource_classes = [ColumnTableResource]
    import_formats = [ColumnTableXlsxFormat]
    import_form_class = ColumnImportForm
    confirm_form_class = ColumnConfirmImportForm
    import_template_name = "admin/columns/column/import.html"
    refused_error = ColumnImportRefused
    unreadable_message = UNREADABLE_FILE
    file_kind = "column table"

    def has_import_permission(self, request):
        # The table holds every office's columns: for those not bound to one office only.
        return super().has_import_permission(request) and rights.is_unrestricted(request.user)

    def import_refusal(self, request):
        # Without the import permission itself the view answers 403, as for any model.
        if not super().has_import_permission(request):
            return None
        if not rights.is_unrestricted(request.user):
            return RESTRICTED
        if default_unit(request.user) is None:
            return NO_UNIT
        return None

    def get_import_resource_kwargs(self, request, **kwargs):
        """The table is the user's unit's: only its columns and offices are read or written."""
        data = getattr(kwargs.get("form"), "cleaned_data", None) or {}
        unit = default_unit(request.user)
        if unit is None:
            raise ColumnImportRefused(NO_UNIT)
        return {
            "update_existing": bool(data.get("update_existing")),
            "snapshot": data.get("snapshot") or None,
            "unit": unit,
        }

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["update_existing"] = import_form.cleaned_data["update_existing"]
        return initial

    def add_success_message(self, result, request):
        messages.success(request, f"栏目表导入完成（{result.unit_name}）：{result.summary}")
