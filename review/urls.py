from django.contrib import admin
from django.urls import path

from review import views

app_name = "review"

# Staff only: admin_view sends anyone else to the admin login.
urlpatterns = [
    path("todo/", admin.site.admin_view(views.todo), name="todo"),
]
