from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    """The site shell on top of every app: the start page, the menu (read from the capability
    matrix), help, saved filters and the audit log's pages. Nothing below imports it."""

    name = "suprovid.web"
    label = "web"
    verbose_name = _("Site")
