"""The dashboard's read model, in-process: how far a page lags a write, and what it answers
while every neighbour is down.

    python -m campus.bench.read_model [--samples 30]

Prints the milliseconds from a completion's answer to the first dashboard page that shows its
certificate (the event goes from enrollments to credentials, whose certificate event goes on to
the dashboard), and the page before and after the catalog, enrollments and credentials are
stopped. The functions return plain numbers and pages, for a notebook to show.
"""

import argparse
import logging
import time

import requests

from campus.embedded import Platform
from campus.keys import DEMO_COURSE

from .dashboard import LEARNER, learner_enroll
from .stats import percentile

__all__ = ["main", "read_model_lag_ms", "read_model_with_neighbours_down"]

READ_MODEL = {"CAMPUS_DASHBOARD_READ_MODEL": "on"}
NEIGHBOURS = ("catalog", "enrollments", "credentials")


def read_model_lag_ms(samples: int = 30, *, timeout_s: float = 5.0) -> list[float]:
    """Per sample, ms from a completion's 200 to the first page that shows its certificate,
    asking for the page again as soon as one answers (each page takes a few ms, the finest
    step this can see). Raises TimeoutError if a certificate takes over ``timeout_s``."""
    with requests.Session() as http, Platform("microservices", environ=READ_MODEL) as platform:
        http.auth = platform.login("instructor")  # staff: may enroll, complete and read anyone
        enrollments = platform.url("enrollments") + "/enrollments"
        lags = []
        for sample in range(samples):
            learner = f"lag{sample}"
            made = http.post(enrollments, json={"learner": learner, "course_key": DEMO_COURSE})
            made.raise_for_status()
            _drained(platform)
            http.post(f"{enrollments}/{made.json()['id']}/complete").raise_for_status()
            answered = time.perf_counter()
            while not _certified(http, platform.url("dashboard") + f"/dashboard/{learner}"):
                if time.perf_counter() - answered > timeout_s:
                    raise TimeoutError(f"no certificate on {learner}'s page in {timeout_s} s")
            lags.append((time.perf_counter() - answered) * 1000)
        return lags


def read_model_with_neighbours_down() -> tuple[dict, dict]:
    """The page of `campus.bench.dashboard`'s learner (two runs, the first certified) from the
    read model, before and after its three neighbours are stopped."""
    with requests.Session() as http, Platform("microservices", environ=READ_MODEL) as platform:
        learner_enroll(platform, http)  # drains, then asks as the learner
        url = platform.url("dashboard") + f"/dashboard/{LEARNER}"
        before = http.get(url, timeout=5).json()
        for name in NEIGHBOURS:
            platform.stop_service(name)
        return before, http.get(url, timeout=5).json()


def _drained(platform: Platform) -> None:
    if not platform.drain():
        raise TimeoutError("the platform's events did not all arrive in 5 s")


def _certified(http: requests.Session, url: str) -> bool:
    courses = http.get(url, timeout=5).json()["courses"]
    return bool(courses) and courses[0]["certificate"] is not None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m campus.bench.read_model")
    parser.add_argument("--samples", type=int, default=30, help="completions to time")
    options = parser.parse_args(argv)
    logging.disable(logging.ERROR)  # the stopped neighbours log on purpose
    lags = read_model_lag_ms(options.samples)
    print(f"1. Completion answered -> certificate on the page, {len(lags)} samples, ms")
    print(
        f"   p50 {percentile(lags, 50):6.1f}  p95 {percentile(lags, 95):6.1f}  max {max(lags):6.1f}"
    )
    before, after = read_model_with_neighbours_down()
    print(f"2. Catalog, enrollments and credentials stopped: {', '.join(NEIGHBOURS)}")
    print(
        f"   page before: {len(before['courses'])} course(s), unavailable {before['unavailable']}"
    )
    print(f"   page after:  {len(after['courses'])} course(s), unavailable {after['unavailable']}")
    print(f"   the same page: {before == after}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
