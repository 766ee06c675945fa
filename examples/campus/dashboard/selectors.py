"""Reads: the dashboard only reads, and only through its ports."""

from campus.http import ServiceUnavailable

from .data import Dashboard, DashboardCourse
from .ports import DashboardPorts


def dashboard_get(*, learner: str, ports: DashboardPorts) -> Dashboard:
    """Assemble a learner's page; a neighbour that is down costs its part, not the page."""
    unavailable = []

    def ask(name, call, fallback):
        try:
            return call()
        except ServiceUnavailable:
            unavailable.append(name)
            return fallback

    enrollments = ask("enrollments", lambda: ports.enrollments.enrollment_list(learner=learner), [])
    certificates = ask(
        "credentials", lambda: ports.credentials.certificate_list(learner=learner), []
    )
    titles = ask("catalog", lambda: {c.key: c.title for c in ports.catalog.course_list()}, {})
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
