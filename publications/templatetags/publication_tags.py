"""Template filters of the publication pages."""

from django import template

register = template.Library()

KB = 1024
MB = 1024 * 1024


@register.filter
def kb_mb(size):
    """
    A file size as readers of government sites expect it: `12.3 KB` or `1.5 MB`.

    Never bytes, and never `0 KB` for a small non-empty file, which looks like a broken one.
    """
    try:
        size = int(size)
    except (TypeError, ValueError):
        return ""
    if size >= MB:
        return f"{size / MB:.1f} MB"
    return f"{max(size / KB, 0.1):.1f} KB"
