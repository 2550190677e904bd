"""The two small endpoints of the idle sign-out warning (static/admin_extra/idle.js)."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from audit import idle


def _answer(request, status=200):
    signed_in = request.user.is_authenticated
    remaining = idle.remaining_seconds(request.session) if signed_in else 0
    return JsonResponse({"authenticated": signed_in, "remaining_seconds": remaining}, status=status)


@never_cache
@require_GET
@idle.passive
def session_status(request):
    """How long the session has left; asking is not activity (another tab may have been used)."""
    return _answer(request)


@never_cache
@require_POST
def session_keepalive(request):
    """The warning's “继续使用”: count as activity now and answer the new time left."""
    if not request.user.is_authenticated:
        return _answer(request, status=403)
    idle.touch(request.session, force=True)
    return _answer(request)
