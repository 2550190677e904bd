"""
The default wording of every letter (文书) and the placeholders each kind may use.

The bureau edits the wording in the admin (文书模板); these are the texts a new installation
starts with and what a letter falls back to when a stored text cannot be rendered. Each
paragraph is one line. A text is filled by the sandbox of `placeholders` with the flat values
inforequests.letters builds (strings and dates): `{{ name }}` and `{% if name %}…{% endif %}`,
never an object, so a template cannot reach the case, its office or anyone's account.
"""

from placeholders import Placeholder

# Every letter: who writes to whom about which application.
COMMON = (
    Placeholder("bureau", "本机关名称", "示例县民政局"),
    Placeholder("applicant_name", "申请人姓名或名称", "张三"),
    Placeholder("applicant_address", "申请人联系地址", "示例县人民路1号"),
    Placeholder("received_on", "收到申请日期", "2026年3月2日"),
    Placeholder("query_code", "查询码", "ABCD2345EFGH"),
    Placeholder(
        "description", "所需信息的内容描述（去掉末尾的句号等标点）", "2025年临时救助资金发放情况"
    ),
    Placeholder("document_number", "文号（可能为空）", "示民发〔2025〕3号"),
    Placeholder("letter_date", "文书日期", "2026年3月5日"),
    Placeholder("today", "生成文书的日期", "2026年3月5日"),
    Placeholder("office_phone", "公开办联系电话", "0000-1234567"),
    Placeholder("office_address", "公开办地址", "示例县人民路2号"),
)
NOTE = Placeholder(
    "note", "办理环节填写的内容（补正事项、延期理由、答复内容等）", "请写明所需信息的年份。"
)
DUE_ON = Placeholder("due_on", "期限（日期）", "2026年3月12日")
REMEDY = (
    Placeholder("review_body", "行政复议机关", "示例县人民政府"),
    Placeholder("court", "行政诉讼法院", "示例县人民法院"),
)
ANSWER = (NOTE, Placeholder("outcome_label", "答复类型", "部分公开"), *REMEDY)

REMEDIES = (
    "如对本告知不服，可以自收到本告知书之日起60日内向{{ review_body }}申请行政复议，"
    "或者自收到本告知书之日起6个月内向{{ court }}提起行政诉讼。"
)

MATTER = "您（单位）于{{ received_on }}提出的政府信息公开申请（查询码 {{ query_code }}），申请获取“{{ description }}”{% if document_number %}（文号：{{ document_number }}）{% endif %}"

SIGNATURE = "{{ bureau }}\n{{ letter_date }}"

