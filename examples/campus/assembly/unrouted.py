"""The URLconf for a request that reached no service: every path is a JSON 404."""

from campus.errors import handler400, handler403, handler404, handler500  # noqa: F401

urlpatterns: list = []
