from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "shinchoku.opendata"
    label = "opendata"
    verbose_name = "オープンデータ"
