"""Timing calls, and reading the times as percentiles."""

import random
import time

import pytest

from campus.notebook.timing import median_ms, percentile, percentiles_show, timings_ms


def test_a_call_is_made_warmup_plus_repeat_times_and_only_the_repeats_are_timed():
    calls = []
    samples = timings_ms(calls.append, "x", repeat=5, warmup=3)
    assert (len(calls), len(samples)) == (8, 5)
    assert all(sample >= 0 for sample in samples)


def test_the_median_of_a_call_that_sleeps_is_at_least_its_sleep():
    assert median_ms(time.sleep, 0.002, repeat=5, warmup=0) >= 2


def test_percentiles_are_interpolated_as_numpy_and_matplotlib_do():
    numpy = pytest.importorskip("numpy")
    samples = [random.expovariate(1) for _ in range(101)]
    for q in (5, 25, 50, 90, 95):
        assert percentile(samples, q) == pytest.approx(float(numpy.percentile(samples, q)))
    assert (percentile([1.0, 2.0, 3.0, 4.0], 50), percentile([7.0], 90)) == (2.5, 7.0)


def test_each_measure_prints_its_calls_and_its_p50_and_p90(capsys):
    rows = percentiles_show({"hop": [1.0, 2.0, 3.0, 4.0, 5.0]})
    assert rows == [("hop", 5, 3.0, 4.6)]
    assert capsys.readouterr().out.splitlines()[2].split() == ["hop", "5", "3.00", "4.60"]
