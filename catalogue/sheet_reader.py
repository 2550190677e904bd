"""
Read a catalogue workbook in the national template into item records.

The template (基层政务公开事项标准目录格式模板) is filled in by hand in Excel or WPS, so the
reader finds the header by its words, not by position, and survives what real files do: title rows,
two-row headers, merged level-1 names, channel cells written in half a dozen ways, tick marks of
every kind, Traditional characters and a notes block under the table. The result is the record
schema of catalogue/records.py in Simplified Chinese, or a SpreadsheetError naming the sheet, row
and column staff must fix.
"""

import re
from dataclasses import dataclass, field

from catalogue.channels import CHANNEL_ALIASES, OTHER, STANDARD_CHANNELS, WEBSITE
from catalogue.records import RECORD_LABELS, SET_FIELDS, TEXT_FIELDS
from spreadsheet.errors import SpreadsheetError
from spreadsheet.headers import find_header
from spreadsheet.text import (
    SheetCells,
    cell_text,
    match_key,
    name_text,
    parse_number,
    to_simplified,
)
from spreadsheet.workbook import merged_cells, open_workbook

__all__ = ["CatalogueRow", "CatalogueSheet", "SpreadsheetError", "read_catalogue"]

HEADER_SCAN_ROWS = 30
MAX_COLUMNS = 120
NO_HEADER = "未找到表头：需要包含“一级事项”（或“公开事项”）和“公开内容”等列"
MISSING_NAME = (
    "缺少事项名称：一级事项和二级事项都是空的。只有填写了二级事项的行才沿用上一行的一级事项，"
    "请填写此行的事项名称，或删去此行"
)

SET_FLAGS = dict(SET_FIELDS)
SET_DEFAULTS = {"audience": "全社会", "mode": "主动公开", "level": "县级"}

CHECKED_MARKS = "■☑√✓✔●▇█◼▪☒◆"
UNCHECKED_MARKS = "□☐○◻▫◇"
CJK_BOX = "口"  # typed for □, but also an ordinary character (窗口), so only trusted by position
# Wingdings residue: the ■ glyph turns into one of these letters when the font is lost.
RESIDUE_MARKS = "t£þ"
NOT_TICKED = {"", "×", "✗", "✘", "否", "0", "n", "no", "□", "口", "☐", "无", "-", "—", "/", "不"}
NOTE_PREFIXES = ("注释", "注:", "注意:", "标准目录要素说明", "说明:", "备注:", "附注")
LIST_SEPARATORS = ",，、;；"
_CHANNEL_ORDER = {name: i for i, name in enumerate(STANDARD_CHANNELS)}
_MARK_RE = re.compile(
    "[" + re.escape(CHECKED_MARKS + UNCHECKED_MARKS + CJK_BOX + RESIDUE_MARKS) + "]"
)


@dataclass
class CatalogueRow:
    sheet: str
    row: int  # 1-based Excel row
    record: dict


@dataclass
class CatalogueSheet:
    sheet: str
    rows: list[CatalogueRow] = field(default_factory=list)
    # Non-fatal observations for the preview, e.g. "文件中没有公开层级列：已有事项保持原值…".
    notes: list[str] = field(default_factory=list)
    # Record keys the file has no column for, e.g. {"level"}: their values in the records are
    # defaults for new items, and the importer leaves those fields of existing items alone.
    absent: set[str] = field(default_factory=set)

    @property
    def records(self):
        return [row.record for row in self.rows]


# -- Header ---------------------------------------------------------------------------------------


def _group_of(key):
    """Classify a top-row header word: a text field, or a group that may have sub-columns."""
    if not key:
        return None
    if key in ("序号", "编号", "序"):
        return "number"
    if key in ("公开事项", "事项", "事项名称", "公开事项名称"):
        return "item"
    if key in ("一级事项", "一级", "一级事项名称"):
        return "level1"
    if key in ("二级事项", "二级", "二级事项名称"):
        return "level2"
    if key.startswith(("公开内容", "事项内容", "公开要素")) or key == "内容":
        return "content"
    if key.startswith("公开依据") or key == "依据":
        return "basis"
    if key.startswith("公开时限") or key == "时限":
        return "deadline"
    if key.startswith("公开主体") or key == "主体":
        return "issuing_body"
    if key.startswith(("公开渠道", "渠道", "公开载体")):
        return "channels"
    if key.startswith("公开对象") or key == "对象":
        return "audience"
    if key.startswith("公开方式") or key == "方式":
        return "mode"
    if key.startswith("公开层级") or key == "层级":
        return "level"
    return None


