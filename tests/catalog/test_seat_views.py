"""The seat endpoints refuse bad input with a 4xx in the one error shape and hold or free no seat;
good input is idempotent."""

import pytest
from bearer_tokens import learner_auth
from demo_courses import OPEN_COURSE
from seat_runs import LIMITED, limited_run

from campus.catalog.models import Course, SeatReservation

HEX = "5d1c0b3e9f2a4c8e8b7a6f5e4d3c2b1a"  # a UUID's hex, as the enrollment saga sends it
JSON = {"Content-Type": "application/json"}


@pytest.fixture
def seats(platform):
    """``seats(reservation_id, course_key=LIMITED)``: the URL of one seat of a 2-seat run."""
    limited_run(platform, seats=2)
    base = platform.url("catalog") + "/courses"
    return lambda reservation_id, course_key=LIMITED: f"{base}/{course_key}/seats/{reservation_id}"


@pytest.fixture
def nothing_held(platform, rows):
    """After the test: no seat taken, no reservation written."""
    yield
    assert rows(platform, SeatReservation) == 0
    taken = Course.objects.using(_alias(platform)).get(key=LIMITED).seats_taken
    assert taken == 0


def _alias(platform) -> str:
    return "monolith" if platform.arch == "monolith" else "catalog"


def test_a_seat_is_held_once_however_often_it_is_asked(platform, http, seats, rows):
    answers = [http.put(seats(HEX)) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert answers[0].json() == {"course_key": LIMITED, "reservation_id": HEX, "seats_left": 1}
    assert rows(platform, SeatReservation) == 1
    assert [http.delete(seats(HEX)).status_code for _ in range(2)] == [204, 204]
    assert http.get(platform.url("catalog") + f"/courses/{LIMITED}").json()["seats_left"] == 2


@pytest.mark.usefixtures("nothing_held")
@pytest.mark.parametrize("method", ["PUT", "DELETE"])
@pytest.mark.parametrize(
    "reservation_id",
    [
        "saga-1",
        HEX.upper(),
        "5d1c0b3e-9f2a-4c8e-8b7a-6f5e4d3c2b1a",
        HEX[:-1],
        HEX + "0",
        "g" * 32,
        "%20" + HEX,
        HEX + "%0A",
        "%00",
        "x" * 5000,
    ],
    ids=lambda value: repr(value)[:24],
)
def test_a_reservation_id_that_is_no_uuid_hex_is_refused_with_400_naming_it(
    http, seats, refused, method, reservation_id
):
    error = refused(http.request(method, seats(reservation_id)), 400, "invalid_reservation_id")
    assert list(error["fields"]) == ["reservation_id"]


@pytest.mark.usefixtures("nothing_held")
@pytest.mark.parametrize("method", ["PUT", "DELETE"])
@pytest.mark.parametrize("course_key", ["PY101", "course-v1:CampusX+PY101", "%00"])
def test_a_malformed_course_key_is_refused_with_400_naming_it(
    http, seats, refused, method, course_key
):
    error = refused(http.request(method, seats(HEX, course_key)), 400, "invalid_course_key")
    assert list(error["fields"]) == ["course_key"]


@pytest.mark.usefixtures("nothing_held")
@pytest.mark.parametrize("method", ["PUT", "DELETE"])
@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ('{"seats": 2}', 400, "invalid"),
        ("[]", 400, "invalid"),
        ("{", 400, "parse_error"),
    ],
    ids=["a-field", "an-array", "truncated"],
)
def test_a_body_is_refused_the_path_says_it_all(http, seats, refused, method, body, status, code):
    refused(http.request(method, seats(HEX), data=body, headers=JSON), status, code)


@pytest.mark.usefixtures("nothing_held")
def test_a_body_that_is_not_json_is_refused_with_415(http, seats, refused):
    answer = http.put(seats(HEX), data="<seat/>", headers={"Content-Type": "application/xml"})
    refused(answer, 415, "unsupported_media_type")


@pytest.mark.usefixtures("nothing_held")
@pytest.mark.parametrize("method", ["PUT", "DELETE"])
def test_an_unknown_run_is_answered_with_404(http, seats, refused, method):
    refused(
        http.request(method, seats(HEX, "course-v1:CampusX+NOPE+2026")), 404, "course_not_found"
    )


@pytest.mark.usefixtures("nothing_held")
def test_a_learner_may_not_hold_a_seat_without_enrolling(platform, http, seats):
    answer = http.put(seats(HEX), auth=learner_auth("ada"))
    assert answer.status_code == 403, answer.text


def test_an_unlimited_run_still_counts_its_seats(platform, http, seats):
    answer = http.put(seats(HEX, OPEN_COURSE))
    assert answer.status_code == 200
    assert answer.json()["seats_left"] is None
