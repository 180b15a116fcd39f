from django.apps import AppConfig


class LearnConfig(AppConfig):
    name = "skintrack.learn"
    label = "learn"
    verbose_name = "Learn content"
