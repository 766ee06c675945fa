"""The dashboard under the platform's call rules, in-process: what a page costs, what a
neighbour that hangs costs, and how many calls a stopped catalog still gets.

    python -m campus.bench.dashboard [--requests 300]

Prints three figures, each beside its baseline measured in the same run:

1. the dashboard's p50 on the microservices against the monolith's (the ratio): asking its
   neighbours with the title cache off (the default) and on (30 s), and answering from its read
   model (``CAMPUS_DASHBOARD_READ_MODEL=on``), which asks no one;
2. the answer time of a dashboard whose catalog and credentials hang, against its deadline;
3. the attempts that reached a stopped catalog per dashboard request, with the breaker and
   backoff (the default) and without (``CAMPUS_HTTP_BREAKER=off``, ``CAMPUS_HTTP_BACKOFF=off``).

The functions return plain numbers, for a notebook to show.
"""

import argparse
import logging
import time
from concurrent.futures import ThreadPoolExecutor

import requests

from campus.embedded import Platform
from campus.keys import DEMO_COURSE
from campus.notebook.probes import enrollment_post

from .measure import percentile

__all__ = ["catalog_calls_per_page", "hang_answer_s", "main", "page_p50_ms"]

COURSES = (DEMO_COURSE, "course-v1:CampusX+DJ201+2026")
LEARNER = "ada"
# Pages counted per round, at least: the two uncounted ones stay a third of a round at most.
ROUND_PAGES = 4


def learner_enroll(platform: Platform, http: requests.Session, learner: str = LEARNER) -> None:
    """``learner`` holds two enrollments, the first completed (so a certificate comes)."""
    enrollments = platform.url("enrollments") + "/enrollments"
    staff = platform.login("instructor")  # completing needs the staff scope
    made = [
        enrollment_post(http, enrollments, {"learner": learner, "course_key": k}, staff)
        for k in COURSES
    ]
    assert all(m.status_code == 201 for m in made), [m.text for m in made]
    http.post(f"{enrollments}/{made[0].json()['id']}/complete", auth=staff).raise_for_status()
    platform.drain()
    # Pages are asked as the learner, whose token every platform of this process accepts
    # (they sign with one key), as a browser would send it.
    http.auth = platform.login(learner)


def page_ms(platform: Platform, http: requests.Session, n: int, warmup: int = 30) -> list[float]:
    url = platform.url("dashboard") + f"/dashboard/{LEARNER}"
    samples = []
    for i in range(warmup + n):
        started = time.perf_counter()
        http.get(url, timeout=5).raise_for_status()
        if i >= warmup:
            samples.append((time.perf_counter() - started) * 1000)
    return samples


def page_p50_ms(n: int, environ: dict | None = None) -> dict[str, float]:
    """p50 of a dashboard page, ms, per architecture, over ``n`` pages each: the two platforms
    run side by side and are asked in alternating rounds, so both see the same machine load.
    Each round starts with two pages left uncounted, for the switch from the other platform;
    there are up to ten rounds, of `ROUND_PAGES` counted pages or more."""
    rounds = max(1, min(10, n // ROUND_PAGES))
    samples: dict[str, list[float]] = {"monolith": [], "microservices": []}
    with (
        requests.Session() as http,
        Platform("monolith", environ=environ) as mono,
        Platform("microservices", environ=environ) as services,
    ):
        for platform in (mono, services):
            learner_enroll(platform, http)
        for _ in range(rounds):
            for arch, platform in (("monolith", mono), ("microservices", services)):
                samples[arch] += page_ms(platform, http, max(2, n // rounds), warmup=2)
    return {arch: percentile(s, 50) for arch, s in samples.items()}


def hang_answer_s(deadline_s: float = 1.0, pages: int = 5) -> list[float]:
    """Seconds per dashboard page while the catalog and credentials hang (30 s per answer), for
    ``pages`` opened at once, as from that many browser tabs."""
    environ = {"CAMPUS_DEADLINE": str(deadline_s), "CAMPUS_DASHBOARD_TITLE_TTL": "0"}
    with Platform("microservices", environ=environ) as platform:
        with requests.Session() as http:
            learner_enroll(platform, http)
            learner = http.auth
        platform.slow_down("catalog", 30)
        platform.slow_down("credentials", 30)

        def page_s(_) -> float:
            started = time.perf_counter()
            with requests.Session() as browser:
                page = platform.url("dashboard") + f"/dashboard/{LEARNER}"
                browser.get(page, auth=learner, timeout=60).raise_for_status()
            return time.perf_counter() - started

        with ThreadPoolExecutor(max_workers=pages, thread_name_prefix="learner") as pool:
            took = list(pool.map(page_s, range(pages)))
        platform.slow_down("catalog", 0)
        platform.slow_down("credentials", 0)
    return took


def catalog_calls_per_page(pages: int, *, protected: bool) -> float:
    """Attempts that reached a stopped catalog per dashboard page (``protected``: breaker and
    backoff on, else both off); the title cache is off, so every page needs the catalog."""
    flag = "on" if protected else "off"
    environ = {
        "CAMPUS_HTTP_BREAKER": flag,
        "CAMPUS_HTTP_BACKOFF": flag,
        "CAMPUS_DASHBOARD_TITLE_TTL": "0",
    }
    with requests.Session() as http, Platform("microservices", environ=environ) as platform:
        learner_enroll(platform, http)
        platform.stop_service("catalog")
        for _ in range(pages):
            http.get(platform.url("dashboard") + f"/dashboard/{LEARNER}", timeout=10)
        return platform.metrics["dashboard"].outbound_count(callee="catalog") / pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m campus.bench.dashboard")
    parser.add_argument("--requests", type=int, default=300, help="pages per architecture")
    options = parser.parse_args(argv)
    logging.disable(logging.ERROR)  # the stopped and hanging neighbours log on purpose
    variants = {
        "calls, no title cache (default)": {},
        "calls, titles cached 30 s": {"CAMPUS_DASHBOARD_TITLE_TTL": "30"},
        "read model, no calls": {"CAMPUS_DASHBOARD_READ_MODEL": "on"},
    }
    print("1. Dashboard page p50, in-process, ms (same run, alternating rounds)")
    for label, environ in variants.items():
        p50 = page_p50_ms(options.requests, environ)
        ratio = p50["microservices"] / p50["monolith"]
        print(
            f"   {label:32} monolith {p50['monolith']:6.2f}  microservices "
            f"{p50['microservices']:6.2f}  ratio {ratio:4.2f}x  (target <= 1.5x)"
        )
    took = hang_answer_s()
    print("2. Catalog and credentials hang (30 s each); deadline 1.0 s")
    print(
        f"   answered in {min(took):.3f} to {max(took):.3f} s over {len(took)} pages "
        f"(target <= deadline + 10% = 1.100 s)"
    )
    print("3. Catalog stopped: attempts that reached it per dashboard page (200 pages)")
    for protected in (False, True):
        label = "breaker + backoff" if protected else "no breaker, immediate retry"
        print(f"   {label:28} {catalog_calls_per_page(200, protected=protected):5.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
