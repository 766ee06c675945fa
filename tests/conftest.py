"""Shared fixtures: a running platform per architecture, fresh for every test (a start costs
milliseconds once the first one has migrated the databases)."""

import gc
import os
import shutil
import tempfile
from pathlib import Path

import pytest
import requests
from bearer_tokens import staff_auth
from demo_courses import OPEN_COURSE
from django.db import connections
from suite_record import record_start
from up_slots import up_slot
from worker_groups import SITE, SITE_TIMEOUT_SECONDS, group_of, queue_order

from campus.assembly.databases import MONOLITH_ALIAS
from campus.embedded import Platform
from campus.process.postgres import Cluster


def pytest_configure(config):
    record_start(config)  # only when CAMPUS_TEST_RECORD names a file (make test TEST_RECORD=...)


def pytest_collection_finish(session):
    # What collection made (modules, test items, the OpenAPI cases: half a million objects)
    # lives as long as the run. Frozen, it is not walked by every full garbage collection, which
    # holds every thread, a platform's servers too, for as long as it takes (0.4 s, then).
    gc.freeze()


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups into the test ids
def pytest_collection_modifyitems(items):
    """Tests sharing a costly fixture share a worker; the longest start first (worker_groups)."""
    for item in items:
        group = group_of(item)
        if group is not None:
            item.add_marker(pytest.mark.xdist_group(group))
        if group == SITE:
            # The first of them waits for `make docs` (up to 900 s) in its setup, which the
            # timeout counts: whichever comes first must be allowed the build.
            item.add_marker(pytest.mark.timeout(SITE_TIMEOUT_SECONDS))
    items.sort(key=queue_order)


@pytest.fixture
def microservices():
    with Platform("microservices") as platform:
        yield platform


@pytest.fixture
def monolith():
    with Platform("monolith") as platform:
        yield platform


@pytest.fixture(params=["monolith", "microservices"])
def platform(request):
    """Each test using this runs once against each architecture."""
    with Platform(request.param) as running:
        yield running


@pytest.fixture
def http():
    """A session whose every request carries a staff member's token (see tests/bearer_tokens.py):
    the tests of refusals for bad tokens say so with ``auth=`` on the request."""
    with requests.Session() as session:
        session.auth = staff_auth()
        yield session


@pytest.fixture
def refused():
    """``refused(response, status, code)`` checks a refusal and returns its ``error`` object.

    A refusal has the expected status and a JSON body in the one error shape, naming the problem
    by a stable code and a message (and by field, where the caller should check the details).
    """

    def check(response: requests.Response, status: int, code: str) -> dict:
        assert response.status_code == status, response.text
        assert response.headers["Content-Type"] == "application/json", response.text
        error = response.json()["error"]
        assert error["code"] == code, error
        assert error["message"]
        return error

    return check


@pytest.fixture
def rows():
    """``rows(platform, Model)``: the rows that model's table holds right now in that platform.

    Reads the service's own database (the monolith's, on the monolith) from the test's thread,
    then closes the connection, so the next platform start restores a file nobody holds open.
    """

    def count(platform: Platform, model) -> int:
        alias = MONOLITH_ALIAS if platform.arch == "monolith" else model._meta.app_label
        try:
            return model.objects.using(alias).count()
        finally:
            connections[alias].close()

    return count


@pytest.fixture(scope="session")
def cluster():
    """A PostgreSQL cluster of the tests' own (never one that happens to be running)."""
    # Directly under /tmp: as root the server runs as the postgres user, who cannot enter
    # pytest's own temporary folders (mode 0700).
    made = Cluster(Path(tempfile.mkdtemp(prefix="campus-test-pg-")))
    server = made.start()
    try:
        yield made
    finally:
        Cluster.stop(server)
        shutil.rmtree(made.folder, ignore_errors=True)


@pytest.fixture
def enroll(http):
    """``enroll(platform, learner="ada")``: the learner holds an active enrollment in an open run,
    so the dashboard has a title to ask the catalog for."""

    def enrolled(platform: Platform, learner: str = "ada") -> dict:
        # Set-up, not what a test checks: under a test's tight deadline, a busy machine may miss
        # it while enrollments fetches its first token. A 503 wrote nothing, so it is asked again.
        for _ in range(3):
            answer = http.post(
                platform.url("enrollments") + "/enrollments",
                json={"learner": learner, "course_key": OPEN_COURSE},
                auth=staff_auth(),
            )
            if answer.status_code != 503:
                break
        assert answer.status_code == 201, answer.text
        return answer.json()

    return enrolled


@pytest.fixture(scope="session")
def up_slots_folder(tmp_path_factory) -> Path:
    """Where the workers of this run take turns to run `campus up` (tests/up_slots.py)."""
    base = tmp_path_factory.getbasetemp()
    # Under pytest-xdist each worker has a base of its own (popen-gwN) in the run's folder.
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture
def campus_up_slot(up_slots_folder):
    """The test runs `campus up` (tests/up_slots.py): it waits for a slot first."""
    with up_slot(up_slots_folder):
        yield
