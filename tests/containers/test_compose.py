"""deploy's compose files under podman: images made here from Debian's packages, one bring-up
per architecture (compose.yaml, the microservices; compose.monolith.yaml, the monolith).

The first run on a machine makes the base image (debootstrap, minutes); later runs find it.
"""

import os

import pytest
import requests

from campus.containers import __main__ as containers_cli
from campus.containers.engine import podman_out
from campus.containers.platform import compose_platform
from campus.embedded import Platform
from campus.journey import DEMO_COURSE, journey_run
from campus.waits import wait_until

# The first run on a machine makes every image: minutes more than a test is given.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


@pytest.fixture(scope="module", params=["microservices", "monolith"])
def running(request):
    run, platform = compose_platform(arch=request.param)
    try:
        yield run, platform
    finally:
        run.down()


def _web(platform) -> str:
    """The web process that serves enrollments: its own, or the monolith."""
    return "monolith" if platform.arch == "monolith" else "enrollments"


@pytest.fixture
def http():
    with requests.Session() as session:
        session.trust_env = False
        yield session


def test_the_journey_in_containers_gives_the_same_answers_as_in_process(running, http):
    _run, platform = running
    with Platform(platform.arch) as in_process:
        expected = journey_run(in_process, http)
    steps = journey_run(platform, http)
    assert steps == expected
    assert steps[-1].answer["courses"][0]["course_key"] == DEMO_COURSE


def test_every_campus_container_runs_as_a_user_that_is_not_root(running):
    run, platform = running
    campus = [n for n, s in run.services.items() if "build" in s and run.state(n)[0] == "running"]
    web = _web(platform)
    assert {web, f"{web}-pod", f"{web}-proxy", "enrollments-relay"} <= set(campus)
    for name in campus:
        assert podman_out("exec", run.container(name), "id", "-u") == "10001"


def _restarts(run, service: str) -> int:
    return int(podman_out("inspect", "--format", "{{.RestartCount}}", run.container(service)))


def _crash(run, service: str) -> None:
    """SIGKILL to the container's main process, from the host: how a crash or the kernel's OOM
    killer ends it. Not ``podman kill``: podman 4.3 counts that as the user stopping the
    container, and no restart policy fires (``StoppedByUser``, set by ``Kill`` in
    https://github.com/containers/podman/blob/v4.3.1/libpod/container_api.go#L243; its manual
    says so: https://github.com/containers/podman/blob/v4.3.1/docs/source/markdown/options/restart.md).
    """
    os.kill(int(podman_out("inspect", "--format", "{{.State.Pid}}", run.container(service))), 9)


def test_a_container_whose_process_dies_is_started_again_by_its_restart_policy(running, http):
    run, platform = running
    # A web process and its sidecar, an event consumer, a relay. Both web containers rejoin
    # the network namespace their Pod service holds, so the published port answers again.
    web = _web(platform)
    crashed = [web, f"{web}-proxy", "credentials-consumer", "enrollments-relay"]
    before = {name: _restarts(run, name) for name in crashed}
    for name in crashed:
        _crash(run, name)
    for name in crashed:
        wait_until(
            lambda name=name: (
                _restarts(run, name) > before[name] and run.state(name)[0] == "running"
            ),
            timeout=60,
            interval=0.5,
            what=f"{name} to be started again",
        )
    health = platform.url("enrollments") + "/health"
    wait_until(  # its gunicorn booting again
        lambda: http.get(health, timeout=2).status_code == 200,
        timeout=60,
        interval=0.5,
        what="enrollments to answer again",
        ignore=(requests.RequestException,),
    )
    steps = journey_run(platform, http, learner="grace")  # ada's is done: the first test
    assert steps[-1].answer["courses"][0]["certificate_shown"] is True


def test_containers_down_removes_every_container_network_and_volume_it_made(running):
    run, _platform = running
    assert run.leftovers()  # up to now: containers, the network, Redis's volume
    assert containers_cli.main(["down"]) == 0
    assert run.leftovers() == []
