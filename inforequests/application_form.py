"""The printable application form (政府信息公开申请表): the online form's fields as a Word table."""

import io

from django.conf import settings
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from inforequests.models import Delivery, FormWanted, IdType
from inforequests.table_three import ORGANISATION_KINDS

BOX = "□"


def _choices(choices):
    return "  ".join(f"{BOX}{label}" for _, label in choices)


ROWS = [
    ("申请人信息（公民）", None),
    ("姓名", ""),
    ("工作单位", ""),
    ("证件类型", _choices(IdType.choices)),
    ("证件号码", ""),
    ("申请人信息（法人或其他组织）", None),
    ("名称", ""),
    ("组织类别", "  ".join(f"{BOX}{label}" for _, label in ORGANISATION_KINDS)),
    ("统一社会信用代码", ""),
    ("法定代表人或负责人", ""),
    ("联系人", ""),
    ("联系方式", None),
    ("联系电话", ""),
    ("电子邮箱", ""),
    ("联系地址", ""),
    ("邮政编码", ""),
    ("传真", ""),
    ("所需信息（每份申请表只申请一项政府信息）", None),
    ("所需信息的内容描述", "\n\n"),
    ("文号（如知道）", ""),
    ("用途（选填）", ""),
    ("信息的指定提供形式", _choices(FormWanted.choices)),
    ("获取信息的方式", _choices(Delivery.choices)),
    ("申请人签名或盖章", ""),
    ("申请时间", "      年    月    日"),
]


def docx():
    document = Document()
    document.styles["Normal"].font.size = Pt(11)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(f"{settings.BUREAU_NAME}政府信息公开申请表")
    run.bold = True
    run.font.size = Pt(18)
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in ROWS:
        cells = table.add_row().cells
        if value is None:
            merged = cells[0].merge(cells[1])
            merged.text = label
            merged.paragraphs[0].runs[0].bold = True
        else:
            cells[0].text, cells[1].text = label, value
    office = settings.INFOREQUESTS
    document.add_paragraph(
        f"提交地址：{office['office']}，{office['address']}（邮编 {office['postcode']}）；"
        f"电话 {office['phone']}；传真 {office['fax']}；电子邮箱 {office['email']}。"
    )
    document.add_paragraph(
        "所填个人信息仅用于办理本申请和向申请人送达答复，不会公开。"
        "依据：《中华人民共和国政府信息公开条例》（国务院令第711号）第二十九条。"
    )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
