"""Print the figures as two small tables, with the targets beside them and what they mean."""

from statistics import median

from .measure import TARGETS, percentile

__all__ = ["report_hops", "report_lifecycle"]

# Printed once, after the tables: a bare "MISSED" would leave a reader guessing whose target it is.
TARGETS_EXPLAINED = """\
What the targets are: this project's own goals for the in-process runtime (TARGETS in
campus/bench/measure.py), not an external standard. A start within {start:.0f} ms and a stop
within {stop:.0f} ms keep a notebook cell that restarts the platform quick. The hop's ratio to
the bare WSGI hello (p50 to p50, same server, same client) is what Django, DRF and the service's
own code add to the HTTP round trip: {hop}x means they add {extra:.0%} of what the round trip
itself costs. "missed" on a busy, shared machine is a reason to look again, not a failure:
figures vary from run to run, and this script always exits 0.""".format(
    start=TARGETS["start"],
    stop=TARGETS["stop"],
    hop=TARGETS["hop / bare"],
    extra=TARGETS["hop / bare"] - 1,
)

ROWS = {
    "hop": "hop through the client",
    "bare": "bare WSGI hello (baseline)",
    "direct": "direct Python call",
}


def report_lifecycle(figures: dict[str, dict[str, list[float]]], import_ms: float) -> None:
    runs = len(next(iter(figures.values()))["start"])
    print(f"Importing the platform in a fresh process (Django set-up): {import_ms:.0f} ms")
    print(f"Start and stop, ms (median of {runs} runs; the first start, which copies or runs")
    print("the migrations, apart; the platform was imported before timing)")
    print(f"{'':16}{'first start':>12}{'start':>9}{'stop':>9}   targets")
    for arch, times in figures.items():
        start, stop = median(times["start"]), median(times["stop"])
        verdict = _verdict(start <= TARGETS["start"] and stop <= TARGETS["stop"])
        print(
            f"{arch:16}{times['first start'][0]:12.1f}{start:9.1f}{stop:9.1f}   "
            f"start <= {TARGETS['start']:.0f}, stop <= {TARGETS['stop']:.0f}: {verdict}"
        )
    print()


def report_hops(rounds: dict[str, list[dict[str, list[float]]]]) -> None:
    some = next(iter(rounds.values()))
    print("One request: enrollments asks the catalog for a course, ms")
    print(f"(median over {len(some)} rounds of each round's p50 and p99, {len(some[0]['hop'])}")
    print("calls of each kind per round, interleaved)")
    for arch, arch_rounds in rounds.items():
        p50 = {k: median(percentile(r[k], 50) for r in arch_rounds) for k in ROWS}
        p99 = {k: median(percentile(r[k], 99) for r in arch_rounds) for k in ROWS}
        print(f"{arch:30}{'p50':>8}{'p99':>8}{'p50 / bare':>12}{'p99 / bare':>12}")
        for key, label in ROWS.items():
            line = f"  {label:28}{p50[key]:8.3f}{p99[key]:8.3f}"
            line += f"{p50[key] / p50['bare']:11.2f}x{p99[key] / p99['bare']:11.2f}x"
            if key == "hop":
                met = p50["hop"] / p50["bare"] <= TARGETS["hop / bare"]
                line += f"   target <= {TARGETS['hop / bare']}x bare: {_verdict(met)}"
            print(line)
    print(
        "On the monolith nothing crosses HTTP between services: its 'hop' row is a request to "
        "its\ncatalog route from outside, and the direct call is what enrollments really does."
    )
    print()
    print(TARGETS_EXPLAINED)


def _verdict(met: bool) -> str:
    return "met" if met else "missed (see below)"
