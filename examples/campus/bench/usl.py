"""Neil Gunther's Universal Scalability Law, fitted to measured throughput with SciPy.

    X(N) = lambda * N / (1 + sigma * (N - 1) + kappa * N * (N - 1))

``N`` is how many workers serve (here: the catalog's gunicorn workers); ``lambda`` the
throughput one would give alone; ``sigma`` the contention (the share of the work that queues for
something shared, such as the CPU); ``kappa`` the coherency (what workers spend keeping one
another in step, which grows with every pair of them and makes throughput fall past a peak,
at N = sqrt((1 - sigma) / kappa)). See http://www.perfdynamics.com/Manifesto/USLscalability.html.

    >>> fit = usl_fit([1, 2, 4, 8, 1, 2, 4, 8], [100, 190, 330, 480, 102, 188, 335, 470])
    >>> round(fit.sigma, 2) >= 0
    True
    >>> low, mid, high = fit.predict([16])
"""

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import curve_fit

__all__ = ["UslFit", "usl", "usl_fit"]

DRAWS = 4000  # parameter draws behind a prediction's band


def usl(n, lam: float, sigma: float, kappa: float):
    """Throughput at ``n`` workers (a number or a NumPy array)."""
    n = np.asarray(n, dtype=float)
    return lam * n / (1 + sigma * (n - 1) + kappa * n * (n - 1))


@dataclass(frozen=True)
class UslFit:
    lam: float
    sigma: float
    kappa: float
    errors: tuple[float, float, float]  # one standard error each, from the fit's covariance
    covariance: np.ndarray
    points: int

    @property
    def peak(self) -> float:
        """Workers at which throughput is highest: past it, more workers serve less."""
        return math.sqrt((1 - self.sigma) / self.kappa) if self.kappa > 0 else math.inf

    def predict(self, n, band: float = 0.95, seed: int = 0):
        """``(low, middle, high)`` throughput at each ``n``: the fit, and the band that holds
        ``band`` of the predictions made with parameters drawn from the fit's uncertainty
        (contention and coherency kept at or above zero, as they cannot be below)."""
        n = np.asarray(n, dtype=float)
        rng = np.random.default_rng(seed)
        draws = rng.multivariate_normal(self.params, self.covariance, DRAWS, method="eigh")
        draws = np.clip(draws, [1e-9, 0, 0], [np.inf, 1, np.inf])
        curves = np.array([usl(n, *p) for p in draws])
        tail = (1 - band) / 2 * 100
        low, high = np.percentile(curves, [tail, 100 - tail], axis=0)
        return low, usl(n, *self.params), high

    @property
    def params(self) -> tuple[float, float, float]:
        return (self.lam, self.sigma, self.kappa)

    def line(self) -> str:
        """The coefficients with their standard errors, on one line."""
        (dl, ds, dk), peak = self.errors, self.peak
        return (
            f"lambda {self.lam:.1f} ± {dl:.1f}/s, sigma {self.sigma:.3f} ± {ds:.3f}, "
            f"kappa {self.kappa:.4f} ± {dk:.4f}; peak at "
            + ("no finite N" if math.isinf(peak) else f"N = {peak:.1f}")
            + f" ({self.points} points)"
        )


def usl_fit(workers, throughput) -> UslFit:
    """Fit the law to measured ``(workers, throughput)`` pairs (repeats welcome: each is a
    point), by least squares (`scipy.optimize.curve_fit`), with ``sigma`` in [0, 1] and
    ``kappa`` and ``lambda`` at least 0."""
    n = np.asarray(workers, dtype=float)
    x = np.asarray(throughput, dtype=float)
    if len(set(n)) < 3:
        raise ValueError("three parameters need throughput at three worker counts at least")
    alone = float(np.mean(x[n == n.min()]) / n.min())
    params, covariance = curve_fit(
        usl, n, x, p0=(alone, 0.05, 0.001), bounds=([0, 0, 0], [np.inf, 1, np.inf]), maxfev=20000
    )
    errors = tuple(float(e) for e in np.sqrt(np.clip(np.diag(covariance), 0, None)))
    return UslFit(*(float(p) for p in params), errors, covariance, len(n))
