"""
The privacy guard (个人信息保护): nothing holding a citizen's full ID, mobile or bank card number
is saved, imported or published.

    scan_text(label, text)          -> findings in one piece of text
    scan_item(item)                 -> every text field of a DisclosureItem
    scan_attachment(attachment)     -> the text inside an xlsx, docx or pdf attachment
    scan_publication(publication)   -> its text fields and every attachment
    scan_record(values, sheet, row) -> one imported sheet row (cells or a record dict)
    scan_workbook(file)             -> every cell of every sheet of an uploaded workbook
    check_or_raise(obj)             -> the one entry point for saving and for review: raises
                                       PrivacyError with the messages, returns the notes

A finding names the place (the field's verbose name, the attachment and its cell, paragraph or
page) and shows only the masked number, so the message itself leaks nothing. A file the guard
cannot read (encrypted, damaged) is a finding too: what cannot be checked is not published.
A file read only in part (past the row or page limit) gives a note, which does not block.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models

from privacy import detectors, extractors
from spreadsheet.errors import SpreadsheetError

UNREADABLE = "无法读取"
PARTLY_CHECKED = "未完整检查"

# A form shows at most this many messages; a list of 2,000 residents gives one line per row.
MAX_MESSAGES = 20


@dataclass(frozen=True)
class Finding:
    """One problem at one place: a personal number (masked), or a file that cannot be read."""

    place: str
    kind: str
    masked: str = ""
    reason: str = ""

    @property
    def blocking(self):
        return self.kind != PARTLY_CHECKED

    @property
    def description(self):
        """The place and what is there, without advice: 正文：发现身份证号 340802********1234."""
        if self.kind == UNREADABLE:
            return f"{self.place}：无法读取（{self.reason}），无法检查其中是否含有个人敏感信息"
        if self.kind == PARTLY_CHECKED:
            return f"{self.place}：{self.reason}"
        return f"{self.place}：发现{self.kind} {self.masked}"

    @property
    def message(self):
        if self.kind == UNREADABLE:
            return f"{self.description}。请上传未加密、未损坏的文件。"
        if self.kind == PARTLY_CHECKED:
            return f"{self.description}。"
        return f"{self.description}，请遮挡后再提交。"


def summarize(findings, limit=MAX_MESSAGES):
    """The messages of `findings`, at most `limit` of them and a line counting the rest."""
    findings = list(findings)
    messages = [finding.message for finding in findings[:limit]]
    if len(findings) > limit:
        messages.append(f"另有 {len(findings) - limit} 处，请一并检查处理。")
    return messages


class PrivacyError(ValidationError):
    """Blocking findings (personal numbers, unreadable files) with their Chinese messages."""

    def __init__(self, findings):
        self.findings = list(findings)
        super().__init__(summarize(self.findings))


def _unique(findings):
    return list(dict.fromkeys(findings))


def scan_text(label, text):
    """The findings in `text`, placed at `label` (e.g. 正文)."""
    if not text:
        return []
    return _unique(
        Finding(label, detection.kind, detection.masked)
        for detection in detectors.find_personal_numbers(str(text))
    )


def text_fields(model):
    """The model's editable free-text fields: the ones a clerk types into."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and field.editable
        and not field.choices
    ]


def scan_fields(obj):
    """Every free-text field of `obj`, each placed at the field's verbose name."""
    findings = []
    for field in text_fields(type(obj)):
        findings += scan_text(str(field.verbose_name), getattr(obj, field.attname))
    return findings


def scan_item(item):
    """Every text field of a DisclosureItem (where = the field's verbose name)."""
    return scan_fields(item)


def scan_file(name, kind, file):
    """The findings in an uploaded or stored file of `kind`, placed as 附件“name” <where>."""
    prefix = f"附件“{name}”"
    extraction = extractors.extract(kind, file)
    if extraction.problem:
        return [Finding(prefix, UNREADABLE, reason=extraction.problem)]
    findings = []
    for chunk in extraction.chunks:
        findings += scan_text(f"{prefix} {chunk.where}", chunk.text)
    findings += [Finding(prefix, PARTLY_CHECKED, reason=note) for note in extraction.notes]
    return _unique(findings)


