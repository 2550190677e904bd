"""
Text a spreadsheet program would compute: the one rule every export (xlsx and CSV) follows.

A cell that starts with = + - @ (or a tab, a carriage return, or the full-width ＝ ＋ － ＠
that a Chinese input method types) is a formula to Excel or LibreOffice when typed in or read
from a CSV file; titles and names imported from files or typed by clerks and citizens must
never reach a colleague's spreadsheet as something that runs or links.
"""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def looks_like_formula(value):
    """True for text a spreadsheet program would take for a formula; numbers never are."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)
