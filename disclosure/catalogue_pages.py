"""
The public pages of the catalogue: home, a domain's catalogue table, an item, search.

Every page starts from `DisclosureItem.objects.visible_to(user)` or `.published()`, so a draft
never reaches a citizen, narrowed to the unit whose pages these are (`request.unit`, set by
units.middleware from /u/<slug>/): another unit's domain, item or document is a 404 here.
Querysets are prepared per page so query counts grow neither with rows nor with units.
"""

import re

from django.conf import settings
from django.core.paginator import InvalidPage
from django.db.models import F, Min, Window
from django.http import HttpResponseServerError
from django.template import loader
from django.urls import set_script_prefix
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token
from django.views.generic import DetailView, ListView, TemplateView

from catalogue.channels import OTHER
from catalogue.forms import ITEMS, PUBLICATIONS, SearchForm
from catalogue.models import Channel, DisclosureItem, Domain
from disclosure.unit_links import platform_prefix
from history.records import public_changes
from publications.interpretation import with_public_pairs
from publications.models import Publication
from publications.rendering import quotable_text
from searchterms.synonyms import NUMBER_IGNORED, number_key, search_terms
from sitewide.views import NavMixin
from units.middleware import unit_or_none

RECENT_ITEMS = 10
SEARCH_PAGE_SIZE = 20
# A document result quotes about this many characters of its body, from a little before the hit.
EXCERPT_CHARS = 100
EXCERPT_BEFORE = 30
# A quote taken from a table row: this before it, and between its cells.
TABLE_MARK = "（表格）"
CELL_SEPARATOR = "｜"
ITEM_LATEST_PUBLICATIONS = 5
# The public change log lists this many changes of the published versions.
ITEM_CHANGE_LOG = 5


def mark_channels(items, standard_channels):
    """
    Attach to each item the ■/□ cell of the template: `channel_marks` and `extra_channels`.

    `channel_marks` lists every standard channel in template order with whether the item ticks it
    (其他 as DisclosureItem.ticks_other says); `extra_channels` holds the local channels
    (non-standard rows and the free-text lines); `chosen_count` is the number of ticked standard
    channels, for the short phone summary. Uses the prefetched `channels`, so it makes no query.
    """
    for item in items:
        chosen = {channel.pk for channel in item.channels.all()}
        item.extra_channels = [
            channel.name for channel in item.channels.all() if not channel.is_standard
        ] + item.other_channel_list
        ticks_other = item.ticks_other
        item.channel_marks = [
            (channel.name, ticks_other if channel.name == OTHER else channel.pk in chosen)
            for channel in standard_channels
        ]
        item.chosen_count = sum(1 for _, on in item.channel_marks if on)
    return items


def standard_channels():
    return list(Channel.objects.filter(is_standard=True).order_by("order", "id"))


class HomeView(NavMixin, TemplateView):
    template_name = "catalogue/home.html"
    nav_active = "home"

    def get_context_data(self, **kwargs):
        # An aggregate query drops Meta.ordering, so the order is spelled out.
        unit = self.request.unit
        domains = list(Domain.objects.filter(unit_id=unit.pk).with_published_counts())
        kwargs["domains"] = domains
        kwargs["nav_domains"] = domains
        kwargs["recent_items"] = (
            DisclosureItem.objects.published()
            .filter(domain__unit_id=unit.pk)
            .select_related("domain")
            .order_by("-updated_at", "-id")[:RECENT_ITEMS]
        )
        kwargs["form"] = SearchForm()
        return super().get_context_data(**kwargs)


class DomainDetailView(NavMixin, DetailView):
    """The domain's catalogue as one table, rows grouped under their level-1 item."""

    context_object_name = "domain"

    def get_queryset(self):
        return Domain.objects.filter(unit_id=self.request.unit.pk)

    def get_context_data(self, **kwargs):
        items = (
            DisclosureItem.objects.visible_to(self.request.user)
            .filter(domain=self.object)
            # Order the groups by their first number so that every row of a level-1 item is
            # contiguous (for {% regroup %}) even if the numbering interleaves them.
            .annotate(group_number=Window(Min("number"), partition_by=[F("level1")]))
            .order_by("group_number", "level1", "number", "id")
            .for_table()
        )
        kwargs["items"] = mark_channels(list(items), standard_channels())
        kwargs["nav_active"] = self.object.slug
        return super().get_context_data(**kwargs)


