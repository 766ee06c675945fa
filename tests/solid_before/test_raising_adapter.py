import pytest
import requests
from bearer_tokens import staff_auth

from campus.enrollments.clients import HttpCourseCatalog
from campus.http import ServiceClient, ServiceUnavailable
from campus.journey import DEMO_COURSE
from campus.monolith.adapters import InProcessCourseCatalog
from campus.solid_before.raising_adapter import RaisingCourseCatalog

UNKNOWN = "course-v1:CampusX+NOPE+2026"


@pytest.fixture
def adapters(microservices):
    base = microservices.url("catalog")
    before = RaisingCourseCatalog(base, timeout=1, auth=staff_auth())
    client = ServiceClient(caller="test", callee="catalog", base_url=base, auth=staff_auth())
    after = HttpCourseCatalog(client)
    yield before, after
    before.close()
    after.client.close()


def test_the_raising_adapter_answers_a_known_course_as_the_port_promises(adapters):
    before, after = adapters
    assert before.course_get(course_key=DEMO_COURSE) == after.course_get(course_key=DEMO_COURSE)


def test_it_raises_for_an_unknown_course_where_both_kept_adapters_return_none(
    adapters, on_the_monolith
):
    before, after = adapters
    assert InProcessCourseCatalog().course_get(course_key=UNKNOWN) is None
    assert after.course_get(course_key=UNKNOWN) is None
    with pytest.raises(requests.HTTPError):
        before.course_get(course_key=UNKNOWN)


def test_a_catalog_that_cannot_answer_leaks_requests_errors_not_the_ports_one(
    adapters, microservices
):
    before, after = adapters
    microservices.stop_service("catalog")
    with pytest.raises(ServiceUnavailable):
        after.course_get(course_key=DEMO_COURSE)
    with pytest.raises(requests.ConnectionError):
        before.course_get(course_key=DEMO_COURSE)
