"""Neighbours' URLs and the client's limits come from the environment, and bad values fail early."""

import pytest

from campus.assembly.config import PlatformConfig, otlp_configured
from campus.embedded import Platform

SERVICES = ["catalog", "enrollments"]
COURSE = {
    "key": "course-v1:Elsewhere+ONLY1+2026",
    "title": "Only on the monolith",
    "start": "2026-01-01",
    "end": "2026-06-01",
}


def test_the_defaults_are_a_two_second_timeout_and_one_retry():
    config = PlatformConfig.from_environ({}, SERVICES)
    assert (config.urls, config.http_timeout, config.http_retries) == ({}, 2.0, 1)


def test_a_neighbour_url_and_the_client_limits_are_read_from_the_environment():
    environ = {
        "CAMPUS_CATALOG_URL": "http://127.0.0.1:8001",
        "CAMPUS_HTTP_TIMEOUT": "0.25",
        "CAMPUS_HTTP_RETRIES": "0",
        "CAMPUS_GRADES_URL": "http://127.0.0.1:8009",  # no such service: not a neighbour
    }
    config = PlatformConfig.from_environ(environ, SERVICES)
    assert config == PlatformConfig({"catalog": "http://127.0.0.1:8001"}, 0.25, 0)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("CAMPUS_HTTP_TIMEOUT", "soon", "is not a number"),
        ("CAMPUS_HTTP_TIMEOUT", "-1", "must be a finite number"),
        ("CAMPUS_HTTP_TIMEOUT", "0", "must be a finite number"),
        ("CAMPUS_HTTP_TIMEOUT", "nan", "must be a finite number"),
        ("CAMPUS_HTTP_TIMEOUT", "inf", "must be a finite number"),
        ("CAMPUS_HTTP_RETRIES", "1.5", "is not a whole number"),
        ("CAMPUS_HTTP_RETRIES", "-1", "must be a finite number"),
        ("CAMPUS_CATALOG_URL", "catalog:8001", "is not an http"),
        ("CAMPUS_CATALOG_URL", "ftp://127.0.0.1", "is not an http"),
        ("CAMPUS_CATALOG_URL", "http://127.0.0.1:99999", "is not an http"),
        ("CAMPUS_CATALOG_URL", "http://", "is not an http"),
    ],
)
def test_a_bad_value_fails_with_a_message_naming_the_variable_and_the_value(name, value, message):
    with pytest.raises(ValueError, match=message) as refused:
        PlatformConfig.from_environ({name: value}, SERVICES)
    assert f"{name}={value!r}" in str(refused.value)


@pytest.mark.parametrize("arch", ["monolith", "microservices"])
def test_a_platform_refuses_to_start_on_bad_configuration(arch, monkeypatch):
    monkeypatch.setenv("CAMPUS_HTTP_TIMEOUT", "0")
    platform = Platform(arch)
    with pytest.raises(ValueError, match="CAMPUS_HTTP_TIMEOUT='0'"):
        platform.start()
    assert platform.servers == {}


def test_microservices_call_their_own_neighbours_unless_configured_otherwise(microservices):
    assert microservices.config.urls == microservices.urls


def test_catalog_url_in_the_environment_points_the_callers_at_another_catalog(
    monolith, monkeypatch, http
):
    created = http.post(monolith.url("catalog") + "/courses", json=COURSE)
    assert created.status_code == 201
    monkeypatch.setenv("CAMPUS_CATALOG_URL", monolith.url("catalog"))
    with Platform("microservices") as microservices:
        assert microservices.config.urls["catalog"] == monolith.url("catalog")
        assert microservices.config.urls["enrollments"] == microservices.url("enrollments")
        enrolled = http.post(
            microservices.url("enrollments") + "/enrollments",
            json={"learner": "ada", "course_key": COURSE["key"]},
        )
        assert enrolled.status_code == 201  # the course exists only in the monolith's catalog
        page = http.get(microservices.url("dashboard") + "/dashboard/ada").json()
        assert [c["title"] for c in page["courses"]] == [COURSE["title"]]
        local = http.get(microservices.url("catalog") + f"/courses/{COURSE['key']}")
        assert local.status_code == 404


def test_spans_go_to_a_collector_only_when_the_sdk_is_given_an_endpoint():
    assert otlp_configured({}) is False
    assert otlp_configured({"OTEL_EXPORTER_OTLP_ENDPOINT": ""}) is False
    assert otlp_configured({"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://127.0.0.1:4318"})
