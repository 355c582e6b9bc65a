from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "suprovid.appeals"
    label = "appeals"
    verbose_name = _("Appeals")

    def ready(self) -> None:
        from suprovid.people.reach import register_reach_source

        from .reach import issue_reach_source

        # A person is visible where their issues are handled (suprovid/people/reach.py).
        register_reach_source("appeals.issue", issue_reach_source)
