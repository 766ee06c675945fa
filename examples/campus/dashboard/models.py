"""The dashboard's read model: what its page needs, kept from its neighbours' events.

Every row is derived: the catalog, enrollments and credentials stay the sources of truth
(OEP-41: one producer per event type), and the dashboard never writes back to them: every row
holds what their events stated, or what those imply (a certificate is only issued for a
completed run). Read when ``CAMPUS_DASHBOARD_READ_MODEL`` is on
(`campus.dashboard.read_model`); kept up to date always.
"""

from django.db import models

from campus.events.processed import AbstractProcessedEvent


class Course(models.Model):
    """A course run's title, as the catalog last announced it (``changed_at``: when)."""

    key = models.CharField(max_length=255, unique=True)
    title = models.CharField(max_length=200)
    changed_at = models.DateTimeField()

    def __str__(self):
        return self.key


class LearnerCourse(models.Model):
    """One learner's course run. Events of different types may arrive in any order (they
    travel on streams of their own), so each fills in only what it knows: a completion never
    goes back to active, and ``enrolled_at`` waits for the enrollment's own event."""

    class Status(models.TextChoices):
        ACTIVE = "active"
        COMPLETED = "completed"

    learner = models.CharField(max_length=64)
    course_key = models.CharField(max_length=255)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    enrolled_at = models.DateTimeField(null=True, blank=True)
    certificate = models.UUIDField(null=True, blank=True)  # its uuid, once one is issued

    class Meta:
        # By when the learner enrolled, the order enrollments lists them in (it lists by row
        # id, in the order they were created); a run whose enrollment event has not arrived yet
        # comes last.
        ordering = [models.F("enrolled_at").asc(nulls_last=True), "id"]
        constraints = [
            models.UniqueConstraint(fields=["learner", "course_key"], name="one_row_per_run")
        ]
        indexes = [models.Index(fields=["learner"], name="dashboard_learner")]

    def __str__(self):
        return f"{self.learner} in {self.course_key}"


class ProcessedEvent(AbstractProcessedEvent):
    """The events the read model has applied (`campus.events.processed`)."""
