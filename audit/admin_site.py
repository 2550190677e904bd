"""
The portal's admin site: Django's with the portal's titles, plus a TOTP second factor when
PORTAL_REQUIRE_2FA is on.

Every admin registered on the site is scoped by unit (`register`, units.admin_scope).
The setting is read on every request rather than when the site is built, so one site object
serves both modes (development without, production with) and tests can switch it.
With the second factor on, a staff user counts as signed in to the admin only once verified by
a TOTP device (django-otp); every admin page and every view wrapped in `admin.site.admin_view`
(the self-check pages …) asks for it.
"""

import functools

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404

from audit.forms import TwoFactorLoginForm
from units.admin_scope import scoped_admin_class


class PortalAdminSite(admin.AdminSite):
    site_header = "政务公开目录管理"
    site_title = "政务公开目录管理"
    index_title = "目录与栏目维护"
    index_template = "review/admin_index.html"  # the index with the review to-do link

    def register(self, model_or_iterable, admin_class=None, **options):
        """
        Register every admin scoped by unit (units.admin_scope), so no model, the libraries'
        included, shows one unit's rows to another's staff because its admin forgot.
        """
        admin_class = scoped_admin_class(admin_class or admin.ModelAdmin)
        super().register(model_or_iterable, admin_class, **options)

    @property
    def login_form(self):
        return TwoFactorLoginForm if settings.PORTAL_REQUIRE_2FA else AdminAuthenticationForm

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        if not settings.PORTAL_REQUIRE_2FA:
            return True
        is_verified = getattr(request.user, "is_verified", None)
        return bool(is_verified and is_verified())

    def admin_view(self, view, cacheable=False):
        """
        Also answer 404 where a view's `Model.objects.get(pk=…)` finds nothing (an id typed,
        past the last row or past 64 bits): libraries' views (django-otp's) do that.
        """

        @functools.wraps(view)
        def found_or_404(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except ObjectDoesNotExist as exc:
                raise Http404(str(exc)) from exc

        return super().admin_view(found_or_404, cacheable)

    def each_context(self, request):
        context = super().each_context(request)
        context["require_2fa"] = settings.PORTAL_REQUIRE_2FA
        context["admin_contact"] = settings.PORTAL_ADMIN_CONTACT
        return context
