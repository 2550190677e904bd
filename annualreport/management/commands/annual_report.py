from django.core.management.base import BaseCommand, CommandError

from annualreport import checks, drafting, word
from review.workflow import ReviewRefused
from units.commands import add_unit_arguments, units_from_options


class Command(BaseCommand):
    help = (
        "按数据生成年度报告草稿（表三取自依申请公开登记，文字部分可在后台修改）；-o 输出 Word 文件；"
        "--unit 指定单位，--all-units 为每个单位各生成一份。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument(
            "-o",
            "--output",
            default="",
            help="Word 文件；--all-units 时文件名后加单位的统一社会信用代码。",
        )
        add_unit_arguments(parser, all_units=True)

    def handle(self, *args, year, output, **options):
        units = units_from_options(options)
        several = bool(options.get("all_units"))
        refusals = []
        for unit in units:
            target = output
            if output and several:
                stem, dot, suffix = output.rpartition(".")
                target = f"{stem}-{unit.code}.{suffix}" if dot else f"{output}-{unit.code}"
            found = self._one(year, unit, target)
            refusals += [f"{unit.name}：{line}" for line in found] if several else found
        if refusals:
            raise CommandError("报告尚不能提交审核：\n" + "\n".join(refusals))

    def _one(self, year, unit, output):
        """Draft `unit`'s report and write it to `output` if given; return its refusals."""
        try:
            report = drafting.draft(year, unit=unit)
        except ReviewRefused as refusal:
            raise CommandError(f"{unit.name}：{refusal.message}") from refusal
        if report.is_published:
            self.stdout.write(f"{report.title}已发布：新的草稿已保存为修改稿，审核发布后生效。")
        if output:
            with open(output, "wb") as fh:
                fh.write(word.to_docx(report))
            self.stdout.write(f"已生成 {report.title}：{output}")
        problems = checks.check(report)
        if problems:
            return problems
        self.stdout.write(f"{report.title}已通过全部检查，可以提交审核。")
        return []
