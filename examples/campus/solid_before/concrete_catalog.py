"""D, before: enrollments looks courses up in the catalog's own code.

The rule "the course must be open" depends on a concrete catalog, the Python API of the module
next door. Nothing can be plugged in instead: a test cannot pass a fake, and split into services
the lookup reaches for a database enrollments does not own.
"""

from django.db import IntegrityError, router, transaction

from campus.catalog import api as catalog_api
from campus.enrollments.data import EnrollmentData
from campus.enrollments.models import Enrollment
from campus.enrollments.selectors import enrollment_to_data
from campus.enrollments.services import AlreadyEnrolled, CourseClosed, CourseNotFound

__all__ = ["enrollment_create"]


def enrollment_create(*, learner: str, course_key: str) -> EnrollmentData:
    """Enroll ``learner``; raises `CourseNotFound`, `CourseClosed` or `AlreadyEnrolled`."""
    course = catalog_api.course_get(course_key=course_key)
    if course is None:
        raise CourseNotFound(f"No course {course_key} in the catalog.", field="course_key")
    if not course.enrollment_open:
        raise CourseClosed(f"Enrollment in {course_key} is closed.", field="course_key")
    try:
        with transaction.atomic(using=router.db_for_write(Enrollment)):
            enrollment = Enrollment.objects.create(learner=learner, course_key=course_key)
    except IntegrityError:
        raise AlreadyEnrolled(f"{learner} is already enrolled in {course_key}.") from None
    return enrollment_to_data(enrollment)
