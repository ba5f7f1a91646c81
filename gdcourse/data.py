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
