from django.apps import AppConfig
from django.core import checks


class IdentityConfig(AppConfig):
    name = "campus.identity"
    label = "identity"

    def ready(self):
        # django-oauth-toolkit's check that its token tables share one database asks the router
        # where they are written, outside any service; campus's router refuses any query outside
        # a service's scope, by design (campus.assembly.databases). What the check guards holds
        # by construction: every oauth2_provider table is the identity's (campus.registry), as
        # tests/identity/test_database.py checks under the identity's scope.
        from oauth2_provider.checks import validate_token_configuration

        checks.registry.registry.registered_checks.discard(validate_token_configuration)
