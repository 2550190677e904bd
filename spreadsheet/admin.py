"""
The admin's spreadsheet import flow, shared by the catalogue and the column table: upload →
preview (a dry run) → confirm, on django-import-export's ImportMixin views.

A subclass of SpreadsheetImportMixin names its resource, format, forms and template as ImportMixin
wants, plus `refused_error` (what its reader raises, with a Chinese message safe to show),
`unreadable_message` (what staff read for any other failure) and `file_kind` (for the log). Its
result must offer `failed` and `error_messages`; the success message is add_success_message's.
`import_refusal` may refuse a user both steps with a message (per-office rights, offices.rights).
"""

import io
import logging

from django import forms
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from import_export.admin import ImportMixin
from import_export.formats import base_formats
from import_export.forms import ImportForm
from import_export.signals import post_import

from spreadsheet.workbook import max_upload_bytes

logger = logging.getLogger(__name__)


def _max_mb():
    return max_upload_bytes() / 1024 / 1024


class ReaderXlsxFormat(base_formats.XLSX):
    """An .xlsx upload read by one of our readers (`read`, file → Dataset), not by tablib's."""

    read = None

    def get_title(self):
        return "xlsx"

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            in_stream = io.BytesIO(in_stream)
        return type(self).read(in_stream)


class SpreadsheetImportForm(ImportForm):
    """The upload step: one .xlsx file within the import size limit."""

    file_label = "文件"
    # May name the size limit as {max_mb:g}.
    file_help = ""
    wrong_type_message = (
        "只能导入 Excel 工作簿（.xlsx）。请在 Excel 或 WPS 中“另存为” .xlsx 后再上传。"
    )
    too_large_message = "文件大小超过 {max_mb:g} MB 上限。"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["import_file"]
        field.label = self.file_label
        field.help_text = self.file_help.format(max_mb=_max_mb())
        field.widget.attrs["accept"] = ".xlsx"
        self.fields["format"].label = "文件格式"

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(self.wrong_type_message)
        if upload.size > max_upload_bytes():
            raise forms.ValidationError(self.too_large_message.format(max_mb=_max_mb()))
        return upload


class SpreadsheetImportMixin(ImportMixin):
    """Always preview; Chinese messages for refused files, stale confirms and failed imports."""

    refused_error = None
    unreadable_message = ""
    file_kind = "spreadsheet"

    def import_refusal(self, request):
        """Why this user may not import here at all (a Chinese message), or None."""
        return None

    def import_action(self, request, **kwargs):
        refusal = self.import_refusal(request)
        if refusal:
            messages.error(request, refusal)
            return HttpResponseRedirect(self._url("changelist"))
        return super().import_action(request, **kwargs)

    def is_skip_import_confirm_enabled(self):
        # The preview is the point: staff see every change before anything is written.
        return False

    def add_data_read_fail_error_to_form(self, form, e):
        """Replace import-export's English "… encountered while trying to read file"."""
        if isinstance(e, self.refused_error):
            message = str(e)
        else:
            logger.error(
                "Unexpected error while reading an uploaded %s", self.file_kind, exc_info=e
            )
            message = self.unreadable_message
        form.add_error("import_file", message)

    def process_import(self, request, **kwargs):
        refusal = self.import_refusal(request)
        if refusal:
            messages.error(request, refusal)
            return HttpResponseRedirect(self._url("changelist"))
        try:
            return super().process_import(request, **kwargs)
        except FileNotFoundError:
            # A second click on "confirm": the first one already imported and removed the file.
            messages.warning(request, "该文件已经导入或已过期，请重新上传。")
        except self.refused_error as exc:
            messages.error(request, str(exc))
        return HttpResponseRedirect(self._url("import"))

    def process_result(self, result, request):
        if result.failed:
            # Rolled back by import_data; say so instead of import-export's success message.
            messages.error(request, "导入失败，未写入任何数据：" + "；".join(result.error_messages))
            return HttpResponseRedirect(self._url("import"))
        self.generate_log_entries(result, request)
        self.add_success_message(result, request)
        post_import.send(sender=None, model=self.model)
        return HttpResponseRedirect(self._url("changelist"))

    def _url(self, view):
        app_label, model_name = self.get_model_info()
        return reverse(f"admin:{app_label}_{model_name}_{view}", current_app=self.admin_site.name)
