"""The scaling experiment's injected work: off by default, only ever the catalog's, and each
kind does what it says (waits by sleeping, computes on this thread's own CPU clock)."""

import time

from campus.assembly.config import PlatformConfig
from campus.assembly.injected_work import InjectedWork, injected_work


def test_no_work_is_injected_unless_a_variable_asks_for_it():
    config = PlatformConfig.from_environ({}, [])
    assert [injected_work(config, name) for name in ("catalog", "dashboard")] == [None, None]


def test_only_the_catalog_gets_the_work_the_variables_ask_for():
    environ = {"CAMPUS_CATALOG_WAIT_MS": "500", "CAMPUS_CATALOG_BURN_MS": "10"}
    config = PlatformConfig.from_environ(environ, [])
    assert injected_work(config, "catalog") == InjectedWork(wait_s=0.5, burn_s=0.01)
    assert injected_work(config, "dashboard") is None
    assert injected_work(config, "monolith") is None


def test_waiting_sleeps_and_computing_spends_this_threads_cpu_time(monkeypatch):
    slept = []
    monkeypatch.setattr(time, "sleep", slept.append)
    before = time.thread_time()
    InjectedWork(wait_s=0.25, burn_s=0.002)()
    assert slept == [0.25]
    assert time.thread_time() - before >= 0.002  # the loop's own stop condition, not a speed
