"""
Read a catalogue workbook in the national template into item records.

The result is the record schema of catalogue/records.py, in Simplified Chinese, or a
SpreadsheetError that names the sheet, row and column staff must fix.
"""

from dataclasses import dataclass, field

from spreadsheet.errors import SpreadsheetError
from spreadsheet.workbook import open_workbook

__all__ = ["CatalogueRow", "CatalogueSheet", "SpreadsheetError", "read_catalogue"]


@dataclass
class CatalogueRow:
    sheet: str
    row: int  # 1-based Excel row
    record: dict


@dataclass
class CatalogueSheet:
    sheet: str
    rows: list[CatalogueRow] = field(default_factory=list)
    # Non-fatal observations for the preview, e.g. "未找到公开层级列，新事项默认为县级".
    notes: list[str] = field(default_factory=list)

    @property
    def records(self):
        return [row.record for row in self.rows]


def read_catalogue(file, *, known_channels=None):
    """
    Return the catalogue in `file` (path, bytes or binary file object) as a CatalogueSheet.

    `known_channels` are the names of channel rows beyond the 13 standard ones (a county's local
    channels); a channel cell written as a plain list may use them. Raise SpreadsheetError.
    """
    open_workbook(file)  # the full reader follows
    raise SpreadsheetError("未找到表头：需要包含“一级事项”（或“公开事项”）和“公开内容”等列")
