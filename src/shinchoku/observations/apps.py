from django.apps import AppConfig


class ObservationsConfig(AppConfig):
    name = "shinchoku.observations"
    label = "observations"
    verbose_name = "実績値"

    def ready(self) -> None:
        from .counting import watch_observation_rows
        from .store import watch_plan_rows

        watch_plan_rows()
        watch_observation_rows()