def _set_label(group, key):
    """Return the flag label a sub-column header stands for inside `group`, or None."""
    if group == "audience":
        if key in ("全社会", "社会", "社会公众", "公众"):
            return "全社会"
        if key.startswith("特定"):
            return "特定群体"
    elif group == "mode":
        if key.startswith("主动"):
            return "主动公开"
        if key.startswith("依申") or key in ("申请", "申请公开"):
            return "依申请公开"
    elif group == "level":
        if key in ("县级", "区级", "县", "区", "县(区)级", "县区级", "县(市、区)级", "县(市区)级"):
            return "县级"
        if any(word in key for word in ("乡", "镇", "村", "街道")):
            return "乡级"
    return None


def _standalone_sub(key):
    """A sub-column word that means the same without its group (a header missing its top row)."""
    for group, words in (
        ("audience", ("全社会", "特定群体", "特定群众")),
        ("mode", ("主动公开", "依申请公开")),
        ("level", ("县级", "乡级", "乡、村级")),
    ):
        if key in words or (group == "audience" and key.startswith("特定群")):
            return ("flag", group, _set_label(group, key))
    return None


@dataclass
class Column:
    index: int
    header: str  # the file's own words, for notes
    kind: str  # "text", "flag", "settext", "channels", "channel"
    name: str  # text field / set name / channel name
    label: str = ""  # flag label
    local: bool = False  # a channel column that is not a standard channel


class _Channels:
    """The channel vocabulary: standard names, aliases and the channel table's local names."""

    def __init__(self, known_channels):
        self.by_key = {}
        for name in STANDARD_CHANNELS:
            self.by_key[match_key(name)] = name
        for alias, target in CHANNEL_ALIASES.items():
            self.by_key.setdefault(match_key(alias), target)
        for name in known_channels or ():
            self.by_key.setdefault(match_key(name), name)
        self.standard = set(STANDARD_CHANNELS)
        # Catalogues repeat the same channel cell on most rows: parse each text once.
        self.parsed_cells = {}

    def lookup(self, text):
        key = match_key(text).strip(LIST_SEPARATORS + "。.:：")
        return self.by_key.get(key)

    def starts_with_name(self, text):
        key = match_key(text)
        return bool(key) and any(key.startswith(k) for k in self.by_key)


def _column_for(index, top, sub, channels):
    """Resolve one flattened header column from its top and sub words (match keys)."""
    group = _group_of(top)
    header = f"{top}/{sub}" if top and sub else top or sub
    if sub:
        if group == "item":
            sub_group = _group_of(sub)
            if sub_group in ("level1", "level2"):
                return Column(index, header, "text", sub_group)
            return None
        if group in SET_FLAGS:
            label = _set_label(group, sub)
            return Column(index, header, "flag", group, label) if label else None
        if group == "channels":
            name = channels.lookup(sub)
            if name:
                return Column(index, header, "channel", name, local=name not in channels.standard)
            return Column(index, header, "channel", sub, local=True)
        # A sub word under an unknown top: the sub word alone decides.
        top, group = sub, _group_of(sub)
    if group is None:
        standalone = _standalone_sub(top)
        if standalone:
            return Column(index, header, standalone[0], standalone[1], standalone[2])
        return None
    if group == "item":
        return Column(index, header, "text", "level1")
    if group in SET_FLAGS:
        return Column(index, header, "settext", group)
    if group == "channels":
        return Column(index, header, "channels", "channels")
    return Column(index, header, "text", group)


def _keys(row):
    return [match_key(cell_text(value)) for value in row]


def _is_sub_header(top_keys, sub_keys, channels):
    """Tell a second header row from the first data row: it has sub words and no content."""
    content_cols = [i for i, key in enumerate(top_keys) if _group_of(key) == "content"]
    if any(sub_keys[i] for i in content_cols):
        return False
    group = None
    for top, sub in zip(top_keys, sub_keys, strict=True):
        group = _group_of(top) or (group if not top else None)
        if not sub:
            continue
        if group == "item" and _group_of(sub) in ("level1", "level2"):
            return True
        if group in SET_FLAGS and _set_label(group, sub):
            return True
        if group == "channels" and channels.lookup(sub):
            return True
    return False


