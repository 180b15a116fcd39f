from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "skintrack.ops"
    label = "ops"
    verbose_name = "Running skintrack: workers, health"
