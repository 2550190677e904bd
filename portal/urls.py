from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from disclosure.unit_pages import PlatformSearchView, UnitTreeView
from disclosure.urls import catalogue_urls, column_urls, publication_urls
from portal.findability import SITEMAPS, ChangesFeed, robots_txt, sitemap

urlpatterns = [
    path("admin/selfcheck/", include("selfcheck.urls")),
    path("admin/review/", include("review.urls")),
    path("admin/session/", include("audit.urls")),  # idle sign-out warning: status, keep-alive
    path("admin/", admin.site.urls),
    path("", include(catalogue_urls)),
    path("columns/", include(column_urls)),
    path("publications/", include(publication_urls)),
    path("ledger/", include("ledger.urls")),
    path("annual-reports/", include("annualreport.urls")),
    path("yisqgk/", include("inforequests.urls")),
    path("consultations/", include("consultations.urls")),
    path("messages/", include("inquiries.urls")),
    # The platform's pages: the units as a tree (单位导航) and search across them.
    path("units/", UnitTreeView.as_view(), name="units"),
    path("units/search/", PlatformSearchView.as_view(), name="units-search"),
    path("u/", RedirectView.as_view(pattern_name="units")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    path("feeds/changes.atom", ChangesFeed(), name="changes-feed"),
    path("", include("display.urls")),
]

# 404 renders templates/404.html (linking to the platform for an unknown unit); 500 renders
# without the database.
handler404 = "disclosure.catalogue_pages.page_not_found"
handler500 = "disclosure.catalogue_pages.server_error"
