"""
The notice parser against real notices, checked against the chinesecalendar package's data.

The texts in tests/workdays/notices/ are the schedule parts of the State Council's notices for
2012–2026 (2015 with the separate notice of the 70th anniversary of the victory, 9月3日).
2025 and 2026 must give exactly the package's days. For older years the package itself is not
consistent about the weekend days of a block (2019 lists the weekend of 与周末连休, 2018 does
not), so there the check is what matters for a deadline: every day of the year is a working day
or not exactly as the package says, and the make-up working days are the same.
"""

import datetime
from pathlib import Path

import pytest

from workdays.calendar import WorkingCalendar
from workdays.notice import OFF, WORK, notice_year, parse_notice
from workdays.seed import package_years

d = datetime.date
NOTICES = Path(__file__).parent / "notices"
YEARS = sorted(int(path.stem) for path in NOTICES.glob("*.txt"))
PACKAGE = package_years()


def notice(year):
    return parse_notice((NOTICES / f"{year}.txt").read_text(encoding="utf-8"), year)


def calendar_of(days):
    return WorkingCalendar(
        [day for day, kind in days.items() if kind == OFF],
        [day for day, kind in days.items() if kind == WORK],
    )


def test_the_notices_cover_several_years_of_wording():
    assert {2012, 2013, 2014, 2015, 2017, 2018, 2019, 2023, 2024, 2025, 2026} <= set(YEARS)


@pytest.mark.parametrize("year", [2025, 2026])
def test_2025_and_2026_give_exactly_the_packages_days(year):
    parsed = notice(year)
    assert parsed.problems == []
    assert parsed.days == PACKAGE[year][0]
    assert parsed.other_years == {}


@pytest.mark.parametrize("year", YEARS)
def test_every_notice_gives_the_packages_working_days(year):
    parsed = notice(year)
    assert parsed.problems == []
    days = dict(parsed.days)
    # The next year's notice may set the last days of this one (2019's: 2018年12月29日上班).
    if year + 1 in YEARS:
        days.update({day: kind for day, kind in notice(year + 1).other_years.items()})
    ours, package = calendar_of(days), calendar_of(PACKAGE[year][0])
    every_day = [d(year, 1, 1) + datetime.timedelta(days=n) for n in range(366)]
    differ = [
        day
        for day in every_day
        if day.year == year and ours.is_working_day(day) != package.is_working_day(day)
    ]
    assert differ == []
    make_up = {day for day, kind in days.items() if kind == WORK and day.year == year}
    assert make_up == {day for day, kind in PACKAGE[year][0].items() if kind == WORK}


def test_xingqi_and_buxiu_keep_the_weekend_between():
    # 2014: 三、清明节：4月5日放假，4月7日（星期一）补休。
    parsed = notice(2014)
    assert [parsed.days.get(d(2014, 4, n)) for n in (5, 6, 7)] == [OFF, OFF, OFF]
    assert parsed.names[d(2014, 4, 7)] == "清明节"


def test_yu_zhoumo_lianxiu_joins_the_weekend_even_across_the_year():
    # 2024: 一、元旦：1月1日放假，与周末连休。  五、端午节：6月10日放假，与周末连休。
    parsed = notice(2024)
    assert parsed.days[d(2024, 1, 1)] == OFF
    assert parsed.other_years == {d(2023, 12, 30): OFF, d(2023, 12, 31): OFF}
    assert [parsed.days.get(d(2024, 6, n)) for n in (8, 9, 10)] == [OFF, OFF, OFF]
    # "鼓励…安排职工在除夕（2月9日）休息" is advice, not a day off.
    assert d(2024, 2, 9) not in parsed.days


