"""
Export the bureau's column table (numbered columns, in 序号 order) as xlsx or CSV.

    python manage.py export_columns --format xlsx -o 栏目表.xlsx
    python manage.py export_columns --format csv > 栏目表.csv
    python manage.py export_columns --unit CODE      # one unit of several (统一社会信用代码)
"""

from django.core.management.base import BaseCommand

from columns.exporting import FORMATS, export_columns
from sitewide.downloads import write_export
from units.commands import add_unit_arguments, units_from_options


class Command(BaseCommand):
    help = "Export the column table as xlsx or csv (stdout unless -o)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=sorted(FORMATS), default="xlsx")
        parser.add_argument("-o", "--output", help="File to write; stdout when omitted.")
        add_unit_arguments(parser, all_units=False)

    def handle(self, *args, **options):
        [unit] = units_from_options(options)
        data = export_columns(options["format"], unit=unit)
        write_export(self, data, options["output"], f"{unit.name}栏目表")
