"""The event pipeline's workload and its counts: completions produced as enrollments' own code
produces them, and what arrived at credentials.

Everything runs as the service it belongs to: `completions_produce` inside enrollments' database
scope, `pipeline_counts` reading each service's own database and the Redis streams.
"""

import json
import time
from dataclasses import dataclass

from django.db import connections

from campus.assembly.databases import DatabaseScope, database_scope
from campus.credentials.models import Certificate, ProcessedEvent
from campus.enrollments.data import CourseSummary
from campus.enrollments.models import Enrollment, OutboxEvent
from campus.enrollments.services import enrollment_complete
from campus.events import COURSE_COMPLETED, event_create, event_to_bytes
from campus.events.outbox import TransactionalOutbox
from campus.events.redis_streams import dead_letter_stream, stream_name
from campus.keys import DEMO_COURSE

__all__ = [
    "Counts",
    "applied_count",
    "applied_times",
    "completions_produce",
    "pipeline_counts",
    "poison_inject",
]

ENROLLMENTS = DatabaseScope("enrollments", {"enrollments": "enrollments"})
CREDENTIALS = DatabaseScope("credentials", {"credentials": "credentials"})


class _OpenCatalog:
    def course_get(self, *, course_key: str) -> CourseSummary:
        return CourseSummary(course_key, True)


def completions_produce(count: int, *, prefix: str, per_second: float = 0.0, on_each=None):
    """Enroll and complete learners ``prefix0`` .. ``prefix{count-1}``, skipping what a previous
    (killed) run already did, as a client retrying would. ``per_second`` paces them (0: as fast
    as possible); ``on_each(n)`` runs after the n-th completion."""
    outbox = TransactionalOutbox(OutboxEvent)
    started = time.monotonic()
    try:
        with database_scope(ENROLLMENTS):
            for n in range(count):
                learner = f"{prefix}{n}"
                enrollment, _ = Enrollment.objects.get_or_create(
                    learner=learner, course_key=DEMO_COURSE
                )
                if enrollment.status != Enrollment.Status.COMPLETED:
                    enrollment_complete(enrollment_id=enrollment.id, events=outbox)
                if on_each is not None:
                    on_each(n + 1)
                if per_second:
                    time.sleep(max(0.0, started + (n + 1) / per_second - time.monotonic()))
    finally:
        connections.close_all()


def applied_count() -> int:
    """Events credentials has applied so far (its ProcessedEvent rows)."""
    try:
        return ProcessedEvent.objects.using("credentials").count()
    finally:
        connections["credentials"].close()


def applied_times() -> list:
    """When each applied event was applied (datetimes)."""
    try:
        processed = ProcessedEvent.objects.using("credentials")
        return list(processed.values_list("processed_at", flat=True))
    finally:
        connections.close_all()


def poison_inject(client, count: int) -> set[str]:
    """Put ``count`` events breaking their contract straight onto the stream, as a broken
    producer would; their ids."""
    ids = set()
    for _ in range(count):
        data = {"learner": "x" * 300, "course_key": "not a key", "completed_at": "?"}
        event = event_create(COURSE_COMPLETED, source="poison", data=data)
        client.xadd(stream_name(COURSE_COMPLETED), {"event": event_to_bytes(event)})
        ids.add(event.get_id())
    return ids


@dataclass(frozen=True)
class Counts:
    issued: int  # completions committed (each wrote one outbox row)
    published: int  # those rows the relay marked published (the stream keeps only the unread)
    certificates: int
    applied_ids: int  # distinct event ids credentials recorded as applied
    lost: int  # committed completions with no applied event
    applied_twice: int  # certificates beyond one per learner and run
    duplicates_on_stream: int  # entries of an event published more than once (absorbed)
    dead_letter_ids: frozenset  # ids held by credentials' dead-letter stream
    latencies_ms: tuple  # per event: its outbox row's time to its ProcessedEvent's


def pipeline_counts(client) -> Counts:
    try:
        outbox = OutboxEvent.objects.using("enrollments").order_by("created_at", "pk")
        rows = dict(outbox.values_list("event_id", "created_at"))  # in outbox order
        completed = Enrollment.objects.using("enrollments").filter(status="completed").count()
        # Counted in the outbox: the relay trims from the stream what every group acknowledged.
        published = outbox.filter(published_at__isnull=False).count()
        applied = dict(
            ProcessedEvent.objects.using("credentials").values_list("event_id", "processed_at")
        )
        certificates = Certificate.objects.using("credentials").count()
        pairs = Certificate.objects.using("credentials").values("learner", "course_key")
        distinct_pairs = pairs.distinct().count()
    finally:
        connections.close_all()
    on_stream = [
        json.loads(fields[b"event"]).get("id")
        for _, fields in client.xrange(stream_name(COURSE_COMPLETED))
    ]
    on_stream = [i for i in on_stream if i in rows]
    dead = {f[b"event_id"].decode() for _, f in client.xrange(dead_letter_stream("credentials"))}
    latencies = tuple(
        (applied[i] - created).total_seconds() * 1000 for i, created in rows.items() if i in applied
    )
    return Counts(
        issued=completed,
        published=published,
        certificates=certificates,
        applied_ids=len(set(rows) & set(applied)),
        lost=len(set(rows) - set(applied)),
        applied_twice=certificates - distinct_pairs,
        duplicates_on_stream=len(on_stream) - len(set(on_stream)),
        dead_letter_ids=frozenset(dead),
        latencies_ms=latencies,
    )
