from django.db import models

from campus.events.outbox import AbstractOutboxEvent


class Course(models.Model):
    """A course run. Other services refer to it by ``key`` and never copy it."""

    key = models.CharField(max_length=255, unique=True)
    title = models.CharField(max_length=200)
    start = models.DateField()
    end = models.DateField()
    enrollment_open = models.BooleanField(default=True)

    class Meta:
        ordering = ["key"]

    def __str__(self):
        return self.key


class OutboxEvent(AbstractOutboxEvent):
    """Events the catalog has announced, written in the transaction of the change they announce
    and published by a relay (see `campus.events.outbox`)."""
