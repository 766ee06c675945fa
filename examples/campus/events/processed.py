"""The consumer's side of at-least-once delivery: the ids of the events it has applied.

A consumer records an event's id in the same transaction as the change the event causes, and
skips an id it has recorded before, so an event delivered twice changes nothing the second time
(openedx-events ADR 15: consumers must be idempotent or track what they processed). Each
consuming service keeps its own table, in its own database.

    >>> class ProcessedEvent(AbstractProcessedEvent):   # doctest: +SKIP
    ...     pass
    >>> with event_first_time(ProcessedEvent, event) as first:   # doctest: +SKIP
    ...     if first:
    ...         ...  # apply it
"""

from contextlib import contextmanager

from django.db import models, router, transaction

__all__ = ["AbstractProcessedEvent", "event_first_time"]


class AbstractProcessedEvent(models.Model):
    """Ids of events already applied: delivery is at-least-once, so a repeat must change nothing."""

    event_id = models.CharField(max_length=64, unique=True)
    processed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.event_id


@contextmanager
def event_first_time(model: type[AbstractProcessedEvent], event):
    """A transaction on ``model``'s database with ``event``'s id recorded in it; yields True the
    first time that id is seen, False after. The consumer's write and the record commit, or roll
    back, together."""
    with transaction.atomic(using=router.db_for_write(model)):
        _, first = model.objects.get_or_create(event_id=event.get_id())
        yield first
