"""Each service's /metrics, in Prometheus's text format: requests, latency, calls out, breakers."""

import requests
from bearer_tokens import learner_auth
from prometheus_client.parser import text_string_to_metric_families


def _samples(text: str) -> dict:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def test_a_service_counts_its_answers_by_method_and_status(platform, http):
    http.get(platform.url("catalog") + "/courses")
    http.get(platform.url("catalog") + "/courses/not-a-key")
    answer = http.get(platform.url("catalog") + "/metrics")
    assert answer.headers["Content-Type"].startswith("text/plain")
    samples = _samples(answer.text)
    service = "monolith" if platform.arch == "monolith" else "catalog"
    ok = (
        "campus_http_requests_total",
        (("method", "GET"), ("service", service), ("status", "200")),
    )
    assert samples[ok] >= 1
    bad = ok[0], (("method", "GET"), ("service", service), ("status", "400"))
    assert samples[bad] == 1
    count = (
        "campus_http_request_duration_seconds_count",
        (("method", "GET"), ("service", service)),
    )
    assert samples[count] >= 2


def test_an_unknown_method_is_counted_as_other_not_as_a_label_of_its_own(microservices, http):
    http.request("BREW", microservices.url("catalog") + "/courses")
    text = http.get(microservices.url("catalog") + "/metrics").text
    assert 'method="other"' in text
    assert "BREW" not in text


def test_the_dashboard_reports_its_calls_and_each_breaker(microservices, http, enroll):
    enroll(microservices)
    http.get(microservices.url("dashboard") + "/dashboard/ada")
    samples = _samples(http.get(microservices.url("dashboard") + "/metrics").text)
    for callee in ("catalog", "enrollments", "credentials"):
        calls = ("campus_outbound_calls_total",
                 (("callee", callee), ("outcome", "ok"), ("service", "dashboard")))  # fmt: skip
        assert samples[calls] == 1
        state = ("campus_circuit_breaker_state", (("callee", callee), ("service", "dashboard")))
        assert samples[state] == 0  # closed


def test_metrics_need_a_staff_token_and_a_host_this_service_answers_to(platform, http, refused):
    url = platform.url("catalog") + "/metrics"
    refused(requests.get(url), 401, "not_authenticated")  # no session: no staff token
    refused(http.get(url, auth=learner_auth("ada")), 403, "insufficient_scope")
    refused(http.get(url, headers={"Host": "attacker.example"}), 400, "bad_host")
    assert http.get(url).status_code == 200  # a staff member's token


def test_the_identitys_metrics_take_a_staff_token_too(microservices, http):
    answer = http.get(microservices.url("identity") + "/metrics")
    assert answer.status_code == 200, answer.text
    assert "campus_http_requests_total" in answer.text
