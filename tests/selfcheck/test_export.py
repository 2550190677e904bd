"""The xlsx export of the list, read back with openpyxl: the national verdict, then the problems."""

import datetime
import re
from io import BytesIO
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from columns.models import Column
from selfcheck.rules import run
from tests.factories import make_column, make_item, make_office, make_publication
from units.models import Unit

pytestmark = pytest.mark.django_db
URL = "/admin/selfcheck/export.xlsx"
HEADER = ["序号", "责任科室", "问题类型", "对象", "问题说明", "修改链接"]
# Row 2 the verdict, 3 its header, 4-8 the five national rules, 9 blank, 10 the list's header.
VERDICT_ROW = 2
HEADER_ROW = 10
FIRST_DATA_ROW = 11
MONTHLY = Column.Frequency.MONTHLY


def read(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return load_workbook(BytesIO(response.content)).active


def rows(ws):
    return [list(row) for row in ws.iter_rows(min_row=FIRST_DATA_ROW, values_only=True)]


def verdict_rows(ws):
    """The verdict block's rows as [检查项, 标准, 本站, 结果] (检查项 and 标准 span two columns)."""
    return [
        [ws.cell(row, col).value for col in (1, 3, 5, 6)]
        for row in range(VERDICT_ROW + 1, HEADER_ROW - 1)
    ]


def fresh_site():
    """Something published today, so that the site is not stale."""
    make_publication(make_column(frequency=MONTHLY), published_on=timezone.localdate())


def test_anonymous_visitors_get_no_file(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_workbook_has_title_header_and_rows_grouped_by_office(
    staff_client, settings, next_year_entered
):
    settings.BUREAU_NAME = "示范县民政局"
    care = make_office(name="养老服务科", order=2)
    relief = make_office(name="社会救助科", order=1)
    first = make_column(name="养老机构名录", frequency=Column.Frequency.MONTHLY, owner_office=care)
    second = make_column(name="低保公示", frequency=Column.Frequency.MONTHLY, owner_office=relief)
    item = make_item(level1="临时救助", level2="办事指南")
    response = staff_client.get(URL)
    ws = read(response)
    today = timezone.localdate().isoformat()
    assert ws["A1"].value == f"示范县民政局政务公开自查问题清单（{today}）"
    assert "A1:F1" in {str(merged) for merged in ws.merged_cells.ranges}
    assert [cell.value for cell in ws[HEADER_ROW]] == HEADER
    assert ws.freeze_panes == f"A{FIRST_DATA_ROW}"
    assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    assert ws.column_dimensions["E"].width >= 40
    assert ws[f"E{FIRST_DATA_ROW}"].alignment.wrap_text
    column_link = "http://testserver" + reverse("admin:columns_column_change", args=[second.pk])
    assert rows(ws) == [
        [1, "社会救助科", "栏目无信息", "低保公示", "更新频率为“每月更新”，至今没有发布任何信息",
         column_link],
        [2, "养老服务科", "栏目无信息", "养老机构名录",
         "更新频率为“每月更新”，至今没有发布任何信息",
         "http://testserver" + reverse("admin:columns_column_change", args=[first.pk])],
        [3, "未指定科室", "事项未关联栏目", f"{item.domain.name}：临时救助 / 办事指南",
         "已发布的事项未关联任何发布栏目，公众无法从事项找到对应信息",
         "http://testserver" + reverse("admin:catalogue_disclosureitem_change", args=[item.pk])],
    ]  # fmt: skip
    assert ws[f"F{FIRST_DATA_ROW}"].hyperlink.target == column_link


def test_the_filename_carries_the_unit_and_the_date_in_utf8(staff_client):
    response = staff_client.get(URL)
    today = timezone.localdate().isoformat()
    unit = Unit.objects.home()
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f'filename="selfcheck-{unit.slug}-{today}.xlsx"' in disposition
    name = f"政务公开自查问题清单-{unit.name}-{today}.xlsx"
    assert f"filename*=UTF-8''{quote(name)}" in disposition


def test_the_office_filter_applies_to_the_file(staff_client):
    relief = make_office(name="社会救助科")
    make_column(name="低保公示", frequency=Column.Frequency.MONTHLY, owner_office=relief)
    make_column(name="别人的栏目", frequency=Column.Frequency.MONTHLY)
    response = staff_client.get(URL, {"office": "社会救助科"})
    sheet = read(response)
    assert [row[3] for row in rows(sheet)] == ["低保公示"]
    assert quote("社会救助科") in response["Content-Disposition"]
    assert "政务公开自查问题清单（社会救助科）" in sheet["A1"].value


def test_an_unknown_office_is_refused_with_a_message(staff_client):
    response = staff_client.get(URL, {"office": "不存在科"})
    assert response.status_code == 400
    assert "没有名为“不存在科”的科室" in response.content.decode()


def test_a_clean_portal_gives_a_file_with_only_title_verdict_and_header(
    staff_client, next_year_entered
):
    ws = read(staff_client.get(URL))
    assert ws.max_row == HEADER_ROW


def test_formula_looking_names_are_written_as_text(staff_client):
    office = make_office(name="=SUM(1,2)")
    make_column(name='=HYPERLINK("http://evil")', frequency=Column.Frequency.MONTHLY)
    make_column(name="-1+1", frequency=Column.Frequency.MONTHLY, owner_office=office)
    ws = read(staff_client.get(URL))
    cells = [ws.cell(row, col) for row in range(FIRST_DATA_ROW, ws.max_row + 1) for col in (2, 4)]
    by_value = {cell.value: cell for cell in cells}
    for text in ('=HYPERLINK("http://evil")', "-1+1", "=SUM(1,2)"):
        assert by_value[text].data_type == "s"
        assert by_value[text].quotePrefix


# The national verdict, as at the top of the page


def test_the_file_carries_the_verdict_of_a_passing_site(staff_client, next_year_entered):
    fresh_site()
    ws = read(staff_client.get(URL))
    assert ws.cell(VERDICT_ROW, 1).value == "国家政府网站抽查（单项否决）：合格（全站）"
    assert ws.cell(VERDICT_ROW, 1).font.b
    assert f"A{VERDICT_ROW}:F{VERDICT_ROW}" in {str(merged) for merged in ws.merged_cells.ranges}
    assert verdict_rows(ws) == [
        ["检查项", "标准", "本站", "结果"],
        ["网站最新信息距今天数", "超过 14 天不合格", 0, "合格"],
        ["应更新未更新的栏目", "10 个及以上不合格", 0, "合格"],
        ["空白栏目", "5 个及以上不合格", 0, "合格"],
        ["超过三个月未答复的留言", "1 条及以上不合格", 0, "合格"],
        ["失效的链接和附件", "1 个及以上不合格", 0, "合格"],
    ]
    assert ws.cell(HEADER_ROW - 1, 1).value is None  # a blank row before the list


def test_the_file_carries_the_failed_rules_and_their_counts(staff_client, next_year_entered):
    fresh_site()
    for _ in range(5):
        make_column(frequency=MONTHLY)
    ws = read(staff_client.get(URL))
    assert ws.cell(VERDICT_ROW, 1).value == "国家政府网站抽查（单项否决）：不合格（全站）"
    empty = next(row for row in verdict_rows(ws) if row[0] == "空白栏目")
    assert empty == ["空白栏目", "5 个及以上不合格", 5, "不合格"]
    failed_row = VERDICT_ROW + 1 + verdict_rows(ws).index(empty)
    assert ws.cell(failed_row, 6).font.b  # the failed rule stands out
    # and the five empty columns are listed below
    assert [row[2] for row in rows(ws)].count("栏目无信息") == 5


def test_the_verdict_is_the_whole_sites_when_the_file_is_one_offices(
    staff_client, next_year_entered
):
    fresh_site()
    make_office(name="社会救助科")
    for _ in range(5):
        make_column(frequency=MONTHLY)
    ws = read(staff_client.get(URL, {"office": "社会救助科"}))
    assert rows(ws) == []  # none of the empty columns is this office's
    assert ws.cell(VERDICT_ROW, 1).value == "国家政府网站抽查（单项否决）：不合格（全站）"


def test_the_file_and_the_page_show_the_same_verdict(staff_client, next_year_entered):
    """Both come from rules.run: each criterion's threshold, count and result agree."""
    make_publication(make_column(frequency=MONTHLY), published_on=datetime.date(2025, 1, 6))
    for _ in range(5):
        make_column(frequency=MONTHLY)
    ws = read(staff_client.get(URL))
    page = staff_client.get("/admin/selfcheck/").content.decode()
    verdict = run().verdict
    assert not verdict.passed
    expected = [
        [criterion.label, criterion.threshold, criterion.count, criterion.result]
        for criterion in verdict.criteria
    ]
    assert verdict_rows(ws)[1:] == expected
    table = re.search(r'<div class="module selfcheck-verdict">(.*?)</div>', page, re.S).group(1)
    shown = [
        [label, threshold, int(count), re.sub(r"<[^>]+>", "", result)]
        for label, threshold, count, result in re.findall(
            r'<tr><th scope="row">([^<]+)</th><td>([^<]+)</td><td>(\d+)</td><td>(.*?)</td></tr>',
            table,
        )
    ]
    assert shown == expected
    assert f'<strong class="verdict-fail">{verdict.label}</strong>' in table
    assert ws.cell(VERDICT_ROW, 1).value == f"国家政府网站抽查（单项否决）：{verdict.label}（全站）"
