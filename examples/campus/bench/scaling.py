"""What more catalog workers buy, by the kind of work the catalog does: ``campus up`` on the
microservices, the learner mix at 64 users, the catalog on 1 to 8 gunicorn workers.

Each catalog request first does injected work (`campus.assembly.injected_work`): it waits
500 ms (``CAMPUS_CATALOG_WAIT_MS``, a slow database or remote call), or it spends 10 ms of CPU
(``CAMPUS_CATALOG_BURN_MS``). The dashboard's title cache is off, so every page asks the catalog.
One ``campus up`` per kind of work; the catalog's workers are added while it runs, with
gunicorn's own signal (``SIGTTIN``: one more worker), so no point pays a start.

    >>> rows = scaling(1.0, 3, works=("waiting",), levels=(1, 2, 3))   # doctest: +SKIP
    >>> fits = scaling_fits(rows)                                       # doctest: +SKIP

Per point and window: the learner mix's requests/s, failures and percentiles. Per point: the
requests the catalog dropped because their deadline had passed, and the calls the dashboard's
breaker refused while open. `scaling_fits` fits the Universal Scalability Law (`campus.bench.usl`)
to each kind of work, without the largest worker count, and predicts that one to check it.
"""

import signal
import statistics

from campus.waits import wait_until

from . import targets
from .scrape import metric_total
from .usl import usl_fit

__all__ = ["LEVELS", "WORKS", "catalog_workers_set", "scaling", "scaling_fits", "served_rps"]

WORKS = {  # the kind of work: the variable that injects it, and how much
    # Long enough that one worker's 8 threads, not the CPU, bound a two-core machine at first.
    "waiting": ("CAMPUS_CATALOG_WAIT_MS", "500"),
    "computing": ("CAMPUS_CATALOG_BURN_MS", "10"),
}
LEVELS = (1, 2, 4, 6, 8)  # catalog workers, each with gunicorn_conf's 8 threads
USERS = 64
EXPERIMENT = "scaling"


def catalog_workers_set(up, count: int) -> None:
    """Grow the catalog's gunicorn to ``count`` workers (``SIGTTIN`` adds one) and wait for them."""
    master = up.servers()["catalog"]
    # One signal at a time: two sent before gunicorn handles the first arrive as one.
    for more in range(len(master.children()) + 1, count + 1):
        master.send_signal(signal.SIGTTIN)
        wait_until(
            lambda more=more: len(master.children()) >= more,
            timeout=30,
            interval=0.1,
            what=f"the catalog to run {more} workers",
        )


def _counts(urls: dict, auth) -> tuple[float, float]:
    missed = metric_total(urls["catalog"], "campus_deadline_exceeded_total", auth=auth)
    refused = metric_total(
        urls["dashboard"],
        "campus_outbound_calls_total",
        lambda labels: labels["callee"] == "catalog" and labels["outcome"] == "circuit_open",
        auth=auth,
    )
    return missed, refused


def scaling(
    seconds: float, windows: int, *, works=tuple(WORKS), levels=LEVELS, users: int = USERS
) -> list[dict]:
    """The rows of the experiment (``load.FIELDS``), one per point, window and request name."""
    rows = []
    for work in works:
        name, amount = WORKS[work]
        environ = {name: amount, "CAMPUS_DASHBOARD_TITLE_TTL": "0"}
        with targets.up("microservices", environ=environ) as (urls, up):
            staff = up.login("instructor")  # /metrics needs the staff scope
            for level in levels:
                catalog_workers_set(up, level)
                before = _counts(urls, staff)
                run = targets.locust_run(urls, users=users, seconds=seconds, windows=windows)
                missed, refused = (b - a for a, b in zip(before, _counts(urls, staff), strict=True))
                for repeat, summary in enumerate(run.windows):
                    for request, figures in summary.items():
                        rows.append({
                            "experiment": EXPERIMENT, "target": "campus up",
                            "arch": "microservices", "variant": f"catalog {work} {amount} ms",
                            "users": users, "repeat": repeat, "workers": level,
                            "name": request, **figures,
                            "point_deadline_missed": missed, "point_breaker_refused": refused,
                        })  # fmt: skip
    return rows


def served_rps(row: dict) -> float:
    """Requests served per second in a window: those that did not fail."""
    return row["rps"] * (1 - row["failures"] / row["requests"]) if row["requests"] else 0.0


def scaling_fits(rows: list[dict]) -> dict[str, dict]:
    """Per variant: the fit (`campus.bench.usl.UslFit`) to the served requests/s of every
    window but those at the largest worker count, that count, its measured median, the fit's
    prediction for it and the relative error."""
    fits = {}
    totals = [r for r in rows if r["experiment"] == EXPERIMENT and r["name"] == targets.TOTAL]
    for variant in dict.fromkeys(r["variant"] for r in totals):
        points = [(int(r["workers"]), served_rps(r)) for r in totals if r["variant"] == variant]
        held_out = max(n for n, _ in points)
        seen = [(n, x) for n, x in points if n != held_out]
        fit = usl_fit([n for n, _ in seen], [x for _, x in seen])
        median = statistics.median(x for n, x in points if n == held_out)
        predicted = float(fit.predict([held_out])[1][0])
        error = (predicted - median) / median if median else float("inf")
        fits[variant] = {
            "fit": fit, "held_out": held_out, "measured": median, "predicted": predicted,
            "error": error,
        }  # fmt: skip
    return fits
