from django.urls import path  # noqa: F401

app_name = "publications"

# The publication page (publication-detail) and attachment-download are added with their views.
urlpatterns: list = []
