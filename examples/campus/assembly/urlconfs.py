"""A URLconf per running service: its own routes plus its probes, /metrics, /openapi.json, and
for people exploring it ``/`` and ``/docs`` (see `campus.assembly.explore`).

Two probes, as Kubernetes asks: ``/health/live`` (liveness) answers 200 while the process can
answer at all, and asks no backing service, so a database outage makes a process unready, never
restarted; ``/health/ready`` (readiness, also at ``/health``) answers 200 once every database
the service owns answers and everything its first request would wait for is at hand (its own
token, the identity's keys), each check ended within `READY_CHECK_S`.
"""

from django.db import connections
from django.http import HttpResponse
from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from campus import errors
from campus.deadlines import Deadline, current_deadline, deadline_scope
from campus.metrics import CONTENT_TYPE
from campus.registry import resource_services
from campus.tokens.scopes import STAFF

from .explore import explore_urlpatterns

__all__ = ["METRICS_KEY", "READY_CHECK_S", "ServiceURLConf"]

METRICS_KEY = "campus.metrics"  # WSGI environ key set by `ServiceApp`: what /metrics shows
READY_CHECK_S = 0.5  # a probe's checks end by then, or by the probe's own deadline if sooner


class LiveApi(APIView):
    """200 while the process answers: touches no database, no neighbour, no Redis."""

    schema = None  # not part of the service's public contract
    authentication_classes = permission_classes = ()  # public: no token needed

    def get(self, request):
        return Response({"status": "alive"})


class ReadyApi(APIView):
    """200 when every database the service owns answers ``SELECT 1`` (as the Open edX IDA
    template's health view does) and every check of ``checks`` (name: a callable that raises
    while not ready) passes; else 503 naming what failed."""

    aliases: tuple[str, ...] = ()
    checks: dict = {}
    schema = None  # not part of the service's public contract
    authentication_classes = permission_classes = ()  # public: no token needed

    def get(self, request):
        with deadline_scope(_sooner(READY_CHECK_S)):
            failing = [alias for alias in self.aliases if not _passes(_select_one, alias)]
            waiting = [name for name, check in self.checks.items() if not _passes(check)]
        ready = not failing and not waiting
        status = "ok" if ready else "unavailable"
        body = {"status": status, "databases_failing": failing, "waiting_for": waiting}
        return Response(body, status=200 if ready else 503)


def _sooner(seconds: float) -> Deadline:
    """The current deadline, or one ``seconds`` from now if that is sooner."""
    given, short = current_deadline(), Deadline.after(seconds)
    return given if given is not None and given.at < short.at else short


def _select_one(alias: str) -> None:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT 1")


def _passes(check, *args) -> bool:
    try:
        check(*args)
    except Exception:  # any failure means "not ready"; what failed is named in the body
        return False
    return True


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

    def __init__(
        self,
        *,
        title: str,
        routes: list,
        aliases: tuple[str, ...],
        about: dict,
        ready_checks: dict | None = None,
    ):
        self.title = title
        self.ready_checks = ready_checks or {}
        schema = OpenApiDocument.as_view(
            urlconf=self,
            custom_settings={"TITLE": f"campus {title}", "DESCRIPTION": about["summary"]},
        )
        self.urlpatterns = [
            *routes,
            path("health", ReadyApi.as_view(aliases=aliases, checks=self.ready_checks)),
            path("health/ready", ReadyApi.as_view(aliases=aliases, checks=self.ready_checks)),
            path("health/live", LiveApi.as_view()),
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
