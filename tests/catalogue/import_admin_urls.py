"""
A URLconf whose admin has the import mixin on the real DisclosureItem admin.

It lets the import views be tested before (and regardless of) the mixin being added to the
portal's own DisclosureItemAdmin.
"""

from django.contrib.admin import AdminSite
from django.urls import path

from catalogue.admin import DisclosureItemAdmin
from catalogue.admin_import import CatalogueImportMixin
from catalogue.models import DisclosureItem


class ImportingDisclosureItemAdmin(CatalogueImportMixin, DisclosureItemAdmin):
    pass


site = AdminSite(name="admin")
if CatalogueImportMixin in DisclosureItemAdmin.__mro__:
    site.register(DisclosureItem, DisclosureItemAdmin)
else:
    site.register(DisclosureItem, ImportingDisclosureItemAdmin)

urlpatterns = [path("admin/", site.urls)]
