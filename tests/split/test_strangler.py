import pytest

from campus.embedded.servers import LoopbackServer
from campus.journey import DEMO_COURSE, journey_run
from campus.split.strangler import FrontDoor, StranglerFig

MOVED = {
    "/courses": "catalog",
    "/enrollments": "enrollments",
    "/certificates": "credentials",
    "/dashboard": "dashboard",
    "/oauth2": "identity",  # signing in, too
}
SHOWN = {
    "course_key": DEMO_COURSE,
    "title": "Python for Django developers",
    "status": "completed",
    "certificate_shown": True,
}


@pytest.fixture
def front(monolith, microservices):
    fig = StranglerFig(monolith.apps["monolith"])
    server = LoopbackServer(name="front").start(fig)
    yield fig, FrontDoor(server.url, password=microservices.demo_password), microservices
    server.stop()


def test_with_nothing_moved_the_monolith_answers_the_whole_journey(front, http):
    fig, door, _ = front
    steps = journey_run(door, http, learner="ada")
    assert (len(steps), dict(fig.served)) == (5, {"monolith": sum(fig.served.values())})


def test_with_courses_moved_the_catalog_answers_them_and_the_journey_still_passes(front, http):
    fig, door, services = front
    fig.move("/courses", services.apps["catalog"], name="catalog")
    steps = journey_run(door, http, learner="grace")
    assert [s.status for s in steps] == [200, 201, 200, 200, 200]
    assert fig.served["catalog"] == 1  # GET /courses; the rest stayed with the monolith
    assert (
        http.get(door.url("catalog") + "/openapi.json").json()["info"]["title"] == "campus monolith"
    )


def test_with_everything_moved_the_monolith_answers_nothing_and_the_journey_still_passes(
    front, http
):
    fig, door, services = front
    for prefix, service in MOVED.items():
        fig.move(prefix, services.apps[service], name=service)
    steps = journey_run(door, http, learner="linus")
    assert steps[-1].answer == {"courses": [SHOWN], "unavailable": []}
    assert (fig.served["monolith"], set(fig.served) - {"monolith"}) == (0, set(MOVED.values()))


@pytest.mark.parametrize(
    ("path", "answers"),
    [
        ("/courses", "catalog"),
        ("/courses/x", "catalog"),
        ("/coursesx", "monolith"),
        ("/", "monolith"),
    ],
)
def test_a_prefix_covers_its_path_and_what_is_under_it_only(path, answers):
    fig = StranglerFig(object())
    fig.move("/courses", object(), name="catalog")
    assert fig.target(path)[0] == answers


@pytest.mark.parametrize("prefix", ["courses", "/courses/"])
def test_a_prefix_that_is_not_a_clean_path_is_refused(prefix):
    with pytest.raises(ValueError, match="must start with /"):
        StranglerFig(object()).move(prefix, object(), name="catalog")
