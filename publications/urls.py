from django.urls import path

from publications import views

app_name = "publications"

urlpatterns = [
    path("<int:pk>/", views.PublicationDetailView.as_view(), name="publication-detail"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment-download"),
]
