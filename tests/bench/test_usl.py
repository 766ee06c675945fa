"""The capacity model recovers what it is given: throughput made from known contention and
coherency coefficients, with noise, gives those coefficients back within their errors."""

import math

import numpy as np
import pytest

from campus.bench.usl import usl, usl_fit


def test_the_fit_recovers_known_contention_and_coherency_from_noisy_repeats():
    rng = np.random.default_rng(7)
    workers = np.repeat([1, 2, 3, 4, 6, 8, 12, 16], 3)
    throughput = usl(workers, 100.0, 0.05, 0.002) * (1 + rng.normal(0, 0.01, len(workers)))
    fit = usl_fit(workers, throughput)
    for got, error, wanted in zip(fit.params, fit.errors, (100.0, 0.05, 0.002), strict=True):
        assert abs(got - wanted) <= 4 * error, (got, error, wanted)
    assert fit.peak == pytest.approx(math.sqrt(0.95 / 0.002), rel=0.2)


def test_a_prediction_band_holds_the_fit_and_widens_past_the_measured_workers():
    rng = np.random.default_rng(3)
    workers = np.repeat([1, 2, 4, 6], 3)
    throughput = usl(workers, 50.0, 0.1, 0.0) * (1 + rng.normal(0, 0.03, len(workers)))
    low, middle, high = usl_fit(workers, throughput).predict([4, 32])
    assert np.all(low <= middle)
    assert np.all(middle <= high)
    assert (high[1] - low[1]) / middle[1] > (high[0] - low[0]) / middle[0]


def test_two_worker_counts_are_refused_for_three_coefficients():
    with pytest.raises(ValueError, match="three worker counts"):
        usl_fit([1, 1, 2, 2], [10, 11, 19, 20])
