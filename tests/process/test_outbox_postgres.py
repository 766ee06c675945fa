"""On PostgreSQL, relays that share one outbox never publish one row twice: each pass claims
its rows with ``SELECT ... FOR UPDATE SKIP LOCKED`` until it has marked them."""

import os
import subprocess
import sys
import threading
import time

import environ
import pytest
from demo_courses import OPEN_COURSE
from django.db import connections, transaction

from campus.assembly.databases import DatabaseScope, database_scope
from campus.enrollments.models import OutboxEvent
from campus.events import COURSE_COMPLETED, event_create
from campus.events.outbox import OutboxRelay, TransactionalOutbox

ALIAS = "relays_on_postgres"
ROWS = 300


@pytest.fixture
def outbox_on_postgres(cluster):
    """The enrollments tables, migrated by the release step, in a database of the test's own."""
    [url] = cluster.databases_create([ALIAS]).values()
    release = {"CAMPUS_SERVICE": "enrollments", "SECRET_KEY": "test", "DATABASE_URL": url}
    # Its neighbours, never called: the release only migrates.
    release |= {
        "CAMPUS_CATALOG_URL": "http://127.0.0.1:9",
        "CAMPUS_CREDENTIALS_URL": "http://127.0.0.1:9",
    }
    release |= {
        "CAMPUS_TOKEN_ISSUER": "http://127.0.0.1:9",
        "CAMPUS_IDENTITY_URL": "http://127.0.0.1:9",
        "CAMPUS_ENROLLMENTS_CLIENT_SECRET": "not used by a release",
    }
    release |= {"DJANGO_SETTINGS_MODULE": "campus.process.settings", "PATH": os.environ["PATH"]}
    migrated = subprocess.run(
        [sys.executable, "-m", "campus.process.release"], env=release, capture_output=True
    )
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    given = {"default": {}, ALIAS: environ.Env.db_url_config(url)}
    connections.settings[ALIAS] = connections.configure_settings(given)[ALIAS]
    try:
        with database_scope(DatabaseScope("enrollments", {"enrollments": ALIAS})):
            yield
    finally:
        connections[ALIAS].close()
        del connections.settings[ALIAS]


class SlowBus:
    """Records what each relay publishes, taking a little time per event so passes overlap."""

    def __init__(self):
        self.published: list[tuple[str, str]] = []
        self.lock = threading.Lock()

    def for_relay(self, name):
        bus = self

        class Publisher:
            def publish(self, event):
                time.sleep(0.001)
                with bus.lock:
                    bus.published.append((name, event.get_id()))

        return Publisher()


def test_two_relays_on_one_outbox_never_publish_one_row_twice(outbox_on_postgres):
    data = {"learner": "ada", "course_key": OPEN_COURSE}
    data["completed_at"] = "2026-01-01T00:00:00Z"
    outbox = TransactionalOutbox(OutboxEvent)
    with transaction.atomic(using=ALIAS):
        for _ in range(ROWS):
            outbox.publish(event_create(COURSE_COMPLETED, source="enrollments", data=data))
    bus = SlowBus()
    scope = DatabaseScope("enrollments", {"enrollments": ALIAS})

    def relay(name):
        with database_scope(scope):
            relay = OutboxRelay(OutboxEvent, bus.for_relay(name), batch_size=10)
            try:
                while relay.relay_once():
                    pass
            finally:
                connections[ALIAS].close()

    threads = [threading.Thread(target=relay, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    ids = [event_id for _, event_id in bus.published]
    assert len(ids) == ROWS  # every row published ...
    assert len(set(ids)) == ROWS  # ... once
    assert {name for name, _ in bus.published} == {"a", "b"}  # and both relays took a share
    assert OutboxEvent.objects.filter(published_at__isnull=True).count() == 0
