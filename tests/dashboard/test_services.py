"""The read model's handlers: each event writes only what it states, so the same rows come out
whatever order the events arrive in, and a repeated event changes nothing."""

import itertools
import uuid

import pytest
from django.db import connections

from campus.assembly.databases import database_scope
from campus.assembly.service_events import event_handler, service_scope
from campus.dashboard.read_model import read_model_ports
from campus.dashboard.selectors import dashboard_get
from campus.events import (
    CERTIFICATE_CREATED,
    COURSE_CHANGED,
    COURSE_COMPLETED,
    ENROLLMENT_CREATED,
    event_create,
)
from campus.registry import service_get

RUN = "course-v1:Tests+READ1+2026"  # not a demo run: the catalog announces none of it
CERTIFICATE = str(uuid.uuid4())


def _event(event_type: str, **data):
    source = {COURSE_CHANGED: "catalog", CERTIFICATE_CREATED: "credentials"}
    return event_create(event_type, source=source.get(event_type, "enrollments"), data=data)


def _journey() -> list:
    """ada enrolls, completes and is certified; the catalog names the run."""
    return [
        _event(COURSE_CHANGED, course_key=RUN, title="Python", enrollment_open=True,
               changed_at="2026-01-01T09:00:00+00:00"),
        _event(ENROLLMENT_CREATED, learner="ada", course_key=RUN,
               created_at="2026-01-02T09:00:00+00:00"),
        _event(COURSE_COMPLETED, learner="ada", course_key=RUN,
               completed_at="2026-01-03T09:00:00+00:00"),
        _event(CERTIFICATE_CREATED, learner="ada", course_key=RUN, uuid=CERTIFICATE,
               issued_at="2026-01-03T09:00:01+00:00"),
    ]  # fmt: skip


def _apply(events) -> list[bool]:
    return [event_handler("dashboard", e.get_type())(e) for e in events]


def _page():
    try:
        with database_scope(service_scope(service_get("dashboard"))):
            return dashboard_get(learner="ada", ports=read_model_ports())
    finally:
        connections.close_all()


EXPECTED = [("Python", "completed", CERTIFICATE)]


@pytest.mark.parametrize("order", list(itertools.permutations(range(4))))
def test_the_events_of_a_journey_leave_the_same_page_in_any_order(microservices, order):
    events = _journey()
    assert _apply([events[i] for i in order]) == [True] * 4
    page = _page()
    assert [(c.title, c.status, c.certificate) for c in page.courses] == EXPECTED
    assert page.unavailable == []


def test_a_repeated_event_is_a_duplicate_and_changes_nothing(microservices):
    events = _journey()
    _apply(events)
    assert _apply(events) == [False] * 4
    assert [(c.title, c.status, c.certificate) for c in _page().courses] == EXPECTED


def test_an_older_title_arriving_late_does_not_replace_a_newer_one(microservices):
    renamed = _event(COURSE_CHANGED, course_key=RUN, title="Python, renamed",
                     enrollment_open=True, changed_at="2026-02-01T09:00:00+00:00")  # fmt: skip
    _apply([renamed, *_journey()])  # the journey's older title comes after the rename
    [course] = _page().courses
    assert course.title == "Python, renamed"


def test_a_run_enrolled_in_but_not_completed_is_active_without_a_certificate(microservices):
    _apply(_journey()[:2])
    [course] = _page().courses
    assert (course.status, course.certificate) == ("active", None)


@pytest.mark.parametrize("first", ["Python A", "Python B"])
def test_two_titles_stated_at_the_same_moment_leave_the_same_title_in_either_order(
    microservices, first
):
    same_moment = "2026-03-01T09:00:00+00:00"
    titles = sorted(["Python A", "Python B"], key=lambda t: t != first)
    _apply([_event(COURSE_CHANGED, course_key=RUN, title=t, enrollment_open=True,
                   changed_at=same_moment) for t in titles])  # fmt: skip
    _apply(_journey()[1:2])
    [course] = _page().courses
    assert course.title == "Python B"
