"""In-process adapters: each port a service declares, served by a neighbour's Python ``api``.

This is the only place where one service's code meets another's, and only through ``api.py``
(OEP-49). In the microservices build the same ports are served by the HTTP adapters in each
service's ``clients.py``.
"""

import contextlib
from decimal import Decimal

from campus.catalog import api as catalog_api
from campus.credentials import api as credentials_api
from campus.dashboard.data import CertificateSummary, CourseTitle, EnrollmentSummary
from campus.enrollments import api as enrollments_api
from campus.enrollments.data import SEAT_RESERVED, CourseSummary

__all__ = [
    "InProcessCertificateReader",
    "InProcessCourseCatalog",
    "InProcessCourseTitles",
    "InProcessEnrollmentReader",
    "InProcessGradeBook",
]

_SEAT_REFUSALS = (
    catalog_api.CourseClosed,
    catalog_api.CourseFull,
    catalog_api.CourseNotFound,
    catalog_api.ReservationSpent,
)


class InProcessCourseCatalog:
    """enrollments' `CourseCatalog` port, served by the catalog's Python API."""

    def course_get(self, *, course_key: str) -> CourseSummary | None:
        course = catalog_api.course_get(course_key=course_key)
        return (
            CourseSummary(course.key, course.enrollment_open, course.seats_left) if course else None
        )

    def seat_reserve(self, *, course_key: str, reservation_id: str) -> str:
        try:
            catalog_api.seat_reserve(course_key=course_key, reservation_id=reservation_id)
        except _SEAT_REFUSALS as refusal:
            return refusal.code
        return SEAT_RESERVED

    def seat_release(self, *, course_key: str, reservation_id: str) -> None:
        # No such run: no seat in it to free.
        with contextlib.suppress(catalog_api.CourseNotFound):
            catalog_api.seat_release(course_key=course_key, reservation_id=reservation_id)


class InProcessCourseTitles:
    """dashboard's `CourseCatalog` port."""

    def course_titles(self, *, keys: list[str]) -> list[CourseTitle]:
        return [CourseTitle(c.key, c.title) for c in catalog_api.course_list(keys=keys)]


class InProcessEnrollmentReader:
    def enrollment_list(self, *, learner: str) -> list[EnrollmentSummary]:
        enrollments = enrollments_api.enrollment_list(learner=learner)
        return [EnrollmentSummary(e.course_key, e.status) for e in enrollments]


class InProcessCertificateReader:
    def certificate_list(self, *, learner: str) -> list[CertificateSummary]:
        certificates = credentials_api.certificate_list(learner=learner)
        return [CertificateSummary(c.course_key, str(c.uuid)) for c in certificates]


class InProcessGradeBook:
    """enrollments' `GradeBook` port, served by credentials' Python API."""

    def grade_record(self, *, learner, course_key, letter_grade, percent_grade) -> None:
        credentials_api.grade_record(
            learner=learner,
            course_key=course_key,
            letter_grade=letter_grade,
            percent_grade=Decimal(percent_grade),
        )
