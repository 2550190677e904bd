"""
The admin's spreadsheet import flow, shared by the catalogue and the column table: upload →
preview (a dry run) → confirm, on django-import-export's ImportMixin views.

A subclass of SpreadsheetImportMixin names its resource, format, forms and template as ImportMixin
wants, plus `refused_error` (what its reader raises, with a Chinese message safe to show),
`unreadable_message` (what staff read for any other failure) and `file_kind` (for the log). Its
result must offer `failed`, `error_messages` and `snapshot` (the preview's state, signed, which
the confirm form carries back); the success message is add_success_message's.
`import_refusal` may refuse a user both steps with a message (per-office rights, offices.rights).

The confirm step reads the file its preview stored only with the preview's signed token
(confirm_token): the file's name, for the user and the session that made the preview, within
IMPORT_CONFIRM_MAX_AGE seconds. A forged or other name is refused before any file is opened.
"""

import io
import logging

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from import_export.admin import ImportMixin
from import_export.formats import base_formats
from import_export.forms import ConfirmImportForm, ImportForm
from import_export.signals import post_import

from spreadsheet.workbook import max_upload_bytes

logger = logging.getLogger(__name__)


TOKEN_SALT = "spreadsheet.import.confirm"
# The confirm form's second button: show the preview again for the choices made, import nothing.
PREVIEW_BUTTON = "_preview"
BAD_CONFIRM = (
    "确认导入的信息无效或已过期（须由上传文件的同一用户在同一次登录中、{minutes} 分钟内确认），"
    "未导入任何数据，请重新上传预览。"
)


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


class SpreadsheetConfirmImportForm(ConfirmImportForm):
    """The confirm step: the preview's fields, and the token that ties its file to the user."""

    import_token = forms.CharField(widget=forms.HiddenInput, required=False)
    # The preview's state, signed by the resource (its result's `snapshot`): a confirm after
    # someone changed the rows the preview showed is refused.
    snapshot = forms.CharField(widget=forms.HiddenInput)


def _salt(request):
    """Per user and per session: another account or a new sign-in cannot use the token."""
    return f"{TOKEN_SALT}:{request.user.pk}:{request.session.session_key}"


def confirm_token(request, file_name):
    """The signed token naming the stored file of this user's preview in this session."""
    if request.session.session_key is None:
        request.session.save()
    return signing.dumps({"file": file_name}, salt=_salt(request), compress=True)


def confirmed_file(request):
    """The stored file name the confirm may read, or None when its token does not vouch for it."""
    try:
        payload = signing.loads(
            request.POST.get("import_token", ""),
            salt=_salt(request),
            max_age=settings.IMPORT_CONFIRM_MAX_AGE,
        )
    except signing.BadSignature:  # SignatureExpired too
        return None
    name = request.POST.get("import_file_name", "")
    return name if isinstance(payload, dict) and payload.get("file") == name else None


class SpreadsheetImportMixin(ImportMixin):
    """Always preview; Chinese messages for refused files, stale confirms and failed imports."""

    refused_error = None
    unreadable_message = ""
    file_kind = "spreadsheet"

    def import_refusal(self, request):
        """Why this user may not import here at all (a Chinese message), or None."""
        return None

    def import_action(self, request, **kwargs):
        """The upload and preview; the preview's snapshot goes into the confirm form."""
        refusal = self.import_refusal(request)
        if refusal:
            messages.error(request, refusal)
            return HttpResponseRedirect(self._url("changelist"))
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None) or {}
        confirm_form, result = context.get("confirm_form"), context.get("result")
        if confirm_form is not None and result is not None:
            self.add_preview_context(context, confirm_form, result)
        return response

    def add_preview_context(self, context, confirm_form, result):
        """Fill the confirm form and the page from a preview's result (a hook)."""
        confirm_form.initial["snapshot"] = result.snapshot

    def new_preview_reason(self, request, confirm_form):
        """
        Why the confirm's POST should show a new preview instead of importing: "" for the
        更新预览 button, a message when the posted choices are not the previewed ones (a
        hook), None to import.
        """
        return "" if PREVIEW_BUTTON in request.POST else None

    def carried_confirm_fields(self, confirm_form):
        """The confirm form's values a new preview keeps (a hook adds its own)."""
        data = confirm_form.cleaned_data
        # The file's name and its token as posted: the token vouches for that exact name.
        posted = {
            name: confirm_form.data.get(name, "") for name in ("import_file_name", "import_token")
        }
        return {
            name: data.get(name, "") for name in ("original_file_name", "format", "resource")
        } | posted

    def preview_again(self, request, confirm_form, reason):
        """
        Run the preview again on the stored file with the choices posted, and show it with a
        confirm form for those choices: the confirm then does what this preview shows.
        """
        data = confirm_form.cleaned_data
        input_format = self.get_import_formats()[int(data["format"])](encoding=self.from_encoding)
        stored = self.get_tmp_storage_class()(
            name=data["import_file_name"],
            encoding=None if input_format.is_binary() else self.from_encoding,
            read_mode=input_format.get_read_mode(),
            **self.get_tmp_storage_class_kwargs(),
        )
        dataset = input_format.create_dataset(stored.read())
        resource_kwargs = self.get_import_resource_kwargs(request, form=confirm_form, preview=True)
        resource = self.choose_import_resource_class(confirm_form, request)(**resource_kwargs)
        result = resource.import_data(
            dataset,
            dry_run=True,
            raise_errors=False,
            file_name=data["original_file_name"],
            user=request.user,
            **self.get_import_data_kwargs(request=request, form=confirm_form),
        )
        context = {
            **self.get_import_context_data(),
            **self.admin_site.each_context(request),
            "title": "导入",
            "opts": self.model._meta,
            "result": result,
            "import_error_display": self.import_error_display,
        }
        if reason:
            messages.warning(request, reason)
        if result.failed:
            context["form"] = self.create_import_form(request)
        else:
            fresh = self.get_confirm_form_class(request)(
                initial=self.carried_confirm_fields(confirm_form)
            )
            context["confirm_form"] = fresh
            context["media"] = self.media + fresh.media
            self.add_preview_context(context, fresh, result)
        return TemplateResponse(request, [self.import_template_name], context)

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

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["import_token"] = confirm_token(request, initial["import_file_name"])
        return initial

    def process_import(self, request, **kwargs):
        refusal = self.import_refusal(request)
        if refusal:
            messages.error(request, refusal)
            return HttpResponseRedirect(self._url("changelist"))
        if request.method == "POST" and confirmed_file(request) is None:
            minutes = max(settings.IMPORT_CONFIRM_MAX_AGE // 60, 1)
            messages.error(request, BAD_CONFIRM.format(minutes=minutes))
            return HttpResponseRedirect(self._url("import"))
        try:
            confirm_form = self.create_confirm_form(request)
            if confirm_form.is_valid():
                reason = self.new_preview_reason(request, confirm_form)
                if reason is not None:
                    return self.preview_again(request, confirm_form, reason)
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
