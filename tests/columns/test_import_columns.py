"""The column table import: reader, admin upload → preview → confirm, and import_columns."""

import csv
import io
import re

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from columns.models import Column
from columns.resources import read_column_dataset
from columns.sheet_writer import blank_repeats, write_columns
from sitewide.xlsx import workbook_bytes
from spreadsheet.errors import SpreadsheetError
from tests.admin_pages import confirm_data, page_text

pytestmark = pytest.mark.django_db


IMPORT_URL = "/admin/columns/column/import/"
CONFIRM_URL = "/admin/columns/column/process_import/"


def bureau_rows():
    """The bureau's 75-row table as (number, path, frequency, owner)."""
    with open(settings.BASE_DIR / "fixtures" / "columns.csv", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))[1:]
    return [(int(r[0]), [c for c in r[1:4] if c], r[4], r[5]) for r in rows if r]


def table_bytes(rows=None):
    """The table as the bureau writes it: a level blank while it stays the same as above."""
    return write_columns(blank_repeats(rows or bureau_rows()))


def upload(client, content, name="栏目表.xlsx", update_existing=True):
    data = {"format": "0", "resource": "0", "import_file": SimpleUploadedFile(name, content)}
    if update_existing:
        data["update_existing"] = "on"
    return client.post(IMPORT_URL, data)


def test_reader_finds_the_header_below_a_title_and_keeps_blanks():
    wb = Workbook()
    ws = wb.active
    ws.append(["示范县民政局网站栏目表"])
    ws.append([])
    ws.append(["序 号", "一级栏目", "二级栏目", "三级栏目", "更新\n频率", "负责科室", "备注"])
    ws.append([1, "政策法规", "部门文件", None, "及时更新", "各科室", "x"])
    ws.append([2, None, "上级文件", None, "及时更新", "各科室", None])
    ws.append([])
    ws.append(["注：本表每年更新"])
    dataset = read_column_dataset(io.BytesIO(workbook_bytes(wb)))
    assert dataset.first_line == 4
    assert [list(row) for row in dataset] == [
        [1, "政策法规", "部门文件", "", "及时更新", "各科室"],
        [2, "", "上级文件", "", "及时更新", "各科室"],
    ]


def test_reader_skips_blank_rows_and_stops_at_the_notes():
    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "一级栏目", "二级栏目", "三级栏目", "更新频率", "负责科室"])
    ws.append([1, "政策法规", "部门文件", None, "及时更新", "各科室"])
    ws.append([])
    ws.append([None, " ", None])
    ws.append([2, "注册登记", "社会组织注册", None, "及时更新", "社会组织管理局"])
    ws.append([])
    ws.append([])
    ws.append(["说明：", None, None])
    ws.append(["1. 本表每年更新"])
    ws.append([3, "不是栏目", None, None, "及时更新", "各科室"])
    dataset = read_column_dataset(io.BytesIO(workbook_bytes(wb)))
    assert dataset.first_line == 2
    assert [list(row) for row in dataset] == [
        [1, "政策法规", "部门文件", "", "及时更新", "各科室"],
        ["", "", "", "", "", ""],
        ["", "", "", "", "", ""],
        [2, "注册登记", "社会组织注册", "", "及时更新", "社会组织管理局"],
    ]


def test_a_blank_row_does_not_cut_the_import_short(tmp_path):
    rows = bureau_rows()
    wb = openpyxl.load_workbook(io.BytesIO(table_bytes(rows)))
    ws = wb.active
    header_row = next(
        cell.row for cell in ws["A"] if cell.value is not None and str(cell.value) == "1"
    )
    ws.insert_rows(header_row + 10)  # a gap between two groups of rows
    path = tmp_path / "columns.xlsx"
    path.write_bytes(workbook_bytes(wb))
    assert "新增 75 个" in run(path)
    assert Column.objects.filter(number__isnull=False).count() == 75

    rows[40] = (41, rows[40][1], "偶尔更新", rows[40][3])
    wb = openpyxl.load_workbook(io.BytesIO(table_bytes(rows)))
    wb.active.insert_rows(header_row + 10)
    path.write_bytes(workbook_bytes(wb))
    # Row 41 is one sheet row further down for the gap, and the message says so.
    with pytest.raises(CommandError, match=f"第{header_row + 41}行（序号41）"):
        run(path)


def test_reader_refuses_a_sheet_without_the_header():
    from columns.resources import ColumnImportRefused

    wb = Workbook()
    wb.active.append(["名称", "说明"])
    with pytest.raises(ColumnImportRefused, match="未找到栏目表的表头"):
        read_column_dataset(io.BytesIO(workbook_bytes(wb)))
    with pytest.raises(SpreadsheetError):
        from columns.sheet_reader import read_column_table

        read_column_table(io.BytesIO(b"not a workbook"))


