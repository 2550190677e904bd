"""The portal's URLs and a platform page (one that shows every unit) for the page cache's tests."""

from django.http import HttpResponse
from django.urls import path

from catalogue.models import DisclosureItem
from portal.urls import urlpatterns as portal_urls


def every_unit(request):
    """Every unit's published items by name: a page a change in any unit changes."""
    names = DisclosureItem.objects.order_by("pk").values_list("level1", flat=True)
    body = "<!doctype html><title>平台</title><ul>" + "".join(f"<li>{n}</li>" for n in names)
    return HttpResponse(body + "</ul>" + " " * 300)


every_unit.page_cache_platform = True

urlpatterns = [path("platform-test/", every_unit), *portal_urls]
