"""What each consumer relies on from its providers, as pacts, each proven against the consumer's
own code: its HTTP adapter runs against Pact's mock provider, its event handler is handed the
pact's message. A request the pact does not list, or an answer the code cannot read, fails here.
"""

from pathlib import Path

from pact import Pact, match

from campus.dashboard.clients import HttpCourseCatalog as DashboardCatalog
from campus.dashboard.clients import HttpEnrollmentReader
from campus.dashboard.data import CourseTitle, EnrollmentSummary
from campus.enrollments.clients import HttpCourseCatalog as EnrollmentsCatalog
from campus.enrollments.data import SEAT_RESERVED, CourseSummary
from campus.events import COURSE_COMPLETED, event_consume
from campus.http import ServiceClient, Trace
from campus.keys import DEMO_COURSE
from campus.pagination import MAX_LIMIT

__all__ = [
    "CLOSED",
    "REJECTED_LEARNER",
    "credentials_of_completion",
    "dashboard_of_catalog",
    "dashboard_of_enrollments",
    "enrollments_of_catalog",
]

UNKNOWN = "course-v1:CampusX+NOPE+2026"
CLOSED = "course-v1:CampusX+ARCH301+2025"  # a demo run closed for enrollment
TITLE = "Python for Django developers"
# Reservation ids as the saga makes them (a UUID's hex), one per interaction: the verifier may
# replay them in any order, and a reservation released first could not be held after.
HELD, REFUSED, RELEASED = (f"{n:032x}" for n in (1, 2, 3))
# The learner whose one enrollment the provider has rejected before it is verified.
REJECTED_LEARNER = "grace"
STATUSES = "^(pending|active|completed|rejected)$"  # every status the dashboard knows


class ConsumerFailed(AssertionError):
    """The consumer's own code did not read the pact's example as it should."""


def _pact(consumer: str, provider: str) -> Pact:
    return Pact(consumer, provider).with_specification("V4")


def _client(caller: str, url) -> ServiceClient:
    return ServiceClient(caller=caller, callee="mock", base_url=str(url), trace=Trace())


def _expect(got, wanted, what: str) -> None:
    if got != wanted:
        raise ConsumerFailed(f"{what}: read {got!r}, expected {wanted!r}")


def dashboard_of_catalog(folder: Path) -> Path:
    """The dashboard needs ``key`` and ``title`` of the courses it names (``?key=``), from the
    list's version 2: nothing else of the page or of a course."""
    pact = _pact("dashboard", "catalog")
    (
        pact.upon_receiving("the titles of the learner's courses")
        .with_request("GET", "/v2/courses")
        .with_query_parameters([("key", DEMO_COURSE), ("limit", "1")])
        .will_respond_with(200)
        .with_body(
            {
                "results": match.each_like(
                    {"key": match.str(DEMO_COURSE), "title": match.str(TITLE)}
                )
            },
            content_type="application/json",
        )
    )
    with pact.serve(addr="127.0.0.1", verbose=False) as mock:
        client = _client("dashboard", mock.url)
        titles = DashboardCatalog(client).course_titles(keys=[DEMO_COURSE])
        client.close()
    _expect(titles, [CourseTitle(DEMO_COURSE, TITLE)], "dashboard's course list")
    return _written(pact, folder)


