"""Checking a gradient against central finite differences.

:func:`numerical_gradient` estimates a gradient from values alone; :func:`gradient_check` compares
a gradient function with that estimate and says which coordinate is off.

>>> import numpy as np
>>> from gdcourse.gradcheck import gradient_check
>>> print(gradient_check(lambda x: float(x @ x), lambda x: 2 * x, [1.0, -2.0]))
gradient check passed: relative error below the tolerance 1e-06
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from . import _validate


def numerical_gradient(f: Callable[[np.ndarray], float], x: object, h: float = 1e-6) -> np.ndarray:
    """Central finite differences: (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h for every coordinate i.

    The error is O(h²) from truncation plus about ε·abs(f)/h from rounding (ε ≈ 1e-16),
    so h around 1e-6 to 1e-5 suits functions of moderate size.

    Parameters
    ----------
    f : callable
        A function of a flat float array returning a real number.
    x : array_like
        The point.
    h : float
        Step, positive.

    Returns
    -------
    numpy.ndarray
        One partial derivative per coordinate.
    """
    _validate.function(f, "f", "of an array returning a number")
    x = _validate.point(x, None, "x")
    h = _validate.positive(h, "h", "1e-6")
    grad = np.empty_like(x)
    for i in range(x.size):
        step = np.zeros_like(x)
        step[i] = h
        grad[i] = (float(f(x + step)) - float(f(x - step))) / (2.0 * h)
    return grad


@dataclass(frozen=True)
class GradientCheck:
    """The result of :func:`gradient_check`.

    Attributes
    ----------
    analytic, numeric : numpy.ndarray
        The gradient under test and the central-difference estimate.
    component_errors : numpy.ndarray
        abs(analyticᵢ − numericᵢ) / scale, with scale = max(‖analytic‖, ‖numeric‖): which coordinate is off.
    relative_error : float
        ‖analytic − numeric‖ / scale (0 when both gradients are zero).
    tol : float
        The threshold used.
    """

    analytic: np.ndarray
    numeric: np.ndarray
    component_errors: np.ndarray
    relative_error: float
    tol: float

    @property
    def ok(self) -> bool:
        """True when the relative error is below the tolerance."""
        return self.relative_error < self.tol

    def __str__(self) -> str:
        # A passing error is rounding noise that varies between machines, so only its bound is shown.
        if self.ok:
            return f"gradient check passed: relative error below the tolerance {self.tol:.0e}"
        worst = int(np.argmax(self.component_errors))
        return (f"gradient check FAILED: relative error {self.relative_error:.2e} (tolerance {self.tol:.0e}); "
                f"worst component: index {worst}")


def gradient_check(f: Callable[[np.ndarray], float], grad: Callable[[np.ndarray], object], x: object, *,
                   h: float = 1e-6, tol: float = 1e-6) -> GradientCheck:
    """Compare a gradient function with central finite differences of ``f`` at ``x``.

    Parameters
    ----------
    f : callable
        The function, of a flat float array, returning a real number.
    grad : callable
        The gradient under test, of the same array, returning one number per coordinate.
    x : array_like
        The point to test at (avoid special points such as zeros, where bugs hide).
    h : float
        Finite-difference step.
    tol : float
        Largest relative error that passes.

    Returns
    -------
    GradientCheck
        ``.ok`` says whether it passed; ``.component_errors`` point to the wrong coordinate.
    """
    _validate.function(grad, "grad", "of an array returning the gradient")
    x = _validate.point(x, None, "x")
    tol = _validate.positive(tol, "tol", "1e-6")
    numeric = numerical_gradient(f, x, h)
    analytic = np.asarray(grad(x.copy()), dtype=float).reshape(-1)
    if analytic.shape != x.shape:
        raise ValueError(f"grad must return {x.size} number(s), one per coordinate, got shape {analytic.shape}.")
    scale = max(float(np.linalg.norm(analytic)), float(np.linalg.norm(numeric)))
    diff = np.abs(analytic - numeric)
    if scale == 0.0:
        return GradientCheck(analytic, numeric, np.zeros_like(diff), 0.0, tol)
    return GradientCheck(analytic, numeric, diff / scale, float(np.linalg.norm(diff)) / scale, tol)
