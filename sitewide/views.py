"""What every public page of the site shares: the header's navigation."""

import re

from django.apps import apps
from django.conf import settings
from django.db.models import Subquery
from django.urls import get_script_prefix

UNIT_PREFIX = re.compile(r"/u/(?P<slug>[-\w]+)/$", re.ASCII)


def nav_domains(unit=None):
    """
    The domains of the header's navigation (one small query), for views that are functions.

    Pass the unit whose pages these are (request.unit). Without one, the unit is the one the
    request's address names (the script prefix /u/<slug>/ that units.middleware sets), else the
    first unit: still one query.
    """
    model = apps.get_model(settings.PORTAL_NAV_MODEL)
    domains = model.objects.only("name", "slug", "order")
    if unit is not None:
        return list(domains.filter(unit_id=unit.pk))
    match = UNIT_PREFIX.search(get_script_prefix())
    if match:
        return list(domains.filter(unit__slug=match["slug"]))
    first = apps.get_model("units.Unit").objects.order_by("pk").values("pk")[:1]
    return list(domains.filter(unit_id=Subquery(first)))


class NavMixin:
    """
    Put the domains of the header's navigation into the context: one small query per page.

    The site names the model in settings (PORTAL_NAV_MODEL: the catalogue's domains), so every
    app's pages share the header without importing the catalogue.

    This lives in the views rather than in a context processor so that pages which need no
    database (the error pages) stay free of it.
    """

    nav_active = ""

    def get_nav_domains(self):
        return nav_domains(getattr(self.request, "unit", None))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "nav_domains" not in context:
            context["nav_domains"] = self.get_nav_domains()
        context.setdefault("nav_active", self.nav_active)
        return context
