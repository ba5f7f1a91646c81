"""Argument checks shared by the public functions of gdcourse.

Every check raises a ``TypeError`` (wrong kind of value) or a ``ValueError``
(right kind, bad value) whose message says what was wrong and what to do.
"""
from __future__ import annotations

import numbers

import numpy as np


def learning_rate(lr: object, name: str = "lr") -> float:
    """Return ``lr`` as a float after checking it is a finite, positive number."""
    if isinstance(lr, bool) or not isinstance(lr, numbers.Real):
        raise TypeError(f"{name} must be a real number such as 0.01, got {type(lr).__name__} {lr!r}.")
    value = float(lr)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}. Pick a small positive step such as 0.01.")
    if value <= 0:
        raise ValueError(f"{name} must be positive, got {value}. A step of size 0 never moves; "
                         "a negative step climbs uphill. Try a small positive value such as 0.01.")
    return value


def positive_int(n: object, name: str) -> int:
    """Return ``n`` as an int after checking it is a whole number >= 1."""
    if isinstance(n, bool) or not isinstance(n, numbers.Integral):
        raise TypeError(f"{name} must be a whole number such as 100, got {type(n).__name__} {n!r}.")
    if n < 1:
        raise ValueError(f"{name} must be at least 1, got {n}.")
    return int(n)


def nonnegative(x: object, name: str) -> float:
    """Return ``x`` as a float after checking it is finite and >= 0."""
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(x).__name__} {x!r}.")
    value = float(x)
    if not np.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite number >= 0, got {value}.")
    return value


def finite_real(x: object, name: str) -> float:
    """Return ``x`` as a float after checking it is a finite real number."""
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(x).__name__} {x!r}.")
    value = float(x)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}.")
    return value


def point(x: object, dim: int | None, name: str = "x0") -> np.ndarray:
    """Return ``x`` as a 1-D float array of length ``dim`` (any length if ``dim`` is None).

    A scalar is accepted for a one-dimensional problem.
    """
    try:
        arr = np.array(x, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a number or a sequence of numbers, got {type(x).__name__} {x!r}.") from None
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a flat vector, got an array of shape {arr.shape}.")
    if dim is not None and arr.shape[0] != dim:
        raise ValueError(f"{name} must have {dim} coordinate(s) for this problem, got {arr.shape[0]}.")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite, got {arr}.")
    return arr


def samples(x: object, y: object) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(x, y)`` as matching, finite, non-empty 1-D float arrays."""
    xs = point(x, None, "x")
    ys = point(y, None, "y")
    if xs.shape != ys.shape:
        raise ValueError(f"x and y must have the same length, got {xs.shape[0]} and {ys.shape[0]}.")
    return xs, ys


def square_matrix(A: object, name: str = "A") -> np.ndarray:
    """Return ``A`` as a finite, non-empty, square float matrix."""
    try:
        M = np.array(A, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a square matrix of numbers, got {type(A).__name__}.") from None
    if M.ndim != 2 or M.shape[0] != M.shape[1] or M.shape[0] == 0:
        raise ValueError(f"{name} must be a non-empty square matrix, got shape {M.shape}.")
    if not np.all(np.isfinite(M)):
        raise ValueError(f"{name} must contain only finite numbers.")
    return M