def _flatten_header(top_row, sub_row, channels):
    """Return the columns of a one- or two-row header; group words carry right over merges."""
    columns = []
    carried = ""
    for index, top in enumerate(top_row):
        sub = sub_row[index] if sub_row else ""
        if top:
            carried = top if _group_of(top) in ("item", "channels", *SET_FLAGS) else ""
        elif sub:
            top = carried
        else:
            carried = ""
        if not top and not sub:
            continue
        column = _column_for(index, top, sub, channels)
        columns.append(column or Column(index, sub or top, "ignored", ""))
    return columns


def _find_header(ws, channels):
    """Return (header_row, data_start_row, columns, raw_header_texts) or None for this sheet."""
    rows = [
        list(row)
        for row in ws.iter_rows(max_row=HEADER_SCAN_ROWS, max_col=MAX_COLUMNS, values_only=True)
    ]
    found = find_header(rows, _group_of, [("item", "level1"), "content"])
    if found is None:
        return None
    i = found[0]
    top = _keys(rows[i])
    sub = _keys(rows[i + 1]) if i + 1 < len(rows) else None
    if sub is not None and not _is_sub_header(top, sub, channels):
        sub = None
    columns = _flatten_header(top, sub, channels)
    raw = [cell_text(v) for r in rows[i : i + (2 if sub else 1)] for v in r if v is not None]
    return i + 1, i + (3 if sub else 2), columns, raw


# -- Cells ----------------------------------------------------------------------------------------


def _is_ticked(text):
    return match_key(text) not in NOT_TICKED


def _set_from_text(kind, text):
    """Read a single 公开对象/方式/层级 column written as words; None when there is no word."""
    key = match_key(text)
    labels = set()
    if kind == "audience":
        for part in filter(None, (p.strip() for p in _split_list(key))):
            if ("社会" in part or part == "公众") and "特定" not in part:
                labels.add("全社会")
            elif _is_ticked(part) and part not in CHECKED_MARKS:
                labels.add("特定群体")
    elif kind == "mode":
        if "主动" in key:
            labels.add("主动公开")
        if "申请" in key:
            labels.add("依申请公开")
    elif kind == "level":
        if "县" in key or "区" in key:
            labels.add("县级")
        if any(word in key for word in ("乡", "镇", "村", "街道")):
            labels.add("乡级")
    return labels


def _split_list(text):
    for sep in LIST_SEPARATORS[1:]:
        text = text.replace(sep, ",")
    return text.replace("\n", ",").split(",")


def _marker_segments(text, channels):
    """
    Split a ■/□ channel cell into (checked, text) segments, or return None if it has no markers.

    口 counts as □ only at the start, after a space, bracket or marker, or right before a channel
    name; the Wingdings letters t £ þ count as ■ only right before a Chinese character or a digit.
    """
    marks = []
    for match in _MARK_RE.finditer(text):
        char, position = match.group(), match.start()
        previous = text[position - 1] if position else ""
        rest = text[position + 1 :]
        if char in CHECKED_MARKS:
            marks.append((position, True))
        elif char in UNCHECKED_MARKS:
            marks.append((position, False))
        elif char == CJK_BOX:
            if (
                not previous
                or previous.isspace()
                or previous in ")）" + CHECKED_MARKS + UNCHECKED_MARKS
                or channels.starts_with_name(rest)
            ):
                marks.append((position, False))
        elif not (previous.isascii() and previous.isalnum()) and (
            rest[:1] >= "\u4e00" or rest[:1].isdigit()
        ):
            marks.append((position, True))
    if not marks:
        return None
    ends = [position for position, _ in marks[1:]] + [len(text)]
    return [
        (checked, text[position + 1 : end])
        for (position, checked), end in zip(marks, ends, strict=True)
    ]


def _parse_channel_cell(text, channels, where):
    """Return (standard channel names, other channel names) from one 公开渠道和载体 cell."""
    parsed = channels.parsed_cells.get(text)
    if parsed is None:
        parsed = channels.parsed_cells[text] = _parse_channel_text(text, channels, where)
    return list(parsed[0]), list(parsed[1])


