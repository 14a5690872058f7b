from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "shinchoku.audit"
    label = "audit"
    verbose_name = "監査ログ"

    def ready(self) -> None:
        """Every admin write is audited (the admin's ModelAdmins are loaded by now)."""
        from .admin import audit_every_admin

        audit_every_admin()
