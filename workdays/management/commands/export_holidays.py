"""Write a year's holiday schedule as CSV (日期,类型,节日), the format import_holidays reads."""

from django.core.management.base import BaseCommand, CommandError

from workdays import csvfile
from workdays.models import Schedule


class Command(BaseCommand):
    help = "把某年的放假和调休上班日期导出为 CSV（日期,类型,节日）。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="年份，如 2027。")
        parser.add_argument("-o", "--output", default="", help="写入的文件；默认输出到屏幕。")

    def handle(self, *args, year, output="", **options):
        if not Schedule.objects.filter(year=year).exists():
            raise CommandError(f"{year}年的节假日安排尚未录入，没有可导出的日期。")
        text = csvfile.export_csv(year)
        if not output:
            self.stdout.write(text, ending="")
            return
        with open(output, "w", encoding="utf-8-sig", newline="") as handle:
            handle.write(text)
        self.stdout.write(f"已导出 {year} 年的节假日安排到 {output}。")
