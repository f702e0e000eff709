from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "chumchon.search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from chumchon.search import registrations

        registrations.register()
