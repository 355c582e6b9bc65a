from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "suprovid.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from .rollups import ensure_installed

        post_migrate.connect(ensure_installed, sender=self, dispatch_uid="reports.rollups")
