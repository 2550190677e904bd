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
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404
from django.urls import path

from audit.forms import TwoFactorLoginForm
from units import access
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

    def get_urls(self):
        """Django's URLs, with 在网站上查看 (view_on_site) asking the object's admin first."""
        urls = super().get_urls()
        for index, pattern in enumerate(urls):
            if getattr(pattern, "name", None) == "view_on_site":
                urls[index] = path(
                    str(pattern.pattern),
                    self.admin_view(self.view_on_site),
                    name="view_on_site",
                )
        return urls

    def view_on_site(self, request, content_type_id, object_id):
        """
        Redirect to an object's public page only if the user's admin shows them the object:
        Django's shortcut would send anyone to any row's page, another unit's included.
        """
        try:
            model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
            model_admin = self._registry.get(model)
            if model_admin is not None:
                rows = model_admin.get_queryset(request)
            else:
                rows = access.scope(request.user, model._default_manager.all())
            visible = rows.filter(pk=object_id).exists()
        except (ValueError, TypeError, ObjectDoesNotExist, ValidationError) as exc:
            raise Http404 from exc
        if not visible:
            raise Http404
        return contenttype_views.shortcut(request, content_type_id, object_id)

    def each_context(self, request):
        context = super().each_context(request)
        context["require_2fa"] = settings.PORTAL_REQUIRE_2FA
        context["admin_contact"] = settings.PORTAL_ADMIN_CONTACT
        return context
