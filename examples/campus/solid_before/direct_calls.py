"""O, before: completing a course calls each of its consequences by name.

Every new reaction to a completion (a badge, an email, analytics) is an edit to this function and
a new import of it; a consumer that subscribes to the event bus never hears of a completion made
here, since nothing is announced.
"""

from django.db import router, transaction
from django.utils import timezone

from campus.credentials.models import Certificate
from campus.enrollments.models import Enrollment

__all__ = ["enrollment_complete"]


def enrollment_complete(*, enrollment_id: int) -> Enrollment:
    """Complete the enrollment, then issue its certificate; raises ``Enrollment.DoesNotExist``."""
    with transaction.atomic(using=router.db_for_write(Enrollment)):
        enrollment = Enrollment.objects.select_for_update().get(id=enrollment_id)
        enrollment.status = Enrollment.Status.COMPLETED
        enrollment.completed_at = timezone.now()
        enrollment.save(update_fields=["status", "completed_at"])
        # One line per consumer, and one more for the next one.
        Certificate.objects.get_or_create(
            learner=enrollment.learner,
            course_key=enrollment.course_key,
            defaults={"issued_at": enrollment.completed_at},
        )
    return enrollment
