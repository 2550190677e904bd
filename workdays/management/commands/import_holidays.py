"""
Enter a year's holiday schedule from the command line.

    manage.py import_holidays --notice 通知.txt --year 2027 [--dry-run]
    manage.py import_holidays 节假日.csv [--dry-run]

The notice's text is read as the admin's 粘贴通知录入 reads it; every day off and make-up working
day read is printed, one `YYYY-MM-DD 放假|上班` a line. A sentence it cannot read stops it with
exit status 1 and the sentence, and nothing is written. A CSV file (export_holidays) replaces
each year it holds, all or nothing.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from workdays import csvfile, store
from workdays.notice import parse_notice


def _read(path):
    try:
        with open(path, encoding="utf-8-sig") as handle:
            return handle.read()
    except OSError as error:
        raise CommandError(f"无法读取文件“{path}”：{error.strerror}。") from error
    except UnicodeDecodeError as error:
        raise CommandError(
            f"文件“{path}”不是 UTF-8 编码的文本，请另存为 UTF-8 后再导入。"
        ) from error


class Command(BaseCommand):
    help = "从国务院办公厅节假日安排通知（--notice）或 CSV 文件导入某年的放假和调休上班日期。"

    def add_arguments(self, parser):
        parser.add_argument("csv", nargs="?", default="", help="CSV 文件（日期,类型,节日）。")
        parser.add_argument("--notice", default="", help="通知正文的文本文件（UTF-8）。")
        parser.add_argument("--year", type=int, default=None, help="年份；默认取通知标题中的年份。")
        parser.add_argument("--dry-run", action="store_true", help="只列出读到的日期，不保存。")
        parser.add_argument("--user", default="", help="记为录入人的用户名。")

    def handle(self, *args, csv="", notice="", year=None, dry_run=False, user="", **options):
        if bool(csv) == bool(notice):
            raise CommandError("请给出 CSV 文件，或用 --notice 给出通知文本，二者选一。")
        person = self._user(user)
        try:
            if notice:
                self._notice(_read(notice), year, dry_run, person)
            else:
                self._csv(_read(csv), dry_run, person)
        except store.ScheduleError as error:
            raise CommandError("未保存任何日期：\n" + "\n".join(error.errors)) from error

    @staticmethod
    def _user(username):
        if not username:
            return None
        found = get_user_model().objects.filter(username=username).first()
        if found is None:
            raise CommandError(f"没有用户名为“{username}”的用户。")
        return found

    def _notice(self, text, year, dry_run, person):
        parsed = parse_notice(text, year)
        for line in parsed.lines():
            self.stdout.write(line)
        if not parsed.ok:
            raise store.ScheduleError(parsed.problems)
        off = sum(1 for kind in parsed.days.values() if kind == store.OFF)
        summary = f"{parsed.year}年：放假 {off} 天，调休上班 {len(parsed.days) - off} 天"
        if dry_run:
            self.stdout.write(f"{summary}（试运行，未保存）。")
            return
        store.save_notice(parsed, user=person)
        self.stdout.write(self.style.SUCCESS(f"{summary}，已保存。"))

    def _csv(self, text, dry_run, person):
        if dry_run:
            years = csvfile.read_csv(text)
            for days, _ in (years[year] for year in sorted(years)):
                for day, kind in sorted(days.items()):
                    self.stdout.write(f"{day.isoformat()} {store.KIND_LABELS[kind]}")
            self.stdout.write(f"{'、'.join(map(str, sorted(years)))}年（试运行，未保存）。")
            return
        years = csvfile.import_csv(text, user=person)
        self.stdout.write(self.style.SUCCESS(f"{'、'.join(map(str, years))}年的节假日安排已保存。"))
