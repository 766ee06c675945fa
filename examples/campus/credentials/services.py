"""Writes: the reaction to a completed course."""

from datetime import datetime

from campus.events import CERTIFICATE_CREATED, EventPublisher, event_create
from campus.events.processed import event_first_time

from .models import Certificate, ProcessedEvent


def course_completed_handle(event, *, events: EventPublisher) -> bool:
    """Issue the certificate a ``course.completed`` event earns; False when already applied.

    The event carries everything needed (learner, course, date), so there is no call back to
    enrollments. Idempotent twice over: by event id, and by one certificate per learner and run.
    A new certificate is announced (`CERTIFICATE_CREATED`) through ``events``, the outbox, in
    the transaction that issues it.
    """
    data = event.get_data()
    with event_first_time(ProcessedEvent, event) as first:
        if not first:
            return False
        certificate, created = Certificate.objects.get_or_create(
            learner=data["learner"],
            course_key=data["course_key"],
            defaults={"issued_at": datetime.fromisoformat(data["completed_at"])},
        )
        if created:
            events.publish(certificate_created_event(certificate))
    return created


def certificate_created_event(certificate: Certificate):
    return event_create(
        CERTIFICATE_CREATED,
        source="credentials",
        subject=str(certificate.uuid),
        data={
            "learner": certificate.learner,
            "course_key": certificate.course_key,
            "uuid": str(certificate.uuid),
            "issued_at": certificate.issued_at.isoformat(),
        },
    )