def _parse_channel_text(text, channels, where):
    chosen, others = [], []
    segments = _marker_segments(text, channels)
    if segments is not None:
        seen_website = False
        for checked, segment in segments:
            piece = name_text(segment).strip(LIST_SEPARATORS + "。.:： ")
            if not piece:
                continue
            name = channels.lookup(piece)
            if name == WEBSITE:
                # The template prints 政府网站 twice; the second one stands where 政府公报 belongs.
                if seen_website:
                    name = STANDARD_CHANNELS[1]
                seen_website = True
            if not checked:
                continue
            if name is None and match_key(piece).startswith(OTHER):
                name = OTHER
                extra = piece[len(OTHER) :].strip(LIST_SEPARATORS + "。.:：()（） ")
                if extra:
                    others.append(extra)
            _add_channel(name or piece, channels, chosen, others)
        return chosen, others
    for piece in _plain_list(text, channels, where):
        _add_channel(piece, channels, chosen, others)
    return chosen, others


def _add_channel(name, channels, chosen, others):
    target = chosen if name in channels.standard else others
    if name not in target:
        target.append(name)


def _plain_list(text, channels, where):
    """Read a channel list without markers (comma, 、 or space separated): every name must be known."""
    pieces = []
    for part in _split_list(text):
        pieces.extend(p for p in part.split() if p.strip(LIST_SEPARATORS + "。.:： "))
    names = []
    i = 0
    while i < len(pieces):
        name = channels.lookup(pieces[i])
        step = 1
        if name is None:
            # A line break inside a name ("村公示\n栏(电子屏)") splits it into pieces.
            joined = pieces[i]
            for j in range(i + 1, min(len(pieces), i + 4)):
                joined += pieces[j]
                name = channels.lookup(joined)
                if name:
                    step = j - i + 1
                    break
        if name is None and "/" in pieces[i]:
            parts = [channels.lookup(p) for p in pieces[i].split("/")]
            if all(parts):
                names.extend(parts)
                i += 1
                continue
        if name is None:
            if not _is_ticked(pieces[i]):
                i += 1
                continue
            raise SpreadsheetError(
                f"未知的公开渠道“{pieces[i]}”。请使用标准渠道名称（如“政府网站”“政务服务中心”），"
                "或用 ■ 标出选中的渠道",
                **where,
            )
        names.append(name)
        i += step
    return names


# -- Reading --------------------------------------------------------------------------------------


def _pick_sheet(workbook, channels):
    visible = [ws for ws in workbook.worksheets if ws.sheet_state == "visible"]
    hidden = [ws for ws in workbook.worksheets if ws.sheet_state != "visible"]
    for ws in visible + hidden:
        found = _find_header(ws, channels)
        if found:
            return ws, found
    raise SpreadsheetError(NO_HEADER)


def _plan(columns, sheet_name, notes):
    """Keep the first column of each text field; note the ones that will not be read."""
    used, seen_text = [], set()
    ignored = []
    for column in columns:
        if column.kind == "ignored" or (column.kind == "text" and column.name in seen_text):
            if column.header:
                ignored.append(column.header)
            continue
        if column.kind == "text":
            seen_text.add(column.name)
        used.append(column)
    missing = [f for f in ("level1", "content") if f not in seen_text]
    if missing:
        raise SpreadsheetError(NO_HEADER, sheet=sheet_name)
    if ignored:
        notes.append("以下列不属于标准目录，未导入：" + "、".join(ignored))
    return used


def read_catalogue(file, *, known_channels=None, scan=None):
    """
    Return the catalogue in `file` (path, bytes or binary file object) as a CatalogueSheet.

    `known_channels` are the names of channel rows beyond the 13 standard ones (a county's local
    channels); a channel cell written as a plain list may use them. `scan` (privacy.guard's
    WorkbookScan) sees every cell while the workbook is open: each row of the catalogue sheet as
    it is read, then the other sheets, so the file is parsed once. Raise SpreadsheetError.
    """
    workbook = open_workbook(file)
    try:
        return read_catalogue_workbook(workbook, known_channels=known_channels, scan=scan)
    finally:
        workbook.close()


