"""
Letters (文书) as Word documents, from the wording the bureau keeps (LetterTemplate).

One kind per step that sends something (接收回执, 补正告知书, 延期答复告知书, 征求第三方意见书,
收费通知书) and one answer letter per table-三 group. The text is a Django template rendered
without HTML escaping; sitewide.word lays it out on the official page (title, paragraphs,
signature right-aligned).
Every letter passes the privacy guard before it is stored: what goes out never carries a full ID,
mobile or bank card number, the applicant's own included (the letter names and addresses them).
"""

from django.conf import settings
from django.template import Context, Template
from django.utils import timezone
from docx.enum.text import WD_ALIGN_PARAGRAPH

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
LABELS = {kind: title for kind, (title, _) in letter_texts.DEFAULTS.items()}


def letter_kind(step):
    """The letter a step sends, or None (a received correction, a payment: nothing to send)."""
    if step.kind in (StepKind.ANSWERED, StepKind.CLOSED):
        return f"answer_{table_three.OUTCOME_GROUP.get(step.outcome, 'other')}"
    return KIND_OF_STEP.get(step.kind)


def wording(kind):
    """(title, body) of `kind`: the bureau's edited text, or the default."""
    row = LetterTemplate.objects.filter(kind=kind).values_list("title", "body").first()
    return row or letter_texts.DEFAULTS[kind]


class _StepView:
    """What a template may read of a step: its fields and the fee's wording."""

    def __init__(self, step):
        self._step = step

    def __getattr__(self, name):
        return getattr(self._step, name)

    @property
    def fee_method_label(self):
        return fees.Method(self._step.fee_method).label if self._step.fee_method else ""

    @property
    def fee_basis(self):
        step = self._step
        if step.fee_method == fees.Method.BY_REQUEST:
            return f"本自然月第{step.fee_quantity}件申请"
        return f"共{step.fee_quantity}页"


def context(case, step=None):
    return {
        "bureau": settings.BUREAU_NAME,
        "case": case,
        "step": _StepView(step) if step is not None else {"on": case.received_on},
        "outcome_label": table_three.OUTCOME_ROW.get(getattr(step, "outcome", ""), "").lstrip(
            "0123456789."
        ),
        "review_body": settings.INFOREQUESTS["review_body"],
        "court": settings.INFOREQUESTS["court"],
        "office_phone": settings.INFOREQUESTS["phone"],
        "office_address": settings.INFOREQUESTS["address"],
        "today": timezone.localdate(),
    }


def render_text(kind, case, step=None):
    """(title, [lines]) of the letter `kind` for `case` (and `step`)."""
    title, body = wording(kind)
    text = Template("{% autoescape off %}" + body + "{% endautoescape %}").render(
        Context(context(case, step))
    )
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
    document.core_properties.author = settings.BUREAU_NAME
    return document_bytes(document)


def filename(kind, case):
    return f"{LABELS[kind]}-{case.query_code}.docx"
