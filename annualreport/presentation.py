"""The report's tables as rows of cells, shared by the HTML page and the Word file."""

from annualreport import figures, tables


def table_two(report):
    """[(kind, cells)]: kind "head" for a group heading row, "row" for figures."""
    counts = figures.regulation_counts(report.year, report.unit)
    rows = [("head", [tables.REGULATIONS, *tables.TABLE_TWO_COUNTS])]
    for label in (tables.RULE, tables.NORMATIVE):
        rows.append(("row", [label, *(str(counts[label][c]) for c in tables.TABLE_TWO_COUNTS)]))
    for heading, column, entries in tables.ENTERED_GROUPS:
        rows.append(("head", [heading, column, "", ""]))
        for label, field in entries:
            value = getattr(report, field)
            rows.append(("row", [label, "" if value is None else _plain(value), "", ""]))
    return rows


def table_two_figures(report):
    """
    table_two's rows for the page, each figure paired with its group's column heading: a phone
    shows the heading beside the figure, so a fee reads as 万元 and a count as 数量. Each row also
    carries its group's number, which names the group's headings for the cells under them.
    """
    rows, headings, group = [], [], 0
    for kind, cells in table_two(report):
        if kind == "head":
            headings = [text for text in cells[1:] if text]
            group += 1
            rows.append((kind, cells, [], group))
        else:
            figures = cells[1 : 1 + len(headings)]
            rows.append((kind, cells, list(zip(figures, headings, strict=True)), group))
    return rows


def _plain(value):
    text = format(value, "f") if hasattr(value, "quantize") else str(value)
    return text.rstrip("0").rstrip(".") if "." in text else text


def table_three(report):
    """[(label, level, [numbers as text] or None)] in the national order; a missing number blank."""
    grid = report.table_three
    return [
        (
            label,
            level,
            None
            if key is None
            else [_cell_text((grid.get(key) or {}).get(c)) for c in tables.TABLE_THREE_COLUMNS],
        )
        for label, level, key in tables.table_three_layout()
    ]


def _cell_text(value):
    return "" if value is None else str(value)


def table_three_context(report):
    """
    What inforequests/_table_three.html reads, so the public page and the admin's change form
    show table 三 in one layout.
    """
    return {
        "table_three": table_three(report),
        "columns": tables.TABLE_THREE_COLUMNS,
        "organisation_columns": tables.ORGANISATION_COLUMNS,
    }


def table_four(report):
    """The 15 numbers in national order: 行政复议 5, 未经复议直接起诉 5, 复议后起诉 5."""
    grid = report.table_four
    return [
        "" if (grid.get(group) or {}).get(outcome) is None else str(grid[group][outcome])
        for group in tables.TABLE_FOUR_GROUPS
        for outcome in tables.OUTCOMES
    ]
