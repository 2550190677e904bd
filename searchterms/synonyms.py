"""
Words citizens search with that the catalogue writes differently, and how a query matches.

The standard catalogue uses the formal names (最低生活保障, 特困人员, 养老机构); people say 低保,
五保, 养老院, and the bureau's own monthly notices say 低保 too. Each key expands to the formal
terms it stands for, and each formal term to the words that stand for it, so either finds both;
a word does not reach its siblings (敬老院 does not find 养老院). Keep the list short and certain:
a wrong synonym shows citizens items they did not ask for, in both directions.

Items and publications are searched alike (`word_filters`), and their results highlight the same
terms (`search_terms`), so a synonym added here reaches both.

A 文号 is written 示民规〔2026〕2号, but a phone keyboard has no 〔〕: citizens type [2026],
(2026), 【2026】 or no brackets at all. Search compares 文号 without brackets and spaces
(`number_key`, and `number_key_expression` in the database), and looks for a bracketed word in
the other texts in each pair of brackets (`bracket_forms`).
"""

from django.db.models import F, Q, Value
from django.db.models.functions import Replace

SYNONYMS = {
    "低保": ("最低生活保障",),
    # 农村五保供养 became part of 特困人员救助供养 (国发〔2016〕14号).
    "五保": ("特困人员",),
    "五保户": ("特困人员",),
    "敬老院": ("养老机构",),
    "养老院": ("养老机构",),
}


def _invert(synonyms):
    """Return each formal term of `synonyms` with the words that stand for it."""
    inverted = {}
    for word, terms in synonyms.items():
        for term in terms:
            inverted[term] = (*inverted.get(term, ()), word)
    return inverted


COLLOQUIAL = _invert(SYNONYMS)

# The bracket pairs a 文号's year may be written or typed in: 〔〕 in documents, [] or () from a
# phone keyboard. Texts are searched in each of them (`bracket_forms`).
BRACKET_PAIRS = ("〔〕", "﹝﹞", "[]", "［］", "()", "（）", "【】", "〖〗")
_OPENING = "".join(pair[0] for pair in BRACKET_PAIRS)
_CLOSING = "".join(pair[1] for pair in BRACKET_PAIRS)
_TO_PAIR = [
    str.maketrans(_OPENING + _CLOSING, opening * len(_OPENING) + closing * len(_CLOSING))
    for opening, closing in BRACKET_PAIRS
]
# The brackets and spaces left out when 文号 are compared.
NUMBER_IGNORED = "".join(BRACKET_PAIRS) + " \u3000"
_NUMBER_IGNORED_TABLE = str.maketrans("", "", NUMBER_IGNORED)


def expand(word):
    """Return `word`, the formal terms it stands for and the words that stand for it."""
    return (word, *SYNONYMS.get(word, ()), *COLLOQUIAL.get(word, ()))


def number_key(text):
    """Return `text` without brackets and spaces: how a 文号 is compared."""
    return text.translate(_NUMBER_IGNORED_TABLE)


def number_key_expression(field):
    """
    Return `field`'s number_key computed by the database: nested REPLACE calls, which SQLite and
    PostgreSQL both have, so nothing stored needs to be kept up to date.
    """
    expression = F(field)
    for character in NUMBER_IGNORED:
        expression = Replace(expression, Value(character))
    return expression


def bracket_forms(term):
    """
    Return `term` and, if it has brackets, the same in every pair of BRACKET_PAIRS.

    A body or a 公开依据 cites 民办函〔2019〕52号 or （国务院令第649号）; a citizen types
    民办函[2019]52号 or (国务院令第649号), so each form is looked for.
    """
    if not any(character in _OPENING or character in _CLOSING for character in term):
        return (term,)
    return tuple(dict.fromkeys((term, *(term.translate(table) for table in _TO_PAIR))))


def _terms(word):
    """Return the terms that match `word`: its synonyms, each in every bracket pair."""
    return [form for term in expand(word) for form in bracket_forms(term)]


def search_terms(query):
    """Return every term a result of `query` may contain: its words and their synonyms."""
    return [term for word in query.split() for term in _terms(word)]


def word_filters(query, fields, also=None):
    """
    Return one Q per word of `query`: some field of `fields` contains the word or a synonym.

    `also(term)`, when given, returns a Q for what plain fields cannot say (a label computed from
    a choice, a column compared without its brackets); it is OR-ed in for every term.

    Filtering by each in turn keeps the rows that match every word. Plain substring matching
    (LIKE / ILIKE) works for Chinese on SQLite and PostgreSQL alike, where word-based full-text
    search would need a Chinese tokenizer.
    """
    filters = []
    for word in query.split():
        match = Q()
        for term in _terms(word):
            for field in fields:
                match |= Q(**{f"{field}__icontains": term})
            if also is not None:
                match |= also(term)
        filters.append(match)
    return filters
