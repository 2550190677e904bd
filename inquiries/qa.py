"""
The published question and answer of a message: a draft publication in column 42 (互动回应).

Staff edit the draft before submitting it: the asker's contact is taken out here, the privacy
guard refuses ID, phone and bank card numbers on submit, and the review checks the rest (names,
addresses) before anything is public.
"""

from django.conf import settings

from disclosure import filing
from publications.models import Publication

REMOVED = "（个人信息已隐去）"


# No Q&A draft can be made now (disclosure.filing's one refusal).
QARefused = filing.NotFiled


def without_contact(text, message):
    contact = message.contact.strip()
    return text.replace(contact, REMOVED) if contact else text


def qa_body(message):
    question = without_contact(message.question, message)
    answer = without_contact(message.answer, message)
    return f"**问**：{question}\n\n**答**：{answer}"


def topic_of(office):
    """
    The 主题分类 of a Q&A: the subject of the domain the answering office keeps.

    The domains share their names with the topics (社会救助, 养老服务); an office with no
    such domain, or no office, gives 综合政务.
    """
    Topic = Publication.Topic
    if office is None:
        return Topic.GENERAL
    by_label = {label: value for value, label in Topic.choices}
    for name in office.domains.order_by("order").values_list("name", flat=True):
        if name in by_label:
            return by_label[name]
    return Topic.GENERAL


def draft_qa(message):
    """Create the Q&A draft of an answered question (not of a redirected complaint)."""
    if message.status != message.Status.ANSWERED:
        raise QARefused(f"“{message}”尚未答复（或已按投诉、信访告知其他渠道），不能公开问答。")
    if message.qa_publication_id is not None:
        raise QARefused(f"“{message}”已有问答稿，请在栏目信息中修改。")
    publication = filing.file_draft(
        None,
        column=filing.numbered_column(settings.PORTAL_QA_COLUMN, "互动回应", message.unit),
        title=without_contact(message.subject, message),
        body=qa_body(message),
        written_on=message.answered_at.date() if message.answered_at else None,
        topic=topic_of(message.office),
        is_demo=message.is_demo,
    )
    message.qa_publication = publication
    message.save(update_fields=["qa_publication"])
    return publication
