"""
Letters (文书) as Word documents, from the wording the bureau keeps (LetterTemplate).

One kind per step that sends something (接收回执, 补正告知书, 延期答复告知书, 征求第三方意见书,
收费通知书) and one answer letter per table-三 group. The text is filled by the sandbox
of `placeholders` with flat values (`values`), never a template engine over the models;
sitewide.word lays it out on the official page (title, paragraphs, signature right-aligned).
Every letter passes the privacy guard before it is stored: what goes out never carries a full ID,
mobile or bank card number, the applicant's own included (the letter names and addresses them).
"""

import logging

from django.utils import timezone
from docx.enum.text import WD_ALIGN_PARAGRAPH

import placeholders
from inforequests import fees, letter_texts, table_three
from inforequests.clock import StepKind
from inforequests.models import LetterTemplate
from sitewide.word import add_paragraph, add_title, document_bytes, new_document

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
KIND_OF_STEP = {
    StepKind.CORRECTION_REQUESTED: "correction",
    StepKind.EXTENDED: "extension",
    StepKind.CONSULTATION_STARTED: "consultation",
    StepKind.FEE_NOTIFIED: "fee",
}
QUOTES = "“”‘’「」『』\"'"
CLOSING_PUNCTUATION = "。．.；;，,、！!？?：: \n"
logger = logging.getLogger(__name__)
LABELS = {kind: title for kind, (title, _) in letter_texts.DEFAULTS.items()}


def letter_kind(step):
    """The letter a step sends, or None (a received correction, a payment: nothing to send)."""
    if step.kind in (StepKind.ANSWERED, StepKind.CLOSED):
        return f"answer_{table_three.OUTCOME_GROUP.get(step.outcome, 'other')}"
    return KIND_OF_STEP.get(step.kind)


def ensure_wordings(unit_ids):
    """Give each unit of `unit_ids` a row per kind with the default wording, where it has none."""
    have = set(LetterTemplate.objects.filter(unit__in=unit_ids).values_list("unit_id", "kind"))
    LetterTemplate.objects.bulk_create(
        [
            LetterTemplate(unit_id=unit_id, kind=kind, title=title, body=body)
            for unit_id in unit_ids
            for kind, (title, body) in letter_texts.DEFAULTS.items()
            if (unit_id, kind) not in have
        ],
        ignore_conflicts=True,
    )


def wording(kind, unit):
    """(title, body) of `kind`: the unit's edited text, or the default."""
    row = LetterTemplate.objects.filter(unit=unit, kind=kind).values_list("title", "body").first()
    return row or letter_texts.DEFAULTS[kind]


def _fee_basis(step):
    if not step.fee_method:
        return ""
    if step.fee_method == fees.Method.BY_REQUEST:
        return f"本自然月第{step.fee_quantity}件申请"
    return f"共{step.fee_quantity}页"


def quoted_matter(description):
    """
    The description as a letter quotes it inside “…” mid-sentence: without the applicant's own
    closing full stop or quotation marks, so the letter never reads “请公开……。”。
    """
    return description.strip().strip(QUOTES).rstrip(CLOSING_PUNCTUATION).strip().strip(QUOTES)


def values(kind, case, step=None):
    """
    The flat values the letter `kind` may use (letter_texts.PLACEHOLDERS): strings, numbers
    and dates built here, so a template never reaches the case, its office or an account.
    """
    on = step.on if step is not None else case.received_on
    every = {
        "bureau": case.unit.name,
        "applicant_name": case.name,
        "applicant_address": case.address,
        "received_on": case.received_on,
        "query_code": case.query_code,
        "description": quoted_matter(case.description),
        "document_number": case.document_number,
        "letter_date": on,
        "today": timezone.localdate(),
        "office_phone": case.unit.phone,
        "office_address": case.unit.address,
        "review_body": case.unit.review_body,
        "court": case.unit.court,
    }
    if step is not None:
        every |= {
            "note": step.note,
            "due_on": step.due_on,
            "days": step.days,
            "party": step.party,
            "fee_amount": step.fee_amount,
            "fee_method_label": fees.Method(step.fee_method).label if step.fee_method else "",
            "fee_basis": _fee_basis(step),
            "outcome_label": table_three.OUTCOME_ROW.get(step.outcome, "").lstrip("0123456789."),
        }
    return {p.name: every.get(p.name, "") for p in letter_texts.PLACEHOLDERS[kind]}


def render_text(kind, case, step=None):
    """
    (title, [lines]) of the letter `kind` for `case` (and `step`).

    A stored wording that cannot be rendered (written past the admin's check) gives the default
    wording instead, so a letter is never lost and never shows what it should not.
    """
    title, body = wording(kind, case.unit)
    filled = values(kind, case, step)
    try:
        text = placeholders.fill(body, filled)
    except placeholders.Refused as refused:
        logger.warning("letter template %s refused, default wording used: %s", kind, refused)
        title, body = letter_texts.DEFAULTS[kind]
        text = placeholders.fill(body, filled)
    return title, [line.strip() for line in text.splitlines() if line.strip()]


def render_docx(kind, case, step=None):
    """The letter as .docx bytes."""
    title, lines = render_text(kind, case, step)
    document = new_document()
    add_title(document, title)
    signature_from = len(lines) - 2
    for index, line in enumerate(lines):
        signature = index >= signature_from
        align = WD_ALIGN_PARAGRAPH.RIGHT if signature else None
        add_paragraph(document, line, align=align, indent=index > 0)  # the addressee: flush left
    document.core_properties.title = title
    document.core_properties.author = case.unit.name
    return document_bytes(document)


def filename(kind, case):
    return f"{LABELS[kind]}-{case.query_code}.docx"
