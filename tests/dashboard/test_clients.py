"""The dashboard's catalog client is a tolerant reader: it reads the two fields it shows, by
name, from the course list's v2, and ignores whatever else the catalog adds."""

import pytest

from campus.dashboard.clients import (
    HttpCertificateReader,
    HttpCourseCatalog,
    HttpEnrollmentReader,
)
from campus.dashboard.data import CourseTitle
from campus.http import BadAnswer, Reply, ServiceUnavailable

KEY = "course-v1:CampusX+PY101+2026"


class RecordingClient:
    """Answers every GET with one reply, and remembers what was asked."""

    callee = "catalog"

    def __init__(self, body):
        self.body, self.asked = body, []

    def get(self, path, params=None):
        self.asked.append((path, params))
        return Reply(200, self.body)


def test_fields_the_catalog_added_later_are_ignored_at_every_level():
    course = {"key": KEY, "title": "Python", "org": "CampusX", "seats": 30, "new": {"a": 1}}
    client = RecordingClient({"results": [course], "next": None, "total": 1})
    assert HttpCourseCatalog(client).course_titles(keys=[KEY]) == [CourseTitle(KEY, "Python")]
    assert client.asked == [("/v2/courses", {"key": [KEY], "limit": 1})]


def test_a_page_without_results_leaves_the_titles_out_as_when_the_catalog_is_down():
    client = RecordingClient([{"key": KEY, "title": "Python"}])  # a v1 answer, not v2's
    with pytest.raises(ServiceUnavailable, match="catalog"):
        HttpCourseCatalog(client).course_titles(keys=[KEY])


@pytest.mark.parametrize(
    "body",
    [
        [{"course_key": KEY}],  # no status
        [{"course_key": 5, "status": "active"}],
        [{"course_key": KEY, "status": None}],
        [KEY],
        {"results": []},
    ],
    ids=["missing", "number", "null", "not-an-object", "not-a-list"],
)
def test_an_enrollment_list_of_the_wrong_shape_is_a_bad_answer_not_a_500(body):
    client = RecordingClient(body)
    client.callee = "enrollments"
    with pytest.raises(BadAnswer, match="enrollments"):
        HttpEnrollmentReader(client).enrollment_list(learner="ada")


def test_a_certificate_without_its_uuid_is_a_bad_answer():
    client = RecordingClient([{"course_key": KEY}])
    client.callee = "credentials"
    with pytest.raises(BadAnswer, match=r"credentials.*\[0\]\.uuid"):
        HttpCertificateReader(client).certificate_list(learner="ada")


def test_more_keys_than_one_query_takes_are_asked_a_hundred_at_a_time():
    keys = [f"course-v1:X+C{n}+2026" for n in range(250)]
    client = RecordingClient({"results": []})
    HttpCourseCatalog(client).course_titles(keys=keys)
    assert [len(params["key"]) for _, params in client.asked] == [100, 100, 50]
