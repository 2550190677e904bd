from django.urls import path

from inforequests import views

app_name = "inforequests"

urlpatterns = [
    path("", views.guide, name="guide"),
    path("shenqingbiao.docx", views.form_download, name="form-download"),
    path("apply/", views.apply, name="apply"),
    path("receipt/", views.receipt, name="receipt"),
    path("status/", views.status, name="status"),
    path("status/receipt.docx", views.status_receipt, name="status-receipt"),
    path("status/letter/<int:step_pk>/", views.status_letter, name="status-letter"),
    path("status/file/<int:file_pk>/", views.status_file, name="status-file"),
    path("register/", views.register, name="register"),
    path("statistics/", views.statistics_page, name="statistics"),
    path("statistics/<int:year>.xlsx", views.statistics_xlsx, name="statistics-xlsx"),
]
