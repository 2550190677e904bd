from django.conf import settings


def site(request):
    """The bureau's name for every page's header and title (no database query)."""
    return {"bureau_name": settings.BUREAU_NAME}
