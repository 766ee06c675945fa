"""The platform works where Jupyter runs code: inside a running asyncio loop, and in a kernel."""

import asyncio
import textwrap

import nbformat
import pytest
import requests
from django.core.exceptions import SynchronousOnlyOperation
from nbclient import NotebookClient

from campus.assembly.databases import DatabaseScope, database_scope
from campus.catalog.models import Course
from campus.embedded import start, stop_all
from campus.embedded.settings import configure

CATALOG = DatabaseScope("catalog", {"catalog": "catalog"})


def _course_count() -> int:
    with database_scope(CATALOG):
        return Course.objects.count()


@pytest.fixture
def loop_without_permission(monkeypatch):
    """As in a fresh kernel: Django has not been told that blocking ORM calls are intended."""
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    yield
    stop_all()


@pytest.mark.usefixtures("loop_without_permission")
def test_django_refuses_the_orm_inside_a_running_loop_by_default():
    async def cell():
        return _course_count()

    with pytest.raises(SynchronousOnlyOperation):
        asyncio.run(cell())


@pytest.mark.usefixtures("loop_without_permission")
def test_a_start_and_an_orm_query_inside_a_running_loop_both_work():
    async def cell():
        platform = start("microservices")
        staff = platform.login("instructor")
        answer = requests.get(platform.url("catalog") + "/courses", timeout=5, auth=staff)
        return answer.status_code, len(answer.json()), _course_count()

    status, listed, counted = asyncio.run(cell())
    assert status == 200
    assert listed == counted > 0


@pytest.mark.usefixtures("loop_without_permission")
def test_a_cell_may_query_once_the_runtime_is_imported_before_any_start():
    async def cell():
        configure()  # what importing campus.embedded does in the cell
        return _course_count()

    assert asyncio.run(cell()) >= 0


CELLS = [
    """
    import threading
    import requests
    from campus.assembly.databases import DatabaseScope, database_scope
    from campus.embedded import running, start, stop_all
    from campus.catalog.models import Course  # models need the runtime's settings first
    before = set(threading.enumerate())
    """,
    """
    platform = start("microservices")
    staff = platform.login("instructor")
    assert requests.get(platform.url("catalog") + "/courses", auth=staff).status_code == 200
    with database_scope(DatabaseScope("catalog", {"catalog": "catalog"})):
        assert Course.objects.count() > 0
    """,
    """
    platform = start("microservices")  # the same cell run again
    assert running() == {"microservices": platform}
    ada = platform.login("ada")
    assert requests.get(platform.url("dashboard") + "/dashboard/ada", auth=ada, timeout=5).ok
    """,
    """
    stop_all()
    assert set(threading.enumerate()) == before, set(threading.enumerate()) - before
    """,
]


def test_a_notebook_starts_queries_restarts_and_stops_the_platform_in_a_kernel(monkeypatch):
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")  # jupyter_core warns without it
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(textwrap.dedent(c).strip()) for c in CELLS]
    )
    NotebookClient(notebook, timeout=60, kernel_name="python3").execute()
    errors = [o for c in notebook.cells for o in c.outputs if o["output_type"] == "error"]
    assert errors == []


IDLE_CELLS = [
    """
    import socket
    from campus.embedded import servers, start, stop_all
    servers.CHANNEL_TIMEOUT_S = 1
    platform = start("monolith")
    """,
    """
    with socket.create_connection(("127.0.0.1", platform.servers["monolith"].port)) as conn:
        conn.settimeout(10)
        conn.sendall(b"GET /health HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\n\\r\\n")
        while conn.recv(65536):  # the answer, then the end once the idle connection times out
            pass
    stop_all()
    """,
]


def test_an_idle_connection_timing_out_prints_nothing_in_a_kernel(monkeypatch):
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(textwrap.dedent(c).strip()) for c in IDLE_CELLS]
    )
    NotebookClient(notebook, timeout=60, kernel_name="python3").execute()
    assert [o for c in notebook.cells for o in c.outputs] == []
