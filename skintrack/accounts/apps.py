from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "skintrack.accounts"
    label = "accounts"
    verbose_name = "People"

    def ready(self):
        from skintrack.accounts import checks  # noqa: F401  (registers the deploy checks)
