from django.core.management.base import BaseCommand, CommandError

from annualreport import checks, drafting, word


class Command(BaseCommand):
    help = "按数据生成年度报告草稿（表三取自依申请公开登记，文字部分可在后台修改）；-o 输出 Word 文件。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("-o", "--output", default="")

    def handle(self, *args, year, output, **options):
        report = drafting.draft(year)
        if output:
            with open(output, "wb") as fh:
                fh.write(word.to_docx(report))
            self.stdout.write(f"已生成 {report.title}：{output}")
        problems = checks.check(report)
        if problems:
            raise CommandError("报告尚不能提交审核：\n" + "\n".join(problems))
        self.stdout.write(f"{report.title}已通过全部检查，可以提交审核。")