def test_dates_with_their_year_and_a_block_over_new_year():
    # 2023: 一、元旦：2022年12月31日至2023年1月2日放假调休，共3天。
    parsed = notice(2023)
    assert parsed.other_years == {d(2022, 12, 31): OFF}
    assert parsed.days[d(2023, 1, 2)] == OFF
    # 2019: 2018年12月29日（星期六）上班。
    assert notice(2019).other_years[d(2018, 12, 29)] == WORK
    assert notice(2012).other_years == {d(2011, 12, 31): WORK}


def test_one_day_without_make_up_and_a_block_across_months():
    parsed = notice(2025)
    # 一、元旦：1月1日（周三）放假1天，不调休。
    assert parsed.days[d(2025, 1, 1)] == OFF and d(2024, 12, 31) not in parsed.other_years
    # 五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。
    assert [parsed.days.get(day) for day in (d(2025, 5, 31), d(2025, 6, 1), d(2025, 6, 2))] == [
        OFF
    ] * 3
    # 六、国庆节、中秋节：two holidays under one heading.
    assert parsed.names[d(2025, 10, 8)] == "国庆节、中秋节"


def test_the_other_words_for_days_off():
    # 2012: 放假公休; 2015: 调休放假 … 其中9月4日（星期五）调休，9月6日（星期日）上班。
    assert notice(2012).days[d(2012, 6, 22)] == OFF
    parsed = notice(2015)
    assert parsed.days[d(2015, 9, 4)] == OFF
    assert parsed.days[d(2015, 9, 6)] == WORK


def test_the_title_gives_the_year():
    text = (NOTICES / "2023.txt").read_text(encoding="utf-8")
    assert notice_year(text) == 2023
    parsed = parse_notice(text)
    assert parsed.year == 2023 and parsed.title == "国务院办公厅关于2023年部分节假日安排的通知"
    # The signature date (2022年12月8日) is not a schedule.
    assert d(2022, 12, 8) not in parsed.all_days()


def test_full_width_digits_and_brackets_read_the_same():
    text = "一、元旦：１月１日（周四）至３日（周六）放假调休，共３天。１月４日（周日）上班。"
    parsed = parse_notice(text, 2026)
    assert parsed.problems == []
    assert parsed.lines() == [
        "2026-01-01 放假",
        "2026-01-02 放假",
        "2026-01-03 放假",
        "2026-01-04 上班",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            # The 2026 wording read as 2027: the weekdays do not match.
            "一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。",
            "无法识别这句话：“一、元旦：1月1日（周四）至3日（周六）放假调休，共3天”"
            "（“1月1日（周四）”：2027-01-01 是周五，与通知所写的周四不符，请检查年份）。",
        ),
        (
            "二、春节：2月6日至13日放假调休，共7天。",
            "无法识别这句话：“二、春节：2月6日至13日放假调休，共7天”"
            "（写明共7天，但列出的日期是8天）。",
        ),
        (
            "三、清明节：4月5日，与周末连休。",
            "无法识别这句话：“三、清明节：4月5日，与周末连休”"
            "（“4月5日”写了日期，但没有写明是放假还是上班）。",
        ),
        (
            "四、劳动节：5月1日至5日放假，大家在5月8日一起上班。",
            "无法识别这句话：“四、劳动节：5月1日至5日放假，大家在5月8日一起上班”"
            "（“大家在5月8日一起上班”中日期前的文字无法识别）。",
        ),
        (
            "五、端午节：2月30日放假。",
            "无法识别这句话：“五、端午节：2月30日放假”（“2月30日”不是有效的日期）。",
        ),
    ],
)
def test_a_sentence_it_cannot_read_is_named(text, message):
    parsed = parse_notice(text, 2027)
    assert parsed.problems == [message]
    assert not parsed.ok


def test_a_text_without_dates_or_year_says_what_to_paste():
    assert parse_notice("各省、自治区、直辖市人民政府：", 2027).problems == [
        "没有读到任何放假或上班的日期：请粘贴通知中“一、元旦：……”等各条安排。"
    ]
    assert "没有找到年份" in parse_notice("一、元旦：1月1日放假。").problems[0]
