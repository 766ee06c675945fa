"""Starting and stopping the platform inside this process, as a notebook or a test would."""

import gc
import socket
import threading
import weakref

import pytest
import requests
from demo_courses import OPEN_COURSE

from campus.embedded import ARCHITECTURES, Platform, PortUnavailable, running, start, stop_all
from campus.process.loopback import free_ports
from campus.registry import SERVICES
from campus.waits import wait_until


@pytest.fixture
def notebook():
    """Cells call `start` and `stop_all`; whatever they leave running is stopped afterwards."""
    yield
    stop_all()


@pytest.mark.parametrize("arch", ARCHITECTURES)
def test_a_started_platform_answers_over_http_and_a_stopped_one_refuses(arch, http):
    with Platform(arch) as platform:
        url = platform.url("catalog")
        assert url.startswith("http://127.0.0.1:")
        assert http.get(url + "/health").json()["status"] == "ok"
    with pytest.raises(requests.ConnectionError):
        http.get(url + "/health", timeout=1)


def test_microservices_run_one_server_per_service_each_on_its_own_port(microservices):
    urls = microservices.urls
    assert set(urls) == {s.name for s in SERVICES}
    assert len(set(urls.values())) == len(SERVICES)
    assert all(microservices.url(name) == url for name, url in urls.items())


def test_the_monolith_runs_one_server_that_serves_every_service(monolith):
    assert set(monolith.urls) == {"monolith"}
    assert {monolith.url(s.name) for s in SERVICES} == {monolith.urls["monolith"]}


def test_an_unknown_architecture_or_service_is_refused_by_name(monolith):
    with pytest.raises(ValueError, match="arch must be one of"):
        Platform("macroservices")
    with pytest.raises(KeyError, match="no service named 'grades'"):
        monolith.url("grades")


@pytest.mark.usefixtures("notebook")
def test_starting_again_in_the_same_process_replaces_the_running_platform(http):
    before = set(threading.enumerate())
    first = start("microservices")
    http.get(first.url("dashboard") + "/dashboard/ada")
    second = start("microservices")
    assert running() == {"microservices": second}
    assert first.servers == {}
    assert http.get(second.url("catalog") + "/health").status_code == 200
    stop_all()
    assert running() == {}
    assert set(threading.enumerate()) == before


def test_starting_the_same_platform_again_restarts_it(http):
    with Platform("monolith") as platform:
        platform.start()  # a notebook cell run twice
        assert running() == {"monolith": platform}
        assert http.get(platform.url("catalog") + "/health").status_code == 200
        serving = [t for t in threading.enumerate() if t.name == "campus-monolith"]
        assert len(serving) == 1
    assert platform.servers == {}


@pytest.mark.usefixtures("notebook")
def test_both_architectures_may_run_side_by_side_and_stop_all_stops_both(http):
    monolith, microservices = start("monolith"), start("microservices")
    assert running() == {"monolith": monolith, "microservices": microservices}
    for platform in (monolith, microservices):
        assert http.get(platform.url("catalog") + "/courses").status_code == 200
    stop_all()
    stop_all()  # a second call finds nothing to stop
    assert running() == {}


@pytest.mark.parametrize("arch", ARCHITECTURES)
def test_stop_leaves_no_thread_behind_even_with_idle_keep_alive_connections(arch):
    before = set(threading.enumerate())
    with requests.Session() as client, Platform(arch) as platform:
        for spec in SERVICES:  # the dashboard's own clients keep connections to the others too
            client.get(platform.url(spec.name) + "/health")
        client.get(platform.url("dashboard") + "/dashboard/ada")
        assert len(threading.enumerate()) > len(before)
    assert set(threading.enumerate()) == before


@pytest.mark.parametrize("arch", ARCHITECTURES)
def test_a_stopped_platform_keeps_none_of_its_apps_providers_or_spans_alive(arch, enroll):
    # A test run or a notebook kernel starts many platforms in one process: whatever a stopped
    # one left reachable would lengthen every full garbage collection, a pause for every thread.
    with Platform(arch) as platform:
        enroll(platform)  # calls between services, tokens fetched, spans recorded
        # A server's span ends once its answer is sent, a moment after the caller reads it.
        wait_until(platform.trace.spans, timeout=5, interval=0.01, what="a finished span")
        names = list(platform.apps)
        kept = [weakref.ref(platform.trace)]
        kept += [weakref.ref(app) for app in platform.apps.values()]
        kept += [weakref.ref(platform.trace.provider(name)) for name in names]
    del platform
    gc.collect()
    assert [ref() for ref in kept if ref() is not None] == []


def test_a_platform_started_again_records_spans_again(http):
    with Platform("monolith") as platform:
        http.get(platform.url("catalog") + "/courses")
        wait_until(platform.trace.spans, timeout=5, interval=0.01, what="a finished span")
    recorded = len(platform.trace.spans())
    assert recorded, "the spans of a stopped platform stay readable"
    with platform:
        http.get(platform.url("catalog") + "/courses")
        wait_until(
            lambda: len(platform.trace.spans()) > recorded, timeout=5, interval=0.01, what="a span"
        )


def test_every_start_gives_fresh_databases_with_the_demo_courses(http):
    for _ in range(2):
        with Platform("microservices") as platform:
            enrollments = platform.url("enrollments") + "/enrollments"
            assert http.get(enrollments, params={"learner": "ada"}).json() == []
            created = http.post(enrollments, json={"learner": "ada", "course_key": OPEN_COURSE})
            assert created.status_code == 201
            keys = {c["key"] for c in http.get(platform.url("catalog") + "/courses").json()}
            assert OPEN_COURSE in keys


def test_a_stopped_service_comes_back_on_the_same_port(microservices, http):
    url = microservices.url("catalog")
    microservices.stop_service("catalog")
    with pytest.raises(requests.ConnectionError):
        http.get(url + "/health", timeout=1)
    microservices.start_service("catalog")
    assert microservices.url("catalog") == url
    assert http.get(url + "/health").status_code == 200


def test_starting_a_service_that_is_running_restarts_it(microservices, http):
    url = microservices.url("catalog")
    microservices.start_service("catalog")
    assert http.get(url + "/health").status_code == 200


def test_a_start_that_fails_on_its_configuration_leaves_the_running_platform_alone(
    microservices, http
):
    with pytest.raises(ValueError, match="CAMPUS_HTTP_RETRIES"):
        Platform("microservices", environ={"CAMPUS_HTTP_RETRIES": "twice"}).start()
    assert running() == {"microservices": microservices}
    assert http.get(microservices.url("catalog") + "/health").status_code == 200


@pytest.mark.parametrize("arch", ARCHITECTURES)
def test_a_base_port_gives_each_server_the_next_port_in_registry_order(arch, http):
    base = free_ports(len(SERVICES))
    with Platform(arch, base_port=base) as platform:
        ports = [int(url.rsplit(":", 1)[1]) for url in platform.urls.values()]
        assert ports == list(range(base, base + len(ports)))
        assert http.get(platform.url("catalog") + "/health").status_code == 200


def test_a_taken_port_fails_the_start_and_lets_go_of_the_ports_bound_before_it():
    base = free_ports(len(SERVICES))
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", base + 1))
        squatter.listen()
        with pytest.raises(PortUnavailable, match=f"port {base + 1} \\(for enrollments\\)"):
            Platform("microservices", base_port=base).start()
    assert "microservices" not in running()
    with socket.socket() as again:
        again.bind(("127.0.0.1", base))  # the catalog's port is free again
