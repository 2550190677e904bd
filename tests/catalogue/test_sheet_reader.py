"""The catalogue reader against every layout real counties send, built with openpyxl."""

import io
import re
import zipfile

import pytest

from catalogue.sheet_reader import read_catalogue
from spreadsheet.errors import SpreadsheetError
from tests.spreadsheet.builders import (
    HEADER_SUB,
    HEADER_TOP,
    large_workbook,
    per_channel_workbook,
    record,
    rows_workbook,
    sample_records,
    shanghai_workbook,
    template_workbook,
    with_formula_cells,
    zip_bytes,
)

pytestmark = pytest.mark.django_db


def records_of(data, **kwargs):
    return read_catalogue(data, **kwargs).records


def error_of(data, **kwargs):
    with pytest.raises(SpreadsheetError) as caught:
        read_catalogue(data, **kwargs)
    return caught.value


def one_row(channels="■政府网站", *, ticks=("√", None, "√", None, "√", None), **values):
    """A two-row-header sheet with a single data row; `values` override the text cells."""
    rec = record(**values)
    row = [rec["number"], rec["level1"], rec["level2"], rec["content"], rec["basis"],
           rec["deadline"], rec["issuing_body"], channels, *ticks]  # fmt: skip
    return rows_workbook({"社会救助": [HEADER_TOP, HEADER_SUB, row]})


def test_national_template_reads_back_exactly():
    result = read_catalogue(template_workbook(sample_records()))
    assert result.sheet == "社会救助"
    assert result.records == sample_records()
    assert [row.row for row in result.rows] == [4, 5, 6, 7, 8, 9]
    assert result.notes == []
    assert result.absent == set()


def test_a_sheet_without_channel_or_level_columns_marks_them_absent():
    header = ["序号", "一级事项", "二级事项", "公开内容", "公开依据", "公开时限", "公开主体"]
    row = [1, "最低生活保障", "办事指南", "办理流程", "", "", ""]
    result = read_catalogue(rows_workbook({"Sheet1": [header, row]}))
    assert result.absent == {"channels", "other_channels", "audience", "mode", "level"}
    (got,) = result.records
    assert (got["channels"], got["other_channels"]) == ([], [])
    assert got["level"] == ["县级"]  # the default, for new items only
    assert (
        "文件中没有公开渠道和载体列：已有事项保持原有渠道；新事项至少要有一个公开渠道，"
        "不能从此文件新增"
    ) in result.notes
    assert "文件中没有公开方式列：已有事项保持原值，新事项默认为主动公开" in result.notes


def test_title_rows_above_the_header():
    data = template_workbook(sample_records(), title_rows=2)
    assert read_catalogue(data).rows[0].row == 5
    assert records_of(data) == sample_records()


@pytest.mark.parametrize(
    "words",
    [
        {"公开时限": "公开   时限", "依申请公开": "依申\n请公开", "序号": "序 号"},
        {"公开内容（要素）": "公开内容(要素)", "特定群体": "特定群众", "乡级": "乡、村级"},
        {"公开内容（要素）": "事项内容", "特定群体": "特定群体(请写明)", "依申请公开": "申请"},
        {"公开内容（要素）": "公开内容", "全社会": "全\n社会", "主动公开": "主动"},
        {"全社会": "社会", "依申请公开": "依申请", "公开渠道和载体": "公开渠道\n和载体"},
    ],
)
def test_header_words_with_spaces_and_variants(words):
    assert records_of(template_workbook(sample_records(), header_words=words)) == sample_records()


def test_one_row_header_in_another_order():
    header = ["公开内容", "二级事项", "一级事项", "序号", "公开方式", "公开依据", "公开渠道和载体"]
    rows = [
        header,
        ["《社会救助暂行办法》", "政策法规文件", "综合业务", 1, "主动公开", "", "政府网站"],
    ]
    result = read_catalogue(rows_workbook({"Sheet1": rows}))
    (got,) = result.records
    assert got["level1"] == "综合业务" and got["level2"] == "政策法规文件"
    assert got["content"] == "《社会救助暂行办法》" and got["number"] == 1
    assert got["channels"] == ["政府网站"] and got["mode"] == ["主动公开"]
    assert got["audience"] == ["全社会"] and got["level"] == ["县级"]
    assert "文件中没有公开层级列：已有事项保持原值，新事项默认为县级" in result.notes
    assert "文件中没有公开对象列：已有事项保持原值，新事项默认为全社会" in result.notes
    assert result.absent == {"audience", "level", "deadline", "issuing_body"}


