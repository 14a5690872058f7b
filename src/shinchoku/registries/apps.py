from django.apps import AppConfig


class RegistriesConfig(AppConfig):
    name = "shinchoku.registries"
    label = "registries"
    verbose_name = "事業の登録簿"
