"""The one exception the spreadsheet code raises: a message staff can act on, in Chinese."""


class SpreadsheetError(Exception):
    """A problem with an uploaded workbook, told to staff in Chinese."""

    def __init__(self, message, *, sheet=None, row=None, column=None):
        super().__init__(message)
        self.message = message
        self.sheet = sheet
        self.row = row
        self.column = column

    @property
    def location(self):
        """Where the problem is, e.g. 工作表“社会救助”第 7 行“公开渠道和载体”列; "" when unknown."""
        parts = []
        if self.sheet:
            parts.append(f"工作表“{self.sheet}”")
        if self.row:
            parts.append(f"第 {self.row} 行")
        if self.column:
            parts.append(f"“{self.column}”列")
        return "".join(parts)

    def __str__(self):
        message = self.message.rstrip()
        if not message.endswith(("。", "！", "？")):
            message += "。"
        location = self.location
        return f"{location}：{message}" if location else message
