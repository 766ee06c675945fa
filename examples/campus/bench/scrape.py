"""Counters read from a running service's ``/metrics`` (Prometheus's text format), all its
gunicorn workers together.

    >>> metric_total("http://127.0.0.1:8001", "campus_deadline_exceeded_total")  # doctest: +SKIP
    12.0
"""

import requests
from prometheus_client.parser import text_string_to_metric_families

__all__ = ["metric_total"]


def metric_total(base_url: str, sample: str, keep=lambda labels: True) -> float:
    """The sum of the samples named ``sample`` whose labels ``keep`` accepts."""
    text = requests.get(base_url + "/metrics", timeout=5).text
    return sum(
        s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
        if s.name == sample and keep(s.labels)
    )