def test_level1_blank_below_without_a_merge_is_filled_down():
    assert records_of(template_workbook(sample_records(), merge_level1="blank")) == sample_records()


def test_merged_basis_deadline_and_body_fill_down():
    records = sample_records()
    for rec in records[:4]:  # the merged value is the first row's
        rec.update(basis=records[0]["basis"], deadline=records[0]["deadline"])
        rec["issuing_body"] = records[0]["issuing_body"]
    for rec in records[4:]:
        rec.update(basis=records[4]["basis"], deadline=records[4]["deadline"])
        rec["issuing_body"] = records[4]["issuing_body"]
    data = template_workbook(records, merge_text=("basis", "deadline", "issuing_body"))
    assert records_of(data) == records


def test_blank_text_cells_outside_a_merge_stay_blank():
    rows = [HEADER_TOP, HEADER_SUB]
    rows.append(
        [1, "最低生活保障", "办事指南", "办理流程", "依据A", "10个工作日", "县民政局", "■政府网站"]
    )
    rows.append([2, None, "审核信息", "初审名单", None, None, None, "■政府网站"])
    got = records_of(rows_workbook({"表": rows}))
    assert got[1]["level1"] == "最低生活保障"
    assert (got[1]["basis"], got[1]["deadline"], got[1]["issuing_body"]) == ("", "", "")


def test_tick_columns_are_never_filled_down_even_when_merged():
    rows = [HEADER_TOP, HEADER_SUB]
    rows.append(
        [1, "低保", "指南", "内容", "", "", "", "■政府网站", "√", None, "√", None, None, "√"]
    )
    rows.append([2, None, "审核", "内容", "", "", "", "■政府网站", None, "√", None, "√", "√", None])
    got = records_of(rows_workbook({"表": rows}, {"表": ["N3:N4", "I3:I4", "K3:K4"]}))
    assert got[1]["level"] == ["县级"]
    assert got[1]["audience"] == ["特定群体"] and got[1]["mode"] == ["依申请公开"]


@pytest.mark.parametrize(
    "style", ["boxes", "inline", "chosen", "cjk_box", "wingdings", "pound", "plain"]
)
def test_channel_cell_styles(style):
    # A plain list has no ■ to mark a local channel, so it must be a row of the channel table.
    known = {"12345政务服务热线"} if style == "plain" else None
    data = template_workbook(sample_records(), channel_style=style)
    assert records_of(data, known_channels=known) == sample_records()


@pytest.mark.parametrize(
    ("cell", "channels", "others"),
    [
        ("☑政府网站 □政府公报 √政务服务中心", ["政府网站", "政务服务中心"], []),
        ("þ政府网站 □两微一端 þ精准推送", ["政府网站", "精准推送"], []),
        ("t政府网站□政府公报t公开查阅点", ["政府网站", "公开查阅点"], []),
        ("■政府服务中心 ■纸质载体 ■入户/现场宣传", ["纸质媒体", "政务服务中心", "入户/现场"], []),
        ("■政府网站\n■村公示\n栏(电子屏)", ["政府网站", "社区/企事业单位/村公示栏（电子屏）"], []),
        ("■社区/企事业单位/村公示栏(电子屏)", ["社区/企事业单位/村公示栏（电子屏）"], []),
        ("■政府网站 ■征地信息公开平台 □政府公报", ["政府网站"], ["征地信息公开平台"]),
        (
            "■政府网站 □便民服务窗口 ■其他：12345政务服务热线",
            ["政府网站", "其他"],
            ["12345政务服务热线"],
        ),
        # Seed 003 prints 政府网站 twice: the second stands where 政府公报 belongs.
        ("□政府网站    ■政府网站\n■两微一端    □发布会/听证会", ["政府公报", "两微一端"], []),
        ("口政府网站 ■政府网站", ["政府公报"], []),
    ],
)
def test_channel_cell_variants(cell, channels, others):
    (got,) = records_of(one_row(cell))
    assert got["channels"] == channels
    assert got["other_channels"] == others


