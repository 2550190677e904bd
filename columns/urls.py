from django.urls import path

from columns import views

app_name = "columns"

urlpatterns = []
