import datetime
import io
from decimal import Decimal

import docx
import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from annualreport import checks, drafting, figures, publishing, tables
from annualreport.models import AnnualReport
from inforequests import table_three as t3
from ledger.models import ProgressEntry
from offices.models import Office
from publications.models import Publication
from review import workflow
from selfcheck.rules import Rule, find_problems
from tests.factories import make_column, make_publication
from tests.inforequests.helpers import fee_case
from tests.ledger.helpers import make_ledger, report
from units.models import Unit

pytestmark = pytest.mark.django_db
D = datetime.date


def grid(new=(3, 1), carried_in=(0, 0), public=(2, 1), carried_out=(1, 0)):
    """A table 三 with natural persons and businesses filled, totals summed."""
    cells = tables.empty_table_three()
    for row, (person, business) in (
        (t3.NEW, new),
        (t3.CARRIED_IN, carried_in),
        (t3.OUTCOME_ROW["public"], public),
        (t3.RESULTS_TOTAL, public),
        (t3.CARRIED_OUT, carried_out),
    ):
        cells[row][t3.NATURAL_PERSON] = person
        cells[row]["商业企业"] = business
        cells[row][t3.TOTAL] = person + business
    return cells


def complete_report(year, **kwargs):
    kwargs.setdefault("table_three", grid())
    four = tables.empty_table_four()
    for group in four:
        four[group] = dict(zip(tables.OUTCOMES, (1, 0, 0, 0, 1), strict=True))
    kwargs.setdefault("table_four", four)
    return AnnualReport.objects.create(
        year=year,
        licensing_count=12,
        punishment_count=0,
        enforcement_count=0,
        fee_amount=Decimal("0"),
        entered_sources="审批股业务系统，2025-01-05",
        **kwargs,
    )


def test_table_two_counts_regulations_from_publications():
    column = make_column()
    kinds = Publication.Kind
    expected = {"made": 0, "repealed": 0, "current": 0}
    for written, kind, repeal in [
        (D(2024, 3, 1), kinds.NORMATIVE, None),
        (D(2024, 5, 1), kinds.NORMATIVE, D(2024, 11, 1)),
        (D(2022, 5, 1), kinds.NORMATIVE, D(2024, 2, 1)),
        (D(2021, 5, 1), kinds.NORMATIVE, None),
        (D(2023, 5, 1), kinds.NORMATIVE, D(2025, 2, 1)),
        (D(2024, 6, 1), kinds.OTHER, None),
    ]:
        publication = make_publication(
            column=column,
            written_on=written,
            published_on=written,
            document_kind=kind,
            normative_code="示民规〔2024〕1号" if kind == kinds.NORMATIVE else "",
            validity="repealed" if repeal else "valid",
        )
        Publication.objects.filter(pk=publication.pk).update(repealed_on=repeal)
        if kind == kinds.NORMATIVE:
            expected["made"] += written.year == 2024
            expected["repealed"] += bool(repeal and repeal.year == 2024)
            expected["current"] += repeal is None or repeal > D(2024, 12, 31)
    counts = figures.regulation_counts(2024, Unit.objects.home())
    assert counts["行政规范性文件"] == dict(
        zip(tables.TABLE_TWO_COUNTS, expected.values(), strict=True)
    )
    assert counts["规章"] == dict.fromkeys(tables.TABLE_TWO_COUNTS, 0)


def test_repeal_date_is_set_when_validity_changes():
    publication = make_publication(document_kind="normative", normative_code="X")
    assert publication.repealed_on is None
    publication.validity = "repealed"
    publication.save()
    assert publication.repealed_on is not None
    publication.validity = "valid"
    publication.save()
    assert publication.repealed_on is None


def test_arithmetic_check_names_table_row_and_column():
    assert checks.check_table_three(grid()) == []
    person, total = checks.check_table_three(grid(carried_out=(2, 0)))
    assert total.startswith("表三“总计”列：")
    assert person.startswith("表三“自然人”列：一、本年新收（3）加二、上年结转（0）应等于")
    missing = grid()
    missing[t3.NEW]["科研机构"] = None
    assert checks.check_table_three(missing) == [f"表三“{t3.NEW}”行“科研机构”列：缺少数字"]
    negative = grid()
    negative[t3.NEW]["科研机构"] = -1
    assert "不能为负数" in checks.check_table_three(negative)[0]