@pytest.mark.parametrize(
    "cell",
    [
        "政府网站，政务服务中心",
        "政府网站、政务服务中心",
        "政府网站 政务服务中心",
        "政务服务中心;政府网站",
    ],
)
def test_plain_channel_list(cell):
    (got,) = records_of(one_row(cell))
    assert got["channels"] == ["政府网站", "政务服务中心"]


def test_plain_channel_list_with_a_line_break_inside_a_name():
    (got,) = records_of(one_row("政府网站、社区/企事业单位/村公示\n栏（电子屏）"))
    assert got["channels"] == ["政府网站", "社区/企事业单位/村公示栏（电子屏）"]


def test_plain_channel_list_accepts_the_channel_tables_local_names():
    (got,) = records_of(one_row("政府网站、便民惠民服务中心"), known_channels={"便民惠民服务中心"})
    assert got["channels"] == ["政府网站"]
    assert got["other_channels"] == ["便民惠民服务中心"]


def test_unknown_name_in_a_plain_channel_list_is_an_error():
    error = error_of(one_row("政府网站、征地平台X"))
    assert str(error).startswith(
        "工作表“社会救助”第 3 行“公开渠道和载体”列：未知的公开渠道“征地平台X”"
    )
    assert (error.sheet, error.row, error.column) == ("社会救助", 3, "公开渠道和载体")


def test_one_column_per_channel():
    records = sample_records()
    records[0]["other_channels"] = ["征地信息公开平台"]
    data = per_channel_workbook(records, local_channels=["征地信息公开平台", "12345政务服务热线"])
    assert records_of(data) == records


@pytest.mark.parametrize("tick", ["√", "✓", "✔", "■", "☑", "●", "是", "1", 1, "Y", "y"])
def test_tick_marks(tick):
    ticks = (None, tick, tick, tick, None, tick)
    (got,) = records_of(one_row(ticks=ticks))
    assert got["audience"] == ["特定群体"]
    assert got["mode"] == ["主动公开", "依申请公开"]
    assert got["level"] == ["乡级"]


def test_unticked_sets_fall_back_to_the_model_default_with_a_note():
    result = read_catalogue(one_row(ticks=("×", None, None, None, "", None)))
    (got,) = result.records
    assert (got["audience"], got["mode"], got["level"]) == (["全社会"], ["主动公开"], ["县级"])
    assert "第 3 行未填写公开对象，按全社会处理" in result.notes


def test_shanghai_layout_with_words_instead_of_ticks():
    records = [{**rec, "other_channels": []} for rec in sample_records()]
    result = read_catalogue(shanghai_workbook(records))
    for rec in records:  # no 公开层级 column: every item is county level
        rec["level"] = ["县级"]
    assert result.records == records
    assert "文件中没有公开层级列：已有事项保持原值，新事项默认为县级" in result.notes
    assert result.absent == {"level"}


def test_shanghai_layout_accepts_known_local_channels_and_level_words():
    data = shanghai_workbook(sample_records(), separator="，", level=True)
    got = records_of(data, known_channels={"12345政务服务热线"})
    assert got == sample_records()


def test_notes_blocks_under_the_table_end_it():
    for notes in (
        ["注：本目录由县民政局负责解释。", "最低生活保障"],
        ["标准目录要素说明:1.公开事项名称…"],
    ):
        assert records_of(template_workbook(sample_records(), notes=notes)) == sample_records()


def test_blank_rows_and_html_export_trailing_cells():
    data = template_workbook(
        sample_records(), blank_rows=True, trailing_empty_columns=5, trailing_empty_rows=3
    )
    result = read_catalogue(data)
    assert result.records == sample_records()
    assert [row.row for row in result.rows] == [4, 5, 6, 7, 9, 10]


