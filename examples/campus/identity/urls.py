from django.urls import path

from campus.tokens.endpoints import JWKS_PATH, TOKEN_PATH

from .ports import IdentityPorts
from .views import JwksApi, TokenApi


def build_urlpatterns(ports: IdentityPorts) -> list:
    """The identity routes: the token endpoint and the public keys."""
    return [
        path(TOKEN_PATH.lstrip("/"), TokenApi.as_view()),
        path(JWKS_PATH.lstrip("/"), JwksApi.as_view()),
    ]
