"""The dashboard's title cache asks the catalog only for the runs it has not seen lately."""

import time

from campus.dashboard.cache import CachedCourseTitles
from campus.dashboard.data import CourseTitle
from campus.embedded import Platform


class CountingCatalog:
    def __init__(self):
        self.asked: list[list[str]] = []

    def course_titles(self, *, keys):
        self.asked.append(list(keys))
        return [CourseTitle(k, f"title of {k}") for k in keys if k != "unknown"]


def test_titles_seen_lately_are_not_asked_for_again():
    catalog = CountingCatalog()
    titles = CachedCourseTitles(catalog, ttl=60)
    assert [t.key for t in titles.course_titles(keys=["a", "b"])] == ["a", "b"]
    assert [t.key for t in titles.course_titles(keys=["b", "c"])] == ["b", "c"]
    assert catalog.asked == [["a", "b"], ["c"]]


def test_a_title_older_than_the_ttl_is_asked_for_again():
    catalog = CountingCatalog()
    titles = CachedCourseTitles(catalog, ttl=0.05)
    titles.course_titles(keys=["a"])
    time.sleep(0.06)
    titles.course_titles(keys=["a"])
    assert catalog.asked == [["a"], ["a"]]


def test_an_unknown_key_is_left_out_and_asked_for_each_time():
    catalog = CountingCatalog()
    titles = CachedCourseTitles(catalog, ttl=60)
    assert titles.course_titles(keys=["unknown"]) == []
    assert titles.course_titles(keys=["unknown"]) == []
    assert catalog.asked == [["unknown"], ["unknown"]]


def test_with_a_ttl_the_dashboard_asks_the_catalog_once_for_a_learner_seen_thrice(http, enroll):
    with Platform("microservices", environ={"CAMPUS_DASHBOARD_TITLE_TTL": "30"}) as platform:
        enroll(platform)
        for _ in range(3):
            page = http.get(platform.url("dashboard") + "/dashboard/ada").json()
            assert page["courses"][0]["title"]
        assert platform.metrics["dashboard"].outbound_count(callee="catalog") == 1


def test_without_a_ttl_every_page_asks_the_catalog(microservices, http, enroll):
    enroll(microservices)
    for _ in range(3):
        http.get(microservices.url("dashboard") + "/dashboard/ada")
    assert microservices.metrics["dashboard"].outbound_count(callee="catalog") == 3
