"""Counters read from a running service's ``/metrics`` (Prometheus's text format), all its
gunicorn workers together.

    >>> total = metric_total(url, "campus_deadline_exceeded_total", auth=staff)  # doctest: +SKIP
    >>> total                                                                  # doctest: +SKIP
    12.0
"""

import requests
from prometheus_client.parser import text_string_to_metric_families

__all__ = ["metric_total"]


def metric_total(base_url: str, sample: str, keep=lambda labels: True, *, auth) -> float:
    """The sum of the samples named ``sample`` whose labels ``keep`` accepts; ``auth``, a staff
    member's token, as ``/metrics`` asks."""
    # Patient: right after a load run, a saturated service still works off the requests queued
    # in its listen backlog before it reads this one.
    answer = requests.get(base_url + "/metrics", timeout=60, auth=auth)
    answer.raise_for_status()  # a refusal is no figure: never read it as zero
    text = answer.text
    return sum(
        s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
        if s.name == sample and keep(s.labels)
    )