def read_catalogue_workbook(workbook, *, known_channels=None, scan=None):
    """read_catalogue on a workbook already opened (spreadsheet.workbook.open_workbook)."""
    try:
        sheet = _read(workbook, _Channels(known_channels), scan)
        if scan is not None:
            scan.sheets(workbook, skip={sheet.sheet})
        return sheet
    except SpreadsheetError:
        raise
    except Exception as exc:  # a read-only sheet is parsed lazily: damage shows up here
        raise SpreadsheetError(
            "工作簿内容已损坏，无法读取。请在 Excel 或 WPS 中打开后重新另存为 .xlsx 再上传"
        ) from exc


def _read(workbook, channels, scan=None):
    ws, (_header_row, data_start, columns, raw_header) = _pick_sheet(workbook, channels)
    sheet_name = ws.title
    result = CatalogueSheet(sheet=sheet_name)
    notes = result.notes
    if len(workbook.worksheets) > 1:
        notes.append(f"已读取工作表“{sheet_name}”（共 {len(workbook.worksheets)} 个工作表）")
    if any(to_simplified(text) != text for text in raw_header):
        notes.append("表格使用繁体字，已转换为简体字")
    columns = _plan(columns, sheet_name, notes)
    text_cols = {c.name: c.index for c in columns if c.kind == "text"}
    set_text_cols = {c.name: c.index for c in columns if c.kind == "settext"}
    flag_cols = [c for c in columns if c.kind == "flag"]
    flags_of = {kind: [c for c in flag_cols if c.name == kind] for kind in SET_FLAGS}
    channel_cols = [c.index for c in columns if c.kind == "channels"]
    channel_tick_cols = [c for c in columns if c.kind == "channel"]
    _note_absent(result, text_cols, set_text_cols, flag_cols, channel_cols or channel_tick_cols)

    # Merged cells carry their value down only in the columns that hold text, never in ticks.
    fillable = set(text_cols.values()) | set(set_text_cols.values()) | set(channel_cols)
    merge_ends = {}
    for min_row, min_col, max_row, _max_col in merged_cells(ws):
        if max_row > min_row and min_row >= data_start and (min_col - 1) in fillable:
            merge_ends[(min_row, min_col - 1)] = max_row

    width = max(c.index for c in columns) + 1
    content_key = match_key(raw_header_content(columns))
    carry = {}
    last_level1 = ""
    last_number = 0
    seen = {}
    defaulted = {kind: [] for kind in SET_FLAGS}
    skipped = []

    if hasattr(ws, "reset_dimensions"):
        ws.reset_dimensions()  # some writers record a wrong used range; read every row there is
    cells = SheetCells()
    # With a scan, every row and column goes by once: the title and header rows, the table, and
    # whatever follows the notes.
    first_row = 1 if scan else data_start
    ws_rows = ws.iter_rows(min_row=first_row, max_col=None if scan else width, values_only=True)
    notes_reached = False
    for row_number, values in enumerate(ws_rows, start=first_row):
        if scan is not None:
            scan.row(sheet_name, row_number, values)
            if notes_reached or row_number < data_start:
                continue
            values = values[:width]
        if not any(v is not None and v != "" for v in values):
            continue
        values, texts = cells.row(values, width)
        first = next((text for text in texts if text), "")
        if not first.isdigit() and match_key(first).startswith(NOTE_PREFIXES):
            if scan is None:
                break
            notes_reached = True
            continue
        own = {name: texts[index] for name, index in text_cols.items()}
        if own["content"] and match_key(own["content"]) == content_key:
            continue  # a repeated header row (a second table in the same sheet)
        if own["level1"] and _group_of(match_key(own["level1"])) in ("item", "level1"):
            continue  # the second row of a repeated header
        for index in fillable:
            end = merge_ends.get((row_number, index))
            if end:
                carry[index] = (values[index], end)
            elif not texts[index] and index in carry:
                value, until = carry[index]
                if row_number <= until:
                    values[index] = value
                    texts[index] = cell_text(value)
        if not (own["level1"] or own.get("level2") or own["content"]):
            skipped.append(row_number)
            continue
        where = {"sheet": sheet_name, "row": row_number}
        record = {"number": None}
        for name in TEXT_FIELDS:
            index = text_cols.get(name)
            text = texts[index] if index is not None else ""
            record[name] = name_text(text) if name in ("level1", "level2") else text
        if not (own["level1"] or own.get("level2")):
            # The level-1 name above (carried or merged down) names this row only together with
            # a level-2 name of its own; without one it would become a nameless item.
            raise SpreadsheetError(MISSING_NAME, column=RECORD_LABELS["level1"], **where)
        if not record["level1"]:
            if not last_level1:
                raise SpreadsheetError(MISSING_NAME, column=RECORD_LABELS["level1"], **where)
            record["level1"] = last_level1
        last_level1 = record["level1"]
        if not record["content"]:
            raise SpreadsheetError(
                "缺少公开内容（公开内容为必填项）", column=RECORD_LABELS["content"], **where
            )
        number = parse_number(values[text_cols["number"]]) if "number" in text_cols else None
        record["number"] = number if number is not None else last_number + 1
        last_number = record["number"]

        chosen, others = [], []
        for index in channel_cols:
            text = texts[index]
            if text:
                got, extra = _parse_channel_cell(
                    text, channels, {**where, "column": "公开渠道和载体"}
                )
                chosen += got
                others += extra
        for column in channel_tick_cols:
            if _is_ticked(texts[column.index]):
                (others if column.local else chosen).append(column.name)
        record["channels"] = sorted(set(chosen), key=_CHANNEL_ORDER.__getitem__)
        record["other_channels"] = list(dict.fromkeys(others))

        for kind, flags in SET_FLAGS.items():
            labels = set()
            for column in flags_of[kind]:
                if _is_ticked(texts[column.index]):
                    labels.add(column.label)
            if kind in set_text_cols:
                text = texts[set_text_cols[kind]]
                labels |= _set_from_text(kind, text)
                if text and not labels and _is_ticked(text) and text not in CHECKED_MARKS:
                    raise SpreadsheetError(
                        f"无法识别的{RECORD_LABELS[kind]}“{text}”",
                        column=RECORD_LABELS[kind],
                        **where,
                    )
            if not labels:
                labels = {SET_DEFAULTS[kind]}
                if kind in set_text_cols or flags_of[kind]:
                    defaulted[kind].append(row_number)
            record[kind] = [label for _, label in flags if label in labels]

        key = (record["level1"], record["level2"])
        if key in seen:
            name = " / ".join(filter(None, key))
            raise SpreadsheetError(
                f"第 {seen[key]} 行与第 {row_number} 行是同一事项“{name}”，请合并或改名",
                **where,
            )
        seen[key] = row_number
        result.rows.append(CatalogueRow(sheet_name, row_number, record))

    for kind, rows in defaulted.items():
        if rows:
            notes.append(
                f"{_row_list(rows)}未填写{RECORD_LABELS[kind]}，按{SET_DEFAULTS[kind]}处理"
            )
    if skipped:
        notes.append(f"{_row_list(skipped)}没有事项名称和公开内容，已跳过")
    if not result.rows:
        raise SpreadsheetError("表格中没有公开事项（表头下方没有数据行）", sheet=sheet_name)
    return result


