from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "skintrack.accounts"
    label = "accounts"
    verbose_name = "People"
