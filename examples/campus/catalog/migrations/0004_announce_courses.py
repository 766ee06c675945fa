"""Announce every course run that existed before the catalog had an outbox.

The demo runs (0002) were written before the catalog published `COURSE_CHANGED`, so no consumer
would ever hear of them: this writes one event per existing run to the outbox, which the relay
publishes like any other. A consumer that starts later reads the stream from its beginning.
"""

from django.db import migrations


def announce_courses(apps, schema_editor):
    # The event the catalog writes for a change today, so consumers read one shape.
    from campus.catalog.services import course_changed_event
    from campus.events import event_check

    Course = apps.get_model("catalog", "Course")
    OutboxEvent = apps.get_model("catalog", "OutboxEvent")
    alias = schema_editor.connection.alias
    for course in Course.objects.using(alias).order_by("key"):
        event = course_changed_event(course)
        OutboxEvent.objects.using(alias).create(
            event_id=event.get_id(),
            event_type=event.get_type(),
            payload=event_check(event).decode(),
        )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_outbox")]
    operations = [migrations.RunPython(announce_courses, migrations.RunPython.noop)]
