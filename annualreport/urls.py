from django.urls import path

from annualreport import views

app_name = "annualreport"

urlpatterns = [
    path("", views.report_list, name="report-list"),
    path("<int:year>/", views.report_detail, name="report-detail"),
    path("<int:year>/report.docx", views.report_docx, name="report-docx"),
]
