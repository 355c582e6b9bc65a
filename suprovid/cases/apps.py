from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "suprovid.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from suprovid.appeals.case_link import register_open_cases
        from suprovid.people.merge import register_merge_check
        from suprovid.people.panels import register_person_panel

        from .links import open_cases
        from .merge import one_open_case_per_household
        from .panels import person_panel

        register_merge_check(one_open_case_per_household)
        register_person_panel(person_panel, order=20)
        register_open_cases(open_cases)
