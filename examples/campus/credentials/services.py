"""Writes: the reaction to a completed course."""

from datetime import datetime

from django.db import router, transaction

from .models import Certificate, ProcessedEvent


def course_completed_handle(event) -> bool:
    """Issue the certificate a ``course.completed`` event earns; False when already applied.

    The event carries everything needed (learner, course, date), so there is no call back to
    enrollments. Idempotent twice over: by event id, and by one certificate per learner and run.
    """
    data = event.get_data()
    with transaction.atomic(using=router.db_for_write(Certificate)):
        _, first_time = ProcessedEvent.objects.get_or_create(event_id=event.get_id())
        if not first_time:
            return False
        _, created = Certificate.objects.get_or_create(
            learner=data["learner"],
            course_key=data["course_key"],
            defaults={"issued_at": datetime.fromisoformat(data["completed_at"])},
        )
    return created
