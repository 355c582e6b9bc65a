from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "suprovid.programmes"
    label = "programmes"
    verbose_name = _("Programmes")

    def ready(self) -> None:
        from suprovid.people.merge import register_merge_hook
        from suprovid.people.panels import register_person_panel

        from .panels import person_panel
        from .services import merge_limit_usage

        register_merge_hook("programmes.limitusage", merge_limit_usage)
        register_person_panel(person_panel, order=30)
