"""
Column table import in the admin: upload → preview → confirm, on django-import-export's views.

Mix ColumnImportMixin into the Column admin, before ModelAdmin:

    class ColumnAdmin(ColumnImportMixin, admin.ModelAdmin): ...

The preview is a dry run of columns.table.apply_rows (the same engine as import_columns); the
confirm step applies the whole table in one transaction, or nothing.
"""

import logging

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from import_export.admin import ImportMixin
from import_export.forms import ConfirmImportForm, ImportForm
from import_export.signals import post_import

from columns.resources import (
    UNREADABLE_FILE,
    ColumnImportRefused,
    ColumnTableResource,
    ColumnTableXlsxFormat,
)

logger = logging.getLogger(__name__)

UPDATE_HELP = "不勾选时，系统中已有的栏目保持原样（包括在后台修改过的），只新增表格中的新栏目。"


class ColumnImportForm(ImportForm):
    update_existing = forms.BooleanField(
        label="按表格更新已有栏目", required=False, initial=True, help_text=UPDATE_HELP
    )

    field_order = ["import_file", "update_existing", "resource", "format"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["import_file"]
        field.label = "栏目表文件"
        field.help_text = (
            "Excel 工作簿（.xlsx），表头为 序号、一级栏目、二级栏目、三级栏目、更新频率、负责科室；"
            "上级栏目与上一行相同时可留空。"
        )
        field.widget.attrs["accept"] = ".xlsx"
        self.fields["format"].label = "文件格式"

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(
                "只能导入 Excel 工作簿（.xlsx）。请在 Excel 或 WPS 中“另存为” .xlsx 后再上传。"
            )
        if upload.size > settings.PORTAL_IMPORT_MAX_BYTES:
            max_mb = settings.PORTAL_IMPORT_MAX_BYTES / 1024 / 1024
            raise forms.ValidationError(f"文件大小超过 {max_mb:g} MB 上限。")
        return upload


class ColumnConfirmImportForm(ConfirmImportForm):
    update_existing = forms.BooleanField(required=False, widget=forms.HiddenInput)


class ColumnImportMixin(ImportMixin):
    """The import views for Column (needs the columns.add_column permission)."""

    resource_classes = [ColumnTableResource]
    import_formats = [ColumnTableXlsxFormat]
    import_form_class = ColumnImportForm
    confirm_form_class = ColumnConfirmImportForm
    import_template_name = "admin/columns/column/import.html"

    def is_skip_import_confirm_enabled(self):
        return False

    def get_import_resource_kwargs(self, request, **kwargs):
        data = getattr(kwargs.get("form"), "cleaned_data", None) or {}
        return {"update_existing": bool(data.get("update_existing"))}

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["update_existing"] = import_form.cleaned_data["update_existing"]
        return initial

    def add_data_read_fail_error_to_form(self, form, e):
        """Replace import-export's English "… encountered while trying to read file"."""
        if isinstance(e, ColumnImportRefused):
            message = str(e)
        else:
            logger.error("Unexpected error while reading an uploaded column table", exc_info=e)
            message = UNREADABLE_FILE
        form.add_error("import_file", message)

    def process_import(self, request, **kwargs):
        try:
            return super().process_import(request, **kwargs)
        except FileNotFoundError:
            messages.warning(request, "该文件已经导入或已过期，请重新上传。")
        except ColumnImportRefused as exc:
            messages.error(request, str(exc))
        return HttpResponseRedirect(self._url("import"))

    def process_result(self, result, request):
        if result.failed:
            messages.error(request, "导入失败，未写入任何数据：" + "；".join(result.error_messages))
            return HttpResponseRedirect(self._url("import"))
        self.generate_log_entries(result, request)
        messages.success(request, f"栏目表导入完成：{result.summary}")
        post_import.send(sender=None, model=self.model)
        return HttpResponseRedirect(self._url("changelist"))

    def _url(self, view):
        app_label, model_name = self.get_model_info()
        return reverse(f"admin:{app_label}_{model_name}_{view}", current_app=self.admin_site.name)
