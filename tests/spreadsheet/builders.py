"""
Build catalogue workbooks with openpyxl, one function per layout that real counties send.

`template_workbook(records, **variations)` writes the national template (title row, two-row
header, level-1 names merged down, the ■/□ channel cell, √ ticks, 公开层级 columns, a notes block);
the keyword variations and the other functions produce the odd layouts. Every function returns the
xlsx file as bytes, ready for `read_catalogue(bytes)` or a Django upload.
"""

import io
import re
import zipfile
from xml.sax.saxutils import escape

import opencc
import openpyxl
from openpyxl.styles import Border, Side
from openpyxl.utils import get_column_letter

from catalogue.channels import STANDARD_CHANNELS

_s2t = opencc.OpenCC("s2t")

# The template's header: top row and sub row, one entry per column (None under a merge).
HEADER_TOP = [
    "序号", "公开事项", None, "公开内容（要素）", "公开依据", "公开时限", "公开主体",
    "公开渠道和载体", "公开对象", None, "公开方式", None, "公开层级", None,
]  # fmt: skip
HEADER_SUB = [
    None, "一级事项", "二级事项", None, None, None, None,
    None, "全社会", "特定群体", "主动公开", "依申请公开", "县级", "乡级",
]  # fmt: skip
FLAG_COLUMNS = [
    ("audience", "全社会"), ("audience", "特定群体"), ("mode", "主动公开"),
    ("mode", "依申请公开"), ("level", "县级"), ("level", "乡级"),
]  # fmt: skip
NOTES = [
    "注释：",
    "1.公开事项：指某个具体应公开事项的名称。",
    "2.事项内容：根据法律法规和政府文件确定的该类政务公开信息的内容要求。",
]
THIN = Border(*(Side(style="thin"),) * 4)


def record(**overrides):
    """A complete item record (the schema of catalogue/records.py); override any key."""
    values = {
        "number": 1,
        "level1": "最低生活保障",
        "level2": "办事指南",
        "content": "办理事项、办理条件、最低生活保障标准、申请材料、办理流程",
        "basis": "《国务院关于进一步加强和改进最低生活保障工作的意见》（国发〔2012〕45号）",
        "deadline": "制定或获取信息之日起10个工作日内",
        "issuing_body": "县级人民政府民政部门、乡镇人民政府（街道办事处）",
        "channels": ["政府网站", "公开查阅点", "政务服务中心"],
        "other_channels": [],
        "audience": ["全社会"],
        "mode": ["主动公开"],
        "level": ["县级", "乡级"],
    }
    values.update(overrides)
    return values


def sample_records():
    """Six rows of the national 社会救助 catalogue: two level-1 items merged over several rows."""
    return [
        record(number=1, level2="政策法规文件", content="《社会救助暂行办法》（国务院令第649号）"),
        record(number=2, level2="办事指南"),
        record(
            number=3,
            level2="审核信息",
            content="初审对象名单及相关信息",
            deadline="制定或获取信息之日起10个工作日内\n公示7个工作日",
            issuing_body="乡镇人民政府（街道办事处）",
            channels=["社区/企事业单位/村公示栏（电子屏）"],
            level=["乡级"],
        ),
        record(
            number=4,
            level2="审批信息",
            content="低保对象名单及相关信息",
            channels=["政府网站", "社区/企事业单位/村公示栏（电子屏）"],
            audience=["全社会", "特定群体"],
            mode=["主动公开", "依申请公开"],
        ),
        record(
            number=5,
            level1="临时救助",
            level2="政策法规文件",
            content="《国务院关于全面建立临时救助制度的通知》（国发〔2014〕47号）",
            channels=["政府网站", "两微一端"],
            level=["县级"],
        ),
        record(
            number=6,
            level1="临时救助",
            level2="办事指南",
            content="办理事项、办理条件、救助标准、申请材料",
            channels=["政府网站", "政务服务中心", "便民服务站", "其他"],
            other_channels=["12345政务服务热线"],
        ),
    ]


def channel_cell(channels, other_channels=(), *, style="boxes"):
    """
    Write a 公开渠道和载体 cell the way counties do.

    boxes: all 13 with ■/□, two a line as in the template; inline: the same on one line;
    chosen: only the ■ ones; cjk_box: 口 typed for □; wingdings: "t" left where ■ was;
    pound: "£" for ■; plain: the chosen names joined by 、 (no markers).
    Local channels in `other_channels` go after a ■, just before 其他.
    """
    chosen = set(channels)
    names = [n for n in STANDARD_CHANNELS if n != "其他"] + list(other_channels) + ["其他"]
    on, off = {"wingdings": ("t", "□"), "pound": ("£", "□"), "cjk_box": ("■", "口")}.get(
        style, ("■", "□")
    )
    if style == "plain":
        return "、".join(n for n in names if n in chosen or n in other_channels)
    marked = [
        f"{on if n in chosen or n in other_channels else off}{n}"
        for n in names
        if style != "chosen" or n in chosen or n in other_channels
    ]
    if style in ("boxes", "cjk_box"):
        return "\n".join("  ".join(marked[i : i + 2]) for i in range(0, len(marked), 2))
    return " ".join(marked) if style != "wingdings" else "".join(marked)


