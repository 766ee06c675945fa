"""Every list endpoint answers one bounded page, with Link headers to the rest; the catalog
answers for just the keys asked."""

import pytest
from demo_courses import OPEN_COURSE
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from campus.pagination import DEFAULT_LIMIT, QueryRows, page_response


def test_a_page_of_courses_links_to_the_next_one(platform, http):
    everything = http.get(platform.url("catalog") + "/courses").json()
    first = http.get(platform.url("catalog") + "/courses", params={"limit": 1})
    assert first.json() == everything[:1]
    assert first.headers["X-Total-Count"] == str(len(everything))
    second = http.get(first.links["next"]["url"])
    assert second.json() == everything[1:2]
    assert http.get(second.links["prev"]["url"]).json() == everything[:1]


def test_the_last_page_has_no_next_link(platform, http):
    answer = http.get(platform.url("catalog") + "/courses", params={"limit": DEFAULT_LIMIT})
    assert "next" not in answer.links


def test_the_catalog_answers_for_just_the_keys_asked(platform, http):
    answer = http.get(
        platform.url("catalog") + "/courses",
        params={"key": [OPEN_COURSE, "course-v1:Nobody+X1+2026"]},
    )
    assert [c["key"] for c in answer.json()] == [OPEN_COURSE]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": "0"}, "limit"),
        ({"limit": "1001"}, "limit"),
        ({"limit": "many"}, "limit"),
        ({"offset": "-1"}, "offset"),
        ({"offset": str(2**63)}, "offset"),  # past the database's integer: a 400, not a 500
        ({"limit": ""}, "limit"),  # given, and empty: not the default page
        ({"offset": ""}, "offset"),
        ({"key": "not a key"}, "key"),
    ],
)
def test_a_bad_page_or_key_is_refused_with_400(platform, http, refused, params, field):
    error = refused(http.get(platform.url("catalog") + "/courses", params=params), 400, "invalid")
    assert field in error["fields"]


@pytest.mark.parametrize(
    ("service", "path"), [("enrollments", "/enrollments"), ("credentials", "/certificates")]
)
def test_a_learners_list_is_paginated_too(platform, http, service, path):
    answer = http.get(platform.url(service) + path, params={"learner": "ada", "limit": 1})
    assert answer.status_code == 200
    assert answer.headers["X-Total-Count"] == "0"


@pytest.mark.parametrize(
    ("service", "path", "params", "field", "message"),
    [
        ("catalog", "/courses", {"limit": ["5", "500"]}, "limit", "Given more than once."),
        ("catalog", "/courses", {"enrollment_open": ["true", "false"]}, "enrollment_open", None),
        ("enrollments", "/enrollments", {"learner": ["ada", "grace"]}, "learner", None),
        ("credentials", "/certificates", {"learnr": "ada"}, "learnr", "Unknown query parameter."),
        ("catalog", "/courses", {"keys": "course-v1:A+B+C"}, "keys", "Unknown query parameter."),
    ],
)
def test_a_repeated_or_unknown_query_parameter_is_refused_naming_it(
    platform, http, refused, service, path, params, field, message
):
    error = refused(http.get(platform.url(service) + path, params=params), 400, "invalid")
    assert error["fields"][field] == [message or "Given more than once."]


def test_a_repeated_key_is_a_list_not_a_repetition(platform, http):
    answer = http.get(
        platform.url("catalog") + "/courses", params={"key": [OPEN_COURSE, OPEN_COURSE]}
    )
    assert answer.status_code == 200
    assert [c["key"] for c in answer.json()] == [OPEN_COURSE]


class NumberOutput(serializers.Serializer):
    n = serializers.IntegerField()


class CountingQuery:
    """Stands in for a QuerySet: counts, slices and iterations are noted."""

    def __init__(self, rows):
        self.rows, self.asked = rows, []

    def count(self):
        self.asked.append("count")
        return len(self.rows)

    def __getitem__(self, index):
        self.asked.append(("slice", index.start, index.stop))
        return self.rows[index]

    def __iter__(self):
        self.asked.append("all")
        return iter(self.rows)


def test_a_page_reads_one_count_and_its_own_rows_never_the_whole_table():
    query = CountingQuery(list(range(10_000)))
    request = Request(APIRequestFactory().get("/things?limit=2&offset=4"))
    answer = page_response(
        request, QueryRows(query, lambda n: {"n": n}), NumberOutput, limit=2, offset=4
    )
    assert answer.data == [{"n": 4}, {"n": 5}]
    assert answer.headers["X-Total-Count"] == "10000"
    assert query.asked == ["count", ("slice", 4, 6)]
