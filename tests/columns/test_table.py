import pytest
from django.conf import settings
from django.db import connection

from columns.models import Column
from columns.table import (
    CHANGED,
    KEPT,
    NEW,
    UNCHANGED,
    ColumnTableError,
    apply_rows,
    parse_rows,
    read_csv,
)
from offices.models import Office

pytestmark = pytest.mark.django_db

CSV_PATH = settings.BASE_DIR / "fixtures" / "columns.csv"


@pytest.fixture
def table():
    return read_csv(CSV_PATH)


def test_fixture_is_the_bureau_table_verbatim(table):
    with open(CSV_PATH, encoding="utf-8") as handle:
        assert handle.readline().strip() == "number,level1,level2,level3,frequency,owner"
    assert [int(row[0]) for row in table] == list(range(1, 76))


def test_all_75_columns_are_created_with_their_numbers(table):
    results = apply_rows(table, first_line=2)
    assert [r.status for r in results] == [NEW] * 75
    numbered = Column.objects.exclude(number=None)
    assert sorted(numbered.values_list("number", flat=True)) == list(range(1, 76))
    assert (
        Column.objects.get(number=61).path_label
        == "重点领域信息公开 › 社会救助与社会福利 › 城乡低保"
    )


def test_a_numbered_column_can_be_a_parent(table):
    apply_rows(table)
    hotline = Column.objects.get(number=59)
    assert hotline.name == "养老服务热点回应"
    assert hotline.parent == Column.objects.get(number=41)
    assert hotline.parent.parent.name == "回应关切"
    assert hotline.parent.parent.number is None


def test_grouping_columns_have_no_owner_or_frequency(table):
    apply_rows(table)
    grouping = Column.objects.get(name="回应关切")
    assert grouping.owner_kind == Column.OwnerKind.NONE
    assert grouping.owner_label == ""
    assert grouping.frequency == ""
    assert Column.objects.get(number=41).owner_label == "各相关科室"


def test_same_name_under_two_parents_stays_two_nodes(table):
    apply_rows(table)
    nodes = Column.objects.filter(name="乡村振兴")
    assert nodes.count() == 2
    assert Column.objects.get(number=24).parent is None
    rural = nodes.get(parent__name="三大攻坚战")
    assert rural.number is None
    assert Column.objects.get(number=58).parent == rural


def test_frequencies_and_owners_are_mapped(table):
    apply_rows(table)
    by_number = {c.number: c for c in Column.objects.exclude(number=None)}
    assert by_number[55].frequency == Column.Frequency.MONTHLY  # 月度更新
    assert by_number[24].frequency == Column.Frequency.MONTHLY  # 每月更新
    assert by_number[8].frequency == Column.Frequency.QUARTERLY
    assert by_number[50].frequency == Column.Frequency.YEARLY
    assert by_number[1].frequency == Column.Frequency.TIMELY
    assert by_number[56].owner_kind == Column.OwnerKind.HANDLER
    assert by_number[56].owner_office is None
    assert by_number[1].owner_kind == Column.OwnerKind.ALL_OFFICES
    assert by_number[24].owner_kind == Column.OwnerKind.RELATED_OFFICES
    assert by_number[61].owner_kind == Column.OwnerKind.OFFICE
    assert by_number[61].owner_office.name == "社会救助科"
    assert by_number[59].owner_label == "养老服务和慈善事业促进科"
    assert list(Office.objects.values_list("name", flat=True)) == [
        "办公室",
        "养老服务和慈善事业促进科",
        "社会救助科",
        "社会事务科",
        "未成年人保护和儿童福利科",
        "社会组织管理局",
    ]


def test_tree_renders_in_table_order(table):
    apply_rows(table)
    roots = Column.objects.tree()
    names = [root.name for root in roots]
    assert names[:3] == ["政策法规", "重大决策预公开", "规划计划"]
    assert names.index("回应关切") < names.index("监督保障") < names.index("三大攻坚战")
    assert names[-1] == "重点领域信息公开"
    key_areas = roots[-1].tree_children
    assert [c.name for c in key_areas] == ["社会救助与社会福利", "社会组织", "养老服务(老年人福利)"]
    assert [c.number for c in key_areas[0].tree_children] == list(range(61, 68))


