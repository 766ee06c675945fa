"""When the catalog cannot answer, enrolling fails fast with 503 and writes nothing."""

from demo_courses import OPEN_COURSE

from campus.enrollments.models import Enrollment


def test_a_stopped_catalog_makes_enrolling_answer_503_and_write_nothing(
    microservices, http, rows, refused
):
    microservices.stop_service("catalog")
    answer = http.post(
        microservices.url("enrollments") + "/enrollments",
        json={"learner": "ada", "course_key": OPEN_COURSE},
    )
    error = refused(answer, 503, "dependency_unavailable")
    assert "catalog" in error["message"]
    assert rows(microservices, Enrollment) == 0


def test_enrolling_works_again_once_the_catalog_is_back(microservices, http):
    microservices.stop_service("catalog")
    microservices.start_service("catalog")
    answer = http.post(
        microservices.url("enrollments") + "/enrollments",
        json={"learner": "ada", "course_key": OPEN_COURSE},
    )
    assert answer.status_code == 201