def _traditional(value):
    return _s2t.convert(value) if isinstance(value, str) else value


def save(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_workbook(
    records,
    *,
    sheet_title="社会救助",
    title="社会救助领域基层政务公开标准目录",
    title_rows=1,
    header_words=None,
    channel_style="boxes",
    tick="√",
    merge_level1=True,
    merge_text=(),
    level_columns=True,
    notes=True,
    blank_rows=False,
    trailing_empty_columns=0,
    trailing_empty_rows=0,
    traditional=False,
    sheets_before=(),
):
    """
    Return the national template filled with `records`, as xlsx bytes.

    merge_level1: True merges the level-1 name down, "blank" leaves the cells below empty without
    a merge (as HTML exports do), False repeats it on every row;
    notes: True for the template's 注释 block, or the lines to write under the table;
    header_words: {standard header word: the word to write instead}, e.g. {"公开时限": "公开   时限"};
    merge_text: fields written once per level-1 item and merged down (town tables: basis, …);
    sheets_before: (title, rows) sheets placed before the catalogue sheet;
    trailing_empty_columns / _rows: bordered empty cells as HTML exports leave them.
    """
    workbook = openpyxl.Workbook()
    first = workbook.active
    for name, rows in sheets_before:
        ws = workbook.create_sheet(name)
        for row in rows:
            ws.append(row)
    ws = workbook.create_sheet(sheet_title)
    workbook.remove(first)

    top, sub = list(HEADER_TOP), list(HEADER_SUB)
    if not level_columns:
        top, sub = top[:-2], sub[:-2]
    words = header_words or {}
    top = [words.get(w, w) for w in top]
    sub = [words.get(w, w) for w in sub]
    width = len(top)
    last = get_column_letter(width)

    for i in range(title_rows):
        ws.append([title if i == 0 else "（2024年版）"])
        ws.merge_cells(f"A{i + 1}:{last}{i + 1}")
    h = title_rows + 1
    ws.append(top)
    ws.append(sub)
    for col, (t, s) in enumerate(zip(top, sub, strict=True), start=1):
        letter = get_column_letter(col)
        if t and not s:
            ws.merge_cells(f"{letter}{h}:{letter}{h + 1}")
        elif t and s and col < width and top[col] is None:
            ws.merge_cells(f"{letter}{h}:{get_column_letter(col + 1)}{h}")

    row_number = h + 2
    groups = []  # (first row, last row) of each level-1 item
    previous = None
    for rec in records:
        if blank_rows and previous is not None and rec["level1"] != previous["level1"]:
            ws.append([])
            row_number += 1
        same = previous is not None and rec["level1"] == previous["level1"]
        row = [
            rec["number"],
            None if (merge_level1 and same) else rec["level1"],  # "blank": blank, not merged
            rec["level2"],
            rec["content"],
            None if ("basis" in merge_text and same) else rec["basis"],
            None if ("deadline" in merge_text and same) else rec["deadline"],
            None if ("issuing_body" in merge_text and same) else rec["issuing_body"],
            channel_cell(rec["channels"], rec["other_channels"], style=channel_style),
        ]
        for kind, label in FLAG_COLUMNS[: width - 8]:
            row.append(tick if label in rec[kind] else None)
        ws.append(row)
        if same:
            groups[-1][1] = row_number
        else:
            groups.append([row_number, row_number])
        previous = rec
        row_number += 1

    for start, end in groups:
        if end > start:
            columns = ["B"] if merge_level1 is True else []
            columns += [c for f, c in (("basis", "E"), ("deadline", "F"), ("issuing_body", "G"))
                        if f in merge_text]  # fmt: skip
            for letter in columns:
                ws.merge_cells(f"{letter}{start}:{letter}{end}")

    for r in range(h, row_number):
        for c in range(width + 1, width + 1 + trailing_empty_columns):
            ws.cell(r, c).border = THIN
    for r in range(row_number, row_number + trailing_empty_rows):
        for c in range(1, width + 1 + trailing_empty_columns):
            ws.cell(r, c).border = THIN
    row_number += trailing_empty_rows

    if notes:
        for text in NOTES if notes is True else notes:
            ws.cell(row_number, 1, text)
            ws.merge_cells(f"A{row_number}:{last}{row_number}")
            row_number += 1

    if traditional:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.value = _traditional(cell.value)
        ws.title = _traditional(ws.title)
    return save(workbook)


def rows_workbook(sheets, merges=None):
    """Return a workbook of raw rows: {sheet title: [row, …]}, merges {sheet title: ["A1:B1"]}."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        ws = workbook.create_sheet(title)
        for row in rows:
            ws.append(row)
        for ref in (merges or {}).get(title, ()):
            ws.merge_cells(ref)
    return save(workbook)


def shanghai_workbook(records, *, separator="、", level=False):
    """
    The Shanghai layout: a one-row header in another order, words instead of ticks, and the
    channels as a plain list without markers; no 公开层级 column unless `level`.
    """
    header = ["序号", "一级事项", "二级事项", "公开内容", "公开依据", "公开时限", "公开主体",
              "公开对象", "公开方式", "公开渠道和载体"] + (["公开层级"] if level else [])  # fmt: skip
    rows = [["上海市某区社会救助领域基层政务公开标准目录"], header]
    for rec in records:
        row = [
            str(rec["number"]), rec["level1"], rec["level2"], rec["content"], rec["basis"],
            rec["deadline"], rec["issuing_body"], "、".join(rec["audience"]),
            "、".join(rec["mode"]), separator.join(rec["channels"] + rec["other_channels"]),
        ]  # fmt: skip
        if level:
            row.append("、".join(rec["level"]))
        rows.append(row)
    return rows_workbook({"Sheet1": rows})


def per_channel_workbook(records, *, tick="√", local_channels=()):
    """One √ column per channel under a 公开渠道和载体 group (plus local channel columns)."""
    names = list(STANDARD_CHANNELS[:-1]) + list(local_channels) + [STANDARD_CHANNELS[-1]]
    top = ["序号", "公开事项", None, "公开内容（要素）", "公开依据", "公开时限", "公开主体",
           "公开渠道和载体"] + [None] * (len(names) - 1) + ["公开对象", None, "公开方式", None,
           "公开层级", None]  # fmt: skip
    sub = [None, "一级事项", "二级事项", None, None, None, None, *names,
           "全社会", "特定群体", "主动公开", "依申请公开", "县级", "乡级"]  # fmt: skip
    rows = [top, sub]
    for rec in records:
        row = [rec["number"], rec["level1"], rec["level2"], rec["content"], rec["basis"],
               rec["deadline"], rec["issuing_body"]]  # fmt: skip
        chosen = set(rec["channels"]) | set(rec["other_channels"])
        row += [tick if n in chosen else None for n in names]
        row += [tick if label in rec[kind] else None for kind, label in FLAG_COLUMNS]
        rows.append(row)
    channel_end = get_column_letter(7 + len(names))
    merges = ["B1:C1", f"H1:{channel_end}1"] + [f"{c}1:{c}2" for c in "ADEFG"]
    return rows_workbook({"目录": rows}, {"目录": merges})


def large_workbook(count):
    """A template workbook of `count` distinct items, level-1 names merged over four rows."""
    records = [
        record(number=i + 1, level1=f"事项{i // 4 + 1}", level2=f"二级事项{i % 4 + 1}")
        for i in range(count)
    ]
    return template_workbook(records, notes=False)


def with_formula_cells(data, sheet, cells):
    """
    Turn cells into formula cells with cached values, as Excel saves them.

    openpyxl writes formulas without results, so the cells are rewritten in the sheet's XML:
    `cells` is {"A4": ("ROW()-3", 1)}; the cached value is what a data_only reader sees.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    workbook_xml = source.read("xl/workbook.xml").decode()
    titles = re.findall(r'<sheet [^>]*name="([^"]+)"', workbook_xml)
    part = f"xl/worksheets/sheet{titles.index(sheet) + 1}.xml"
    xml = source.read(part).decode()
    for ref, (formula, cached) in cells.items():
        kind = "" if isinstance(cached, (int, float)) else ' t="str"'
        new = f'<c r="{ref}"{kind}><f>{escape(formula)}</f><v>{escape(str(cached))}</v></c>'
        xml, found = re.subn(rf'<c r="{ref}"(?: [^>]*)?(?:/>|>.*?</c>)', new, xml, count=1)
        assert found, f"no cell {ref} in {sheet}"
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = xml.encode() if item.filename == part else source.read(item.filename)
            target.writestr(item, body)
    return output.getvalue()


def zip_bytes(members, compression=zipfile.ZIP_DEFLATED):
    """A zip archive of {name: bytes}: a workbook that is not a workbook, or a zip bomb."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return output.getvalue()


def ole2_bytes(*stream_names):
    """An OLE2 compound file's first bytes with its stream names (an .xls, or an encrypted xlsx)."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    directory = b"".join(name.encode("utf-16-le").ljust(128, b"\x00") for name in stream_names)
    return header + directory + b"\x00" * 1024
