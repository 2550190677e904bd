"""
Read the dates out of a State Council holiday notice (国务院办公厅关于YYYY年部分节假日安排的通知).

The notices say each holiday in one or two sentences whose shapes have stayed the same for
years, while the wording around them varies:

    一、元旦：1月1日（周三）放假1天，不调休。
    二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。
        1月26日（周日）、2月8日（周六）上班。
    三、清明节：4月5日放假，4月7日（星期一）补休。
    一、元旦：1月1日放假，与周末连休。
    一、元旦：2022年12月31日至2023年1月2日放假调休，共3天。

So the parser reads clauses, not whole texts: dates (one, a list joined by 、, or a range with
至), then what happens on them (放假, 放假调休, 补休, 调休放假 … are days off; 上班 is a make-up
working day), and the counts and weekdays the notice states, which it checks: a weekday that
does not match the year, or a "共N天" that does not match the range, is reported rather than
trusted. Days off of one holiday that a weekend joins into one block (补休 after a weekend,
与周末连休) get the weekend days too. A sentence with a date it cannot place is reported with
the sentence itself; nothing is guessed.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

OFF = "off"
WORK = "work"

_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_WEEKDAY_NAMES = "一二三四五六日"
_TITLE = re.compile(r"国务院办公厅关于\s*(\d{4})\s*年部分节假日安排的通知")
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、.]\s*)?([^\s:,。()]{1,40}?)\s*:")
# The date the notice was signed, alone or after the office's name: not a schedule.
_SIGNATURE = re.compile(r"^\s*(?:国务院办公厅)?\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")
_DATE = r"(?:(\d{4})\s*年\s*)?(?:(\d{1,2})\s*月\s*)?(\d{1,2})\s*日"
_PAREN = r"(?:\s*\(([^()]*)\))?"
_ITEM = re.compile(_DATE + _PAREN)
_RANGE_JOIN = re.compile(r"\s*(?:至|到|~|-|—|–)\s*")
_LIST_JOIN = re.compile(r"\s*(?:、|和|及)\s*")
_WEEKDAY_IN_PAREN = re.compile(r"(?:周|星期)([一二三四五六日天])")
_COUNT = re.compile(r"共\s*(\d+)\s*天|放假\s*(\d+)\s*天")
_OFF_WORDS = ("放假", "补休", "调休", "休息", "公休", "法定节假日")
_WORK_WORDS = ("上班",)
# Sentences that carry a date but no schedule: advice to employers (鼓励…安排职工在除夕休息).
_NOT_SCHEDULE = ("鼓励", "建议")
_JOIN_WEEKEND = "与周末连休"
# Messages quote the parsed (NFKC) text: give it back its Chinese punctuation.
_AS_WRITTEN = str.maketrans({"(": "（", ")": "）", ",": "，", ":": "："})


@dataclass
class Notice:
    """What a notice gives for `year`: days by kind, holiday names, and what it could not read."""

    year: int
    title: str = ""
    text: str = ""  # the text as pasted
    days: dict = field(default_factory=dict)  # {date: OFF | WORK} within `year`
    other_years: dict = field(default_factory=dict)  # {date: kind} the notice sets in another year
    names: dict = field(default_factory=dict)  # {date: holiday name}
    problems: list = field(default_factory=list)  # Chinese sentences, each naming the text

    @property
    def ok(self):
        return not self.problems

    def all_days(self):
        return {**self.other_years, **self.days}

    def lines(self):
        """`YYYY-MM-DD 放假|上班`, one a line, in date order (the neighbouring years' days too)."""
        labels = {OFF: "放假", WORK: "上班"}
        return [
            f"{day.isoformat()} {labels[kind]}" for day, kind in sorted(self.all_days().items())
        ]


class _Unreadable(ValueError):
    pass


def notice_year(text):
    """The year named in the notice's title, or None."""
    match = _TITLE.search(unicodedata.normalize("NFKC", text or ""))
    return int(match.group(1)) if match else None


def _sentences(text):
    """(the sentence as written, the same in NFKC: ASCII digits, brackets and colons)."""
    for line in text.splitlines():
        for sentence in re.split(r"[。;；]", line):
            if sentence.strip():
                yield sentence.strip(), unicodedata.normalize("NFKC", sentence.strip())


def _weekday_word(day):
    return f"周{_WEEKDAY_NAMES[day.weekday()]}"


def _make_date(year, month, day, original):
    try:
        return datetime.date(year, month, day)
    except ValueError as error:
        raise _Unreadable(f"“{original}”不是有效的日期") from error


class _DateReader:
    """Reads the dates of one clause, carrying the year and month from one date to the next."""

    def __init__(self, year):
        self.year = year
        self.month = None

    def read(self, match):
        year_text, month_text, day_text, paren = match.groups()
        year = int(year_text) if year_text else self.year
        month = int(month_text) if month_text else self.month
        if month is None:
            raise _Unreadable(f"“{match.group(0)}”没有写月份")
        day = _make_date(year, month, int(day_text), match.group(0))
        self.year, self.month = year, month
        if paren:
            said = _WEEKDAY_IN_PAREN.search(paren)
            if said and _WEEKDAYS[said.group(1)] != day.weekday():
                raise _Unreadable(
                    f"“{match.group(0).strip()}”：{day.isoformat()} 是{_weekday_word(day)}，"
                    f"与通知所写的周{said.group(1)}不符，请检查年份"
                )
        return day, bool(year_text)


def _clause_dates(clause, reader):
    """(the dates a clause names, the text after them): one date, a 、 list or a 至 range."""
    first = _ITEM.search(clause)
    if first is None:
        return [], clause
    if clause[: first.start()].strip() not in ("", "其中"):
        raise _Unreadable(f"“{clause.strip()}”中日期前的文字无法识别")
    dates, position = [], first.start()
    while True:
        match = _ITEM.match(clause, position)
        start, _ = reader.read(match)
        position = match.end()
        joined = _RANGE_JOIN.match(clause, position)
        if joined:
            end_match = _ITEM.match(clause, joined.end())
            if end_match is None:
                raise _Unreadable("“至”后面没有日期")
            end, explicit_year = reader.read(end_match)
            if end < start and not explicit_year:
                end = end.replace(year=end.year + 1)
                reader.year = end.year
            if end < start:
                raise _Unreadable("日期范围的结束早于开始")
            dates.extend(start + datetime.timedelta(days=n) for n in range((end - start).days + 1))
            position = end_match.end()
        else:
            dates.append(start)
        listed = _LIST_JOIN.match(clause, position)
        if not listed:
            return dates, clause[position:]
        position = listed.end()
        if _ITEM.match(clause, position) is None:
            raise _Unreadable("“、”后面没有日期")


def _kind_of(words):
    words = words.replace("不调休", "")
    off = any(word in words for word in _OFF_WORDS)
    work = any(word in words for word in _WORK_WORDS)
    if off and work:
        raise _Unreadable("同时写了放假和上班")
    if work:
        return WORK
    if off:
        return OFF
    return None


def _is_weekend(day):
    return day.weekday() >= 5


def _join_weekends(off, work, extend):
    """
    The days off of one holiday with the weekend days that join them into blocks.

    A weekend day between two days off belongs to the block (4月5日放假，4月7日补休 keeps the
    Sunday between); with 与周末连休 (`extend`) the weekend next to the block does too.
    """
    days = set(off)
    for day in sorted(off):
        gap = day + datetime.timedelta(days=1)
        filler = []
        while _is_weekend(gap) and gap not in days and gap not in work:
            filler.append(gap)
            gap += datetime.timedelta(days=1)
        if gap in days:
            days.update(filler)
    if extend and off:
        for step in (-1, 1):
            edge = min(days) if step < 0 else max(days)
            day = edge + datetime.timedelta(days=step)
            while _is_weekend(day) and day not in work:
                days.add(day)
                day += datetime.timedelta(days=step)
    return days


def parse_notice(text, year=None):
    """
    The Notice of `year` read from `text` (the year of the title when `year` is None).

    Problems name the sentence they come from; the dates read from other sentences are still
    returned, for the preview.
    """
    original = text or ""
    text = unicodedata.normalize("NFKC", original)
    title_match = _TITLE.search(text)
    if year is None:
        year = int(title_match.group(1)) if title_match else None
    if year is None:
        notice = Notice(year=0, text=original)
        notice.problems.append(
            "没有找到年份：请填写年份，或粘贴包含通知标题（国务院办公厅关于YYYY年部分节假日安排的通知）的全文。"
        )
        return notice
    notice = Notice(year=year, title=title_match.group(0) if title_match else "", text=original)
    holidays = []  # [(name, off days, work days, joins weekend)]
    name = ""
    for original_sentence, sentence in _sentences(original):
        if _TITLE.search(sentence):
            continue
        heading = _HEADING.match(sentence)
        if heading and _ITEM.search(heading.group(1)) is None:
            name = heading.group(1)
            sentence = sentence[heading.end() :]
            holidays.append((name, set(), set(), [False]))
        if not _ITEM.search(sentence) or _SIGNATURE.match(sentence):
            continue
        if any(word in sentence for word in _NOT_SCHEDULE):
            continue
        if not holidays:
            holidays.append(("", set(), set(), [False]))
        try:
            _read_sentence(sentence, year, holidays[-1])
        except _Unreadable as error:
            reason = str(error).translate(_AS_WRITTEN)
            notice.problems.append(f"无法识别这句话：“{original_sentence}”（{reason}）。")
    work_days = set().union(*(work for _, _, work, _ in holidays)) if holidays else set()
    for name, off, work, extend in holidays:
        for day in _join_weekends(off, work_days, extend[0]):
            _put(notice, day, OFF, name)
        for day in work:
            _put(notice, day, WORK, name)
    if not notice.days and not notice.other_years and not notice.problems:
        notice.problems.append(
            "没有读到任何放假或上班的日期：请粘贴通知中“一、元旦：……”等各条安排。"
        )
    return notice


def _put(notice, day, kind, name):
    target = notice.days if day.year == notice.year else notice.other_years
    if target.get(day, kind) != kind:
        notice.problems.append(f"{day.isoformat()} 在通知中既是放假又是上班。")
    target[day] = kind
    if name:
        notice.names[day] = name


def _read_sentence(sentence, year, holiday):
    """Add one sentence's dates to `holiday` (name, off, work, [joins weekend])."""
    _, off, work, extend = holiday
    reader = _DateReader(year)
    pending = None  # (dates, count) of the last range, for a later "共N天"
    for clause in re.split(r"[,，]", sentence):
        clause = clause.strip()
        if not clause:
            continue
        dates, rest = _clause_dates(clause, reader)
        if _JOIN_WEEKEND in clause:
            extend[0] = True
            rest = rest.replace(_JOIN_WEEKEND, "")
        count = _COUNT.search(clause)
        kind = _kind_of(rest)
        if dates:
            if kind is None:
                raise _Unreadable(f"“{clause}”写了日期，但没有写明是放假还是上班")
            (off if kind == OFF else work).update(dates)
            pending = dates
        elif kind is None and count is None and rest.strip() not in ("", "其中", "不调休"):
            raise _Unreadable(f"“{clause}”无法识别")
        if count and pending is not None:
            stated = int(count.group(1) or count.group(2))
            if stated != len(pending):
                raise _Unreadable(f"写明共{stated}天，但列出的日期是{len(pending)}天")
