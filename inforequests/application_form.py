"""The printable application form (政府信息公开申请表): the online form's fields as a Word table."""

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from inforequests.models import Delivery, FormWanted, IdType
from inforequests.table_three import ORGANISATION_KINDS
from sitewide.word import (
    TEXT_WIDTH,
    add_paragraph,
    add_table,
    add_title,
    document_bytes,
    new_document,
    set_cell,
)

BOX = "□"
LABEL_WIDTH = Mm(46)
CELL_SIZE = Pt(12)  # 小四: room to write by hand
NOTE_SIZE = Pt(12)


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


def office_of(unit):
    """Where `unit` receives applications, as the form and the public pages print it."""
    return {
        "office": unit.disclosure_office,
        "address": unit.address,
        "postcode": unit.postcode,
        "hours": unit.hours,
        "phone": unit.phone,
        "fax": unit.fax,
        "email": unit.email,
    }


def docx(unit):
    """The blank form of `unit`: its name, and where its applications go."""
    document = new_document()
    add_title(document, f"{unit.name}政府信息公开申请表")
    table = add_table(document, len(ROWS), [LABEL_WIDTH, TEXT_WIDTH - LABEL_WIDTH])
    for (label, value), row in zip(ROWS, table.rows, strict=True):
        cells = row.cells
        if value is None:
            set_cell(cells[0].merge(cells[1]), label, bold=True, size=CELL_SIZE)
        else:
            set_cell(cells[0], label, size=CELL_SIZE)
            set_cell(cells[1], value, size=CELL_SIZE, align=WD_ALIGN_PARAGRAPH.LEFT)
    office = office_of(unit)
    for text in (
        f"提交地址：{office['office']}，{office['address']}（邮编 {office['postcode']}）；"
        f"电话 {office['phone']}；传真 {office['fax']}；电子邮箱 {office['email']}。",
        "所填个人信息仅用于办理本申请和向申请人送达答复，不会公开。"
        "依据：《中华人民共和国政府信息公开条例》（国务院令第711号）第二十九条。",
    ):
        note = add_paragraph(document, text)
        for run in note.runs:
            run.font.size = NOTE_SIZE
    return document_bytes(document)
