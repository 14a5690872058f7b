from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "shinchoku.web"
    label = "web"
    verbose_name = "公開サイトと事務局画面"
