from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "shinchoku.web"
    label = "web"
    verbose_name = "公開サイトと事務局画面"

    def ready(self) -> None:
        # Messages written outside Django (core, ingest, services' refusals) follow the
        # language of the request, as the templates do: English on /en/ pages.
        from django.utils.translation import get_language

        from ..catalogue import english
        from ..core import messages
        from ..published import public_fingerprint
        from ..versions import fingerprint_public_data

        messages.install("en", english())
        messages.follow(get_language)
        # The cache's public version reads every app's models: declared here, from above.
        fingerprint_public_data(public_fingerprint)
