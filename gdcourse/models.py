"""Models with their forward pass, loss and gradient.

Chapter 1 uses the one-parameter line ŷ = w·x. Later chapters add models here.
"""
from __future__ import annotations

import numpy as np

from . import _validate


def line_predict(w: float, x: object) -> np.ndarray:
    """Forward pass of the line model: ŷ = w·x for every input.

    Parameters
    ----------
    w : float
        The slope.
    x : array_like
        Inputs.

    Returns
    -------
    numpy.ndarray
        Predictions, one per input.
    """
    w = _validate.finite_real(w, "w")
    return w * _validate.point(x, None, "x")


def line_mse(w: float, x: object, y: object) -> float:
    """Mean squared error of ŷ = w·x on data (x, y): mean((w·xᵢ − yᵢ)²)."""
    xs, ys = _validate.samples(x, y)
    residual = line_predict(w, xs) - ys
    return float(np.mean(residual**2))


def line_mse_gradient(w: float, x: object, y: object) -> float:
    """Derivative of :func:`line_mse` with respect to w: mean(2·xᵢ·(w·xᵢ − yᵢ))."""
    xs, ys = _validate.samples(x, y)
    residual = line_predict(w, xs) - ys
    return float(np.mean(2.0 * xs * residual))
