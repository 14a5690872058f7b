from django.apps import AppConfig


class PlanConfig(AppConfig):
    name = "shinchoku.plan"
    label = "plan"
    verbose_name = "計画"