def test_second_run_changes_nothing(table):
    apply_rows(table)
    count = Column.objects.count()
    results = apply_rows(table)
    assert {r.status for r in results} == {UNCHANGED}
    assert Column.objects.count() == count
    assert Office.objects.count() == 6


def test_existing_columns_are_kept_or_updated(table):
    apply_rows(table)
    office = Office.objects.get(name="办公室")
    Column.objects.filter(number=61).update(name="城乡最低生活保障", owner_office=office)

    kept = apply_rows(table, update_existing=False)[60]
    assert kept.status == KEPT
    assert set(kept.changes) == {"栏目名称", "负责科室"}
    assert Column.objects.get(number=61).name == "城乡最低生活保障"

    updated = apply_rows(table)[60]
    assert updated.status == CHANGED
    column = Column.objects.get(number=61)
    assert (column.name, column.owner_office.name) == ("城乡低保", "社会救助科")


def test_dry_run_reports_without_writing(table):
    results = apply_rows(table, dry_run=True)
    assert len(results) == 75
    assert {r.status for r in results} == {NEW}
    assert "重点领域信息公开" in results[60].new_parents
    assert Column.objects.count() == 0
    assert Office.objects.count() == 0


def test_blank_level_cells_mean_same_as_the_row_above():
    rows = [
        ("15", "财政资金", "年度部门预决算及“三公”经费情况", "本部门预算", "及时更新", "办公室"),
        ("16", "", "", "本部门决算", "及时更新", "办公室"),
        ("18", "", "财政专项资金", "制度文件", "及时 更新", "办公室"),
        ("19", None, None, "财政专项资金管理和使用情况", "及时更新", "办公室"),
        ("20", "", "部门项目", "", "及时更新", "办公室"),
        ("21", "应急管理", "应急预案", "", "季度更新", " 办公室 "),
    ]
    apply_rows(rows)
    paths = {c.number: c.path_label for c in Column.objects.exclude(number=None)}
    assert paths == {
        15: "财政资金 › 年度部门预决算及“三公”经费情况 › 本部门预算",
        16: "财政资金 › 年度部门预决算及“三公”经费情况 › 本部门决算",
        18: "财政资金 › 财政专项资金 › 制度文件",
        19: "财政资金 › 财政专项资金 › 财政专项资金管理和使用情况",
        20: "财政资金 › 部门项目",
        21: "应急管理 › 应急预案",
    }
    assert Column.objects.filter(name="财政资金").count() == 1
    assert Office.objects.get().name == "办公室"


def test_blank_cell_below_a_different_parent_is_an_error():
    rows = [
        ("1", "政策法规", "部门文件", "", "及时更新", "各科室"),
        ("2", "重大决策预公开", "", "意见征集", "及时更新", "各科室"),
    ]
    with pytest.raises(ColumnTableError, match="第2行（序号2）：第2级栏目为空"):
        parse_rows(rows)


def test_unknown_frequency_names_the_row():
    rows = [
        ("54", "依申请公开", "依申请公开指南", "", "及时更新", "办公室"),
        ("55", "依申请公开", "依申请公开目录", "", "半年更新", "办公室"),
    ]
    with pytest.raises(ColumnTableError) as error:
        apply_rows(rows, first_line=2)
    assert str(error.value).startswith("第3行（序号55）：更新频率“半年更新”无法识别")
    assert Column.objects.count() == 0


def test_every_bad_row_is_reported_at_once():
    rows = [
        ("1", "政策法规", "部门文件", "", "", "各科室"),
        ("1", "政策法规", "上级文件", "", "及时更新", ""),
        ("x", "", "", "", "及时更新", "办公室"),
    ]
    with pytest.raises(ColumnTableError) as error:
        parse_rows(rows)
    messages = error.value.errors
    assert messages[0].startswith("第1行（序号1）：更新频率“”无法识别")
    assert "第2行（序号1）：负责科室为空。" in messages
    assert "第2行（序号1）：序号与第1行重复。" in messages
    assert "第3行（序号x）：序号应为正整数。" in messages
    assert "第3行（序号x）：栏目名称为空。" in messages


