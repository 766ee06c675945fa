"""Writes: the events that keep the dashboard's read model (`campus.dashboard.models`).

Each handler runs in one transaction on the dashboard's own database and returns False for an
event it has applied before (by id). Each writes only what its event states, so the events of one
run (its titles, the enrollment, the completion, the certificate) may arrive in any order and
still leave the same rows.
"""

from datetime import datetime

from campus.events.processed import event_first_time

from .models import Course, LearnerCourse, ProcessedEvent

__all__ = [
    "certificate_created_handle",
    "course_changed_handle",
    "course_completed_handle",
    "enrollment_created_handle",
]


def course_changed_handle(event) -> bool:
    """Keep the title a ``course.changed`` event states, unless a newer one is already kept
    (by ``changed_at``; on a tie, the greater title, so the order of arrival never decides)."""
    data = event.get_data()
    changed_at = datetime.fromisoformat(data["changed_at"])
    with event_first_time(ProcessedEvent, event) as first:
        if first:
            course, created = Course.objects.select_for_update().get_or_create(
                key=data["course_key"], defaults={"title": data["title"], "changed_at": changed_at}
            )
            if not created and (changed_at, data["title"]) > (course.changed_at, course.title):
                course.title, course.changed_at = data["title"], changed_at
                course.save(update_fields=["title", "changed_at"])
    return first


def enrollment_created_handle(event) -> bool:
    """A learner's new run: active, unless its completion arrived first."""
    data = event.get_data()
    with event_first_time(ProcessedEvent, event) as first:
        if first:
            row = _row(data)
            row.enrolled_at = datetime.fromisoformat(data["created_at"])
            row.save(update_fields=["enrolled_at"])
    return first


def course_completed_handle(event) -> bool:
    with event_first_time(ProcessedEvent, event) as first:
        if first:
            row = _row(event.get_data())
            row.status = LearnerCourse.Status.COMPLETED
            row.save(update_fields=["status"])
    return first


def certificate_created_handle(event) -> bool:
    """A certificate is issued for a completed run only, so its row is completed too."""
    data = event.get_data()
    with event_first_time(ProcessedEvent, event) as first:
        if first:
            row = _row(data)
            row.status, row.certificate = LearnerCourse.Status.COMPLETED, data["uuid"]
            row.save(update_fields=["status", "certificate"])
    return first


def _row(data: dict) -> LearnerCourse:
    row, _ = LearnerCourse.objects.select_for_update().get_or_create(
        learner=data["learner"], course_key=data["course_key"]
    )
    return row