def test_traditional_characters_are_stored_simplified():
    result = read_catalogue(template_workbook(sample_records(), traditional=True))
    assert result.records == sample_records()
    assert result.sheet == "社會救助"  # the sheet keeps its own name, for messages
    assert "表格使用繁体字，已转换为简体字" in result.notes


def test_pinyin_left_in_copied_pages_is_dropped():
    (got,) = records_of(one_row(issuing_body="縣級政府民政部門、鄉(xiāng)鎮(zhèn)政府(街道辦)"))
    assert got["issuing_body"] == "县级政府民政部门、乡镇政府(街道办)"


def test_numbers_as_text_and_text_as_numbers():
    rows = [HEADER_TOP, HEADER_SUB]
    for number, level2 in (("01", "甲"), (" 3 ", 2023), (4.0, 2.5)):
        rows.append([number, "高龄津贴", level2, "名单", "", "", "", "■政府网站"])
    got = records_of(rows_workbook({"表": rows}))
    assert [r["number"] for r in got] == [1, 3, 4]
    assert [r["level2"] for r in got] == ["甲", "2023", "2.5"]


def test_missing_numbers_continue_the_sequence():
    rows = [HEADER_TOP, HEADER_SUB]
    rows.append([None, "高龄津贴", "甲", "名单", "", "", "", "■政府网站"])
    rows.append(["一", "高龄津贴", "乙", "名单", "", "", "", "■政府网站"])
    assert [r["number"] for r in records_of(rows_workbook({"表": rows}))] == [1, 2]


def test_formula_cells_give_their_cached_values():
    data = with_formula_cells(
        template_workbook(sample_records()),
        "社会救助",
        {"A4": ("ROW()-3", 1), "C5": ('"办事"&"指南"', "办事指南"), "D9": ("D8", "复制的内容")},
    )
    got = records_of(data)
    assert got[0]["number"] == 1 and got[1]["level2"] == "办事指南"
    assert got[5]["content"] == "复制的内容"


def test_the_first_sheet_with_a_header_is_read():
    data = template_workbook(
        sample_records(), sheets_before=[("填表说明", [["填表说明"], ["请按模板填写，勿改表头。"]])]
    )
    result = read_catalogue(data)
    assert result.sheet == "社会救助"
    assert result.records == sample_records()
    assert "已读取工作表“社会救助”（共 2 个工作表）" in result.notes


def test_a_repeated_header_starts_a_second_table_in_the_same_sheet():
    first = [HEADER_TOP, HEADER_SUB, [1, "低保", "指南", "内容", "", "", "", "■政府网站"]]
    second = [
        ["（二）养老服务"],
        HEADER_TOP,
        HEADER_SUB,
        [1, "高龄津贴", "", "名单", "", "", "", "■政府网站"],
    ]
    result = read_catalogue(rows_workbook({"表": first + second}))
    assert [r["level1"] for r in result.records] == ["低保", "高龄津贴"]
    assert "第 4 行没有事项名称和公开内容，已跳过" in result.notes


def test_extra_columns_are_noted_not_read():
    rows = [
        ["序号", "一级事项", "公开内容", "公开网址"],
        [1, "低保", "内容", "http://example.gov.cn/"],
    ]
    result = read_catalogue(rows_workbook({"表": rows}))
    assert "以下列不属于标准目录，未导入：公开网址" in result.notes


def test_reads_a_path_and_a_file_object(tmp_path):
    path = tmp_path / "目录.xlsx"
    path.write_bytes(template_workbook(sample_records()))
    assert records_of(path) == sample_records()
    with path.open("rb") as fh:
        assert records_of(fh) == sample_records()


def test_ten_thousand_rows():
    result = read_catalogue(large_workbook(10_000))
    assert len(result.rows) == 10_000
    assert result.rows[-1].row == 10_003
    assert result.records[-1]["level1"] == "事项2500"
    assert result.records[-1]["level2"] == "二级事项4"


# -- Errors ----------------------------------------------------------------------------------------


