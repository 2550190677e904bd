"""Export of the column table (栏目表) as xlsx and CSV, in the bureau's own style."""

import csv
import io

import openpyxl
import pytest
from django.conf import settings
from django.contrib import admin
from django.core.management import call_command
from django.http import Http404

from columns.admin_export import ColumnExportMixin
from columns.exporting import column_table, export_columns
from columns.models import Column
from columns.sheet_writer import HEADER, blank_repeats
from columns.table import apply_rows, parse_rows, read_csv
from tests.factories import make_column, make_office
from units.models import Unit

pytestmark = pytest.mark.django_db

CSV_PATH = settings.BASE_DIR / "fixtures" / "columns.csv"


@pytest.fixture
def bureau_table():
    """The bureau's 75-row table loaded into the Column tree."""
    apply_rows(read_csv(CSV_PATH), first_line=2)


def sheet_rows(data):
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    return ws, [list(row) for row in ws.iter_rows(values_only=True)]


def by_number(rows):
    return {row[0]: row for row in rows[1:]}


def test_xlsx_lists_numbered_columns_in_table_order_with_header(bureau_table):
    ws, rows = sheet_rows(export_columns("xlsx"))

    assert rows[0] == list(HEADER)
    assert [row[0] for row in rows[1:]] == list(range(1, 76))
    assert Column.objects.filter(number=None).exists()  # grouping columns are not rows
    assert ws.freeze_panes == "A2"
    assert ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows == "$1:$1"


def test_repeated_level_names_are_left_blank_like_merged_cells(bureau_table):
    _, rows = sheet_rows(export_columns("xlsx"))
    table = by_number(rows)

    assert table[1] == [1, "政策法规", "部门文件", None, "及时更新", "各科室"]
    assert table[2] == [2, None, "规范性文件发布", None, "及时更新", "各科室"]
    assert table[7] == [7, "规划计划", None, None, "及时更新", "办公室"]
    assert table[15][1:4] == ["财政资金", "年度部门预决算及“三公”经费情况", "本部门预算"]
    assert table[16][1:4] == [None, None, "本部门决算"]
    assert table[18][1:4] == [None, "财政专项资金", "制度文件"]
    # Row 59 hangs under row 41 but follows row 58 in the table: written out in full.
    assert table[59][1:] == [
        "回应关切",
        "主动回应",
        "养老服务热点回应",
        "及时更新",
        "养老服务和慈善事业促进科",
    ]
    assert table[58][1:4] == ["三大攻坚战", "乡村振兴", "社会帮扶"]


def test_frequency_and_owner_are_written_in_chinese(bureau_table):
    _, rows = sheet_rows(export_columns("xlsx"))
    table = by_number(rows)

    assert table[8][4:] == ["季度更新", "各科室"]
    assert table[24][4:] == ["每月更新", "各相关科室"]
    assert table[50][4:] == ["年度更新", "办公室"]
    assert table[55][4] == "每月更新"  # the table's 月度更新, one label
    assert table[56][5] == "谁承办谁更新"
    assert table[61][5] == "社会救助科"


def test_csv_has_a_bom_and_the_same_rows_as_the_workbook(bureau_table):
    data = export_columns("csv")

    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == list(HEADER)
    _, xlsx_rows = sheet_rows(export_columns("xlsx"))
    as_text = [["" if v is None else str(v) for v in row] for row in xlsx_rows]
    assert rows == as_text


def test_formula_looking_names_are_escaped():
    office = make_office(name="=办公室")
    make_column(number=1, name="+栏目", owner_office=office)

    rows = list(csv.reader(io.StringIO(export_columns("csv").decode("utf-8-sig"))))
    assert rows[1] == ["1", "'+栏目", "", "", "及时更新", "'=办公室"]
    ws, _ = sheet_rows(export_columns("xlsx"))
    assert ws["F2"].value == "=办公室"
    assert ws["F2"].data_type == "s"


def test_only_leading_levels_are_blanked_so_the_table_reads_back_unchanged():
    paths = [
        ["甲", "乙", "丙"],
        ["甲", "乙"],
        ["甲", "丁"],
        ["甲"],
        ["戊", "己", "庚"],
        ["戊", "己", "辛"],
    ]
    table = blank_repeats([(n, path, "及时更新", "办公室") for n, path in enumerate(paths, 1)])

    assert [row[1:4] for row in table] == [
        ("甲", "乙", "丙"),
        ("", "乙", ""),  # the deepest level is always written
        ("", "丁", ""),
        ("甲", "", ""),
        ("戊", "己", "庚"),
        ("", "", "辛"),
    ]
    assert [list(row.path) for row in parse_rows(table)] == paths


def test_export_reads_the_tree_in_one_query(bureau_table, django_assert_max_num_queries):
    unit = Unit.objects.home()
    with django_assert_max_num_queries(1):
        assert len(column_table(unit=unit)) == 75


def test_command_writes_xlsx_and_csv(bureau_table, tmp_path):
    target = tmp_path / "栏目表.xlsx"
    call_command("export_columns", "--format", "xlsx", "-o", str(target), stdout=io.StringIO())
    assert target.read_bytes()[:2] == b"PK"
    assert sheet_rows(target.read_bytes())[1][1][0] == 1

    out = io.StringIO()
    call_command("export_columns", "--format", "csv", stdout=out)
    assert out.getvalue().splitlines()[0] == "\ufeff" + ",".join(HEADER)
    assert len(out.getvalue().splitlines()) == 76


class _ColumnAdmin(ColumnExportMixin, admin.ModelAdmin):
    pass


def test_admin_column_export_whole_table_and_selection(bureau_table, rf, staff_user):
    site = admin.AdminSite(name="columns_export_test")
    site.register(Column, _ColumnAdmin)
    model_admin = site.get_model_admin(Column)
    request = rf.get("/")
    request.user = staff_user

    whole = model_admin.export_table_view(request, "xlsx")
    assert sheet_rows(whole.content)[1] == sheet_rows(export_columns("xlsx"))[1]
    assert "filename*=UTF-8''" in whole["Content-Disposition"]
    with pytest.raises(Http404):
        model_admin.export_table_view(request, "json")

    assert {"export_columns_xlsx", "export_columns_csv"} <= set(model_admin.get_actions(request))
    selected = Column.objects.filter(number__in=[16, 15, 61]) | Column.objects.filter(number=None)
    data = model_admin.export_columns_csv(request, selected).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data)))
    assert [row[:4] for row in rows[1:]] == [
        ["15", "财政资金", "年度部门预决算及“三公”经费情况", "本部门预算"],
        ["16", "", "", "本部门决算"],
        ["61", "重点领域信息公开", "社会救助与社会福利", "城乡低保"],
    ]