# Optional text columns a file may lack; level-1 and content are required, level-2 is the key.
OPTIONAL_TEXT = ("number", "basis", "deadline", "issuing_body")


def _note_absent(result, text_cols, set_text_cols, flag_cols, has_channels):
    """Mark the record keys the file has no column for, with a note on what happens to each."""
    for name in OPTIONAL_TEXT:
        if name not in text_cols:
            result.absent.add(name)
            label = RECORD_LABELS[name]
            if name == "number":
                result.notes.append(f"文件中没有{label}列：已有事项保持原值，新事项按行的顺序编号")
            else:
                result.notes.append(f"文件中没有{label}列：已有事项保持原值，新事项留空")
    for kind in SET_FLAGS:
        if kind not in set_text_cols and not any(c.name == kind for c in flag_cols):
            result.absent.add(kind)
            result.notes.append(
                f"文件中没有{RECORD_LABELS[kind]}列：已有事项保持原值，"
                f"新事项默认为{SET_DEFAULTS[kind]}"
            )
    if not has_channels:
        result.absent.update(("channels", "other_channels"))
        result.notes.append(
            "文件中没有公开渠道和载体列：已有事项保持原有渠道；新事项至少要有一个公开渠道，"
            "不能从此文件新增"
        )


def raw_header_content(columns):
    return next(c.header.split("/")[0] for c in columns if c.kind == "text" and c.name == "content")


def _row_list(rows, limit=10):
    shown = "、".join(str(r) for r in rows[:limit])
    more = f"等 {len(rows)} 行" if len(rows) > limit else "行"
    return f"第 {shown} {more}"
