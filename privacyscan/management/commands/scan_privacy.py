"""
Scan what a unit shows for citizens' ID, mobile and bank card numbers.

    python manage.py scan_privacy [--all] [--unit CODE | --all-units]

Reads every published disclosure item and publication of the unit, attachments included (with
--all, drafts and items under review too), and prints one line per finding with the admin page
that fixes it; with --unit or --all-units, each unit's findings under its name. Exits 0 with
"未发现个人敏感信息。" when nothing is found and 1 otherwise, so cron can mail the list only when
there is something to fix (2 on a wrong option). Notes on files checked only in part do not count.
"""

import sys

from django.core.management.base import BaseCommand
from django.urls import reverse

from catalogue.models import DisclosureItem
from privacy import guard
from publications.models import Publication
from units.commands import add_unit_arguments, names_units, units_from_options

CLEAN = "未发现个人敏感信息。"


def admin_url(obj):
    """The admin page where staff mask the number."""
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


class Command(BaseCommand):
    help = (
        "检查发布单位已发布的公开事项和栏目信息（含附件）中是否有身份证号、手机号、银行卡号；"
        "发现时退出码为 1。"
    )

    def add_arguments(self, parser):
        add_unit_arguments(parser)
        parser.add_argument("--all", action="store_true", help="同时检查草稿和审核中的事项与信息")

    def handle(self, *args, **options):
        units = units_from_options(options)
        named = names_units(options)
        found = 0
        for unit in units:
            if named:
                self.stdout.write(f"【{unit.name}】")
            found += self.scan(unit, options["all"])
        if not found:
            self.stdout.write(CLEAN)
            return
        self.stdout.write(f"共发现 {found} 处，请在后台遮挡后重新保存。")
        sys.exit(1)

    def scan(self, unit, everything):
        """Print the findings of `unit`'s items and publications; return how many block."""
        items = (
            DisclosureItem.objects.filter(domain__unit=unit)
            .select_related("domain")
            .order_by("domain_id", "number", "pk")
        )
        publications = (
            Publication.objects.filter(column__unit=unit)
            .prefetch_related("attachments")
            .order_by("pk")
        )
        if not everything:
            items = items.published()
            publications = publications.published()
        found = 0
        for label, objects in (("公开事项", items), ("栏目信息", publications)):
            for obj in objects.iterator(chunk_size=200):
                found += self.report(label, obj)
        return found

    def report(self, label, obj):
        """Print the findings of one object; return how many block publication."""
        findings = guard.scan(obj)
        where = f"{label}“{obj}”（{admin_url(obj)}）"
        blocking = 0
        for finding in findings:
            if finding.blocking:
                blocking += 1
                self.stdout.write(f"{where} {finding.description}")
            else:
                self.stdout.write(f"{where} 提示：{finding.description}")
        return blocking