class ItemDetailView(NavMixin, DetailView):
    """
    An item's permanent page: every element, its domain, the columns it is published in and
    the latest publications that name the item, so a citizen reaches its documents in one click.

    Only the publications that name the item are listed: a column is often shared (部门文件
    holds the documents of every domain), so its latest publications need not be this item's.
    """

    context_object_name = "item"

    def get_queryset(self):
        return (
            DisclosureItem.objects.visible_to(self.request.user)
            .filter(domain__unit_id=self.request.unit.pk)
            .for_table()
        )

    def get_context_data(self, **kwargs):
        mark_channels([self.object], standard_channels())
        kwargs["nav_active"] = self.object.domain.slug
        kwargs["latest_publications"] = (
            Publication.objects.published()
            .filter(items=self.object, column__unit_id=self.object.domain.unit_id)
            .select_related("column")
            .newest_first()[:ITEM_LATEST_PUBLICATIONS]
        )
        # What changed between the published versions (history.records): two queries.
        kwargs["changes"] = public_changes(DisclosureItem, self.object.pk, ITEM_CHANGE_LOG)
        return super().get_context_data(**kwargs)


def _terms_pattern(words):
    """A case-insensitive pattern matching any of `words`, the longest first; None for none."""
    words = [word for word in words if word]
    if not words:
        return None
    return re.compile(
        "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)), re.IGNORECASE
    )


def _number_pattern(words):
    """
    A pattern matching `words` in a 文号 as search compares them (searchterms.synonyms.number_key):
    brackets of any kind and spaces may stand anywhere, so 示民规[2026]2号 marks 示民规〔2026〕2号.
    """
    keys = {number_key(word) for word in words} - {""}
    if not keys:
        return None
    gap = f"[{re.escape(NUMBER_IGNORED)}]*"
    return re.compile(
        "|".join(gap.join(map(re.escape, key)) for key in sorted(keys, key=len, reverse=True)),
        re.IGNORECASE,
    )


def _mark(text, pattern):
    """Return `text` escaped, with each match of `pattern` (None: nothing) wrapped in <mark>."""
    if not text or pattern is None:
        return escape(text)
    parts, position = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[position : match.start()]))
        parts.append(format_html("<mark>{}</mark>", match.group()))
        position = match.end()
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # every part was escaped above


def highlight(text, words):
    """
    Return `text` escaped, with each occurrence of `words` wrapped in <mark>.

    The text is escaped piece by piece before the markup is added, so nothing from the database
    is ever trusted as HTML.
    """
    return _mark(text, _terms_pattern(words))


def highlight_number(text, words):
    """Return the 文号 `text` escaped, with `words` marked whatever brackets they were typed in."""
    return _mark(text, _number_pattern(words))


def excerpt(text, words, length=EXCERPT_CHARS, before=EXCERPT_BEFORE, separator=""):
    """
    Return about `length` characters of `text` around the first of `words`, highlighted.

    `text` is plain text on one line (publications.rendering.quotable_text). The quote starts
    `before` characters ahead of the hit (at the start when nothing matches, e.g. when only the
    title did), or further back at the `separator` before that, so a table row's quote starts
    with a whole cell; it is marked … where it cuts the text. Escaped by highlight.
    """
    if not text:
        return ""
    pattern = _terms_pattern(words)
    hit = pattern.search(text) if pattern is not None else None
    start = max(0, hit.start() - before) if hit else 0
    if start and separator:
        start = text.rfind(separator, 0, start) + 1
    end = min(len(text), max(start + length, hit.end() if hit else 0))
    quote = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
    return highlight(quote, words)


def _row_line(row):
    """A table row as one line: each filled cell after its column's header (乡镇：东山乡｜户数：236)."""
    return CELL_SEPARATOR.join(
        f"{header}：{cell}" if header else cell for header, cell in row if cell
    )


def body_excerpt(body, words):
    """
    Return the quote of a document's body for its result: `excerpt` of the text outside tables
    when a word is there (or when none is anywhere, e.g. only the title matched), else of the
    first table row with a word, marked （表格） and read as its headers and cells.
    """
    prose, rows = quotable_text(body)
    lines = [line for line in map(_row_line, rows) if line]
    pattern = _terms_pattern(words)
    hit_row = next((line for line in lines if pattern and pattern.search(line)), None)
    if prose and (hit_row is None or pattern.search(prose)):
        return excerpt(prose, words)
    line = hit_row or (lines[0] if lines else "")
    return (
        format_html("{}{}", TABLE_MARK, excerpt(line, words, separator=CELL_SEPARATOR))
        if line
        else ""
    )