def test_a_grouping_column_becomes_numbered_when_a_row_names_it():
    apply_rows([("59", "回应关切", "主动回应", "养老服务热点回应", "及时更新", "各相关科室")])
    grouping = Column.objects.get(name="主动回应")
    assert grouping.number is None
    results = apply_rows(
        [
            ("41", "回应关切", "主动回应", "", "及时更新", "各相关科室"),
            ("59", "回应关切", "主动回应", "养老服务热点回应", "及时更新", "各相关科室"),
        ]
    )
    assert results[0].status == CHANGED
    assert Column.objects.get(number=41).pk == grouping.pk
    assert Column.objects.get(number=59).parent_id == grouping.pk


def test_query_count_does_not_grow_with_rows(table, django_assert_max_num_queries):
    apply_rows(table)
    with django_assert_max_num_queries(6):
        apply_rows(table)


def test_numbers_and_names_the_database_cannot_hold_are_refused_by_row():
    long_name = "栏" * 101
    rows = [
        ("40000", "政策法规", "部门文件", "", "及时更新", "各科室"),
        ("0", "政策法规", "上级文件", "", "及时更新", "各科室"),
        ("3", "政策法规", long_name, "", "及时更新", "各科室"),
        ("4", "政策解读", "", "", "及时更新", "科" * 101),
        ("32767", "回应关切", "栏" * 100, "", "及时更新", "办" * 100),
    ]
    with pytest.raises(ColumnTableError) as error:
        apply_rows(rows, first_line=2)
    assert error.value.errors == [
        "第2行（序号40000）：序号不能大于32767。",
        "第3行（序号0）：序号应为正整数。",
        "第4行（序号3）：第2级栏目名称过长（101字），不能超过100字。",
        "第5行（序号4）：负责科室名称过长（101字），不能超过100字。",
    ]
    assert not Column.objects.exists() and not Office.objects.exists()

    results = apply_rows(rows[4:])
    assert [r.status for r in results] == [NEW]
    assert Column.objects.get(number=32767).name == "栏" * 100


def test_blank_rows_inside_the_table_are_skipped_and_lines_still_count():
    rows = [
        ("1", "政策法规", "部门文件", "", "及时更新", "各科室"),
        ("", "", "", "", "", ""),
        ("2", "", "上级文件", "", "及时更新", "各科室"),
        (None, None, None, None, None, None),
        ("3", "", "解读", "", "偶尔更新", "各科室"),
    ]
    with pytest.raises(ColumnTableError, match=r"^第6行（序号3）：更新频率“偶尔更新”无法识别"):
        parse_rows(rows, first_line=2)
    results = apply_rows(rows[:4], first_line=2)
    assert [(r.line, r.number) for r in results] == [(2, 1), (4, 2)]
    assert Column.objects.get(number=2).path_label == "政策法规 › 上级文件"


def test_read_csv_keeps_inner_blank_lines_for_the_line_numbers(tmp_path):
    path = tmp_path / "columns.csv"
    path.write_text(
        "number,level1,level2,level3,frequency,owner\n"
        "1,政策法规,部门文件,,及时更新,各科室\n"
        "\n"
        "2,政策法规,上级文件,,半年更新,各科室\n"
        ",,,,,\n\n",
        encoding="utf-8",
    )
    rows = read_csv(path)
    assert len(rows) == 3
    with pytest.raises(ColumnTableError, match=r"^第4行（序号2）：更新频率“半年更新”"):
        parse_rows(rows, first_line=2)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite stores any length and any integer"
)
def test_a_value_the_database_refuses_is_a_table_error_not_a_crash():
    """Whatever parse_rows misses, the database's refusal still names the row."""
    from columns.table import _saving

    with (
        pytest.raises(ColumnTableError, match=r"^第9行（序号7）：无法保存"),
        _saving("第9行（序号7）"),
    ):
        Column.objects.create(name="栏" * 101, number=7)
    assert Column.objects.count() == 0  # the transaction is still usable