def test_carry_over_must_match_last_year():
    last_year = grid(carried_out=(1, 0))
    assert checks.check_table_three(grid(carried_in=(1, 0), carried_out=(2, 0)), last_year) == []
    problems = checks.check_table_three(grid(), last_year)
    assert problems == [
        f"表三“{t3.CARRIED_IN}”行“自然人”列：应等于上年度报告的“{t3.CARRIED_OUT}”（1），现为 0",
        f"表三“{t3.CARRIED_IN}”行“总计”列：应等于上年度报告的“{t3.CARRIED_OUT}”（1），现为 0",
    ]


def test_table_four_and_entered_numbers_are_checked():
    report_ = complete_report(2024)
    report_.table_four[tables.REVIEW]["总计"] = 3
    report_.licensing_count = None
    assert checks.check_table_two(report_) == [
        "表二“行政许可”行“本年处理决定数量”列：缺少数字（第二十条第（五）项）"
    ]
    assert checks.check_table_four(report_.table_four) == [
        "表四“行政复议”“总计”列：应为前四列之和 1，现为 3"
    ]


def test_ledger_state_as_of_31_december():
    office = Office.objects.create(name="办公室")
    _, (first, _second) = make_ledger(
        2024, [{"deadline_text": "6月底前"}, {"deadline_text": "2025年6月底前"}]
    )
    assert checks.check_ledger(2024, Unit.objects.home()) == [
        "六、其他需要报告的事项：2024年工作台账第 1 项截至 12 月 31 日没有进展记录"
    ]
    report(first, office, D(2024, 6, 20), state=ProgressEntry.State.DONE)
    assert checks.check_ledger(2024, Unit.objects.home()) == []
    assert "没有 2023 年的工作台账" in checks.check_ledger(2023, Unit.objects.home())[0]


def test_section_six_tells_the_ledger_as_it_stood_on_31_december():
    """Work finished in January counts as late in the report on the year before."""
    office = Office.objects.create(name="办公室")
    _, (early, late) = make_ledger(
        2024, [{"deadline_text": "6月底前"}, {"deadline_text": "10月底前", "text": "集中核查。"}]
    )
    report(early, office, D(2024, 6, 20), state=ProgressEntry.State.DONE)
    report(late, office, D(2024, 10, 30), state=ProgressEntry.State.DELAYED, reason="延期")
    report(late, office, D(2025, 1, 15), state=ProgressEntry.State.DONE)
    text = drafting.ledger_text(2024, Unit.objects.home())
    assert (
        "已完成 1 项，持续推进 0 项，未按期完成 1 项。未按期完成的：第 2 项（集中核查）。" in text
    )


def test_draft_from_the_data_and_the_command(tmp_path):
    office = Office.objects.create(name="办公室")
    _, (first,) = make_ledger(2024, [{"deadline_text": "6月底前"}])
    report(first, office, D(2024, 6, 1), state=ProgressEntry.State.DONE)
    complete_report(2023, table_three=grid(carried_out=(0, 0)))
    path = tmp_path / "report.docx"
    with pytest.raises(CommandError, match="表二“行政许可”行"):
        call_command("annual_report", year=2024, output=str(path))
    drafted = AnnualReport.objects.get(year=2024)
    assert drafted.table_three[t3.NEW][t3.TOTAL] == 0
    assert "已完成 1 项" in drafted.other_matters
    document = docx.Document(str(path))
    assert len(document.tables) == 3


