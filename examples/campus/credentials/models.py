import uuid

from django.db import models

from campus.events.outbox import AbstractOutboxEvent
from campus.events.processed import AbstractProcessedEvent


class Certificate(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    learner = models.CharField(max_length=64)
    course_key = models.CharField(max_length=255)
    issued_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "course_key"], name="one_certificate_per_run"
            )
        ]

    def __str__(self):
        return f"{self.learner}: {self.course_key}"


class Grade(models.Model):
    """A learner's grade in a course run, as enrollments last sent it (Open edX's LMS sends its
    grades to its Credentials service the same way). One row per learner and run: sending the
    same grade again changes nothing, a new one replaces the old."""

    learner = models.CharField(max_length=64)
    course_key = models.CharField(max_length=255)
    letter_grade = models.CharField(max_length=16)
    percent_grade = models.DecimalField(max_digits=5, decimal_places=4)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["learner", "course_key"], name="one_grade_per_run")
        ]

    def __str__(self):
        return f"{self.learner}: {self.course_key} {self.letter_grade}"


class ProcessedEvent(AbstractProcessedEvent):
    """The completions credentials has applied (`campus.events.processed`)."""


class OutboxEvent(AbstractOutboxEvent):
    """Events credentials has announced (the certificates it issued), written in the transaction
    that issued them and published by a relay (see `campus.events.outbox`)."""
