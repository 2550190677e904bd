from django.urls import path

from display import views

app_name = "display"

urlpatterns = [
    path("display/care/<str:level>", views.care, name="care"),
    path("display/script/<str:script>", views.script, name="script"),
    path("accessibility/", views.AccessibilityView.as_view(), name="accessibility"),
]
