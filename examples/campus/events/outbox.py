"""The transactional outbox: an event is a row written in the same transaction as the change it
announces, and a relay publishes the rows afterwards (openedx-events ADR 15, "outbox" mode).

A rollback leaves no row, so nothing is announced that did not happen; a crash after the commit
leaves the row, so the relay sends it when it runs again. The price is duplicates: a relay that
dies after publishing but before marking the row publishes it again, so consumers must be
idempotent (they are: ``ProcessedEvent``). This is at-least-once delivery.

Several relays may run against one database on PostgreSQL: each pass locks the rows it takes
with ``SELECT ... FOR UPDATE SKIP LOCKED`` until it has marked them, so two relays never publish
the same row. SQLite has no row locks, and holding its one write lock while the broker answers
would stall every producer, so there a pass reads, publishes, then marks: run one relay per
SQLite database.

Why not django-jaiminho, which ADR 15 calls "the most promising option": until 2.0.1 its relay
read unsent rows without locking them (2.0.2 asks for SELECT ... FOR UPDATE SKIP LOCKED, outside
a transaction, which Django refuses on PostgreSQL); it stores pickled
(``dill``) function calls rather than event bytes; and it keeps one ``jaiminho`` table, while here
each service's outbox must live in that service's own database.

    >>> outbox = TransactionalOutbox(OutboxEvent)         # doctest: +SKIP
    >>> with transaction.atomic():                        # doctest: +SKIP
    ...     enrollment.save(); outbox.publish(event)
    >>> OutboxRelay(OutboxEvent, bus).relay_once()        # doctest: +SKIP
    1
"""

from django.db import connections, models, router, transaction
from django.utils import timezone

from .contracts import event_check
from .envelope import event_from_bytes

__all__ = ["AbstractOutboxEvent", "OutboxRelay", "TransactionalOutbox"]


class AbstractOutboxEvent(models.Model):
    """One event waiting to be published (``published_at`` null) or already published."""

    event_id = models.CharField(max_length=64, unique=True)
    event_type = models.CharField(max_length=255)
    payload = models.TextField()  # the CloudEvents JSON, exactly as it goes on the wire
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        abstract = True
        ordering = ["id"]

    def __str__(self):
        return f"{self.event_type} {self.event_id}"


class OutsideTransaction(RuntimeError):
    """An outbox write outside a transaction would not share the fate of the change."""


class TransactionalOutbox:
    """An `EventPublisher` that writes each event to ``model``'s table, inside the caller's
    transaction. ``on_commit`` (optional) runs after that transaction commits: a hint to wake a
    relay early, never needed for correctness. Raises `InvalidEvent` for an event that breaks
    its contract, and `OutsideTransaction` when called outside ``transaction.atomic``."""

    def __init__(self, model: type[AbstractOutboxEvent], *, on_commit=None):
        self.model = model
        self.on_commit = on_commit

    def publish(self, event) -> None:
        raw = event_check(event)
        alias = router.db_for_write(self.model)
        if not connections[alias].in_atomic_block:
            raise OutsideTransaction(f"write {event.get_type()} inside transaction.atomic()")
        self.model.objects.using(alias).create(
            event_id=event.get_id(), event_type=event.get_type(), payload=raw.decode()
        )
        if self.on_commit is not None:
            transaction.on_commit(self.on_commit, using=alias)


class OutboxRelay:
    """Publishes unpublished rows of ``model`` to ``bus``, oldest first, and marks them.
    ``decode`` turns a row's payload into what ``bus.publish`` takes: an event, or a task's
    message for an outbox of tasks (`campus.events.task_outbox`)."""

    def __init__(self, model, bus, *, batch_size: int = 100, decode=event_from_bytes):
        self.model = model
        self.bus = bus
        self.batch_size = batch_size
        self.decode = decode

    def relay_once(self) -> int:
        """Publish one batch; the number of rows published. Re-raises the bus's error after
        marking the rows published before it, so a broker outage costs no duplicates."""
        alias = router.db_for_write(self.model)
        pending = self.model.objects.using(alias).filter(published_at__isnull=True).order_by("id")
        if not connections[alias].features.has_select_for_update_skip_locked:
            # SQLite: no row locks, and a write transaction would lock out every producer for
            # as long as the broker takes; read, publish, then mark in a short transaction.
            return self._publish(alias, list(pending[: self.batch_size]))
        with transaction.atomic(using=alias):
            locked = pending.select_for_update(skip_locked=True)
            return self._publish(alias, list(locked[: self.batch_size]))

    def _publish(self, alias: str, rows: list) -> int:
        published, failure = [], None
        for row in rows:
            try:
                self.bus.publish(self.decode(row.payload))
            except Exception as error:
                failure = error
                break
            published.append(row.id)
        if published:
            with transaction.atomic(using=alias):
                marked = self.model.objects.using(alias).filter(id__in=published)
                marked.update(published_at=timezone.now())
        if failure is not None:
            raise failure
        return len(published)

    def backlog(self) -> int:
        """Rows not yet published."""
        alias = router.db_for_read(self.model)
        return self.model.objects.using(alias).filter(published_at__isnull=True).count()
