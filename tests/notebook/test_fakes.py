"""The stand-ins the SOLID notebooks plug in are as small as what they stand in for, and work."""

import pytest

from campus.dashboard import selectors
from campus.dashboard.ports import DashboardPorts
from campus.enrollments.data import CourseSummary
from campus.events import COURSE_COMPLETED, event_create
from campus.notebook.fakes import (
    FAKE,
    PILOT,
    FatClientReads,
    InMemoryCatalog,
    Mailer,
    NoCertificates,
    OneCourse,
    OneEnrollment,
    RecordingPublisher,
    subclass,
)
from campus.solid_before.fat_client import CampusClient, dashboard_get


def test_three_one_method_fakes_are_a_whole_dashboard_backend():
    page = selectors.dashboard_get(
        learner="ada", ports=DashboardPorts(OneCourse(), OneEnrollment(), NoCertificates())
    )
    assert [(c.course_key, c.title, c.status) for c in page.courses] == [
        (FAKE, "A course no server holds", "active")
    ]
    assert page.unavailable == []


def test_the_in_memory_catalog_has_only_the_courses_it_was_given():
    catalog = InMemoryCatalog(CourseSummary(PILOT, True))
    assert catalog.course_get(course_key=PILOT) == CourseSummary(PILOT, True)
    assert catalog.course_get(course_key=FAKE) is None


def test_the_recording_publisher_keeps_what_it_is_given_and_the_mailer_congratulates():
    event = event_create(
        COURSE_COMPLETED,
        source="enrollments",
        data={"learner": "grace", "course_key": PILOT, "completed_at": "2026-03-01T09:00:00+00:00"},
    )
    recorder, mailer = RecordingPublisher(), Mailer()
    recorder.publish(event)
    mailer.congratulate(event)
    assert recorder.events == [event]
    assert mailer.mail == [f"To grace: well done on {PILOT}!"]


def test_a_fake_of_the_fat_client_with_three_methods_leaves_five_abstract():
    three = subclass(CampusClient, FatClientReads, name="ThreeMethods")
    assert three.__name__ == "ThreeMethods"
    assert sorted(three.__abstractmethods__) == [
        "certificate_get",
        "course_create",
        "course_get",
        "enrollment_complete",
        "enrollment_create",
    ]
    with pytest.raises(TypeError, match="abstract"):
        three()


def test_with_stubs_the_fake_serves_the_fat_clients_dashboard_and_the_stubs_raise():
    client = subclass(CampusClient, FatClientReads, name="WithStubs", stubs=True)()
    page = dashboard_get(learner="ada", client=client)
    assert [c.course_key for c in page.courses] == [FAKE]
    with pytest.raises(NotImplementedError):
        client.course_get("anything")
