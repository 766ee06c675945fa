"""The course list in two versions: v1 (``/courses``) answers as it always did and says it is
deprecated (RFC 9745) and when it ends (RFC 8594); v2 (``/v2/courses``) answers the same
courses in an object. Both refuse bad input alike and write nothing."""

import re
from email.utils import parsedate_to_datetime

import pytest
import requests
from bearer_tokens import staff_auth

from campus.catalog.models import Course
from campus.catalog.versions import V1_DEPRECATED_AT, V1_SUNSET_AT

DEPRECATION = re.compile(r"@(-?\d+)")  # RFC 9745: an sf-date, "@" and Unix seconds


def _ends(response: requests.Response) -> tuple:
    deprecated = DEPRECATION.fullmatch(response.headers["Deprecation"])
    assert deprecated, response.headers["Deprecation"]
    return int(deprecated[1]), parsedate_to_datetime(response.headers["Sunset"])


def test_v1_answers_say_when_it_was_deprecated_when_it_ends_and_what_replaces_it(platform):
    v1 = requests.get(platform.url("catalog") + "/courses?limit=1", auth=staff_auth())
    assert v1.status_code == 200
    assert isinstance(v1.json(), list)
    deprecated, sunset = _ends(v1)
    assert (deprecated, sunset) == (int(V1_DEPRECATED_AT.timestamp()), V1_SUNSET_AT)
    assert sunset.timestamp() > deprecated
    # The page's own rel="next" stays beside the successor in the one Link field.
    assert {link["rel"] for link in requests.utils.parse_header_links(v1.headers["Link"])} == {
        "successor-version",
        "next",
    }
    assert v1.links["successor-version"]["url"] == "/v2/courses"


def test_v2_answers_the_same_courses_in_an_object_with_the_next_page_and_no_deprecation(
    platform,
):
    base = platform.url("catalog")
    v1 = requests.get(base + "/courses?limit=2", auth=staff_auth())
    v2 = requests.get(base + "/v2/courses?limit=2", auth=staff_auth())
    assert v2.status_code == 200
    assert v2.json()["results"] == v1.json()
    assert v2.json()["next"] == v2.links["next"]["url"]
    assert ("Deprecation" in v2.headers, "Sunset" in v2.headers) == (False, False)


@pytest.mark.parametrize("path", ["/courses", "/v2/courses"])
def test_either_version_refuses_a_bad_course_with_400_and_writes_nothing(
    platform, http, rows, refused, path
):
    before = rows(platform, Course)
    body = {"key": "course-v1:CampusX+V2+2027", "title": 5, "start": "x", "end": "2027-06-04"}
    error = refused(http.post(platform.url("catalog") + path, json=body), 400, "invalid")
    assert sorted(error["fields"]) == ["start", "title"]
    assert rows(platform, Course) == before


def test_a_v1_refusal_says_it_is_deprecated_too(platform, http):
    refusal = http.get(platform.url("catalog") + "/courses?enrollment_open=maybe")
    assert refusal.status_code == 400
    assert _ends(refusal)[0] == int(V1_DEPRECATED_AT.timestamp())


def test_the_openapi_document_marks_v1_deprecated_with_its_headers_and_v2_not(microservices):
    document = requests.get(microservices.url("catalog") + "/openapi.json", timeout=5).json()
    v1, v2 = document["paths"]["/courses"], document["paths"]["/v2/courses"]
    assert (v1["get"]["deprecated"], v1["post"]["deprecated"]) == (True, True)
    assert "deprecated" not in v2["get"]
    assert "deprecated" not in v2["post"]
    assert {"Deprecation", "Sunset", "Link"} <= set(v1["get"]["responses"]["200"]["headers"])
    page = v2["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert set(document["components"]["schemas"][page.rsplit("/", 1)[1]]["properties"]) == {
        "results",
        "next",
    }
