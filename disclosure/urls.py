"""
The public pages of the three content types, under the URL names they have always had.

Each list keeps its content type's namespace (``catalogue:item-detail``,
``columns:column-detail``, ``publications:publication-detail``), so moving the pages above the
content layer changed no link.
"""

from django.urls import path

from catalogue.downloads import domain_download
from disclosure import catalogue_pages, column_pages, publication_pages

catalogue_urls = (
    [
        path("", catalogue_pages.HomeView.as_view(), name="home"),
        path(
            "catalogue/<slug:slug>/",
            catalogue_pages.DomainDetailView.as_view(),
            name="domain-detail",
        ),
        path("items/<int:pk>/", catalogue_pages.ItemDetailView.as_view(), name="item-detail"),
        path("search/", catalogue_pages.SearchView.as_view(), name="search"),
        path("catalogue/<slug:slug>/download.<str:fmt>", domain_download, name="domain-download"),
    ],
    "catalogue",
)

column_urls = (
    [
        path("", column_pages.ColumnTreeView.as_view(), name="column-tree"),
        path("<int:pk>/", column_pages.ColumnDetailView.as_view(), name="column-detail"),
    ],
    "columns",
)

publication_urls = (
    [
        path(
            "<int:pk>/",
            publication_pages.PublicationDetailView.as_view(),
            name="publication-detail",
        ),
        path(
            "attachments/<int:pk>/",
            publication_pages.attachment_download,
            name="attachment-download",
        ),
    ],
    "publications",
)
