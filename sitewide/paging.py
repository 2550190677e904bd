"""One way to read ?page= on every paged list: a page that does not exist is not found."""

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404

# Longer numbers name no page any list has; refused before int() reads them.
MAX_DIGITS = 6


def page_of(request, items, per_page):
    """
    The page ?page= asks for (the first without it), or 404.

    Anything but a plain positive number in range is refused, never read as another page: each
    page is cached under its own URL, and a URL that names no page must not be stored as one.
    """
    value = request.GET.get("page", "1")
    if not (value.isascii() and value.isdigit() and len(value) <= MAX_DIGITS):
        raise Http404("没有这一页")
    try:
        return Paginator(items, per_page).page(int(value))
    except InvalidPage:
        raise Http404("没有这一页") from None


def page_context(page):
    """What templates/includes/pagination.html reads."""
    return {"page_obj": page, "page_range": page.paginator.get_elided_page_range(page.number)}
