from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """What the Law on personal data (2297-VI) asks of the data as a whole: the report of
    everything held on a person (art. 8) and the retention rules. Both read every app's
    rows about a person, so this app sits above them (docs/development.md, "Layers")."""

    name = "suprovid.privacy"
    label = "privacy"
    verbose_name = _("Personal data")
