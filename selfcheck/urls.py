from django.contrib import admin
from django.urls import path

from selfcheck import views

app_name = "selfcheck"

# Staff only: admin_view sends anyone else to the admin login.
urlpatterns = [
    path("", admin.site.admin_view(views.report), name="report"),
    path("export.xlsx", admin.site.admin_view(views.export_xlsx), name="export"),
]