def test_section_six_states_the_fees_collected_in_the_year():
    fee_case(D(2024, 12, 24), 700, paid_on=D(2025, 1, 6))
    fee_case(D(2025, 3, 2), 100, paid_on=D(2025, 3, 10))
    fee_case(D(2025, 12, 22), 1100, paid_on=D(2026, 1, 5))  # counts in 2026
    fee_case(D(2025, 5, 6), 200, closed_unpaid_on=D(2025, 6, 4))  # never paid
    fee_case(D(2025, 8, 3), 0, paid_on=D(2025, 8, 5))  # no charge
    assert (
        drafting.fee_text(2025, Unit.objects.home())
        == "本年度共对 2 件申请收取信息处理费，合计 800 元。"
    )
    assert drafting.fee_text(2024, Unit.objects.home()) == "本年度未收取信息处理费。"
    drafted = drafting.draft(2025)
    assert drafted.other_matters.startswith(
        "（一）收取信息处理费情况：本年度共对 2 件申请收取信息处理费，合计 800 元。\n"
    )
    drafted.other_matters = "（一）收取信息处理费情况：已核对。"  # staff's text is kept
    drafted.save()
    assert drafting.draft(2025).other_matters == "（一）收取信息处理费情况：已核对。"
    assert "本年度未收取信息处理费。" in drafting.draft(2024).other_matters


def test_word_file_has_the_national_headings():
    report_ = complete_report(2024)
    document = docx.Document(
        io.BytesIO(__import__("annualreport.word", fromlist=["to_docx"]).to_docx(report_))
    )
    two, three, four = document.tables
    assert [c.text for c in two.rows[0].cells] == [
        "第二十条第（一）项",
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
    ]
    assert two.rows[1].cells[0].text == "规章" and two.rows[2].cells[0].text == "行政规范性文件"
    assert "行政许可" in [row.cells[0].text for row in two.rows]
    headings = {cell.text for row in three.rows[:3] for cell in row.cells}
    assert {
        "申请人情况",
        "自然人",
        "法人或其他组织",
        "商业企业",
        "法律服务机构",
        "总计",
    } <= headings
    labels = [row.cells[0].text for row in three.rows]
    assert t3.NEW in labels and t3.CARRIED_OUT in labels and "（三）不予公开" in labels
    assert three.rows[3].cells[1].text == "3"
    four_headings = {cell.text for row in four.rows[:3] for cell in row.cells}
    assert {
        "行政复议",
        "行政诉讼",
        "未经复议直接起诉",
        "复议后起诉",
        "结果维持",
        "尚未审结",
    } <= four_headings
    assert [c.text for c in four.rows[3].cells] == ["1", "0", "0", "0", "1"] * 3


def test_filed_reviewed_and_published_in_column_53(staff_user):
    office = Office.objects.create(name="办公室")
    make_column(number=53, name="公开年报", owner_office=office, frequency="yearly")
    _, (first,) = make_ledger(2024, [{"deadline_text": "6月底前"}])
    report(first, office, D(2024, 6, 1), state=ProgressEntry.State.DONE)
    bad = complete_report(2024, table_three=grid(carried_out=(5, 0)))
    with pytest.raises(publishing.NotReady, match="表三"):
        publishing.file_as_publication(bad)
    bad.table_three = grid()
    bad.save()
    publication = publishing.file_as_publication(bad)
    assert publication.column.number == 53 and publication.status == "draft"
    assert publication.attachments.get().kind == "docx"
    anonymous = Client()
    url = reverse("annualreport:report-detail", args=[2024])
    assert anonymous.get(url).status_code == 404
    for step in (workflow.submit, workflow.check, workflow.approve, workflow.publish):
        step(staff_user, publication)
    page = anonymous.get(url).content.decode()
    assert '<caption id="t3-caption">收到和处理政府信息公开申请情况' in page
    assert 'scope="row">行政规范性文件</th>' in page
    publication.refresh_from_db()
    assert publication.index_number in page
    assert anonymous.get(reverse("annualreport:report-docx", args=[2024])).status_code == 200


def test_selfcheck_reminds_then_flags_missing():
    office = Office.objects.create(name="办公室")
    make_column(number=53, name="公开年报", owner_office=office, frequency="yearly")
    (old,) = [p for p in find_problems(D(2024, 12, 20)) if p.rule.startswith("report_")]
    assert (old.rule, old.subject) == (Rule.REPORT_MISSING, "2023年政府信息公开工作年度报告")
    due = [p for p in find_problems(D(2025, 1, 10)) if p.rule.startswith("report_")]
    assert [(p.rule, p.office) for p in due] == [(Rule.REPORT_DUE, "办公室")]
    late = [p for p in find_problems(D(2025, 2, 1)) if p.rule.startswith("report_")]
    assert [p.rule for p in late] == [Rule.REPORT_MISSING] and "已逾期" in late[0].detail
