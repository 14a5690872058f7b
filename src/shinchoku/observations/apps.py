from django.apps import AppConfig


class ObservationsConfig(AppConfig):
    name = "shinchoku.observations"
    label = "observations"
    verbose_name = "実績値"

    def ready(self) -> None:
        from .store import watch_observation_rows, watch_plan_rows

        watch_plan_rows()
        watch_observation_rows()
