from django.urls import path

from audit import views

# Included at /admin/session/ by portal/urls.py, before the admin's own URLs.
urlpatterns = [
    path("status/", views.session_status, name="session-status"),
    path("keep-alive/", views.session_keepalive, name="session-keepalive"),
]
