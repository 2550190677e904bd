"""Files the portal hands out: the download headers every export and download shares."""

from urllib.parse import quote

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
