"""Files the portal hands out: the download headers, and the export commands' output."""

import io
from urllib.parse import quote

from django.core.management.base import CommandError
from django.http import HttpResponse


def content_disposition(filename, fallback):
    """An attachment header with an ASCII fallback and the UTF-8 Chinese name (RFC 6266)."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


def file_response(data, filename, content_type, fallback):
    """Answer with a file for one member of staff: named in Chinese, never stored by a cache."""
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename, fallback)
    response["Cache-Control"] = "private, no-store"
    return response


def write_export(command, data, output, what):
    """
    Write a command's export bytes to the file `output`, or to its stdout when there is none.

    xlsx is binary, so stdout gets the raw bytes through the stream's buffer; a text-only stream
    (as in tests) takes the UTF-8 text of CSV and JSON. A file written is confirmed as
    "已导出{what}到 FILE"; any failure is a CommandError in Chinese.
    """
    try:
        _write_bytes(data, output, command.stdout)
    except OSError as error:
        raise CommandError(f"无法写入文件：{error}") from error
    except ValueError as error:
        raise CommandError("xlsx 是二进制文件，请用 -o 指定输出文件。") from error
    if output:
        command.stdout.write(f"已导出{what}到 {output}")


def _write_bytes(data, output, stdout):
    if output:
        with open(output, "wb") as handle:
            handle.write(data)
        return
    stream = getattr(stdout, "_out", stdout)
    binary = getattr(stream, "buffer", None)
    if binary is not None:
        stream.flush()
        binary.write(data)
        binary.flush()
    elif isinstance(stream, io.TextIOBase):
        if data.startswith(b"PK"):
            raise ValueError("xlsx output needs a binary stream")
        stream.write(data.decode("utf-8"))
    else:
        stream.write(data)
