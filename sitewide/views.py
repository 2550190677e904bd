"""What every public page of the site shares: the header's navigation."""

from django.apps import apps
from django.conf import settings


def nav_domains():
    """The domains of the header's navigation (one small query), for views that are functions."""
    model = apps.get_model(settings.PORTAL_NAV_MODEL)
    return list(model.objects.only("name", "slug", "order"))


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
        return nav_domains()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "nav_domains" not in context:
            context["nav_domains"] = self.get_nav_domains()
        context.setdefault("nav_active", self.nav_active)
        return context
