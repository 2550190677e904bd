"""
The ledger import in the admin: upload → preview → confirm, all or nothing.

The upload is read and planned without writing; the file waits in the default storage with a
PendingImport record (a random token, the options, the versions the preview read) while staff
look at the preview, so any app server can confirm it. Confirming plans it again and refuses if
the plan differs from the one previewed, or if a requirement's version changed since (naming
the row), then writes it in one transaction. The ledger is the importing user's unit's (their
first unit, units.access.default_unit), kept on the PendingImport, so a confirm writes into the
unit the preview read.
"""

import datetime
import hashlib
import secrets

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from ledger import importing
from ledger.models import PendingImport
from ledger.reading import read_ledger_file
from offices.models import Office
from spreadsheet.errors import SpreadsheetError
from spreadsheet.workbook import max_upload_bytes
from units import access

UNREADABLE = "文件无法读取：请确认是 Excel 工作簿（.xlsx）或 Word 文档（.docx），另存后重新上传。"


class LedgerUploadForm(forms.Form):
    year = forms.IntegerField(label="台账年度", min_value=2000, max_value=2100)
    title = forms.CharField(label="台账名称", max_length=200, required=False)
    document_number = forms.CharField(label="文号", max_length=100, required=False)
    issued_on = forms.DateField(label="印发日期", required=False, help_text="格式：2026-03-15")
    owner_office = forms.ModelChoiceField(
        label="牵头科室", queryset=Office.objects.all(), required=False
    )
    file = forms.FileField(
        label="台账文件", help_text="Excel 工作簿（.xlsx）或 Word 文档（.docx）中的台账表格。"
    )

    def __init__(self, *args, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The ledger goes into the importer's unit: only its offices may lead it.
        self.fields["owner_office"].queryset = Office.objects.filter(unit=unit)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_upload_bytes():
            raise forms.ValidationError(
                f"文件超过 {max_upload_bytes() / 1024 / 1024:g} MB 上限，请拆分后再上传。"
            )
        if not upload.name.lower().endswith((".xlsx", ".docx")):
            raise forms.ValidationError(
                "只能导入 .xlsx 或 .docx 文件：.xls、.doc、.et、.wps 请先“另存为”后再上传。"
            )
        return upload


def _fingerprint(plan):
    parts = [f"{line.kind}:{line.number}:{','.join(line.changes)}" for line in plan.lines]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def _plan(data, name, fields, unit):
    try:
        read = read_ledger_file(data, name=name)
        plan = importing.plan(read, fields["year"], unit, issued_on=fields.get("issued_on"))
        return plan, read
    except SpreadsheetError as exc:
        raise importing.ImportRefused(str(exc)) from exc
    except importing.ImportRefused:
        raise
    except Exception as exc:
        raise importing.ImportRefused(UNREADABLE) from exc


def import_view(model_admin, request):
    if not request.user.has_perm("ledger.add_requirement"):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "导入工作台账",
    }
    if request.method == "POST" and "confirm" in request.POST:
        return _confirm(model_admin, request, context)
    unit = access.default_unit(request.user)
    if unit is None:
        raise PermissionDenied
    form = LedgerUploadForm(request.POST or None, request.FILES or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        fields = {k: v for k, v in form.cleaned_data.items() if k != "file"}
        try:
            plan, _ = _plan(data, upload.name, fields, unit)
        except importing.ImportRefused as exc:
            context.update(form=form, refused=str(exc))
            return TemplateResponse(request, "admin/ledger/import.html", context)
        token = secrets.token_urlsafe(32)
        for old in PendingImport.objects.filter(created_by=request.user):
            old.discard()  # one pending upload per person: the newest preview
        PendingImport.objects.create(
            unit=unit,
            token=token,
            file=ContentFile(data, name="upload.bin"),
            name=upload.name,
            fields={
                "year": fields["year"],
                "title": fields["title"],
                "document_number": fields["document_number"],
                "issued_on": fields["issued_on"].isoformat() if fields["issued_on"] else "",
                "owner_office": fields["owner_office"].pk if fields["owner_office"] else None,
            },
            versions=plan.versions,
            fingerprint=_fingerprint(plan),
            created_by=request.user,
        )
        context.update(plan=plan, token=token, name=upload.name, unit=unit)
        return TemplateResponse(request, "admin/ledger/import.html", context)
    context.update(form=form)
    return TemplateResponse(request, "admin/ledger/import.html", context)


def _confirm(model_admin, request, context):
    stored = (
        PendingImport.objects.filter(token=request.POST.get("token") or "", created_by=request.user)
        .select_related("unit")
        .first()
    )
    if stored is None or not access.may_change(request.user, stored):
        context.update(
            form=LedgerUploadForm(unit=access.default_unit(request.user)),
            refused="确认信息已过期，请重新上传文件。",
        )
        return TemplateResponse(request, "admin/ledger/import.html", context)
    raw = stored.fields
    fields = {
        "year": raw["year"],
        "title": raw["title"],
        "document_number": raw["document_number"],
        "issued_on": datetime.date.fromisoformat(raw["issued_on"]) if raw["issued_on"] else None,
        "owner_office": Office.objects.filter(unit=stored.unit, pk=raw["owner_office"]).first(),
    }
    try:
        with stored.file.open("rb") as fh:
            data = fh.read()
        plan, _ = _plan(data, stored.name, fields, stored.unit)
        if _fingerprint(plan) != stored.fingerprint:
            raise importing.ImportRefused(
                "预览之后台账已被他人修改，本次未写入任何数据。请重新上传并预览。"
            )
        ledger = importing.apply(
            plan,
            user=request.user,
            expected_versions=stored.versions,
            **{k: v for k, v in fields.items() if k != "year"},
        )
    except importing.ImportRefused as exc:
        context.update(form=LedgerUploadForm(unit=stored.unit), refused=str(exc))
        return TemplateResponse(request, "admin/ledger/import.html", context)
    stored.discard()
    messages.success(request, f"已导入：{plan.summary()}")
    if plan.unmatched:
        messages.warning(
            request,
            f"以下名称未对应到本单位科室，请在“科室名称对照”中处理：{'、'.join(plan.unmatched)}",
        )
    return redirect(reverse("admin:ledger_ledger_change", args=[ledger.pk]))
