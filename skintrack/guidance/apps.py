from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    name = "skintrack.guidance"
    label = "guidance"
    verbose_name = "Guidance"
