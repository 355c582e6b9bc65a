from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "suprovid.appeals"
    label = "appeals"
    verbose_name = _("Appeals")

    def ready(self) -> None:
        from suprovid.people.models import register_partner_reach
        from suprovid.people.panels import register_person_panel
        from suprovid.people.reach import register_reach_source

        from .panels import person_panel
        from .reach import issue_reach_source, referred_to

        # A person is visible where their issues are handled (suprovid/people/reach.py).
        register_reach_source("appeals.issue", issue_reach_source)
        register_person_panel(person_panel, order=10)
        register_partner_reach(referred_to)  # partners see persons referred to them
