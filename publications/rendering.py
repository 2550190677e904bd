"""
A publication's body (plain paragraphs or Markdown) as HTML that is safe to put in a page.

Clerks paste text from Word or write a little Markdown; neither may ever inject markup. So raw
HTML is shown as text (`html: False`), links and images may only point to http, https, mailto or
a relative address, and the page's own structure is kept: the body's headings start below the
page's <h1> and never skip a level, and its tables get header scopes, a caption and a scrolling
wrapper: on a phone a table keeps readable cells and scrolls in its own focusable region, named
by its caption, instead of squeezing to one character per line or pushing the page sideways.
"""

import re

from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

ALLOWED_SCHEMES = {"http", "https", "mailto"}
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
# The page's title is the only <h1>; the body's top level becomes <h2>.
TOP_BODY_LEVEL = 2


def is_allowed_link(url):
    """
    True for http, https and mailto addresses and for relative ones (no scheme).

    markdown-it's own check only refuses javascript:, vbscript:, file: and most data: URLs; this
    list admits what a government document links to and nothing else. `url` arrives normalised
    (entities decoded, unsafe characters percent-encoded), so `java&#x09;script:` cannot hide.
    """
    match = _SCHEME.match(url.strip().lower())
    return match is None or match.group(1) in ALLOWED_SCHEMES


def _table_open(self, tokens, idx, options, env):
    """
    A table inside a focusable region that scrolls on its own on a narrow screen, named by the
    table's caption: 表n, with the heading the table stands under when there is one.
    """
    env["tables"] = env.get("tables", 0) + 1
    number = env["tables"]
    caption_id = f"body-table-{number}"
    title = tokens[idx].meta.get("heading", "")
    caption = escapeHtml(f"表{number}" + (f" {title}" if title else ""))
    return (
        f'<div class="body-table" role="region" aria-labelledby="{caption_id}" tabindex="0">'
        + self.renderToken(tokens, idx, options, env)
        + f'<caption id="{caption_id}">{caption}'
        '<span class="body-table-hint">（左右滑动可查看全表）</span></caption>\n'
    )


def _table_close(self, tokens, idx, options, env):
    return self.renderToken(tokens, idx, options, env) + "</div>\n"


def _build():
    md = MarkdownIt("commonmark", {"html": False, "breaks": True, "xhtmlOut": False})
    md.enable("table")
    # Text pasted from Word often starts its lines with four spaces; as an indented code block
    # it would turn into monospace <pre>. Fenced code (```) stays available for the rare need.
    md.disable("code")
    md.validateLink = is_allowed_link
    md.add_render_rule("table_open", _table_open)
    md.add_render_rule("table_close", _table_close)
    return md


_md = _build()


def _shift_headings(tokens):
    """
    Put the body's headings below the page's <h1>, in order.

    Distinct source levels are ranked (`#` and `###` used alone become h2 and h3), and no
    heading may go more than one level deeper than the heading before it, so a body that
    starts with `###` still gives <h2>.
    """
    levels = sorted({int(t.tag[1]) for t in tokens if t.type == "heading_open"})
    rank = {level: TOP_BODY_LEVEL + i for i, level in enumerate(levels)}
    previous = TOP_BODY_LEVEL - 1
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        level = min(rank[int(token.tag[1])], previous + 1, 6)
        token.tag = f"h{level}"
        # The matching close is the next heading_close after the inline content.
        for closing in tokens[index + 1 :]:
            if closing.type == "heading_close":
                closing.tag = token.tag
                break
        previous = level


def _note_table_headings(tokens):
    """Tell each table the text of the heading it stands under (for its caption), if any."""
    heading = ""
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and index + 1 < len(tokens):
            heading = tokens[index + 1].content.strip()
        elif token.type == "table_open":
            token.meta = {**(token.meta or {}), "heading": heading}


def _scope_header_cells(tokens):
    """Header cells of a Markdown table head their column."""
    for token in tokens:
        if token.type == "th_open":
            token.attrSet("scope", "col")


def render_body(text) -> SafeString:
    """The body as safe HTML; an empty body gives an empty string."""
    if not text or not text.strip():
        return mark_safe("")
    env = {}
    tokens = _md.parse(text, env)
    _shift_headings(tokens)
    _note_table_headings(tokens)
    _scope_header_cells(tokens)
    # Safe: raw HTML is off, so every piece of text was escaped by the renderer, and links
    # passed is_allowed_link.
    return mark_safe(_md.renderer.render(tokens, _md.options, env))


# Inline tokens whose content is words a reader sees (an image's content is its alt text).
_WORD_TOKENS = {"text", "code_inline", "image"}
_BREAK_TOKENS = {"softbreak", "hardbreak"}
# Runs of ASCII white space; the ideographic space (第一条　…) is part of the text.
_SPACES = re.compile(r"[ \t\r\n\f\v]+")


def _pieces(text):
    """
    Yield the body's words as (cell, words), one per run of text a reader sees, in order.

    Read from the same parse as the page (Markdown syntax gone, entities decoded, raw HTML kept
    as the text it is shown as). `cell` is None outside tables, else (table, row, column,
    is_header), so a quote can tell a table's cells from its sentences.
    """
    table = row = column = -1
    cell = None
    for token in _md.parse(text):
        if token.type == "table_open":
            table, row = table + 1, -1
        elif token.type == "tr_open":
            row, column = row + 1, -1
        elif token.type in {"th_open", "td_open"}:
            column += 1
            cell = (table, row, column, token.type == "th_open")
        elif token.type in {"th_close", "td_close"}:
            cell = None
        elif token.type == "inline":
            words = []
            for child in token.children or ():
                if child.type in _WORD_TOKENS:
                    words.append(child.content)
                elif child.type in _BREAK_TOKENS:
                    words.append(" ")
            yield cell, "".join(words)
        elif token.type in {"fence", "code_block"}:
            yield None, token.content


def _one_line(parts):
    return _SPACES.sub(" ", " ".join(parts)).strip()


def quotable_text(text):
    """
    The body as a search result quotes it: (the words outside tables on one line, the tables'
    body rows), each row a list of (its column's header, the cell's words).

    Words without markup, so a quote never shows `**` or `|`, and whoever puts them in a page
    must escape them. A run of cells out of their table reads as a row of bare numbers (412 698
    571360 东山乡); kept apart with their headers, a row can be quoted as the sentence it stands for.
    """
    if not text or not text.strip():
        return "", []
    prose, headers, rows = [], {}, {}
    for cell, words in _pieces(text):
        if cell is None:
            prose.append(words)
            continue
        table, row, column, is_header = cell
        words = _one_line([words])
        if is_header:
            headers[table, column] = words
        else:
            rows.setdefault((table, row), []).append((headers.get((table, column), ""), words))
    return _one_line(prose), list(rows.values())
