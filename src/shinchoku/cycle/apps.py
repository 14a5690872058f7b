from django.apps import AppConfig


class CycleConfig(AppConfig):
    name = "shinchoku.cycle"
    label = "cycle"
    verbose_name = "進捗管理（PDCA）"
