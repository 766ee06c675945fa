"""The five requests of the blast-radius comparison, sent to a running in-process platform."""

import json
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
import requests

from campus.bench.blast_radius import COLUMNS
from campus.notebook.probes import (
    PROBES,
    RECORDING,
    learner_enrolled,
    probe,
    probes_recorded,
    probes_show,
    served_count,
)


def test_on_a_healthy_platform_every_request_is_served_and_the_dashboard_misses_no_one(
    microservices,
):
    with requests.Session() as http:
        ada = learner_enrolled(microservices, http)
        answers = probe(microservices, http, ada)
    assert answers == ["200", "201", "200", "200", "200, unavailable: none"]
    assert served_count(answers) == len(PROBES)


def test_a_service_that_does_not_answer_in_time_reads_no_answer(microservices):
    with requests.Session() as http:
        ada = learner_enrolled(microservices, http)
        microservices.slow_down("catalog", 1)
        try:
            answers = probe(microservices, http, ada, timeout=0.3)
        finally:
            microservices.slow_down("catalog", 0)
    assert answers[0] == "no answer in 0.3 s"
    assert served_count(answers) < len(PROBES)


def test_a_stopped_service_refuses_and_its_callers_answer_with_an_error_code(microservices):
    with requests.Session() as http:
        ada = learner_enrolled(microservices, http)
        microservices.stop_service("catalog")
        answers = probe(microservices, http, ada)
    assert answers[0] == "connection refused"  # nothing listens on the catalog's port
    enroll = PROBES.index(next(p for p in PROBES if p.method == "POST"))
    assert answers[enroll] == "503 dependency_unavailable"
    assert answers[-1] == "200, unavailable: ['catalog']"


def test_the_table_has_a_row_per_request_and_a_column_per_run(capsys):
    probes_show({"run a": ["200"] * len(PROBES), "run b": ["no answer in 2 s"] * len(PROBES)})
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["request", "run", "a", "run", "b"]
    assert [line.split("  ")[0] for line in lines[2:]] == [p.label for p in PROBES]


class FirstAnswers503:
    """A session whose first two POSTs meet a service that has no token of its own yet."""

    def __init__(self):
        self.posts = 0

    def post(self, url, **kwargs):
        self.posts += 1
        answer = requests.Response()
        answer.status_code = 503 if self.posts <= 2 else 201
        return answer


class Up:
    def login(self, learner):
        return SimpleNamespace(source=SimpleNamespace(token=lambda: "token"))

    def url(self, service):
        return "http://127.0.0.1:1"


def test_an_enrolment_refused_with_503_just_after_start_is_asked_again():
    http = FirstAnswers503()
    learner_enrolled(Up(), http)
    assert http.posts == 3


class AllAtOnce:
    """A session whose requests each wait until every probe's request has arrived: sent one
    after another, the first would wait alone and break the barrier."""

    def __init__(self):
        self.arrived = threading.Barrier(len(PROBES), timeout=10)

    def request(self, method, url, **kwargs):
        self.arrived.wait()
        answer = requests.Response()
        answer.status_code = 200
        answer._content = b"[]"
        return answer


def test_the_requests_are_sent_together_so_several_hanging_ones_cost_one_timeout():
    answers = probe(Up(), AllAtOnce(), auth=None)
    assert answers == ["200"] * len(PROBES)


def recording_write(folder, probes):
    about = {"recorded_at": "2026-12-07T10:00:00+00:00", "command": "python -m x", "commit": "abc"}
    about |= {"dirty": False, "load_average": {"before": [1.0] * 3, "after": [2.5] * 3}}
    about |= {"cores": 2, "probes": probes}
    columns = {"monolith, monolith paused": ["no answer in 2 s"] * len(probes)}
    (folder / RECORDING).write_text(json.dumps({"about": about, "columns": columns}))


def test_a_recorded_run_is_read_with_the_line_that_says_when_and_where(tmp_path):
    recording_write(tmp_path, [p.label for p in PROBES])
    recorded = probes_recorded(tmp_path)
    assert served_count(recorded.columns["monolith, monolith paused"]) == 0
    assert recorded.line() == (
        "recorded 2026-12-07T10:00:00+00:00 by `python -m x` at commit abc, on 2 cores; "
        "load average (1 min) 1.0 before, 2.5 after"
    )


def test_a_recording_of_other_requests_than_todays_is_refused(tmp_path):
    recording_write(tmp_path, ["list courses"])
    with pytest.raises(ValueError, match="record it again"):
        probes_recorded(tmp_path)


def test_the_recording_the_scaling_notebook_reads_holds_both_architectures_and_every_request():
    recorded = probes_recorded(Path(__file__).parents[2] / "notebooks" / "data")
    assert set(recorded.columns) == set(COLUMNS)
    assert all(len(answers) == len(PROBES) for answers in recorded.columns.values())
    assert served_count(recorded.columns["monolith, monolith paused"]) == 0
