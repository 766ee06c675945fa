"""Look at events on their way: a service's outbox table, the deliveries the in-process bus
recorded, a Redis Streams consumer run on a thread, a group's dead-letter stream.

    >>> rows = outbox_show(OutboxEvent, "enrollments")                 # doctest: +SKIP
    row  event                                      created          published
    ---  -----------------------------------------  ---------------  ---------
      1  org.campus.learning.enrollment.created.v1  10:02:03.123456  -
"""

import contextlib
import threading

from django.db import connections

from campus.tables import table_format
from campus.waits import wait_until

__all__ = ["consumer_run", "dead_letters_show", "deliveries_of", "deliveries_show", "outbox_show"]


def outbox_show(model, alias: str) -> list[tuple]:
    """Print, then return, every row of an outbox table (``model``, in database ``alias``):
    its id, event type, and the times it was written and published (``-``: still waiting)."""
    try:
        rows = [
            (
                r["id"],
                r["event_type"],
                r["created_at"].time(),
                r["published_at"] and r["published_at"].time(),
            )
            for r in model.objects.using(alias).values(
                "id", "event_type", "created_at", "published_at"
            )
        ]
    finally:
        connections[alias].close()  # so the next start can restore the database file
    print(table_format(["row", "event", "created", "published"], rows))
    return rows


def deliveries_of(bus, event_id: str, consumer: str | None = None) -> list:
    """The deliveries of one event that an in-process bus recorded, oldest first: to
    ``consumer`` only, if named."""
    return [
        d for d in bus.deliveries() if d.event_id == event_id and consumer in (None, d.consumer)
    ]


def deliveries_show(deliveries) -> list:
    """Print one row per delivery (its number, the event, the consumer, the outcome) and return
    the deliveries."""
    rows = [(n, d.event_id, d.consumer, d.outcome) for n, d in enumerate(deliveries, start=1)]
    print(table_format(["delivery", "event", "consumer", "outcome"], rows))
    return deliveries


def consumer_run(consumer, *, until_applied: int, timeout: float = 10.0) -> dict[str, int]:
    """Run a Redis Streams consumer (`campus.events.redis_streams`) on a thread of its own until
    it has applied ``until_applied`` events or ``timeout`` seconds have passed, then stop it;
    return its counts of outcomes. The thread closes its database connections as it ends."""
    stop = threading.Event()

    def consume() -> None:
        try:
            consumer.run(stop)
        finally:
            connections.close_all()

    worker = threading.Thread(target=consume, name="notebook-consumer")
    worker.start()
    with contextlib.suppress(TimeoutError):
        wait_until(
            lambda: consumer.counts.get("applied", 0) >= until_applied,
            timeout=timeout,
            interval=0.05,
            what=f"{until_applied} events applied",
        )
    stop.set()
    worker.join()
    return dict(consumer.counts)


def dead_letters_show(client, stream: str, width: int = 70) -> list[dict[str, str]]:
    """Print, then return, each entry of a dead-letter stream: its fields but the event itself,
    each value cut to its first ``width`` characters."""
    entries = [
        {key.decode(): value.decode()[:width] for key, value in fields.items() if key != b"event"}
        for _, fields in client.xrange(stream)
    ]
    for entry in entries:
        print(entry)
    return entries
