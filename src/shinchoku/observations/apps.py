from django.apps import AppConfig


class ObservationsConfig(AppConfig):
    name = "shinchoku.observations"
    label = "observations"
    verbose_name = "実績値"
