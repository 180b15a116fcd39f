from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "skintrack.accounts"
    label = "accounts"
    verbose_name = "People"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from skintrack.accounts import checks  # noqa: F401  (registers the deploy checks)
        from skintrack.accounts.middleware import mark_session_renewed

        user_logged_in.connect(mark_session_renewed, dispatch_uid="session_renewed_on_login")
