from django.urls import path

from inquiries import views

app_name = "inquiries"

urlpatterns = [
    path("", views.MessageFormView.as_view(), name="message-form"),
    path("sent/", views.MessageSentView.as_view(), name="message-sent"),
    path("track/<str:code>/", views.MessageTrackView.as_view(), name="message-track"),
]
