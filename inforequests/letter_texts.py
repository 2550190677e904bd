"""
The default wording of every letter (文书), as Django templates of plain text.

The bureau edits them in the admin (文书模板); these are the texts a new installation starts
with and what 恢复默认 brings back. Each paragraph is one line; a line starting with "# " is a
heading. Variables: bureau, case (received_on, query_code, description, document_number, name,
address), step (on, due_on, days, party, note, fee_amount, fee_method, outcome), outcome_label,
review_body, court, office_phone, office_address, today.
"""

REMEDIES = (
    "如对本告知不服，可以自收到本告知书之日起60日内向{{ review_body }}申请行政复议，"
    "或者自收到本告知书之日起6个月内向{{ court }}提起行政诉讼。"
)

MATTER = "您（单位）于{{ case.received_on|date:'Y年n月j日' }}提出的政府信息公开申请（查询码 {{ case.query_code }}），申请获取“{{ case.description }}”{% if case.document_number %}（文号：{{ case.document_number }}）{% endif %}"

SIGNATURE = "{{ bureau }}\n{{ step.on|date:'Y年n月j日' }}"

DEFAULTS = {
    "receipt": (
        "政府信息公开申请接收回执",
        "{{ case.name }}：\n"
        "本机关已于{{ case.received_on|date:'Y年n月j日' }}收到您（单位）的政府信息公开申请，"
        "申请获取“{{ case.description }}”。查询码：{{ case.query_code }}。\n"
        "依据《中华人民共和国政府信息公开条例》第三十一条、第三十三条，本机关将自收到申请之日起"
        "20个工作日内予以答复；需要延长答复期限的，经政府信息公开工作机构负责人同意并告知您，"
        "延长的期限最长不超过20个工作日。征求第三方和其他机关意见所需时间不计算在前述期限内。\n"
        "您可以凭查询码和联系电话后4位在本机关门户网站“依申请公开”栏目查询办理状态。\n"
        "联系电话：{{ office_phone }}\n" + SIGNATURE,
    ),
    "correction": (
        "政府信息公开申请补正告知书",
        "{{ case.name }}：\n" + MATTER + "。经审查，您的申请内容不明确，依据《中华人民共和国"
        "政府信息公开条例》第三十条，请您作出补正：\n{{ step.note }}\n"
        "请于{{ step.due_on|date:'Y年n月j日' }}前提交补正材料。答复期限自本机关收到补正的申请之日起计算。"
        "无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。\n" + SIGNATURE,
    ),
    "extension": (
        "政府信息公开申请延期答复告知书",
        "{{ case.name }}：\n" + MATTER + "。因{{ step.note }}，本机关不能在规定期限内作出答复。"
        "依据《中华人民共和国政府信息公开条例》第三十三条第二款，经本机关政府信息公开工作机构负责人同意，"
        "答复期限延长{{ step.days }}个工作日。\n" + SIGNATURE,
    ),
    "consultation": (
        "政府信息公开征求第三方意见书",
        "{{ step.party }}：\n"
        "本机关于{{ case.received_on|date:'Y年n月j日' }}收到政府信息公开申请，申请公开的"
        "“{{ case.description }}”可能涉及您（单位）的合法权益。依据《中华人民共和国政府信息公开条例》"
        "第三十二条，现书面征求您（单位）的意见。\n{{ step.note }}\n"
        "请于{{ step.due_on|date:'Y年n月j日' }}前提出意见。逾期未提出意见的，由本机关依照条例的规定决定是否公开；"
        "第三方不同意公开且有合理理由的，本机关不予公开，但本机关认为不公开可能对公共利益造成重大影响的，"
        "可以决定予以公开，并将决定公开的政府信息内容和理由书面告知第三方。\n" + SIGNATURE,
    ),
    "fee": (
        "政府信息公开信息处理费收费通知书",
        "{{ case.name }}：\n" + MATTER + "。依据《中华人民共和国政府信息公开条例》第四十二条和"
        "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），本机关按{{ step.fee_method_label }}"
        "（{{ step.fee_basis }}）收取信息处理费{{ step.fee_amount }}元。\n"
        "请于{{ step.due_on|date:'Y年n月j日' }}前缴纳。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。"
        "答复期限自本通知书发出之日起至您缴纳费用之日止中止计算。\n" + SIGNATURE,
    ),
    "answer_public": (
        "政府信息公开告知书",
        "{{ case.name }}：\n" + MATTER + "。依据《中华人民共和国政府信息公开条例》第三十六条，"
        "现答复如下：您申请的政府信息属于公开范围，予以公开。\n{{ step.note }}\n"
        + REMEDIES
        + "\n"
        + SIGNATURE,
    ),
    "answer_partial": (
        "政府信息部分公开告知书",
        "{{ case.name }}：\n" + MATTER + "。依据《中华人民共和国政府信息公开条例》第三十六条第"
        "（四）项、第三十七条，现答复如下：您申请的政府信息中含有不应当公开的内容，本机关对可以公开的部分予以提供。\n"
        "{{ step.note }}\n" + REMEDIES + "\n" + SIGNATURE,
    ),
    "answer_withheld": (
        "政府信息不予公开告知书",
        "{{ case.name }}：\n" + MATTER + "。依据《中华人民共和国政府信息公开条例》第三十六条第"
        "（三）项，现答复如下：您申请的政府信息{{ outcome_label }}，不予公开。\n{{ step.note }}\n"
        + REMEDIES
        + "\n"
        + SIGNATURE,
    ),
    "answer_unable": (
        "政府信息无法提供告知书",
        "{{ case.name }}：\n" + MATTER + "。依据《中华人民共和国政府信息公开条例》第三十六条第"
        "（四）项、第（五）项、第三十八条，现答复如下：{{ outcome_label }}，本机关无法提供。\n{{ step.note }}\n"
        + REMEDIES
        + "\n"
        + SIGNATURE,
    ),
    "answer_not_handled": (
        "政府信息公开申请不予处理告知书",
        "{{ case.name }}：\n" + MATTER + "。依据《中华人民共和国政府信息公开条例》第三十五条、"
        "第三十六条第（六）项、第三十九条，现答复如下：您的申请属于{{ outcome_label }}，本机关不予处理。\n"
        "{{ step.note }}\n" + REMEDIES + "\n" + SIGNATURE,
    ),
    "answer_other": (
        "政府信息公开申请处理结果告知书",
        "{{ case.name }}：\n" + MATTER + "。依据《中华人民共和国政府信息公开条例》第三十条、"
        "第四十二条，告知如下：{{ outcome_label }}。\n{{ step.note }}\n"
        + REMEDIES
        + "\n"
        + SIGNATURE,
    ),
}
