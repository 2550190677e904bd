from django.apps import AppConfig


class SpreadsheetConfig(AppConfig):
    """Reading real-world catalogue workbooks and writing the template layout."""

    name = "spreadsheet"
    verbose_name = "电子表格导入导出"
