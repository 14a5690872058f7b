from django.apps import AppConfig


class CouncilConfig(AppConfig):
    name = "shinchoku.council"
    label = "council"
    verbose_name = "推進会議"