def scan_attachment(attachment):
    """
    The text inside an Attachment's file, whether just uploaded or already stored.

    An unsaved attachment has no kind yet, so the kind is read from the bytes as on saving.
    """
    upload = attachment.file
    if not upload:
        return []
    stored = getattr(upload, "_committed", True)
    # A new upload is named as the clerk chose it; a stored one as readers see it.
    name = attachment.display_name if stored else upload.name.rsplit("/", 1)[-1]
    try:
        kind = attachment.content_kind()
        findings = scan_file(name, kind, upload)
    except OSError:  # a stored file gone missing from the media directory
        findings = [Finding(f"附件“{name}”", UNREADABLE, reason="文件无法打开")]
    finally:
        if stored:
            upload.close()  # opened here for reading; an upload stays open for saving
    return findings + scan_text("附件名称", attachment.title)


def scan_publication(publication, *, attachments=True):
    """Its text fields (名称, 正文, 文号 …) and, unless told not to, every attachment's content."""
    findings = scan_fields(publication)
    if attachments and publication.pk and hasattr(publication, "attachments"):
        for attachment in publication.attachments.all():
            if is_attachment(attachment):
                findings += scan_attachment(attachment)
    return findings


def scan_record(values, *, sheet, row, labels=None):
    """
    One imported row: a sequence of cell values (placed by column number and A1 reference), or
    a record dict whose text keys are placed by `labels` (record key -> column name).
    """
    if isinstance(values, dict):
        labels = labels or {}
        findings = []
        for key, value in values.items():
            texts = value if isinstance(value, list | tuple) else [value]
            place = f"工作表“{sheet}”第{row}行“{labels.get(key, key)}”列"
            for text in texts:
                findings += scan_text(place, extractors.cell_text(text))
        return _unique(findings)
    findings = []
    for chunk in extractors.row_chunks(sheet, row, values):
        findings += scan_text(chunk.where, chunk.text)
    return findings


def scan_workbook(workbook):
    """
    Every cell of every sheet (hidden ones too) of an uploaded workbook, with no row limit.

    The import hands over the workbook it opened itself (spreadsheet.workbook.open_workbook),
    so the file is opened once; its SpreadsheetError (a sheet damaged past the header) propagates.
    """
    findings = []
    for sheet, row_number, values in extractors.workbook_rows(workbook):
        findings += scan_record(values, sheet=sheet, row=row_number)
    return findings


def import_refusal(findings):
    """The Chinese message refusing an import file that holds personal numbers."""
    lines = [finding.description for finding in findings[:MAX_MESSAGES]]
    if len(findings) > MAX_MESSAGES:
        lines.append(f"另有 {len(findings) - MAX_MESSAGES} 处")
    return (
        "文件中含有个人敏感信息，未导入任何数据。请删除或遮挡（如 340802********1234、"
        "138****5678）后重新导入：" + "；".join(lines) + "。"
    )


def check_workbook(workbook, *, refused):
    """Raise `refused` (the importer's own refusal) when the workbook holds personal numbers."""
    try:
        findings = scan_workbook(workbook)
    except SpreadsheetError as exc:
        raise refused(str(exc)) from exc
    if findings:
        raise refused(import_refusal(findings))


def is_attachment(obj):
    """Tell whether `obj` is an attached file: a `file` whose kind its bytes tell (content_kind)."""
    return hasattr(obj, "file") and callable(getattr(obj, "content_kind", None))


def scan(obj, *, attachments=True):
    """
    Return every finding in `obj`: an attachment's file, or its text fields and attached files.

    Any model takes part without this module knowing it: its text fields are read, and the
    objects of its `attachments` relation when they are attachments (is_attachment).
    """
    if is_attachment(obj):
        return scan_attachment(obj)
    return scan_publication(obj, attachments=attachments)


def check_or_raise(obj, *, attachments=True):
    """
    Raise PrivacyError when `obj` holds a personal number or an unreadable attachment.

    The admin calls it before saving and the review workflow before submitting; it returns the
    non-blocking notes (attachments checked only in part) for the caller to show.
    """
    findings = scan(obj, attachments=attachments)
    blocking = [finding for finding in findings if finding.blocking]
    if blocking:
        raise PrivacyError(blocking)
    return [finding for finding in findings if not finding.blocking]
