from django.urls import path

from columns import views

app_name = "columns"

urlpatterns = [
    path("", views.ColumnTreeView.as_view(), name="column-tree"),
    path("<int:pk>/", views.ColumnDetailView.as_view(), name="column-detail"),
]
