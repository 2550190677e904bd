"""
Export one domain's catalogue as xlsx (the national template layout), CSV or JSON.

    python manage.py export_catalogue --domain 社会救助 --format xlsx -o 社会救助.xlsx
    python manage.py export_catalogue --domain social-assistance --format json > items.json
    python manage.py export_catalogue --unit CODE --domain 社会救助   # one unit of several

Staff exports carry every item, drafts included; --published-only gives what the public sees.
"""

from django.core.management.base import BaseCommand, CommandError

from catalogue.exporting import FORMATS, export_domain, find_domain
from sitewide.downloads import write_export
from units.commands import add_unit_arguments, units_from_options


class Command(BaseCommand):
    help = "Export a domain's disclosure catalogue as xlsx, csv or json (stdout unless -o)."

    def add_arguments(self, parser):
        parser.add_argument("--domain", required=True, help="Domain name (社会救助) or slug.")
        parser.add_argument("--format", choices=sorted(FORMATS), default="xlsx")
        parser.add_argument("-o", "--output", help="File to write; stdout when omitted.")
        parser.add_argument(
            "--published-only",
            action="store_true",
            help="Only published items, as the public download gives them.",
        )
        add_unit_arguments(parser, all_units=False)

    def handle(self, *args, **options):
        [unit] = units_from_options(options)
        domain = find_domain(options["domain"], unit)
        if domain is None:
            known = "、".join(f"{d.name}（{d.slug}）" for d in unit.domains.all()) or "无"
            raise CommandError(f"找不到领域“{options['domain']}”。现有领域：{known}")
        data = export_domain(domain, options["format"], published_only=options["published_only"])
        write_export(self, data, options["output"], f"“{domain.name}”目录")
