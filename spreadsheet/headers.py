"""
Finding a table's header row by its words, for every reader (catalogue, column table, ledger).

A real file has title rows above the table, extra columns, headers merged over two cells and
Traditional characters; each reader names its own words (`field_of`: a cell's match key → a
field, or None) and which fields make a header (`required`), and this module does the rest the
same way for all: cells compared as spreadsheet.text.match_key, the first row that has every
required field is the header.
"""

from spreadsheet.text import cell_text, match_keys


def row_keys(values):
    """The match keys of a row's cells, converted in one call."""
    texts = [cell_text(value) for value in values]
    keys = match_keys(texts)
    return [keys[text] for text in texts]


def header_columns(values, field_of, required, merged=False):
    """
    {field: [column indexes]} when `values` is a header row, else None.

    `required` lists fields, or tuples of fields of which one is enough; with `merged`, an empty
    cell (or one repeating its left neighbour) right of a header word continues it: a header
    merged over two cells, or a docx cell repeated by its span.
    """
    keys = row_keys(values)
    mapping, previous = {}, None
    for index, key in enumerate(keys):
        name = field_of(key) if key else None
        if merged and name is None and previous is not None and key in ("", keys[index - 1]):
            mapping[previous].append(index)
            continue
        previous = name
        if name is not None:
            mapping.setdefault(name, []).append(index)
    for need in required:
        if not set(need if isinstance(need, tuple) else (need,)) & set(mapping):
            return None
    return mapping


def find_header(rows, field_of, required, limit=None, merged=False):
    """
    (position, header_columns) of the first of `rows` (lists of cell values) that is the
    header, looking at `limit` rows at most; None when none is.

    Given an iterator, it stops after the header: the caller reads the table's rows from there.
    """
    for position, values in enumerate(rows):
        if limit is not None and position >= limit:
            return None
        mapping = header_columns(values, field_of, required, merged)
        if mapping is not None:
            return position, mapping
    return None
