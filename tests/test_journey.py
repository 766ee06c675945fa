"""The learner journey gives the same answers on the monolith and on the microservices."""

from campus.runtime import Platform

COURSE = "course-v1:CampusX+PY101+2026"


def _journey(platform: Platform, http) -> list:
    """List courses, enroll, complete, read the certificate, read the dashboard."""
    answers = []
    courses = http.get(platform.url("catalog") + "/courses")
    answers.append((courses.status_code, courses.json()))
    enrolled = http.post(
        platform.url("enrollments") + "/enrollments", json={"learner": "ada", "course_key": COURSE}
    )
    enrollment = enrolled.json()
    answers.append((enrolled.status_code, enrollment["status"], enrollment["course_key"]))
    completed = http.post(platform.url("enrollments") + f"/enrollments/{enrollment['id']}/complete")
    answers.append((completed.status_code, completed.json()["status"]))
    certificates = http.get(platform.url("credentials") + "/certificates?learner=ada").json()
    answers.append([(c["learner"], c["course_key"]) for c in certificates])
    dashboard = http.get(platform.url("dashboard") + "/dashboard/ada").json()
    uuids = {c["uuid"] for c in certificates}
    answers.append(
        [
            (c["course_key"], c["title"], c["status"], c["certificate"] in uuids)
            for c in dashboard["courses"]
        ]
    )
    answers.append(dashboard["unavailable"])
    return answers


def test_the_journey_answers_the_same_on_both_architectures(http):
    with Platform("monolith") as monolith:
        on_monolith = _journey(monolith, http)
    with Platform("microservices") as microservices:
        on_microservices = _journey(microservices, http)
    assert on_monolith == on_microservices
    assert on_monolith[-2] == [(COURSE, "Python for Django developers", "completed", True)]
    assert on_monolith[-1] == []


def test_the_journey_crosses_services_only_on_the_microservices(http):
    with Platform("monolith") as monolith:
        monolith.trace.clear()
        _journey(monolith, http)
        assert monolith.trace.hops() == []
    with Platform("microservices") as microservices:
        microservices.trace.clear()
        _journey(microservices, http)
        assert microservices.trace.edges() == {
            ("enrollments", "catalog"),
            ("dashboard", "catalog"),
            ("dashboard", "enrollments"),
            ("dashboard", "credentials"),
        }
