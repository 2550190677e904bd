"""The xlsx export of the list, read back with openpyxl."""

from io import BytesIO
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from columns.models import Column
from tests.factories import make_column, make_item, make_office

pytestmark = pytest.mark.django_db
URL = "/admin/selfcheck/export.xlsx"
HEADER = ["序号", "责任科室", "问题类型", "对象", "问题说明", "修改链接"]


def read(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return load_workbook(BytesIO(response.content)).active


def rows(ws):
    return [list(row) for row in ws.iter_rows(min_row=3, values_only=True)]


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
    assert [cell.value for cell in ws[2]] == HEADER
    assert ws.freeze_panes == "A3"
    assert ws.column_dimensions["E"].width >= 40
    assert ws["E3"].alignment.wrap_text
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
    assert ws["F3"].hyperlink.target == column_link


def test_the_filename_carries_the_date_in_utf8(staff_client):
    response = staff_client.get(URL)
    today = timezone.localdate().isoformat()
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f'filename="selfcheck-{today}.xlsx"' in disposition
    assert f"filename*=UTF-8''{quote(f'政务公开自查问题清单-{today}.xlsx')}" in disposition


def test_the_office_filter_applies_to_the_file(staff_client):
    relief = make_office(name="社会救助科")
    make_column(name="低保公示", frequency=Column.Frequency.MONTHLY, owner_office=relief)
    make_column(name="别人的栏目", frequency=Column.Frequency.MONTHLY)
    response = staff_client.get(URL, {"office": "社会救助科"})
    assert [row[3] for row in rows(read(response))] == ["低保公示"]
    assert quote("社会救助科") in response["Content-Disposition"]


def test_an_unknown_office_is_refused_with_a_message(staff_client):
    response = staff_client.get(URL, {"office": "不存在科"})
    assert response.status_code == 400
    assert "没有名为“不存在科”的科室" in response.content.decode()


def test_a_clean_portal_gives_a_file_with_only_title_and_header(staff_client, next_year_entered):
    ws = read(staff_client.get(URL))
    assert ws.max_row == 2


def test_formula_looking_names_are_written_as_text(staff_client):
    office = make_office(name="=SUM(1,2)")
    make_column(name='=HYPERLINK("http://evil")', frequency=Column.Frequency.MONTHLY)
    make_column(name="-1+1", frequency=Column.Frequency.MONTHLY, owner_office=office)
    ws = read(staff_client.get(URL))
    cells = [ws.cell(row, col) for row in range(3, ws.max_row + 1) for col in (2, 4)]
    by_value = {cell.value: cell for cell in cells}
    for text in ('=HYPERLINK("http://evil")', "-1+1", "=SUM(1,2)"):
        assert by_value[text].data_type == "s"
        assert by_value[text].quotePrefix
