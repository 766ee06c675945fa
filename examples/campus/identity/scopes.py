"""Which scopes a grant may give (django-oauth-toolkit's ``SCOPES_BACKEND_CLASS``).

A service's client-credentials token holds ``service``; a person's password-grant token holds
``learner``, and ``staff`` too for a staff account. Asking for more is refused (invalid_scope).
"""

from oauth2_provider.scopes import BaseScopes

from campus.tokens.scopes import DESCRIPTIONS, LEARNER, SERVICE, STAFF

__all__ = ["CampusScopes"]


class CampusScopes(BaseScopes):
    def get_all_scopes(self):
        return DESCRIPTIONS

    def get_available_scopes(self, application=None, request=None, *args, **kwargs):
        if request is None:
            return []
        if request.grant_type == "client_credentials":
            return [SERVICE]
        user = getattr(request, "user", None)
        if user is None:
            return []
        return [LEARNER, STAFF] if user.is_staff else [LEARNER]

    def get_default_scopes(self, application=None, request=None, *args, **kwargs):
        return self.get_available_scopes(application, request, *args, **kwargs)
