"""
Normalising the text of real catalogue workbooks.

Cells arrive in Traditional or Simplified characters, with full-width and half-width brackets,
stray spaces and line breaks inside words, numbers typed as text and text stored as numbers. Values
are stored in Simplified Chinese; labels are compared through `match_key`.
"""

import datetime
import re
import unicodedata
from functools import lru_cache

import opencc

_t2s = opencc.OpenCC("t2s")

# Pinyin left in copied pages, e.g. "鄉(xiāng)": a tone-marked syllable in brackets after a character.
_PINYIN_RESIDUE_RE = re.compile(
    r"(?<=[\u4e00-\u9fff])[(（][a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*[)）]"
)
_SPACES_RE = re.compile(r"[ \t\u00a0\u3000\u2002\u2003\u200b]+")
_WHITESPACE_RE = re.compile(r"[\s\u00a0\u3000\u200b]+")
_CJK = r"\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_SPACE_NEAR_CJK_RE = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")
_ROW_SEPARATOR = "\x1f"


def to_simplified(text):
    """Return `text` in Simplified characters; plain ASCII skips the converter."""
    if not text or text.isascii():
        return text
    return _t2s.convert(text)


def to_simplified_row(values):
    """Convert a row of strings (None allowed) in one converter call: a cell at a time is slow."""
    texts = [value if isinstance(value, str) else "" for value in values]
    joined = _ROW_SEPARATOR.join(texts)
    if joined.isascii():
        return list(values)
    converted = _t2s.convert(joined).split(_ROW_SEPARATOR)
    if len(converted) != len(texts):  # the separator never changes, but never trust it blindly
        converted = [to_simplified(text) for text in texts]
    return [c if isinstance(v, str) else v for v, c in zip(values, converted, strict=True)]


class SheetCells:
    """
    The Simplified values and clean texts of one sheet's cells, each distinct string done once.

    Catalogues repeat the same basis, deadline, issuing body, channel cell and ticks on most rows,
    so most cells are a dictionary hit; the strings a row adds still go through one converter
    call. Keep one for the length of a read: the records then share its strings, not copies.
    """

    def __init__(self):
        self._strings = {}  # raw string -> (Simplified string, its cell_text)

    def row(self, values, width=0):
        """Return (values, texts) of a row padded to `width`: lists, Simplified, cleaned."""
        values = list(values)
        if len(values) < width:
            values += [None] * (width - len(values))
        strings = self._strings
        fresh = [v for v in values if isinstance(v, str) and v not in strings]
        if fresh:
            for raw, simplified in zip(fresh, to_simplified_row(fresh), strict=True):
                strings[raw] = (simplified, cell_text(simplified))
        texts = []
        for index, value in enumerate(values):
            if value is None:
                texts.append("")
            elif isinstance(value, str):
                values[index], text = strings[value]
                texts.append(text)
            else:
                texts.append(cell_text(value))
        return values, texts


def cell_text(value):
    """
    Return a cell value as clean text: stripped lines, no blank lines, Unix line breaks.

    Numbers stored as numbers become their plain text (3.0 → "3"), dates their ISO date.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.strftime("%Y-%m-%d")
    text = str(value)
    if "\n" in text or "\r" in text:
        lines = (_SPACES_RE.sub(" ", line).strip() for line in text.splitlines())
        text = "\n".join(line for line in lines if line)
    elif _SPACES_RE.search(text):
        text = _SPACES_RE.sub(" ", text).strip()
    if ("(" in text or "（" in text) and _PINYIN_RESIDUE_RE.search(text):
        text = _PINYIN_RESIDUE_RE.sub("", text)
    return text


def name_text(value):
    """Return an item name on one line: breaks and spaces between Chinese words are wrapping."""
    text = cell_text(value)
    if not text:
        return text
    text = _SPACE_NEAR_CJK_RE.sub("", text)
    return _WHITESPACE_RE.sub(" ", text).strip()


@lru_cache(maxsize=4096)
def match_key(text):
    """
    Return the form of a label used for comparisons.

    Simplified, NFKC (full-width brackets and digits become ASCII), no whitespace, lower case:
    "公開   時限", "公开时限" and "公开\\n时限" all give "公开时限".
    """
    text = unicodedata.normalize("NFKC", to_simplified(text or ""))
    return _WHITESPACE_RE.sub("", text).lower()


def match_keys(texts):
    """
    Return {text: match_key(text)} for many texts, converting them in one OpenCC call.

    The importer keys every item name of a file and of a domain; one call per name would cost
    more than the rest of the matching.
    """
    distinct = list(dict.fromkeys(text or "" for text in texts))
    simplified = to_simplified_row(distinct) if distinct else []
    return {
        text: _WHITESPACE_RE.sub("", unicodedata.normalize("NFKC", converted)).lower()
        for text, converted in zip(distinct, simplified, strict=True)
    }


def parse_number(value):
    """Return the 序号 as an int ("01", " 3 ", 3.0), or None when it is not a number."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() and value >= 0 else None
    text = unicodedata.normalize("NFKC", str(value)).strip().rstrip(".、")
    if text.isdigit():
        return int(text)
    try:
        number = float(text)
    except ValueError:
        return None
    return int(number) if number.is_integer() and number >= 0 else None
