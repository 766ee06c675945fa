"""How fast the platform starts and stops, and what one hop between services costs.

    python -m campus.bench           # or: make bench

For both architectures it prints the start-all and stop-all time (medians over repeated runs,
the first start's one-off cost apart), and the latency of one request from enrollments to the
catalog through the platform's client, beside two baselines measured in the same run: a direct
Python call of the same adapter, and a bare WSGI hello-world behind the same server and client.

The figures are data too, for a notebook to plot:

    >>> with Platform("microservices") as platform:        # doctest: +SKIP
    ...     figures = measure_hops(platform, 500)
    >>> sorted(figures)                                      # doctest: +SKIP
    ['bare', 'direct', 'hop']
"""

import argparse

from campus.embedded import ARCHITECTURES, Platform

from .measure import TARGETS, measure_hops, measure_import, measure_lifecycle, percentile
from .report import report_hops, report_lifecycle

__all__ = ["TARGETS", "main", "measure_hops", "measure_import", "measure_lifecycle", "percentile"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m campus.bench", description=__doc__.splitlines()[0]
    )
    count = _at_least(1)
    parser.add_argument("--runs", type=count, default=20, help="start/stop runs per architecture")
    parser.add_argument("--rounds", type=count, default=5, help="latency rounds per architecture")
    # A percentile needs two values at least.
    parser.add_argument("--requests", type=_at_least(2), default=400, help="calls per round, kind")
    options = parser.parse_args(argv)
    lifecycle = {arch: measure_lifecycle(arch, options.runs) for arch in ARCHITECTURES}
    report_lifecycle(lifecycle, measure_import())
    rounds = {}
    for arch in ARCHITECTURES:
        with Platform(arch) as platform:
            rounds[arch] = [measure_hops(platform, options.requests) for _ in range(options.rounds)]
    report_hops(rounds)
    return 0


def _at_least(lowest: int):
    def parse(text: str) -> int:
        value = int(text)
        if value < lowest:
            raise argparse.ArgumentTypeError(f"{value} is fewer than {lowest}")
        return value

    return parse
