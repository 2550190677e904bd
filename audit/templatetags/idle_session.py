"""`{% idle_warning %}`: the idle sign-out dialog and its script, for signed-in admin pages."""

from django import template
from django.conf import settings

from audit import idle

register = template.Library()


def duration_text(seconds):
    """2 分钟, 90 秒: how the warning names the time left."""
    if seconds >= 60 and seconds % 60 == 0:
        return f"{seconds // 60} 分钟"
    return f"{seconds} 秒"


@register.inclusion_tag("audit/idle_warning.html", takes_context=True)
def idle_warning(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    warning = settings.PORTAL_IDLE_WARNING
    return {
        "show": True,
        "remaining": idle.remaining_seconds(request.session),
        "warning": warning,
        "warning_text": duration_text(warning),
        "csrf_token": context.get("csrf_token"),
    }
