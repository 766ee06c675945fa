"""Under ``campus up``, a stalled PostgreSQL (every process stopped) costs requests their answer,
never their deadline: each is answered, a 503 with Retry-After, and once PostgreSQL goes on
nothing committed before the stall is lost. And every event worker beats its heartbeat."""

import os
import time

import psutil
import pytest
import requests
from oauth2_provider.settings import oauth2_settings
from up_slots import up_slot

from campus.assembly.config import ISSUER, PRIVATE_KEY
from campus.assembly.heartbeat import MAX_AGE_S
from campus.bench.deadline_load import DeadlineLoad
from campus.bench.stalls import stopped
from campus.embedded import settings as runtime_settings
from campus.journey import DEMO_COURSE
from campus.process.control import Up
from campus.process.event_worker_types import worker_types
from campus.waits import wait_until

pytestmark = pytest.mark.usefixtures("campus_up_slot")

STALL_S = 4.0
# Generous: a request counts as unanswered only this long after its 1 s deadline. What is
# asserted is that each is answered and how, not how fast (the machine is shared and noisy).
GIVE_UP_S = 8.0


@pytest.fixture(scope="module")
def up(tmp_path_factory, up_slots_folder):
    folder = tmp_path_factory.mktemp("stalls")
    environ = {
        **os.environ,
        PRIVATE_KEY: oauth2_settings.OIDC_RSA_PRIVATE_KEY,
        ISSUER: runtime_settings.ISSUER,
        "TMPDIR": str(folder),  # where the event workers keep their heartbeat files
    }
    log = str(folder / "up.log")
    with up_slot(up_slots_folder), Up("microservices", environ=environ, log_path=log) as started:
        started.heartbeats = folder
        yield started


def _postgres(up: Up) -> psutil.Process:
    """PostgreSQL's postmaster: every other process of the cluster is its child."""
    servers = [p for p in up.processes() if p.name() == "postgres"]
    [postmaster] = [p for p in servers if p.parent() not in servers]
    return postmaster


def _completed(up: Up, http, learner: str) -> None:
    """``learner`` enrolled in the demo course and her enrollment completed by staff."""
    enrolled = http.post(
        up.url("enrollments") + "/enrollments",
        json={"learner": learner, "course_key": DEMO_COURSE},
        auth=up.login(learner),
        timeout=10,
    )
    assert enrolled.status_code == 201, enrolled.text
    complete = f"{up.url('enrollments')}/enrollments/{enrolled.json()['id']}/complete"
    assert http.post(complete, auth=up.login("instructor"), timeout=10).status_code == 200


def _certificates(up: Up, http, learner: str) -> list:
    answer = http.get(
        up.url("credentials") + f"/certificates?learner={learner}",
        auth=up.login(learner),
        timeout=10,
    )
    return answer.json() if answer.status_code == 200 else []


def test_a_stalled_postgresql_answers_every_request_503_and_loses_nothing(up):
    with requests.Session() as http:
        http.trust_env = False
        load = DeadlineLoad(up, threads=4, deadline_s=1.0, give_up_s=GIVE_UP_S)
        _completed(up, http, "grace")  # committed; its event may still be on its way
        with stopped(_postgres(up)), load:
            time.sleep(STALL_S)
        tally = load.tally()
        assert tally.requests > 0
        assert tally.unanswered == 0, tally
        assert set(tally.statuses) <= {"200", "503"}, tally.statuses
        assert tally.statuses.get("503", 0) > 0
        assert tally.retry_after == tally.statuses["503"]  # every 503 says when to ask again
        # Once PostgreSQL goes on: the completion made before the stall has its certificate.
        wait_until(lambda: _certificates(up, http, "grace"), timeout=60, interval=0.2,
                   what="grace's certificate")  # fmt: skip


def test_every_event_worker_beats_its_heartbeat_under_campus_up(up):
    for name, (role, service) in worker_types().items():
        path = up.heartbeats / f"campus-{role}-{service}.alive"
        wait_until(path.exists, timeout=30, interval=0.1, what=f"{name}'s heartbeat")
        assert time.time() - path.stat().st_mtime < MAX_AGE_S, name
