from django.urls import path

from skintrack.push import views

app_name = "push"

urlpatterns = [
    path("reminders/", views.reminder_settings, name="reminders"),
    path("key/", views.public_key, name="key"),
    path("subscribe/", views.subscribe, name="subscribe"),
    path("unsubscribe/", views.unsubscribe, name="unsubscribe"),
]