def enrollments_of_catalog(folder: Path) -> Path:
    """Enrollments needs ``key`` and ``enrollment_open`` of one course, and a 404 for none; for
    its saga, a 200 when a seat is held, a refusal's ``error.code`` when it is not, and a 204
    when a seat is released. Nothing else of those answers is read."""
    pact = _pact("enrollments", "catalog")
    (
        pact.upon_receiving("an open course run")
        .with_request("GET", f"/courses/{DEMO_COURSE}")
        .will_respond_with(200)
        .with_body(
            match.like({"key": match.str(DEMO_COURSE), "enrollment_open": match.bool(True)}),
            content_type="application/json",
        )
    )
    pact.upon_receiving("an unknown course run").with_request(
        "GET", f"/courses/{UNKNOWN}"
    ).will_respond_with(404)
    pact.upon_receiving("a seat held in an open run").with_request(
        "PUT", f"/courses/{DEMO_COURSE}/seats/{HELD}"
    ).will_respond_with(200)
    (
        pact.upon_receiving("a seat refused in a closed run")
        .with_request("PUT", f"/courses/{CLOSED}/seats/{REFUSED}")
        .will_respond_with(422)
        .with_body({"error": {"code": match.str("course_closed")}}, content_type="application/json")
    )
    pact.upon_receiving("a seat released").with_request(
        "DELETE", f"/courses/{DEMO_COURSE}/seats/{RELEASED}"
    ).will_respond_with(204)
    with pact.serve(addr="127.0.0.1", verbose=False) as mock:
        client = _client("enrollments", mock.url)
        catalog = EnrollmentsCatalog(client)
        found, missing = (
            catalog.course_get(course_key=DEMO_COURSE),
            catalog.course_get(course_key=UNKNOWN),
        )
        seats = (
            catalog.seat_reserve(course_key=DEMO_COURSE, reservation_id=HELD),
            catalog.seat_reserve(course_key=CLOSED, reservation_id=REFUSED),
            catalog.seat_release(course_key=DEMO_COURSE, reservation_id=RELEASED),
        )
        client.close()
    _expect(
        (found, missing), (CourseSummary(DEMO_COURSE, True), None), "enrollments' course lookup"
    )
    _expect(seats, (SEAT_RESERVED, "course_closed", None), "enrollments' seat calls")
    return _written(pact, folder)


def dashboard_of_enrollments(folder: Path) -> Path:
    """The dashboard needs ``course_key`` and ``status`` of a learner's enrollments, the status
    one it knows (a new one would need a decision: show it as a course or not). It reads no
    ``reason``: a rejection's reason is for the learner's own client."""
    pact = _pact("dashboard", "enrollments")
    for learner, status in (("ada", "active"), (REJECTED_LEARNER, "rejected")):
        (
            pact.upon_receiving(f"a learner's enrollments, {status}")
            .with_request("GET", "/enrollments")
            .with_query_parameters([("learner", learner), ("limit", str(MAX_LIMIT))])
            .will_respond_with(200)
            .with_body(
                match.each_like(
                    {
                        "course_key": match.str(DEMO_COURSE),
                        "status": match.regex(status, regex=STATUSES),
                    },
                    min=1,
                ),
                content_type="application/json",
            )
        )
    with pact.serve(addr="127.0.0.1", verbose=False) as mock:
        client = _client("dashboard", mock.url)
        reader = HttpEnrollmentReader(client)
        read = [reader.enrollment_list(learner=n) for n in ("ada", REJECTED_LEARNER)]
        client.close()
    wanted = [[EnrollmentSummary(DEMO_COURSE, s)] for s in ("active", "rejected")]
    _expect(read, wanted, "dashboard's enrollment list")
    return _written(pact, folder)


def credentials_of_completion(folder: Path, *, handler) -> Path:
    """Credentials needs a completion event whose payload names the learner, the course and
    when: its envelope and payload pass the consumer's checks and ``handler`` (credentials'
    ``course_completed_handle``, in its database) applies it."""
    pact = _pact("credentials", "enrollments")
    body = {
        "specversion": "1.0",
        "type": COURSE_COMPLETED,  # exact: a consumer subscribes to one type name
        "id": match.str("8523ffa2-f33e-4b5e-add2-511194bd08eb"),
        "source": match.str("/campus/enrollments"),
        "time": match.str("2026-03-01T10:00:00.000000Z"),
        "data": {
            "learner": match.str("ada"),
            "course_key": match.str(DEMO_COURSE),
            "completed_at": match.str("2026-03-01T10:00:00+00:00"),
        },
    }
    pact.upon_receiving("a course completion", "Async").with_body(
        match.like(body), content_type="application/json"
    )
    outcomes = []

    def consume(message, metadata) -> None:
        # The verifier hands over the message's contents as text (or bytes): the wire form.
        raw = message.encode() if isinstance(message, str) else message
        outcomes.append(event_consume(raw, handler).outcome)

    pact.verify(consume, "Async")
    _expect(outcomes, ["applied"], "credentials' completion handler")
    return _written(pact, folder)


def _written(pact: Pact, folder: Path) -> Path:
    pact.write_file(folder, overwrite=True)
    return Path(folder) / f"{pact.consumer}-{pact.provider}.json"
