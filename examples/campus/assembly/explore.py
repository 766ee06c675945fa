"""What a person exploring a running service finds: ``/`` says what it is and where to look next,
``/docs`` is Swagger UI on the service's own OpenAPI document, its files served from
``/static/`` out of the drf-spectacular-sidecar package (no network needed).

    $ curl -s http://127.0.0.1:8000/
    {"name": "catalog", "kind": "entity", "summary": "Courses: ...",
     "links": {"docs": "http://127.0.0.1:8000/docs", "openapi": ".../openapi.json", ...}}
"""

from pathlib import Path

import drf_spectacular_sidecar
from django.urls import path, re_path
from django.views.static import serve
from drf_spectacular.views import SpectacularSwaggerView
from rest_framework.response import Response
from rest_framework.views import APIView

from campus.registry import SERVICES, ServiceSpec

__all__ = ["LINKS", "about_monolith", "about_service", "explore_urlpatterns"]

LINKS = {"docs": "/docs", "openapi": "/openapi.json", "health": "/health"}
_SIDECAR_STATIC = Path(drf_spectacular_sidecar.__file__).parent / "static"


def about_service(spec: ServiceSpec) -> dict:
    return {"name": spec.name, "kind": spec.kind, "summary": spec.summary}


def about_monolith() -> dict:
    """The monolith is one app holding every service: its index names them, kinds and all."""
    return {
        "name": "monolith",
        "kind": "monolith",
        "summary": "Every service in one Django project over one database",
        "services": [about_service(spec) for spec in SERVICES],
    }


class ServiceIndexApi(APIView):
    """``/``: the service's name, kind and summary (from campus.registry) and absolute links."""

    about: dict = None
    schema = None  # a signpost for people, not part of the service's contract
    authentication_classes = permission_classes = ()  # public: no token needed

    def get(self, request):
        base = request.build_absolute_uri("/").rstrip("/")
        links = {name: base + target for name, target in LINKS.items()}
        return Response({**self.about, "links": links})


def explore_urlpatterns(*, title: str, about: dict) -> list:
    docs = SpectacularSwaggerView.as_view(url=LINKS["openapi"], title=f"campus {title}")
    return [
        path("", ServiceIndexApi.as_view(about=about)),
        path(LINKS["docs"].lstrip("/"), docs),
        re_path(
            r"^static/(?P<path>drf_spectacular_sidecar/.+)$",
            serve,
            {"document_root": _SIDECAR_STATIC},
        ),
    ]
