"""DRF's side of the tokens: who is calling (`BearerAuthentication`) and may they (`ScopeRequired`,
`learner_check`). Every service view runs both; ``/health``, ``/openapi.json``, ``/`` and
``/docs`` opt out (``authentication_classes = permission_classes = ()``).

A view says which scopes each method needs, any one of them sufficing:

    class EnrollmentCompleteApi(APIView):
        scopes = {"POST": (STAFF,)}

The audience a token must name is the service the view belongs to (``campus.<service>.views``),
so the monolith, serving every service's views, holds each route to the same audience as the
service that owns it. The verifier comes from the running app (`VERIFIER_KEY` in the WSGI
environ): the identity provider's JWKS for a service, its own key for the monolith.
"""

from dataclasses import dataclass

from rest_framework import exceptions, status
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import BasePermission

from campus.registry import service_get

from . import forwarding
from .scopes import PEOPLE, STAFF
from .verify import REALM, InvalidToken

__all__ = [
    "VERIFIER_KEY",
    "BearerAuthentication",
    "Forbidden",
    "Principal",
    "ScopeRequired",
    "learner_check",
]

VERIFIER_KEY = "campus.token_verifier"


@dataclass(frozen=True)
class Principal:
    """Whoever a verified token speaks for: ``sub`` is a learner's username (password grant) or
    a service's client id (client-credentials grant)."""

    sub: str
    scopes: frozenset[str]
    claims: dict
    is_authenticated = True  # what DRF and Django ask of request.user

    @property
    def acts_for_person(self) -> bool:
        return bool(self.scopes & set(PEOPLE))


class Forbidden(exceptions.APIException):
    """403 with the RFC 6750 ``insufficient_scope`` challenge; ``code`` says what was missing."""

    status_code = status.HTTP_403_FORBIDDEN
    default_code = "forbidden"

    def __init__(self, message: str, *, code: str, scopes: tuple[str, ...]):
        super().__init__(message, code)
        self.auth_header = f'{REALM}, error="insufficient_scope", scope="{" ".join(scopes)}"'


class BearerAuthentication(BaseAuthentication):
    """``Authorization: Bearer <JWT>``, verified for the audience of the view's service.

    No header: not authenticated (the permission then answers 401 ``not_authenticated``).
    Anything else that is not a good token: 401 `InvalidToken`.
    """

    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION")
        if header is None:
            return None
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token or " " in token.strip():
            raise InvalidToken(
                "The Authorization header must be 'Bearer <token>'.", code="token_malformed"
            )
        token = token.strip()
        view = request.parser_context["view"]
        claims = _verifier(request).verify(token, audience=view_service(view))
        principal = Principal(claims["sub"], frozenset(claims["scope"].split()), claims)
        if principal.acts_for_person:
            forwarding.inbound_token_set(token)  # for the calls this request makes for them
        return principal, claims

    def authenticate_header(self, request):
        return REALM


class ScopeRequired(BasePermission):
    """The view's ``scopes[method]``: the token must hold one of them (403 otherwise). A method
    the view has no handler for is left to DRF, which answers 405; one it handles but does not
    declare is refused (403), so a handler added without its scopes is closed, not open."""

    def has_permission(self, request, view):
        if not isinstance(request.user, Principal):
            return False  # DRF answers 401 not_authenticated, with the Bearer challenge
        method = "GET" if request.method == "HEAD" else request.method
        needed = view.scopes.get(method)
        # OPTIONS is DRF's own answer on every view (what the view accepts), not an operation.
        if needed is None and method != "OPTIONS" and hasattr(view, method.lower()):
            raise Forbidden(
                f"{method} declares no scope here, so no token may use it.",
                code="insufficient_scope",
                scopes=(),
            )
        if needed is None or request.user.scopes & set(needed):
            return True
        raise Forbidden(
            f"This operation needs a token with the scope {' or '.join(needed)}.",
            code="insufficient_scope",
            scopes=needed,
        )


def learner_check(request, learner: str) -> None:
    """Raise `Forbidden` unless the caller may see ``learner``'s data: it is themselves, or
    the token holds the staff scope."""
    user = request.user
    if STAFF in user.scopes or user.sub == learner:
        return
    # The message names no learner: for a resource found by its id, that would tell the caller
    # whose it is.
    raise Forbidden(
        "A learner's token reaches only that learner's own data.",
        code="not_own_data",
        scopes=(STAFF,),
    )


def view_service(view) -> str | list[str]:
    """The service a view belongs to: its ``audience`` when it names one (a view every service
    serves, such as /metrics), else from its module ``campus.<service>.views``."""
    return getattr(view, "audience", None) or service_get(type(view).__module__.split(".")[1]).name


def _verifier(request):
    verifier = request.META.get(VERIFIER_KEY)
    if verifier is None:  # a programming error: the app was built without one
        raise RuntimeError("no token verifier in this request; build the app with one")
    return verifier


from . import openapi  # noqa: E402, F401 -- defining the extension registers it with drf-spectacular
