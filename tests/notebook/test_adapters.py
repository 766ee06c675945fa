"""enrollment_create with an adapter plugged in, answered as a view would answer it."""

from campus.enrollments.api import OUTBOX
from campus.enrollments.clients import HttpCourseCatalog
from campus.enrollments.models import Enrollment
from campus.events.outbox import TransactionalOutbox
from campus.http import ServiceClient
from campus.journey import DEMO_COURSE
from campus.notebook.adapters import enrollment_try
from campus.notebook.databases import running_as


def test_each_case_is_answered_as_a_view_would_and_leaves_no_enrollment(microservices, http):
    scope = microservices.apps["enrollments"].scope
    client = ServiceClient(
        caller="test", callee="catalog", base_url=microservices.url("catalog"), auth=http.auth
    )
    catalog, outbox = HttpCourseCatalog(client), TransactionalOutbox(OUTBOX)
    try:
        answers = [
            enrollment_try(catalog, scope, course_key=key, events=outbox)
            for key in (
                DEMO_COURSE,
                "course-v1:CampusX+ARCH301+2025",
                "course-v1:CampusX+NOPE+2026",
            )
        ]
    finally:
        client.close()
    assert answers == ["201 active", "422 course_closed", "422 course_not_found"]
    with running_as(scope):
        assert not Enrollment.objects.filter(learner="barbara").exists()


class _Broken:
    def course_get(self, *, course_key):
        raise RuntimeError("not a promise of the port")


def test_an_exception_the_handler_does_not_know_is_a_500(microservices):
    scope = microservices.apps["enrollments"].scope
    outbox = TransactionalOutbox(OUTBOX)
    assert enrollment_try(_Broken(), scope, course_key=DEMO_COURSE, events=outbox) == (
        "500 (RuntimeError)"
    )
