from django.core.management.base import BaseCommand, CommandError

from annualreport import checks, drafting, word
from review.workflow import ReviewRefused


class Command(BaseCommand):
    help = "按数据生成年度报告草稿（表三取自依申请公开登记，文字部分可在后台修改）；-o 输出 Word 文件。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("-o", "--output", default="")

    def handle(self, *args, year, output, **options):
        try:
            report = drafting.draft(year)
        except ReviewRefused as refusal:
            raise CommandError(refusal.message) from refusal
        if report.is_published:
            self.stdout.write(f"{report.title}已发布：新的草稿已保存为修改稿，审核发布后生效。")
        if output:
            with open(output, "wb") as fh:
                fh.write(word.to_docx(report))
            self.stdout.write(f"已生成 {report.title}：{output}")
        problems = checks.check(report)
        if problems:
            raise CommandError("报告尚不能提交审核：\n" + "\n".join(problems))
        self.stdout.write(f"{report.title}已通过全部检查，可以提交审核。")
