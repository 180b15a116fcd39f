from django.apps import AppConfig


class PushConfig(AppConfig):
    name = "skintrack.push"
    label = "push"
    verbose_name = "Push notifications"