DEFAULTS = {
    "receipt": (
        "政府信息公开申请接收回执",
        "{{ applicant_name }}：\n"
        "本机关已于{{ received_on }}收到您（单位）的政府信息公开申请，"
        "申请获取“{{ description }}”。查询码：{{ query_code }}。\n"
        "依据《中华人民共和国政府信息公开条例》第三十一条、第三十三条，本机关将自收到申请之日起"
        "20个工作日内予以答复；需要延长答复期限的，经政府信息公开工作机构负责人同意并告知您，"
        "延长的期限最长不超过20个工作日。征求第三方和其他机关意见所需时间不计算在前述期限内。\n"
        "您可以凭查询码和联系电话后4位在本机关门户网站“依申请公开”栏目查询办理状态。\n"
        "联系电话：{{ office_phone }}\n" + SIGNATURE,
    ),
    "correction": (
        "政府信息公开申请补正告知书",
        "{{ applicant_name }}：\n" + MATTER + "。经审查，您的申请内容不明确，依据《中华人民共和国"
        "政府信息公开条例》第三十条，请您作出补正：\n{{ note }}\n"
        "请于{{ due_on }}前提交补正材料。答复期限自本机关收到补正的申请之日起计算。"
        "无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。\n" + SIGNATURE,
    ),
    "extension": (
        "政府信息公开申请延期答复告知书",
        "{{ applicant_name }}：\n" + MATTER + "。因{{ note }}，本机关不能在规定期限内作出答复。"
        "依据《中华人民共和国政府信息公开条例》第三十三条第二款，经本机关政府信息公开工作机构负责人同意，"
        "答复期限延长{{ days }}个工作日。\n" + SIGNATURE,
    ),
    "consultation": (
        "政府信息公开征求第三方意见书",
        "{{ party }}：\n"
        "本机关于{{ received_on }}收到政府信息公开申请，申请公开的"
        "“{{ description }}”可能涉及您（单位）的合法权益。依据《中华人民共和国政府信息公开条例》"
        "第三十二条，现书面征求您（单位）的意见。\n{{ note }}\n"
        "请于{{ due_on }}前提出意见。逾期未提出意见的，由本机关依照条例的规定决定是否公开；"
        "第三方不同意公开且有合理理由的，本机关不予公开，但本机关认为不公开可能对公共利益造成重大影响的，"
        "可以决定予以公开，并将决定公开的政府信息内容和理由书面告知第三方。\n" + SIGNATURE,
    ),
    "fee": (
        "政府信息公开信息处理费收费通知书",
        "{{ applicant_name }}：\n" + MATTER + "。依据《中华人民共和国政府信息公开条例》第四十二条和"
        "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），本机关按{{ fee_method_label }}"
        "（{{ fee_basis }}）收取信息处理费{{ fee_amount }}元。\n"
        "请于{{ due_on }}前缴纳。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。"
        "答复期限自本通知书发出之日起至您缴纳费用之日止中止计算。\n" + SIGNATURE,
    ),
    "answer_public": (
        "政府信息公开告知书",
        "{{ applicant_name }}：\n" + MATTER + "。依据《中华人民共和国政府信息公开条例》第三十六条，"
        "现答复如下：您申请的政府信息属于公开范围，予以公开。\n{{ note }}\n"
        + REMEDIES
        + "\n"
        + SIGNATURE,
    ),
    "answer_partial": (
        "政府信息部分公开告知书",
        "{{ applicant_name }}：\n" + MATTER + "。依据《中华人民共和国政府信息公开条例》第三十六条第"
        "（四）项、第三十七条，现答复如下：您申请的政府信息中含有不应当公开的内容，本机关对可以公开的部分予以提供。\n"
        "{{ note }}\n" + REMEDIES + "\n" + SIGNATURE,
    ),
    "answer_withheld": (
        "政府信息不予公开告知书",
        "{{ applicant_name }}：\n" + MATTER + "。依据《中华人民共和国政府信息公开条例》第三十六条第"
        "（三）项，现答复如下：您申请的政府信息{{ outcome_label }}，不予公开。\n{{ note }}\n"
        + REMEDIES
        + "\n"
        + SIGNATURE,
    ),
    "answer_unable": (
        "政府信息无法提供告知书",
        "{{ applicant_name }}：\n" + MATTER + "。依据《中华人民共和国政府信息公开条例》第三十六条第"
        "（四）项、第（五）项、第三十八条，现答复如下：{{ outcome_label }}，本机关无法提供。\n{{ note }}\n"
        + REMEDIES
        + "\n"
        + SIGNATURE,
    ),
    "answer_not_handled": (
        "政府信息公开申请不予处理告知书",
        "{{ applicant_name }}：\n" + MATTER + "。依据《中华人民共和国政府信息公开条例》第三十五条、"
        "第三十六条第（六）项、第三十九条，现答复如下：您的申请属于{{ outcome_label }}，本机关不予处理。\n"
        "{{ note }}\n" + REMEDIES + "\n" + SIGNATURE,
    ),
    "answer_other": (
        "政府信息公开申请处理结果告知书",
        "{{ applicant_name }}：\n" + MATTER + "。依据《中华人民共和国政府信息公开条例》第三十条、"
        "第四十二条，告知如下：{{ outcome_label }}。\n{{ note }}\n" + REMEDIES + "\n" + SIGNATURE,
    ),
}

# What each kind may use (the admin's help text, the check at save, the docs).
PLACEHOLDERS = {
    "receipt": COMMON,
    "correction": (*COMMON, NOTE, DUE_ON),
    "extension": (*COMMON, NOTE, Placeholder("days", "延长的工作日数", 20)),
    "consultation": (
        *COMMON,
        NOTE,
        DUE_ON,
        Placeholder("party", "征求意见对象", "示例县某某公司"),
    ),
    "fee": (
        *COMMON,
        DUE_ON,
        Placeholder("fee_amount", "收费金额（元）", 100),
        Placeholder("fee_method_label", "计费方式", "按件计收"),
        Placeholder("fee_basis", "计费依据（本自然月第N件申请或共N页）", "本自然月第11件申请"),
    ),
    **{kind: (*COMMON, *ANSWER) for kind in DEFAULTS if kind.startswith("answer_")},
}
