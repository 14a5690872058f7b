from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "shinchoku.api"
    label = "api"
    verbose_name = "API"
