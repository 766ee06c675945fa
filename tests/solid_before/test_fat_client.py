import pytest

from campus.solid_before.fat_client import CampusClient, dashboard_get

COURSE = "course-v1:Pilot+FAKE+2027"


class ThreeMethods(CampusClient):
    """Only what the dashboard calls."""

    def course_list(self):
        return [{"key": COURSE, "title": "A fake course"}]

    def enrollment_list(self, learner):
        return [{"course_key": COURSE, "status": "active"}]

    def certificate_list(self, learner):
        return []


class WithStubs(ThreeMethods):
    def course_get(self, key):
        raise NotImplementedError

    def course_create(self, course):
        raise NotImplementedError

    def enrollment_create(self, learner, course_key):
        raise NotImplementedError

    def enrollment_complete(self, enrollment_id):
        raise NotImplementedError

    def certificate_get(self, uuid):
        raise NotImplementedError


def test_a_fake_of_the_three_methods_the_dashboard_calls_cannot_be_made():
    with pytest.raises(TypeError, match="abstract"):
        ThreeMethods()
    assert sorted(ThreeMethods.__abstractmethods__) == [
        "certificate_get",
        "course_create",
        "course_get",
        "enrollment_complete",
        "enrollment_create",
    ]


def test_with_five_stubs_the_fake_builds_the_dashboard():
    page = dashboard_get(learner="ada", client=WithStubs())
    assert [(c.course_key, c.title, c.status) for c in page.courses] == [
        (COURSE, "A fake course", "active")
    ]
