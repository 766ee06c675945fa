"""The dashboard's ports served from its own read model: a page with no call to anyone.

API composition (`campus.dashboard.clients`) asks the catalog, enrollments and credentials on
every page; these adapters answer the same three questions from the tables the dashboard keeps
from their events (`campus.dashboard.services`), the pattern microservices.io calls a CQRS view.
The page costs one database, not three services, and stays up when a neighbour is down; the
price is that it lags their writes by as long as an event takes to arrive.

    >>> ports = read_model_ports()          # doctest: +SKIP
    >>> dashboard_get(learner="ada", ports=ports)   # doctest: +SKIP
"""

from campus.pagination import MAX_LIMIT

from .data import CertificateSummary, CourseTitle, EnrollmentSummary
from .models import Course, LearnerCourse
from .ports import DashboardPorts

__all__ = [
    "ReadModelCertificates",
    "ReadModelCourseTitles",
    "ReadModelEnrollments",
    "read_model_ports",
]


class ReadModelCourseTitles:
    def course_titles(self, *, keys: list[str]) -> list[CourseTitle]:
        return [CourseTitle(c.key, c.title) for c in Course.objects.filter(key__in=keys)]


class ReadModelEnrollments:
    def enrollment_list(self, *, learner: str) -> list[EnrollmentSummary]:
        rows = LearnerCourse.objects.filter(learner=learner)[:MAX_LIMIT]  # as over HTTP
        return [EnrollmentSummary(r.course_key, r.status) for r in rows]


class ReadModelCertificates:
    def certificate_list(self, *, learner: str) -> list[CertificateSummary]:
        rows = LearnerCourse.objects.filter(learner=learner, certificate__isnull=False)[:MAX_LIMIT]
        return [CertificateSummary(r.course_key, str(r.certificate)) for r in rows]


def read_model_ports() -> DashboardPorts:
    """Every port from the read model; no pool, as nothing is asked of a neighbour."""
    return DashboardPorts(
        catalog=ReadModelCourseTitles(),
        enrollments=ReadModelEnrollments(),
        credentials=ReadModelCertificates(),
    )
