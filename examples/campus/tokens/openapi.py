"""What the OpenAPI documents say about tokens: a bearer (JWT) security scheme, and on every
operation that needs one the 401 and 403 answers, in the one error shape, with their
``WWW-Authenticate`` header. drf-spectacular finds the extension by the authentication class;
the hook runs after each document is generated (SPECTACULAR_SETTINGS, POSTPROCESSING_HOOKS)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension

__all__ = ["BearerScheme", "security_responses"]

_ANSWERS = {
    "401": "No token, or one that is malformed, forged, expired, not yet valid, for another "
    "audience or issuer, or not RS256.",
    "403": "A good token without the scope this operation needs, or a learner's token asking "
    "for another learner's data.",
}


class BearerScheme(OpenApiAuthenticationExtension):
    target_class = "campus.tokens.drf.BearerAuthentication"
    name = "bearer"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "An RS256 access token from the identity service's /oauth2/token, "
            "whose aud names this service; keys at the identity's /.well-known/jwks.json.",
        }


def security_responses(result, generator, request, public):
    """Add the 401 and 403 answers to every operation that declares a security requirement."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict) or not operation.get("security"):
                continue
            for code, description in _ANSWERS.items():
                operation["responses"].setdefault(
                    code,
                    {
                        "description": description,
                        "headers": {
                            "WWW-Authenticate": {
                                "description": "The RFC 6750 Bearer challenge",
                                "schema": {"type": "string"},
                            }
                        },
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                        },
                    },
                )
    return result
