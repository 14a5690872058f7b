from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "shinchoku.accounts"
    label = "accounts"
    verbose_name = "利用者"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  registers the permission table with rules