def test_admin_preview_then_confirm_builds_the_tree(staff_client):
    response = upload(staff_client, table_bytes())
    assert response.status_code == 200
    page = page_text(response)
    assert "新增 75 个，更新 0 个，未变 0 个。" in page
    assert "回应关切 › 主动回应 › 养老服务热点回应" in page
    assert not Column.objects.exists()  # the preview wrote nothing

    response = staff_client.post(CONFIRM_URL, confirm_data(response, CONFIRM_URL))
    assert response.status_code == 302
    assert Column.objects.filter(number__isnull=False).count() == 75
    assert Column.objects.get(number=59).parent.number == 41

    response = upload(staff_client, table_bytes())
    assert "新增 0 个，更新 0 个，未变 75 个。" in page_text(response)


def test_admin_preview_names_changed_fields(staff_client):
    rows = bureau_rows()[:5]
    staff_client.post(
        CONFIRM_URL, confirm_data(upload(staff_client, table_bytes(rows)), CONFIRM_URL)
    )
    before = dict(Column.objects.values_list("pk", "updated_at"))
    rows[2] = (3, rows[2][1], "季度更新", rows[2][3])
    page = page_text(upload(staff_client, table_bytes(rows)))
    assert "新增 0 个，更新 1 个，未变 4 个。" in page
    assert re.search(
        r"<td>4</td> <td>3</td> <td>政策法规 › 规范性文件立改废</td> <td[^>]*>更新</td> <td>更新频率</td>",
        page,
    )
    assert dict(Column.objects.values_list("pk", "updated_at")) == before


def test_admin_table_errors_are_listed_and_nothing_is_written(staff_client):
    rows = bureau_rows()[:6]
    rows[4] = (5, rows[4][1], "偶尔更新", rows[4][3])
    response = upload(staff_client, table_bytes(rows))
    assert response.status_code == 200
    page = page_text(response)
    assert "栏目表中有错误，未导入任何数据" in page
    assert "第6行（序号5）：更新频率“偶尔更新”无法识别" in page
    assert not Column.objects.exists()


def test_admin_number_out_of_range_is_a_row_error_not_a_crash(staff_client):
    rows = bureau_rows()[:3]
    rows[1] = (40000, *rows[1][1:])
    rows[2] = (3, [rows[2][1][0], "规" * 101], *rows[2][2:])
    response = upload(staff_client, table_bytes(rows))
    assert response.status_code == 200
    page = page_text(response)
    assert "第3行（序号40000）：序号不能大于32767。" in page
    assert "第4行（序号3）：第2级栏目名称过长（101字），不能超过100字。" in page
    assert not Column.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("栏目表.xlsx", b"plain text", "文件不是 Excel 工作簿（.xlsx）"),
        ("栏目表.csv", b"a,b", "只能导入 Excel 工作簿（.xlsx）"),
    ],
)
def test_admin_bad_file_is_a_form_error(staff_client, name, content, message):
    response = upload(staff_client, content, name=name)
    assert response.status_code == 200
    assert message in page_text(response)
    assert "encountered while trying to read file" not in page_text(response)
    assert not Column.objects.exists()


def run(*args):
    out = io.StringIO()
    call_command("import_columns", *map(str, args), stdout=out)
    return out.getvalue()


def test_command_imports_and_reimport_is_unchanged(tmp_path):
    path = tmp_path / "columns.xlsx"
    path.write_bytes(table_bytes())
    out = run(path)
    assert "新增 75 个，更新 0 个，未变 0 个。" in out
    assert Column.objects.filter(number__isnull=False).count() == 75
    before = dict(Column.objects.values_list("pk", "updated_at"))
    assert "新增 0 个，更新 0 个，未变 75 个。" in run(path)
    assert dict(Column.objects.values_list("pk", "updated_at")) == before


def test_command_dry_run_writes_nothing(tmp_path):
    path = tmp_path / "columns.xlsx"
    path.write_bytes(table_bytes())
    out = run(path, "--dry-run")
    assert "新增 75 个" in out
    assert "试运行：未写入任何数据。" in out
    assert not Column.objects.exists()


def test_command_refuses_bad_tables_and_files(tmp_path):
    rows = bureau_rows()[:6]
    rows[4] = (5, rows[4][1], "偶尔更新", rows[4][3])
    path = tmp_path / "columns.xlsx"
    path.write_bytes(table_bytes(rows))
    with pytest.raises(CommandError, match="更新频率“偶尔更新”无法识别"):
        run(path)
    assert not Column.objects.exists()
    with pytest.raises(CommandError, match="找不到文件"):
        run(tmp_path / "missing.xlsx")
    path.write_bytes(b"not a workbook")
    with pytest.raises(CommandError, match=r"不是 Excel 工作簿（\.xlsx）"):
        run(path)
