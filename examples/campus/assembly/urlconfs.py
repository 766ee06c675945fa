"""A URLconf per running service: its own routes plus /health, /metrics, /openapi.json, and for
people exploring it ``/`` and ``/docs`` (see `campus.assembly.explore`)."""

from django.db import connections
from django.http import HttpResponse
from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from campus import errors
from campus.metrics import CONTENT_TYPE
from campus.registry import resource_services
from campus.tokens.scopes import STAFF

from .explore import explore_urlpatterns

__all__ = ["METRICS_KEY", "ServiceURLConf"]

METRICS_KEY = "campus.metrics"  # WSGI environ key set by `ServiceApp`: what /metrics shows


class HealthApi(APIView):
    """200 when every database the service owns answers ``SELECT 1``, else 503 (as the Open edX
    IDA template's health view does)."""

    aliases: tuple[str, ...] = ()
    schema = None  # not part of the service's public contract
    authentication_classes = permission_classes = ()  # public: no token needed

    def get(self, request):
        failing = []
        for alias in self.aliases:
            try:
                with connections[alias].cursor() as cursor:
                    cursor.execute("SELECT 1")
            except Exception:  # any failure means "not healthy"; the detail goes in the body
                failing.append(alias)
        status = 503 if failing else 200
        body = {"status": "unavailable" if failing else "ok", "databases_failing": failing}
        return Response(body, status=status)


class MetricsApi(APIView):
    """The service's Prometheus metrics (`campus.metrics`), for its operators: like every other
    operation, behind the Host check and a token, one with the staff scope. They name every
    neighbour, its breaker's state and the traffic, which is not for anyone who can reach the
    port. Prometheus sends such a token with its scrape configuration's ``authorization``."""

    schema = None  # not part of the service's public contract
    scopes = {"GET": (STAFF,)}
    audience: str | list[str] = ""  # campus.tokens.drf: the service these metrics are of

    def get(self, request):
        body = request.META[METRICS_KEY].exposition()
        return HttpResponse(body, content_type=CONTENT_TYPE)


class OpenApiDocument(SpectacularJSONAPIView):
    schema = None  # the document does not describe itself
    authentication_classes = permission_classes = ()  # public: no token needed

    def handle_exception(self, exc):
        # A refusal (405, 406) is not the document: answer it as plain JSON like any other
        # error, not with the OpenAPI media type negotiated for the document.
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        # Where this document's operations are served: the service that serves the document.
        base = request.build_absolute_uri("/").rstrip("/")
        document = dict(response.data)
        response.data = {
            "openapi": document.pop("openapi"),
            "info": document.pop("info"),
            "servers": [{"url": base, "description": f"this {self.urlconf.title} process"}],
            **document,
        }
        return response


class ServiceURLConf:
    """Stands in for a urls module: Django reads ``urlpatterns`` and the ``handler*`` views."""

    handler400 = staticmethod(errors.handler400)
    handler403 = staticmethod(errors.handler403)
    handler404 = staticmethod(errors.handler404)
    handler500 = staticmethod(errors.handler500)

    def __init__(self, *, title: str, routes: list, aliases: tuple[str, ...], about: dict):
        self.title = title
        schema = OpenApiDocument.as_view(
            urlconf=self,
            custom_settings={"TITLE": f"campus {title}", "DESCRIPTION": about["summary"]},
        )
        self.urlpatterns = [
            *routes,
            path("health", HealthApi.as_view(aliases=aliases)),
            # A staff token names every service that verifies tokens: the monolith's and the
            # identity's metrics take one for any of them.
            path("metrics", MetricsApi.as_view(audience=_audience(title))),
            path("openapi.json", schema),
            *explore_urlpatterns(title=title, about=about),
        ]

    def __repr__(self):
        return f"<ServiceURLConf {self.title}>"


def _audience(title: str) -> str | list[str]:
    return title if title in resource_services() else list(resource_services())
