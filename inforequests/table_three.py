"""
Table 三 of the annual report (国办公开办函〔2021〕30号): its row and column labels, in one place.

Every answer a request gets is one row of the table, so the outcome codes the steps store are
defined here with the row they count in. The statistics, their page and xlsx, the export command
and the annual report all read these labels; nothing else spells them.
"""

NEW = "一、本年新收政府信息公开申请数量"
CARRIED_IN = "二、上年结转政府信息公开申请数量"
RESULTS = "三、本年度办理结果"
RESULTS_TOTAL = "（七）总计"
CARRIED_OUT = "四、结转下年度继续办理"

NATURAL_PERSON = "自然人"
ORGANISATION = "法人或其他组织"
TOTAL = "总计"

# The five kinds of 法人或其他组织, as (code, column label).
ORGANISATION_KINDS = [
    ("business", "商业企业"),
    ("research", "科研机构"),
    ("public_interest", "社会公益组织"),
    ("legal_service", "法律服务机构"),
    ("other", "其他"),
]
COLUMNS = [NATURAL_PERSON, *(label for _, label in ORGANISATION_KINDS), TOTAL]

# The answer groups (一)–(六) of 三、本年度办理结果, as (code, label).
GROUPS = [
    ("public", "（一）予以公开"),
    ("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("withheld", "（三）不予公开"),
    ("unable", "（四）无法提供"),
    ("not_handled", "（五）不予处理"),
    ("other", "（六）其他处理"),
]
GROUP_LABELS = dict(GROUPS)

# Every outcome a case can end with: (code, group code, row label). A group without sub-rows
# ((一), (二)) is its own row.
OUTCOMES = [
    ("public", "public", GROUP_LABELS["public"]),
    ("partial", "partial", GROUP_LABELS["partial"]),
    ("withheld_secret", "withheld", "1.属于国家秘密"),
    ("withheld_law", "withheld", "2.其他法律行政法规禁止公开"),
    ("withheld_security", "withheld", "3.危及“三安全一稳定”"),
    ("withheld_third_party", "withheld", "4.保护第三方合法权益"),
    ("withheld_internal", "withheld", "5.属于三类内部事务信息"),
    ("withheld_process", "withheld", "6.属于四类过程性信息"),
    ("withheld_enforcement", "withheld", "7.属于行政执法案卷"),
    ("withheld_inquiry", "withheld", "8.属于行政查询事项"),
    ("unable_not_held", "unable", "1.本机关不掌握相关政府信息"),
    ("unable_needs_making", "unable", "2.没有现成信息需要另行制作"),
    ("unable_unclear", "unable", "3.补正后申请内容仍不明确"),
    ("not_handled_petition", "not_handled", "1.信访举报投诉类申请"),
    ("not_handled_repeat", "not_handled", "2.重复申请"),
    ("not_handled_publication", "not_handled", "3.要求提供公开出版物"),
    ("not_handled_mass", "not_handled", "4.无正当理由大量反复申请"),
    ("not_handled_confirm", "not_handled", "5.要求行政机关确认或重新出具已获取信息"),
    (
        "other_no_correction",
        "other",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ),
    (
        "other_unpaid",
        "other",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ),
    ("other", "other", "3.其他"),
]
OUTCOME_GROUP = {code: group for code, group, _ in OUTCOMES}
OUTCOME_ROW = {code: row for code, _, row in OUTCOMES}

# The answer types as a citizen reads them in the register: without table 三's numbering and
# counting notes (（二）'s "区分处理的，只计这一情形" tells the statistician, not the applicant).
ANSWER_TYPES = {
    "public": "予以公开",
    "partial": "部分公开",
    "withheld": "不予公开",
    "unable": "无法提供",
    "not_handled": "不予处理",
    "other": "其他处理",
}


def reason(outcome):
    """The sub-row of `outcome` without its number ("属于国家秘密"); empty for a group's own row."""
    row = OUTCOME_ROW[outcome]
    return "" if row == GROUP_LABELS[OUTCOME_GROUP[outcome]] else row.split(".", 1)[1]


def answer_label(outcome):
    """The plain answer type of `outcome` ("不予公开：属于国家秘密"); empty for an unknown code."""
    group = OUTCOME_GROUP.get(outcome)
    if group is None:
        return ""
    label = ANSWER_TYPES[group]
    if not reason(outcome) or outcome == "other":
        return label
    return f"{label}：{reason(outcome)}"


# The rows that hold numbers, top to bottom: what `as_dict()` is keyed by. The headers 三、 and
# (三)–(六) hold no numbers of their own; LAYOUT places them for display.
ROWS = [NEW, CARRIED_IN, *(row for _, _, row in OUTCOMES), RESULTS_TOTAL, CARRIED_OUT]


def layout():
    """
    The table's rows for display, top to bottom: (label, level, key) with key the ROWS label
    whose numbers the row shows, or None for a header (三、, (三)–(六)).
    """
    rows = [(NEW, 0, NEW), (CARRIED_IN, 0, CARRIED_IN), (RESULTS, 0, None)]
    for group, label in GROUPS:
        subrows = [row for _, g, row in OUTCOMES if g == group]
        if subrows == [label]:
            rows.append((label, 1, label))
        else:
            rows.append((label, 1, None))
            rows.extend((row, 2, row) for row in subrows)
    rows += [(RESULTS_TOTAL, 1, RESULTS_TOTAL), (CARRIED_OUT, 0, CARRIED_OUT)]
    return rows
