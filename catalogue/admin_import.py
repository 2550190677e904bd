"""
Spreadsheet import in the admin: upload → preview → confirm, on django-import-export's views.

Mix CatalogueImportMixin into the DisclosureItem admin, before ModelAdmin:

    class DisclosureItemAdmin(CatalogueImportMixin, admin.ModelAdmin): ...

The upload asks for the domain and the .xlsx file; the file goes through our workbook reader
(CatalogueXlsxFormat), the preview is a dry run of the same engine the import_catalogue command
uses, and the confirm step imports everything in one transaction or nothing.
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

from catalogue.importing import UNREADABLE_FILE, CatalogueXlsxFormat, ImportRefused
from catalogue.models import Domain
from catalogue.resources import DisclosureItemResource

logger = logging.getLogger(__name__)

PUBLISH_HELP = "不勾选时，新增的事项导入为草稿，审核后再发布（先审后发）。已有事项保持原来的状态。"


class CatalogueImportForm(ImportForm):
    """The upload step: which domain the sheet is, the file, and whether to publish new items."""

    domain = forms.ModelChoiceField(
        label="领域",
        queryset=Domain.objects.all(),
        empty_label=None,
        help_text="文件中的事项导入到这个领域；按一级事项和二级事项与已有事项对应。",
    )
    publish = forms.BooleanField(label="导入后直接发布", required=False, help_text=PUBLISH_HELP)

    field_order = ["domain", "import_file", "publish", "resource", "format"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        max_mb = settings.PORTAL_IMPORT_MAX_BYTES / 1024 / 1024
        field = self.fields["import_file"]
        field.label = "目录文件"
        field.help_text = f"标准目录格式的 Excel 工作簿（.xlsx），不超过 {max_mb:g} MB。"
        field.widget.attrs["accept"] = ".xlsx"
        self.fields["format"].label = "文件格式"

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(
                "只能导入 Excel 工作簿（.xlsx）。.xls、.et 或 CSV 文件请在 Excel 或 WPS 中"
                "“另存为” .xlsx 后再上传。"
            )
        if upload.size > settings.PORTAL_IMPORT_MAX_BYTES:
            max_mb = settings.PORTAL_IMPORT_MAX_BYTES / 1024 / 1024
            raise forms.ValidationError(f"文件大小超过 {max_mb:g} MB 上限，请拆分后再上传。")
        return upload


class CatalogueConfirmImportForm(ConfirmImportForm):
    """The confirm step: the upload's choices carried over, and the only way to delete."""

    domain = forms.ModelChoiceField(queryset=Domain.objects.all(), widget=forms.HiddenInput)
    publish = forms.BooleanField(required=False, widget=forms.HiddenInput)
    delete_missing = forms.BooleanField(
        label="同时删除上面列出的、文件中没有的事项",
        required=False,
        initial=False,
    )


class CatalogueImportMixin(ImportMixin):
    """The import views for DisclosureItem (needs the catalogue.add_disclosureitem permission)."""

    resource_classes = [DisclosureItemResource]
    import_formats = [CatalogueXlsxFormat]
    import_form_class = CatalogueImportForm
    confirm_form_class = CatalogueConfirmImportForm
    import_template_name = "admin/catalogue/disclosureitem/import.html"
    # The admin log gets one entry per new or changed item, as for edits by hand.
    skip_admin_log = False

    def is_skip_import_confirm_enabled(self):
        # The preview is the point: staff see every change before anything is written.
        return False

    def get_import_resource_kwargs(self, request, **kwargs):
        form = kwargs.get("form")
        data = getattr(form, "cleaned_data", None) or {}
        return {
            "domain": data.get("domain"),
            "publish": bool(data.get("publish")),
            "delete_missing": bool(data.get("delete_missing")),
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
            initial["publish"] = import_form.cleaned_data["publish"]
        return initial

    def add_data_read_fail_error_to_form(self, form, e):
        """Replace import-export's English "… encountered while trying to read file"."""
        if isinstance(e, ImportRefused):
            message = str(e)
        else:
            logger.error("Unexpected error while reading an uploaded catalogue", exc_info=e)
            message = UNREADABLE_FILE
        form.add_error("import_file", message)

    def process_import(self, request, **kwargs):
        try:
            return super().process_import(request, **kwargs)
        except FileNotFoundError:
            # A second click on "confirm": the first one already imported and removed the file.
            messages.warning(request, "该文件已经导入或已过期，请重新上传。")
        except ImportRefused as exc:
            messages.error(request, str(exc))
        return HttpResponseRedirect(self._import_url())

    def process_result(self, result, request):
        if result.failed:
            # Rolled back by import_data; say so instead of import-export's success message.
            messages.error(request, "导入失败，未写入任何数据：" + "；".join(result.error_messages))
            return HttpResponseRedirect(self._import_url())
        self.generate_log_entries(result, request)
        self.add_success_message(result, request)
        post_import.send(sender=None, model=self.model)
        changelist = reverse(
            "admin:{}_{}_changelist".format(*self.get_model_info()),
            current_app=self.admin_site.name,
        )
        return HttpResponseRedirect(changelist)

    def add_success_message(self, result, request):
        message = f"导入完成（{result.domain}）：{result.summary}"
        if result.new_rows:
            message += result.publish_sentence
        if result.missing_items and not result.deleted_count:
            message += f"另有 {len(result.missing_items)} 个事项在文件中没有，已保留。"
        messages.success(request, message)

    def _import_url(self):
        return reverse(
            "admin:{}_{}_import".format(*self.get_model_info()),
            current_app=self.admin_site.name,
        )
