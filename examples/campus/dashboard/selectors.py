"""Reads: a page only reads, and only through its ports (its neighbours, or its read model)."""

import contextvars
from concurrent.futures import Future

from campus.http import ServiceUnavailable

from .data import Dashboard, DashboardCourse
from .ports import DashboardPorts

# The statuses of a course on the page. A pending enrollment (its saga not done) or a rejected
# one holds no seat yet or ever: the read model never hears of them either, since enrollments
# announces an enrollment only once it is active.
SHOWN = ("active", "completed")


def dashboard_get(*, learner: str, ports: DashboardPorts) -> Dashboard:
    """Assemble a learner's page; a neighbour that is down costs its part, not the page.

    Enrollments and credentials are asked at the same time (``ports.fan_out``); the catalog
    then, for the titles of just the learner's runs. Every call keeps the request's deadline
    (`campus.deadlines`), so a neighbour that hangs costs at most that.
    """
    unavailable = []

    def ask(name, call, fallback):
        try:
            return call()
        except ServiceUnavailable:
            unavailable.append(name)
            return fallback

    enrollments = _start(ports, lambda: ports.enrollments.enrollment_list(learner=learner))
    certificates = _start(ports, lambda: ports.credentials.certificate_list(learner=learner))
    enrollments = [e for e in ask("enrollments", enrollments.result, []) if e.status in SHOWN]
    certificates = ask("credentials", certificates.result, [])
    keys = sorted({e.course_key for e in enrollments})
    titles = ask(
        "catalog", lambda: {c.key: c.title for c in ports.catalog.course_titles(keys=keys)}, {}
    )
    certificate_by_course = {c.course_key: c.uuid for c in certificates}
    courses = [
        DashboardCourse(
            course_key=e.course_key,
            title=titles.get(e.course_key),
            status=e.status,
            certificate=certificate_by_course.get(e.course_key),
        )
        for e in enrollments
    ]
    return Dashboard(learner=learner, courses=courses, unavailable=unavailable)


def _start(ports: DashboardPorts, call) -> Future:
    """``call`` running on the fan-out pool, in a copy of this context (request id, deadline,
    trace), or run here and now when there is no pool."""
    if ports.fan_out is None:
        done: Future = Future()
        try:
            done.set_result(call())
        except Exception as exc:  # handed to the caller by .result(), as the pool would
            done.set_exception(exc)
        return done
    return ports.fan_out.submit(contextvars.copy_context().run, call)
