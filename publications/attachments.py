"""
What an attachment is, read from its bytes rather than its name.

A clerk's `通知.pdf` might be an executable renamed, or a Word file saved under the wrong
extension; citizens would download either. So the first bytes decide the kind (PDF, PNG and JPEG
by their signatures; xlsx and docx by the parts inside their zip container, read from the zip's
directory without decompressing anything), and the extension must agree with it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

from filesafety import checks as filesafety

KIND_CHOICES = [
    ("pdf", "PDF 文档"),
    ("docx", "Word 文档"),
    ("xlsx", "Excel 表格"),
    ("jpg", "JPEG 图片"),
    ("png", "PNG 图片"),
]
EXTENSIONS = {
    "pdf": "pdf",
    "docx": "docx",
    "xlsx": "xlsx",
    "jpg": "jpg",
    "jpeg": "jpg",
    "png": "png",
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jpg": "image/jpeg",
    "png": "image/png",
}
_SIGNATURES = [(b"%PDF-", "pdf"), (b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpg")]
_ZIP_PARTS = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx"}


def sniff(upload):
    """The kind of an uploaded file by its content ('pdf', 'docx' ...), or None if unknown."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    if filesafety.is_zip(head):
        try:
            with filesafety.open_archive(upload) as archive:
                names = set(archive.namelist())
        except filesafety.UnsafeFile:
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names:
            for part, kind in _ZIP_PARTS.items():
                if part in names:
                    return kind
    return None


def validate_upload(upload):
    """Refuse a file whose size, content or extension is not an allowed attachment."""
    # A file already stored was checked when it was uploaded.
    if getattr(upload, "_committed", False):
        return
    limit = settings.PORTAL_ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            f"附件“{upload.name}”大小为 {filesizeformat(upload.size)}，"
            f"超过上限 {filesizeformat(limit)}。"
        )
    if upload.size == 0:
        raise ValidationError(f"附件“{upload.name}”是空文件。")
    _check_container(upload, limit)
    kind = sniff(upload)
    allowed = "、".join(label for _, label in KIND_CHOICES)
    if kind is None:
        raise ValidationError(
            f"附件“{upload.name}”不是允许的文件类型（仅限{allowed}）。"
            "系统按文件内容而非扩展名判断，改名后的文件同样会被拒绝。"
        )
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if EXTENSIONS.get(extension) != kind:
        label = dict(KIND_CHOICES)[kind]
        raise ValidationError(
            f"附件“{upload.name}”的内容是{label}，与扩展名“.{extension}”不符。"
            f"请将文件另存为正确的格式或改用 .{kind} 扩展名后再上传。"
        )


# filesafety's refusals, as the clerk reads them under the upload field.
_REFUSALS = {
    filesafety.ENCRYPTED: "设置了打开密码（已加密），公众无法打开，请取消密码后再上传",
    filesafety.TOO_MANY_PARTS: "结构异常（包含的部件过多），已拒绝",
    filesafety.RATIO: "压缩比异常（疑似压缩炸弹），已拒绝",
    filesafety.TOO_LARGE: "解压后过大（疑似压缩炸弹），已拒绝",
}


def _check_container(upload, limit):
    """Refuse an Office file (a zip) that filesafety refuses, before anything reads it."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not filesafety.is_zip(head):
        return
    try:
        filesafety.open_archive(upload, size_limit=limit).close()
    except filesafety.UnsafeFile as refusal:
        if refusal.reason in _REFUSALS:
            raise ValidationError(f"附件“{upload.name}”{_REFUSALS[refusal.reason]}。") from refusal
    finally:
        upload.seek(0)
