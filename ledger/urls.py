from django.urls import path

from ledger import views

app_name = "ledger"

urlpatterns = [
    path("", views.ledger_list, name="ledger-list"),
    path("<int:year>/", views.ledger_detail, name="ledger-detail"),
    path("<int:year>/tasks/<int:task>/", views.task_detail, name="task-detail"),
]
