from django.apps import AppConfig


class RegistriesConfig(AppConfig):
    name = "shinchoku.registries"
    label = "registries"
    verbose_name = "事業の登録簿"

    def ready(self) -> None:
        from ..cycle.signals import round_opened
        from .receivers import fill_outputs

        round_opened.connect(fill_outputs, dispatch_uid="registries.fill_outputs")
