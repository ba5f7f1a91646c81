"""The chapters' data sets, generated in code (nothing is downloaded).

Random data sets take a ``seed`` and draw from ``np.random.default_rng(seed)``,
never from numpy's global random state.
"""
from __future__ import annotations

import numpy as np

from . import _validate


def line_data(n: int = 4, slope: float = 2.0) -> tuple[np.ndarray, np.ndarray]:
    """Noise-free points on the line y = slope·x at x = 1, 2, …, n.

    ``line_data(4)`` is chapter 1's (1, 2), (2, 4), (3, 6), (4, 8);
    ``line_data(3)`` is the three-point set of chapter 3.

    Parameters
    ----------
    n : int
        Number of points, at least 1.
    slope : float
        The true slope.

    Returns
    -------
    x, y : numpy.ndarray
        Inputs and targets, each of shape ``(n,)``.
    """
    n = _validate.positive_int(n, "n")
    slope = _validate.finite_real(slope, "slope")
    x = np.arange(1.0, n + 1.0)
    return x, slope * x


def quadratic_data(a: float, b: float, c: float, start: float, step: float, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Noise-free samples of y = a·x² + b·x + c at x = start, start + step, …, start + (n − 1)·step.

    Parameters
    ----------
    a, b, c : float
        Coefficients of the parabola.
    start, step : float
        First input and spacing (step > 0).
    n : int
        Number of points.

    Returns
    -------
    x, y : numpy.ndarray
        Inputs and targets, each of shape ``(n,)``.
    """
    a, b, c, start = (_validate.finite_real(v, name) for v, name in ((a, "a"), (b, "b"), (c, "c"), (start, "start")))
    step = _validate.positive(step, "step", "0.01")
    n = _validate.positive_int(n, "n")
    x = start + step * np.arange(n)
    return x, a * x**2 + b * x + c


def seed002_data() -> tuple[np.ndarray, np.ndarray]:
    """Seed 002's data: y = 4x² + 5x + 6 at x = 0.00, 0.01, …, 0.99 (100 points)."""
    return quadratic_data(4.0, 5.0, 6.0, start=0.0, step=0.01, n=100)


def seed004_data() -> tuple[np.ndarray, np.ndarray]:
    """Seed 004's data: y = 2x² − 4x + 3 at x = −1, −0.9975, …, 0.9975 (800 points)."""
    return quadratic_data(2.0, -4.0, 3.0, start=-1.0, step=0.0025, n=800)


def noisy_linear_data(n: int = 2048, d: int = 5, *, noise: float = 0.5, smallest_scale: float = 0.3,
                      seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A noisy linear-regression data set: y = X·w_true + noise·ε.

    The features are independent Gaussians whose standard deviations fall
    geometrically from 1 (first column) to ``smallest_scale`` (last column), so the
    loss is steeper in some directions than in others (condition number about
    ``smallest_scale**-2``). The true weights and the noise ε are standard normal.
    Everything is drawn from ``np.random.default_rng(seed)``: the same seed gives the
    same data.

    Parameters
    ----------
    n : int
        Number of rows (samples), at least 2.
    d : int
        Number of features, at least 1.
    noise : float
        Standard deviation of the Gaussian noise added to the targets (>= 0).
    smallest_scale : float
        Standard deviation of the last feature, in (0, 1].
    seed : int
        Seed of the random generator.

    Returns
    -------
    X : numpy.ndarray, shape (n, d)
        Inputs.
    y : numpy.ndarray, shape (n,)
        Noisy targets.
    w_true : numpy.ndarray, shape (d,)
        The weights the targets were made with (not the least-squares fit of the sample).
    """
    n = _validate.positive_int(n, "n")
    if n < 2:
        raise ValueError(f"n must be at least 2 so that a data set has some spread, got {n}.")
    d = _validate.positive_int(d, "d")
    noise = _validate.nonnegative(noise, "noise")
    smallest_scale = _validate.fraction(smallest_scale, "smallest_scale", low_open=True, high_open=False,
                                        example="0.3")
    rng = np.random.default_rng(_validate.seed(seed))
    scales = np.geomspace(1.0, smallest_scale, d)
    X = rng.normal(size=(n, d)) * scales
    w_true = rng.normal(size=d)
    y = X @ w_true + noise * rng.normal(size=n)
    return X, y, w_true
