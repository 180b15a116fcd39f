from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "skintrack.reports"
    label = "reports"
    verbose_name = "Reports and reminders"
