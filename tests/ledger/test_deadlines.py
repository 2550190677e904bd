import datetime

import pytest

from ledger import deadlines, responsibility
from ledger.deadlines import Recurrence

D = datetime.date


@pytest.mark.parametrize(
    ("text", "due", "ongoing"),
    [
        ("年底前", D(2021, 12, 31), False),
        ("2022年底前", D(2022, 12, 31), False),
        ("10月底前", D(2021, 10, 31), False),
        ("2月底前", D(2021, 2, 28), False),
        ("2020年7月底前", D(2020, 7, 31), False),
        ("2024年2月底前", D(2024, 2, 29), False),
        ("2020年12月前", D(2020, 11, 30), False),
        ("持续推进", None, True),
        ("长期坚持", None, True),
        ("2021年6月30日前", D(2021, 6, 30), False),
        ("根据工作需要", None, False),
        ("", None, False),
        ("13月底前", None, False),
    ],
)
def test_deadline_words(text, due, ongoing):
    meaning = deadlines.interpret(text, 2021)
    assert (meaning.due, meaning.ongoing) == (due, ongoing)


@pytest.mark.parametrize(
    ("text", "recurrence"),
    [
        ("市本级每季度开展开放日活动不少于1次。", Recurrence.QUARTERLY),
        ("按季度向社会公开执行情况。", Recurrence.QUARTERLY),
        ("市直部门每年通过多形式征集公众意见不少于1次。", Recurrence.YEARLY),
        ("年度内至少参加1次培训。", Recurrence.YEARLY),
        ("每月报送工作进展情况。", Recurrence.MONTHLY),
        ("做好政策解读。", Recurrence.NONE),
    ],
)
def test_recurring_duties_in_the_text(text, recurrence):
    assert deadlines.recurrence_in(text) == recurrence


def test_repeating_due_dates_are_period_ends():
    assert deadlines.repeating_due_dates(Recurrence.QUARTERLY, 2024) == [
        D(2024, 3, 31),
        D(2024, 6, 30),
        D(2024, 9, 30),
        D(2024, 12, 31),
    ]
    assert deadlines.period_start(Recurrence.QUARTERLY, D(2024, 6, 30)) == D(2024, 4, 1)


@pytest.mark.parametrize(
    ("text", "lead", "support"),
    [
        ("办公室牵头，社会救助处、养老服务处配合", ["办公室"], ["社会救助处", "养老服务处"]),
        ("办公室牵头", ["办公室"], []),
        ("规划财务处、福彩中心", ["规划财务处", "福彩中心"], []),
        ("办公室牵头，信息中心、有关部门(单位)配合", ["办公室"], ["信息中心", "有关部门（单位）"]),
        ("社会救助处、省养老服务发展中心等", ["社会救助处", "省养老服务发展中心", "等"], []),
        ("社会事务处(儿童福利处)", ["社会事务处（儿童福利处）"], []),
    ],
)
def test_lead_and_support(text, lead, support):
    parsed = responsibility.parse(text)
    assert (parsed.lead, parsed.support) == (lead, support)
    again = responsibility.parse(responsibility.compose(parsed.lead, parsed.support))
    assert again == parsed
