from django.apps import AppConfig
from django.core import checks

from .factors import TAG


class TwelveFactorConfig(AppConfig):
    name = "campus.twelvefactor"
    label = "twelvefactor"
    verbose_name = "Twelve-factor audit"

    def ready(self):
        # Imported here, not at the top: the checks read the runtime and the services, which
        # are still loading while Django imports this module.
        from . import audit

        for check in audit.CHECKS:
            checks.register(check, TAG)
