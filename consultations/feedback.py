"""
The feedback of a consultation (意见反馈): drafted from the staff's classification of comments.

The draft is a publication in the 意见反馈 column; staff edit it and send it through the review
like any other publication. It states the counts and, theme by theme, what was adopted and why
the rest was not, in the staff's words: no comment is quoted, no commenter named.
"""

from collections import Counter, defaultdict

from django.conf import settings

from consultations.models import Comment
from disclosure import filing
from publications.models import Publication
from units.links import on_unit_pages

Decision = Comment.Decision
NO_THEME = "其他"


# The feedback cannot be drafted now (disclosure.filing's one refusal).
FeedbackRefused = filing.NotFiled


def summary(consultation):
    """The feedback's body (Markdown) from the consultation's classified comments."""
    comments = list(consultation.comments.order_by("theme", "pk"))
    decisions = Counter(comment.decision for comment in comments)
    adopted = decisions[Decision.ADOPTED] + decisions[Decision.PARTLY]
    lines = [
        f"《{consultation.title}》于 {consultation.starts_on:%Y年%-m月%-d日}至"
        f"{consultation.ends_on:%Y年%-m月%-d日}公开征求意见，共收到意见 {len(comments)} 条，"
        f"采纳 {adopted} 条（其中部分采纳 {decisions[Decision.PARTLY]} 条），"
        f"未采纳 {decisions[Decision.NOT_ADOPTED]} 条。"
    ]
    if decisions[Decision.PENDING]:
        lines[0] += f"另有 {decisions[Decision.PENDING]} 条正在研究。"
    by_theme = defaultdict(list)
    for comment in comments:
        by_theme[comment.theme.strip() or NO_THEME].append(comment)
    adopted_lines, reason_lines = [], []
    for theme, group in by_theme.items():
        taken = [c for c in group if c.decision in Comment.ADOPTED_DECISIONS]
        if taken:
            adopted_lines.append(f"- {theme}：{len(taken)} 条")
        reasons = Counter(
            c.reason.strip() or "（理由待填写）"
            for c in group
            if c.decision in (Decision.NOT_ADOPTED, Decision.PARTLY)
        )
        if reasons:
            reason_lines.append(f"### {theme}")
            reason_lines += [f"- {reason}（{count} 条）" for reason, count in reasons.items()]
    if adopted_lines:
        lines += ["", "## 采纳情况", "", *adopted_lines]
    if reason_lines:
        lines += ["", "## 未采纳（或部分采纳）的理由", "", *reason_lines]
    lines += [
        "",
        f"征求意见稿及征集情况见[意见征集页面]"
        f"({on_unit_pages(consultation.unit, consultation.get_absolute_url())})。",
        "感谢社会各界的关心和支持。",
    ]
    return "\n".join(lines)


def draft_feedback(consultation):
    """
    Create (or refresh, while it is a draft) the feedback publication of an ended consultation.
    """
    if consultation.feedback_id and consultation.feedback.status != Publication.Status.DRAFT:
        raise FeedbackRefused(
            f"“{consultation}”的意见反馈已{consultation.feedback.get_status_display()}，"
            "不能再重新生成；如需修改，请在栏目信息中修改。"
        )
    column = filing.numbered_column(settings.PORTAL_FEEDBACK_COLUMN, "意见反馈", consultation.unit)
    fields = {"body": summary(consultation)}
    if consultation.feedback is None:  # a refresh keeps the title staff may have edited
        fields |= {
            "title": f"关于《{consultation.title}》公开征求意见采纳情况的反馈",
            "topic": consultation.notice.topic,
            "is_demo": consultation.is_demo,
        }
    feedback = filing.file_draft(consultation.feedback, column=column, **fields)
    if consultation.feedback_id != feedback.pk:
        consultation.feedback = feedback
        consultation.save(update_fields=["feedback", "updated_at"])
    return feedback
