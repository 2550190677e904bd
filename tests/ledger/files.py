"""Ledger files in the shapes bureaus send, built for the tests: xlsx and docx."""

import io

import docx
import openpyxl

SEED_004_HEADER = ["工作任务", None, "具体要求", None, "责任部门（单位）", "时限要求"]

# Seed 004's first pages, with its traits: the header repeated after each page break, a
# requirement (5) continued on the next page, task cells left blank below, half-width brackets
# on one page, the number and text in one cell on one page and in two on another.
SEED_004_ROWS = [
    ["省民政厅 2021 年政务公开重点工作台账", None, None, None, None, None],
    SEED_004_HEADER,
    [
        "一、进一步强化重点领域信息公开",
        "（一）做好各类规划主动公开。",
        "1",
        "主动公开我省民政十四五规划纲要及有关专项规划等。",
        "规划财务处牵头，其他部门（单位）配合",
        "年底前",
    ],
    [
        None,
        "（二）做好监管执法信息公开。",
        2,
        "依托政府网站、政务新媒体及时公开监管执法信息。",
        "社会组织管理局牵头，其他部门（单位）配合",
        "年底前",
    ],
    SEED_004_HEADER,
    [
        None,
        "(三)做好财政信息公开。",
        "3",
        "推进厅机关及所属单位预算、决算及相关报表公开。",
        "规划财务处、福彩中心",
        "年底前",
    ],
    [
        "二、进一步强化政策发布解读",
        "(一)持续加强重大政策发布解读。",
        "4",
        "及时发布权威信息，开展深入解读。",
        "社会救助处、养老服务处、省养老服务发展中心等",
        "持续推进",
    ],
    [
        None,
        "(二)不断提升政策解读质量效果。",
        "5",
        "注重对政策背景、出台目的、重要举措等方面的实质性解读，讲明讲透政策",
        "社会救助处、养老服务",
        "年底前",
    ],
    SEED_004_HEADER,
    [None, None, None, "内涵。", "处", None],
    [
        "三、进一步强化政务公开工作基础",
        "（二）加强政务公开平台建设。",
        "13",
        "按季度公开政务服务便民热线运行情况。",
        "办公室牵头，信息中心配合",
        "10月底前",
    ],
    [
        "四、进一步强化基层政务公开",
        None,
        "15",
        "对基层目录编制和实施工作进行跟踪评估，每年开展评估不少于1次。",
        "社会救助处、养老服务处",
        "2021年11月底前",
    ],
]


def xlsx_bytes(rows, title="台账", merges=()):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    for merge in merges:
        ws.merge_cells(merge)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def seed_004_xlsx():
    # The header's 工作任务 and 具体要求 each merged over two cells, as the seed prints them.
    return xlsx_bytes(SEED_004_ROWS, merges=("A2:B2", "C2:D2", "A1:F1"))


SEED_003_HEADER = ["序号", "工作任务", "具体事项", "责任单位", "指导单位", "完成时间"]

# Seed 003 附件1: numbers "(n)" inside 具体事项, the task merged down, two groups numbered 8.
SEED_003_ROWS = [
    ["基层政务公开标准化规范化工作任务分工和进度安排", None, None, None, None, None],
    SEED_003_HEADER,
    [
        "1",
        "梳理基层政务公开事项",
        "(1)梳理规范基层政府权责清单",
        "区直各部门、镇、各街办、管理处",
        "区审批局",
        "2020年7月底前",
    ],
    [
        None,
        None,
        "(2)梳理规范基层政府公共服务清单",
        "区直各部门、镇、各街办、管理处",
        "区审批局",
        "2020年7月底前",
    ],
    [
        "6",
        "建立舆情处置回应机制",
        "(16)建立政务舆情处置回应工作机制。",
        "区直各部门、镇、各街办、管理处",
        "区政府办",
        "2020年4月底前",
    ],
    [
        "8",
        "完善基层行政决策公众参与机制",
        "(19)充分听取公众意见。",
        "区民政局、镇、各街办、管理处",
        "区政府办",
        "2020年11月底前",
    ],
    SEED_003_HEADER,
    [
        "8",
        "完善基层行政决策公众参与机制",
        "(21)完善利益相关方列席政府有关会议制度。",
        "区直各部门",
        "区政府办",
        "2021年8月底前",
    ],
    [
        "12",
        "制定全区统一基层政务公开标准规范",
        "(26)健全完善全区统一的基层政务公开标准规范",
        "区直各部门、镇、各街办、管理处",
        "区政府办",
        "2022年6月底前",
    ],
]


def seed_003_xlsx():
    return xlsx_bytes(SEED_003_ROWS, title="附件1", merges=("B3:B4", "A3:A4"))


def docx_bytes(tables):
    """A Word document with one table per list of rows (a table per page, as scans give)."""
    document = docx.Document()
    document.add_paragraph("省民政厅 2021 年政务公开重点工作台账")
    for rows in tables:
        width = max(len(row) for row in rows)
        table = document.add_table(rows=len(rows), cols=width)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    table.cell(r, c).text = str(value)
        document.add_page_break()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
