"""
Scan what the portal shows for citizens' ID, mobile and bank card numbers.

    python manage.py scan_privacy [--all]

Reads every published disclosure item and publication, attachments included (with --all, drafts
and items under review too), and prints one line per finding with the admin page that fixes it.
Exits 0 with "未发现个人敏感信息。" when nothing is found and 1 otherwise, so cron can mail the
list only when there is something to fix. Notes on files checked only in part do not count.
"""

import sys

from django.core.management.base import BaseCommand
from django.urls import reverse

from catalogue.models import DisclosureItem
from privacy import guard
from publications.models import Publication

CLEAN = "未发现个人敏感信息。"


def admin_url(obj):
    """The admin page where staff mask the number."""
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


class Command(BaseCommand):
    help = "检查已发布的公开事项和栏目信息（含附件）中是否有身份证号、手机号、银行卡号；发现时退出码为 1。"

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="同时检查草稿和审核中的事项与信息")

    def handle(self, *args, **options):
        items = DisclosureItem.objects.select_related("domain").order_by(
            "domain_id", "number", "pk"
        )
        publications = Publication.objects.prefetch_related("attachments").order_by("pk")
        if not options["all"]:
            items = items.published()
            publications = publications.published()
        found = 0
        for label, objects in (("公开事项", items), ("栏目信息", publications)):
            for obj in objects.iterator(chunk_size=200):
                found += self.report(label, obj)
        if not found:
            self.stdout.write(CLEAN)
            return
        self.stdout.write(f"共发现 {found} 处，请在后台遮挡后重新保存。")
        sys.exit(1)

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
