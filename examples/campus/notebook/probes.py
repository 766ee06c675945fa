"""The same five requests, sent to a running platform while one of its processes does not
answer: what each request got back, as a status code (or no answer in time).

    >>> with Up("microservices") as up:                               # doctest: +SKIP
    ...     ada = learner_enrolled(up, http)
    ...     with paused(up, "catalog"):
    ...         answers = probe(up, http, ada)
    >>> probes_show({"microservices, catalog paused": answers})       # doctest: +SKIP
"""

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

import requests
from tenacity import Retrying, retry_if_result, stop_after_delay, wait_fixed

from campus.bench.provenance import about_line
from campus.keys import DEMO_COURSE
from campus.tables import table_format

__all__ = [
    "PROBES",
    "RECORDING",
    "Probe",
    "Recorded",
    "enrollment_post",
    "learner_enrolled",
    "probe",
    "probes_recorded",
    "probes_show",
    "served_count",
]

NO_ANSWER = "no answer in {:g} s"
REFUSED = "connection refused"
RECORDING = "blast-radius.json"  # written by `python -m campus.bench.blast_radius`


class Probe(NamedTuple):
    label: str
    service: str
    method: str
    path: str
    body: dict | None = None


PROBES = [
    Probe("list courses", "catalog", "GET", "/courses"),
    Probe(
        "enroll in DJ201",
        "enrollments",
        "POST",
        "/enrollments",
        {"learner": "ada", "course_key": "course-v1:CampusX+DJ201+2026"},
    ),
    Probe("list enrollments", "enrollments", "GET", "/enrollments?learner=ada"),
    Probe("list certificates", "credentials", "GET", "/certificates?learner=ada"),
    Probe("dashboard", "dashboard", "GET", "/dashboard/ada"),
]


def learner_enrolled(up, http: requests.Session, learner: str = "ada"):
    """Sign ``learner`` in and enroll them in the demo course, before anything is paused (the
    sign-in itself needs the identity service); returns their ``requests`` auth."""
    auth = up.login(learner)
    auth.source.token()
    enrolled = {"learner": learner, "course_key": DEMO_COURSE}
    enrollment_post(http, up.url("enrollments") + "/enrollments", enrolled, auth).raise_for_status()
    return auth


def enrollment_post(http: requests.Session, url: str, body: dict, auth) -> requests.Response:
    """POST ``body`` to ``url``, asked again while it answers 503, for 15 s at most; the last
    answer. Just after a start, enrollments may not hold its own token yet (the identity hashes
    its secret first; under a short ``CAMPUS_DEADLINE`` on a busy machine that fetch can outlast
    the request): that 503 wrote nothing, so asking again is safe."""
    enroll = Retrying(
        retry=retry_if_result(lambda answer: answer.status_code == 503),
        stop=stop_after_delay(15),
        wait=wait_fixed(0.1),
        retry_error_callback=lambda state: state.outcome.result(),  # the last answer
    )
    return enroll(http.post, url, json=body, auth=auth)


def probe(up, http: requests.Session, auth, timeout: float = 2.0) -> list[str]:
    """Send every request of `PROBES` and return what each got: its status code, with the
    error's code for an error body and the names a dashboard lists as ``unavailable``; or
    ``no answer in 2 s``, or ``connection refused`` when nothing listens on the port.

    The requests go out together, one thread each, as a browser's would: when several get no
    answer, the call waits one ``timeout``, not one per request."""

    def answer(p: Probe) -> str:
        try:
            answer = http.request(
                p.method, up.url(p.service) + p.path, json=p.body, timeout=timeout, auth=auth
            )
        except requests.Timeout:
            return NO_ANSWER.format(timeout)
        except requests.ConnectionError:
            return REFUSED
        return _said(answer)

    with ThreadPoolExecutor(max_workers=len(PROBES), thread_name_prefix="probe") as pool:
        return list(pool.map(answer, PROBES))


def _said(answer: requests.Response) -> str:
    body = answer.json()
    if isinstance(body, dict) and "unavailable" in body:
        return f"{answer.status_code}, unavailable: {body['unavailable'] or 'none'}"
    if isinstance(body, dict) and "error" in body:
        return f"{answer.status_code} {body['error']['code']}"
    return str(answer.status_code)


def probes_show(columns: dict[str, list[str]]) -> None:
    """Print one row per request of `PROBES`, one column per run of `probe`."""
    rows = [(p.label, *answers) for p, *answers in zip(PROBES, *columns.values(), strict=True)]
    print(table_format(["request", *columns], rows))


def served_count(answers: list[str]) -> int:
    """How many of the answers are a success (a 2xx status)."""
    return sum(answer.startswith("2") for answer in answers)


class Recorded(NamedTuple):
    """A recorded run of `probe` (`campus.bench.blast_radius`): ``about`` says when, where and
    how; ``columns`` holds each column's answers."""

    about: dict
    columns: dict[str, list[str]]

    def line(self) -> str:
        """When, by which command, at which commit, on how many cores and under what load."""
        return about_line(self.about)


def probes_recorded(folder: str | Path) -> Recorded:
    """The recorded run in ``folder``; refused if its requests are not today's `PROBES`."""
    recorded = Recorded(**json.loads((Path(folder) / RECORDING).read_text()))
    labels = [p.label for p in PROBES]
    if recorded.about["probes"] != labels:
        said = recorded.about["probes"]
        raise ValueError(f"{RECORDING} probed {said}, not {labels}: record it again")
    return recorded