def test_damaged_sheet_found_while_streaming_rows():
    data = template_workbook(sample_records())
    source = zipfile.ZipFile(io.BytesIO(data))
    xml = source.read("xl/worksheets/sheet1.xml")
    damaged = zip_bytes(
        {
            item.filename: xml[: len(xml) * 2 // 3]
            if item.filename == "xl/worksheets/sheet1.xml"
            else source.read(item.filename)
            for item in source.infolist()
        }
    )
    assert "工作簿内容已损坏" in str(error_of(damaged))


def test_wrong_used_range_in_the_file_still_reads_every_row():
    data = template_workbook(sample_records(), notes=False)
    source = zipfile.ZipFile(io.BytesIO(data))
    members = {item.filename: source.read(item.filename) for item in source.infolist()}
    sheet = members["xl/worksheets/sheet1.xml"]
    members["xl/worksheets/sheet1.xml"] = re.sub(
        rb'<dimension ref="[^"]+"', b'<dimension ref="A1"', sheet
    )
    assert records_of(zip_bytes(members)) == sample_records()


def test_no_header_anywhere():
    data = rows_workbook({"甲": [["序号", "名称"], [1, "x"]], "乙": [["a", "b"]]})
    assert str(error_of(data)) == (
        "未找到表头：需要包含“一级事项”（或“公开事项”）和“公开内容”等列。"
    )


def test_content_without_an_item_name():
    rows = [
        ["标题"],
        HEADER_TOP,
        HEADER_SUB,
        [1, None, "办事指南", "办理流程", "", "", "", "■政府网站"],
    ]
    error = error_of(rows_workbook({"社会救助": rows}))
    assert "第 4 行" in str(error) and "“一级事项”列" in str(error)
    assert "缺少事项名称" in str(error)


def test_item_without_content():
    error = error_of(one_row(content=""))
    assert (
        str(error)
        == "工作表“社会救助”第 3 行“公开内容（要素）”列：缺少公开内容（公开内容为必填项）。"
    )


def test_the_same_item_twice():
    records = sample_records()
    records[3]["level2"] = "审核信息"
    error = error_of(template_workbook(records))
    assert "第 6 行与第 7 行" in str(error)
    assert "最低生活保障 / 审核信息" in str(error)


def test_unrecognised_word_in_a_single_set_column():
    rows = [["一级事项", "公开内容", "公开方式"], ["低保", "内容", "看情况"]]
    error = error_of(rows_workbook({"表": rows}))
    assert "第 2 行“公开方式”列" in str(error) and "看情况" in str(error)


def test_a_row_without_any_item_name_is_refused_not_filed_under_the_row_above():
    rows = [
        ["标题"],
        HEADER_TOP,
        HEADER_SUB,
        [1, "最低生活保障", "办事指南", "办理流程", "", "", "", "■政府网站"],
        [2, None, None, "申请条件", "", "", "", "■政府网站"],
    ]
    error = error_of(rows_workbook({"社会救助": rows}))
    assert (error.sheet, error.row, error.column) == ("社会救助", 5, "一级事项")
    assert "缺少事项名称" in str(error) and "二级事项" in str(error)


def test_a_row_with_its_own_level2_name_inherits_the_level1_name_above():
    rows = [
        ["标题"],
        HEADER_TOP,
        HEADER_SUB,
        [1, "最低生活保障", "办事指南", "办理流程", "", "", "", "■政府网站"],
        [2, None, "审批结果", "申请条件", "", "", "", "■政府网站"],
    ]
    got = records_of(rows_workbook({"社会救助": rows}))
    assert [(r["level1"], r["level2"]) for r in got] == [
        ("最低生活保障", "办事指南"),
        ("最低生活保障", "审批结果"),
    ]


def test_a_row_under_a_merged_level1_cell_needs_a_level2_name_of_its_own():
    rows = [
        ["标题"],
        HEADER_TOP,
        HEADER_SUB,
        [1, "最低生活保障", "办事指南", "办理流程", "", "", "", "■政府网站"],
        [2, None, None, "申请条件", "", "", "", "■政府网站"],
    ]
    error = error_of(rows_workbook({"社会救助": rows}, merges={"社会救助": ["B4:B5"]}))
    assert (error.row, error.column) == (5, "一级事项")
