"""
The report's tables as 国办公开办函〔2021〕30号 lays them out: row and column labels in one place.

Table 三's labels belong to the request register (inforequests.table_three); tables 二 and 四
are spelled here. The HTML page, the Word file and the checks all read these.
"""

from inforequests import table_three as t3

# Table 二: (heading of the group, its column headings, [(row label, field or kind)]).
REGULATIONS = "第二十条第（一）项"
TABLE_TWO_COUNTS = ("本年制发件数", "本年废止件数", "现行有效件数")
RULE = "规章"
NORMATIVE = "行政规范性文件"
LICENSING = ("第二十条第（五）项", "本年处理决定数量", (("行政许可", "licensing_count"),))
PUNISHMENT = (
    "第二十条第（六）项",
    "本年处理决定数量",
    (("行政处罚", "punishment_count"), ("行政强制", "enforcement_count")),
)
FEES = ("第二十条第（八）项", "本年收费金额（单位：万元）", (("行政事业性收费", "fee_amount"),))
ENTERED_GROUPS = (LICENSING, PUNISHMENT, FEES)

# Table 三
TABLE_THREE_ROWS = t3.ROWS
TABLE_THREE_COLUMNS = t3.COLUMNS
ORGANISATION_COLUMNS = [label for _, label in t3.ORGANISATION_KINDS]

# Table 四: 行政复议 and the two kinds of 行政诉讼, each with the same five columns.
REVIEW = "行政复议"
LITIGATION = "行政诉讼"
DIRECT = "未经复议直接起诉"
AFTER_REVIEW = "复议后起诉"
OUTCOMES = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
TABLE_FOUR_GROUPS = (REVIEW, DIRECT, AFTER_REVIEW)


def empty_table_three():
    return {row: dict.fromkeys(TABLE_THREE_COLUMNS, 0) for row in TABLE_THREE_ROWS}


def empty_table_four():
    return {group: dict.fromkeys(OUTCOMES) for group in TABLE_FOUR_GROUPS}


def table_three_layout():
    return t3.layout()
