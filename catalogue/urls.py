from django.urls import path

from catalogue import views
from catalogue.downloads import domain_download

app_name = "catalogue"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("catalogue/<slug:slug>/", views.DomainDetailView.as_view(), name="domain-detail"),
    path("items/<int:pk>/", views.ItemDetailView.as_view(), name="item-detail"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("catalogue/<slug:slug>/download.<str:fmt>", domain_download, name="domain-download"),
]
