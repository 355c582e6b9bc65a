from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "suprovid.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from . import text

        text.install()  # control characters are stripped from every form and API text
