from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "suprovid.network"
    label = "network"
    verbose_name = _("Network")

    def ready(self) -> None:
        from suprovid.core.audit import register_institution_territory

        from .models import Institution

        def territory_of(pk: int) -> str | None:
            code: str | None = (
                Institution.objects.filter(pk=pk).values_list("territory_id", flat=True).first()
            )
            return code

        register_institution_territory(territory_of)
