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
    step = _validate.learning_rate(step, "step")
    n = _validate.positive_int(n, "n")
    x = start + step * np.arange(n)
    return x, a * x**2 + b * x + c


def seed002_data() -> tuple[np.ndarray, np.ndarray]:
    """Seed 002's data: y = 4x² + 5x + 6 at x = 0.00, 0.01, …, 0.99 (100 points)."""
    return quadratic_data(4.0, 5.0, 6.0, start=0.0, step=0.01, n=100)


def seed004_data() -> tuple[np.ndarray, np.ndarray]:
    """Seed 004's data: y = 2x² − 4x + 3 at x = −1, −0.9975, …, 0.9975 (800 points)."""
    return quadratic_data(2.0, -4.0, 3.0, start=-1.0, step=0.0025, n=800)
