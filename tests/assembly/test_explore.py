"""A person exploring a running platform: `/` says what answers and links the rest, `/docs` is
Swagger UI served with no network, every operation is described, and a trailing slash is a
redirect (or, for a write, a 404 that names the right path)."""

import re

import pytest

from campus.registry import SERVICES


def _bases(platform) -> dict[str, str]:
    return platform.urls  # the monolith's one server, or one per service


def test_every_root_names_the_service_its_kind_and_links_that_answer(platform, http):
    kinds = {spec.name: spec.kind for spec in SERVICES}
    for name, base in _bases(platform).items():
        index = http.get(base + "/")
        assert index.status_code == 200
        assert index.headers["Content-Type"] == "application/json"
        body = index.json()
        assert (body["name"], body["kind"]) == (name, kinds.get(name, "monolith"))
        assert body["links"] == {
            "docs": base + "/docs",
            "openapi": base + "/openapi.json",
            "health": base + "/health",
        }
        assert http.get(body["links"]["health"]).json()["status"] == "ok"
        assert http.get(body["links"]["openapi"]).json()["info"]["title"] == f"campus {name}"


def test_the_monolith_root_lists_every_service_with_its_kind(monolith, http):
    body = http.get(monolith.url("catalog") + "/").json()
    assert body["services"] == [
        {"name": s.name, "kind": s.kind, "summary": s.summary} for s in SERVICES
    ]


def test_the_docs_page_is_swagger_ui_on_the_services_own_document_with_local_assets(platform, http):
    for base in _bases(platform).values():
        page = http.get(base + "/docs")
        assert page.status_code == 200
        assert page.headers["Content-Type"].startswith("text/html")
        assert "SwaggerUIBundle" in page.text
        assert '"/openapi.json"' in page.text
        assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
        assert len(assets) >= 3
        for asset in assets:
            assert asset.startswith("/static/drf_spectacular_sidecar/"), asset  # no CDN
            assert http.get(base + asset).status_code == 200, asset


def test_static_serves_only_the_docs_assets(monolith, http, refused):
    base = monolith.url("catalog")
    for path in ("/static/", "/static/settings.py", "/static/drf_spectacular_sidecar/../x"):
        refused(http.get(base + path, allow_redirects=False), 404, "not_found")


@pytest.mark.parametrize("service", [s.name for s in SERVICES])
def test_every_operation_has_a_summary_a_description_and_the_service_as_its_server(
    microservices, http, service
):
    base = microservices.url(service)
    document = http.get(base + "/openapi.json").json()
    assert document["servers"][0]["url"] == base
    assert document["info"]["description"]
    for path, item in document["paths"].items():
        for method, operation in item.items():
            assert operation.get("summary"), f"{method} {path}"
            assert len(operation.get("description", "")) > len(operation["summary"]), path


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_a_safe_request_with_a_trailing_slash_is_redirected_without_it(platform, http, method):
    answer = http.request(
        method, platform.url("catalog") + "/courses/?enrollment_open=true", allow_redirects=False
    )
    assert answer.status_code == 301
    assert answer.headers["Location"] == "/courses?enrollment_open=true"
    followed = http.get(platform.url("catalog") + "/courses/?enrollment_open=true")
    assert followed.status_code == 200
    assert followed.json()


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
def test_a_write_with_a_trailing_slash_is_a_404_naming_the_path_without_it(
    platform, http, refused, method
):
    answer = http.request(method, platform.url("catalog") + "/courses/", json={})
    error = refused(answer, 404, "not_found")
    assert "'/courses'" in error["message"]


def test_a_path_that_does_not_exist_either_way_is_a_plain_404(platform, http, refused):
    for path in ("/nowhere/", "/nowhere", "//evil.example/"):
        answer = http.get(platform.url("catalog") + path, allow_redirects=False)
        error = refused(answer, 404, "not_found")
        assert "did you mean" not in error["message"]
