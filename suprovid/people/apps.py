from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "suprovid.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from suprovid.core.collation import register_sqlite_collation

        # Ukrainian alphabetical order on SQLite too (suprovid/core/collation.py).
        connection_created.connect(register_sqlite_collation, dispatch_uid="uk_collation")