class SearchView(NavMixin, ListView):
    """
    Substring search over published items and published documents, with filters that combine.

    The results come in two groups, 公开事项 (catalogue items) and 政府信息 (publications), one
    shown at a time with both counts on the switch between them (`scope`); each group pages on
    its own. Only published rows are searched, for staff too: search is a public page. The
    domain filter reaches documents through the items they name; the other filters are the
    items' own elements and the page says they leave documents unfiltered.

    A bad parameter (unknown domain, channel id that is not a number, page -1 ...) gives the page
    with a message and no results, never an error page.
    """

    template_name = "catalogue/search.html"
    context_object_name = "results"
    paginate_by = SEARCH_PAGE_SIZE
    # The query parameters this page reads; the page cache removes any other (pagecache).
    query_parameters = tuple(SearchForm.base_fields)
    nav_active = "search"

    def get(self, request, *args, **kwargs):
        self.form = unit_search_form(request.GET, request.unit)
        self.searched = self.form.has_criteria()
        self.valid = self.form.is_valid()
        self.page_error = ""
        self.scope = ""
        self.groups = self.find() if self.searched and self.valid else None
        return super().get(request, *args, **kwargs)

    def find(self):
        """
        Return {scope: (queryset, count)} of both groups, and choose the group to show.

        Without a chosen scope the items are shown, or the documents when only they matched;
        documents are not searched without a query or a domain, so then the items are shown.
        """
        query = self.form.cleaned_data["q"]
        unit_id = self.request.unit.pk
        items = self.form.filter(
            DisclosureItem.objects.published().filter(domain__unit_id=unit_id).search(query)
        )
        if self.form.searches_publications():
            publications = self.form.filter_publications(
                Publication.objects.published().filter(column__unit_id=unit_id).search(query)
            )
        else:
            publications = Publication.objects.none()
        groups = {
            ITEMS: (
                items.select_related("domain").order_by(*DisclosureItem._meta.ordering),
                items.count(),
            ),
            PUBLICATIONS: (
                with_public_pairs(publications.select_related("column").best_first(query)),
                publications.count(),
            ),
        }
        if not self.form.searches_publications():
            self.scope = ITEMS
        else:
            self.scope = self.form.cleaned_data["scope"] or (
                PUBLICATIONS if not groups[ITEMS][1] and groups[PUBLICATIONS][1] else ITEMS
            )
        return groups

    def get_queryset(self):
        if self.groups is None:
            return DisclosureItem.objects.none()
        return self.groups[self.scope][0]

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        if self.groups is not None:
            paginator.count = self.groups[self.scope][1]  # counted already: no second COUNT
        number = (self.form.cleaned_data.get("page") if self.valid else None) or 1
        try:
            page = paginator.page(number)
        except InvalidPage:
            self.page_error = f"没有第 {number} 页：共 {paginator.num_pages} 页。"
            return paginator, None, [], False
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.form.cleaned_data.get("q", "") if self.valid else ""
        words = search_terms(query)
        if self.scope == PUBLICATIONS:
            mark_publications(context["results"], words)
        else:
            mark_items(context["results"], words)
        page = context["page_obj"]
        if page is not None:
            context["page_range"] = page.paginator.get_elided_page_range(
                page.number, on_each_side=2, on_ends=1
            )
        errors = [] if self.valid else self.form.error_list()
        if self.page_error:
            errors.append((self.page_error, ""))
        groups = self.groups or {}
        context.update(
            form=self.form,
            searched=self.searched,
            errors=errors,
            scope=self.scope,
            chosen_scope=self.form.cleaned_data.get("scope", "") if self.valid else "",
            item_total=groups[ITEMS][1] if groups else 0,
            publication_total=groups[PUBLICATIONS][1] if groups else 0,
            searches_publications=bool(groups) and self.form.searches_publications(),
            item_only_filters=self.form.item_only_filters() if groups else [],
        )
        return context


def unit_search_form(data, unit):
    """The search form with the domain filter's choices narrowed to `unit`'s own domains."""
    form = SearchForm(data)
    form.fields["domain"].queryset = Domain.objects.filter(unit_id=unit.pk)
    return form


def mark_items(items, words):
    """Attach the highlighted elements a result shows to each item."""
    for item in items:
        item.hl_level1 = highlight(item.level1, words)
        item.hl_level2 = highlight(item.level2, words)
        item.hl_content = highlight(item.content, words)
        item.hl_basis = highlight(item.basis, words)


def mark_publications(publications, words):
    """
    Attach to each publication what its result shows, highlighted: the title, 文号, column and
    interpretation label (search matches all of them), and the quote from the body.
    """
    for publication in publications:
        publication.hl_title = highlight(publication.title, words)
        publication.hl_document_number = highlight_number(publication.document_number, words)
        publication.hl_column = highlight(publication.column.name, words)
        publication.hl_interpretation_label = highlight(publication.interpretation_label, words)
        publication.excerpt = body_excerpt(publication.body, words)


def page_not_found(request, exception, template_name="404.html"):
    """
    Django's 404 page; for an address under an unknown unit (/u/<slug>/ of no unit) its links
    lead to the platform's root rather than to more pages of the unit that is not there.
    """
    if getattr(request, "unit_slug", "") and unit_or_none(request) is None:
        set_script_prefix(platform_prefix(request))
    return defaults.page_not_found(request, exception, template_name)


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """
    Render the Chinese 500 page without context processors or the database.

    Whatever broke the request may be the database itself, so the page gets only the bureau's
    name from settings; if even the template fails, a plain Chinese sentence is returned.
    """
    try:
        body = loader.get_template(template_name).render(
            {"bureau_name": settings.PORTAL_PLATFORM_NAME}
        )
    except Exception:  # the error page must never raise
        body = "<h1>服务器错误（500）</h1><p>请稍后再试。</p>"
    return HttpResponseServerError(body)
