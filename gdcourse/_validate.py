"""Argument checks shared by the public functions of gdcourse, each written once.

Every check raises a ``TypeError`` (wrong kind of value) or a ``ValueError`` (right kind, bad
value) whose message names the argument, says what was wrong and what to do. The public
functions check their arguments once, at the door; the loops they run then call the unchecked
``*_fn`` functions and ``step`` methods, so that no check is repeated in an inner loop.
"""
from __future__ import annotations

import numbers
from typing import Sequence

import numpy as np

#: Largest asymmetry ``max|M − Mᵀ|``, relative to ``max|M|``, that :func:`symmetric_matrix` accepts.
SYMMETRY_RTOL = 1e-10


def _real(x: object, name: str, example: str) -> float:
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise TypeError(f"{name} must be a real number such as {example}, got {type(x).__name__} {x!r}.")
    return float(x)


def finite_real(x: object, name: str) -> float:
    """Return ``x`` as a float after checking it is a finite real number."""
    value = _real(x, name, "1.0")
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}.")
    return value


def positive(x: object, name: str, example: str = "1.0") -> float:
    """Return ``x`` as a float after checking it is finite and > 0."""
    value = _real(x, name, example)
    if not (np.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a finite number > 0 such as {example}, got {value}.")
    return value


def nonnegative(x: object, name: str) -> float:
    """Return ``x`` as a float after checking it is finite and >= 0."""
    value = _real(x, name, "0.0")
    if not (np.isfinite(value) and value >= 0):
        raise ValueError(f"{name} must be a finite number >= 0, got {value}.")
    return value


def learning_rate(lr: object, name: str = "lr") -> float:
    """Return a learning rate as a float after checking it is finite and > 0 (with advice if not)."""
    value = _real(lr, name, "0.01")
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}. Pick a small positive step such as 0.01.")
    if value <= 0:
        raise ValueError(f"{name} must be positive, got {value}. A step of size 0 never moves; "
                         "a negative step climbs uphill. Try a small positive value such as 0.01.")
    return value


def fraction(x: object, name: str, *, low_open: bool = False, high_open: bool = True,
             example: str = "0.9") -> float:
    """Return ``x`` as a float after checking it lies in the unit interval, ends open or closed as asked.

    The default, [0, 1), is the range of a decay or momentum factor.
    """
    value = _real(x, name, example)
    low_ok = value > 0 if low_open else value >= 0
    high_ok = value < 1 if high_open else value <= 1
    if not (np.isfinite(value) and low_ok and high_ok):
        interval = f"{'(' if low_open else '['}0, 1{')' if high_open else ']'}"
        hint = " A factor of 1 never forgets; typical values are 0.9 or 0.99." if high_open and value == 1 else ""
        raise ValueError(f"{name} must lie in {interval}, such as {example}, got {value}.{hint}")
    return value


def positive_int(n: object, name: str, example: str = "100") -> int:
    """Return ``n`` as an int after checking it is a whole number >= 1."""
    if isinstance(n, bool) or not isinstance(n, numbers.Integral):
        raise TypeError(f"{name} must be a whole number such as {example}, got {type(n).__name__} {n!r}.")
    if n < 1:
        raise ValueError(f"{name} must be at least 1, got {n}.")
    return int(n)


def interval(lim: object, name: str) -> tuple[float, float]:
    """Return ``lim`` as a pair ``(lo, hi)`` of finite floats with ``lo < hi``."""
    try:
        lo, hi = lim  # type: ignore[misc]
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a pair (lo, hi) of numbers such as (-5.5, 1.0), got {lim!r}.") from None
    lo, hi = finite_real(lo, name), finite_real(hi, name)
    if not hi > lo:
        raise ValueError(f"{name} must be (lo, hi) with lo < hi, got ({lo:g}, {hi:g}).")
    return lo, hi


def boolean(x: object, name: str) -> bool:
    """Return ``x`` as a bool after checking it is True or False."""
    if not isinstance(x, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {type(x).__name__} {x!r}.")
    return bool(x)


def choice(x: object, options: Sequence[str], name: str) -> str:
    """Return ``x`` after checking it is one of ``options``."""
    if not isinstance(x, str) or x not in options:
        raise ValueError(f"{name} must be one of {tuple(options)}, got {x!r}.")
    return x


def function(f: object, name: str, signature: str) -> object:
    """Return ``f`` after checking it can be called; ``signature`` shows how it is called."""
    if not callable(f):
        raise TypeError(f"{name} must be a function {signature}, got {type(f).__name__}.")
    return f


def seed(s: object, name: str = "seed") -> int:
    """Return a random seed as an int after checking it is a whole number >= 0."""
    if isinstance(s, bool) or not isinstance(s, numbers.Integral):
        raise TypeError(f"{name} must be a whole number >= 0 such as 0, got {type(s).__name__} {s!r}.")
    if s < 0:
        raise ValueError(f"{name} must be >= 0 (numpy seeds are non-negative), got {s}.")
    return int(s)


def rng(r: object, name: str = "rng") -> np.random.Generator:
    """Return a numpy Generator: ``r`` itself, or ``np.random.default_rng(r)`` for a seed or None."""
    if isinstance(r, np.random.Generator):
        return r
    if r is None:
        return np.random.default_rng()
    if isinstance(r, numbers.Integral) and not isinstance(r, bool):
        return np.random.default_rng(seed(r, name))
    raise TypeError(f"{name} must be a numpy Generator, a whole-number seed or None, got {type(r).__name__}.")


def point(x: object, dim: int | None, name: str = "x0") -> np.ndarray:
    """Return ``x`` as a finite 1-D float array of length ``dim`` (any length if ``dim`` is None).

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


def inputs(x: object, name: str = "x") -> np.ndarray:
    """Return model inputs as a finite float array: a non-empty vector, or a matrix with one row per sample."""
    try:
        xs = np.array(x, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be an array of numbers, got {type(x).__name__}.") from None
    if xs.ndim not in (1, 2) or xs.shape[0] == 0:
        raise ValueError(f"{name} must be a non-empty vector, or a matrix with one row per sample, "
                         f"got shape {xs.shape}.")
    if not np.all(np.isfinite(xs)):
        raise ValueError(f"{name} must be finite: remove or impute NaN and infinite values first.")
    return xs


def series(values: object, name: str) -> np.ndarray:
    """Return ``values`` as a non-empty 1-D float array (one number per step, say)."""
    try:
        arr = np.array(values, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a sequence of numbers, got {type(values).__name__}.") from None
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D sequence of numbers, got shape {arr.shape}.")
    return arr


def points(positions: object, dim: int, name: str = "positions") -> np.ndarray:
    """Return ``positions`` as a float array of shape (k, dim) with k >= 1, e.g. ``run.positions``."""
    try:
        pts = np.array(positions, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be an array of points of shape (k, {dim}), got {type(positions).__name__}.") from None
    if pts.ndim != 2 or pts.shape[1] != dim or pts.shape[0] == 0:
        raise ValueError(f"{name} must have shape (k, {dim}) with k >= 1 (e.g. run.positions), got {pts.shape}.")
    return pts


def samples(x: object, y: object) -> tuple[np.ndarray, np.ndarray]:
    """Return inputs (see :func:`inputs`) and a target vector holding the same number of samples."""
    xs, ys = inputs(x, "x"), inputs(y, "y")
    if ys.ndim != 1 or xs.shape[0] != ys.shape[0]:
        raise ValueError(f"x and y must hold the same number of samples (y a vector): "
                         f"got shapes {xs.shape} and {ys.shape}.")
    return xs, ys


def square_matrix(A: object, name: str = "A") -> np.ndarray:
    """Return ``A`` as a finite, non-empty, square float matrix (a number is a 1×1 matrix)."""
    try:
        M = np.array(A, dtype=float) if not isinstance(A, (str, bytes)) else None
    except (TypeError, ValueError):
        M = None
    if M is None or (M.ndim == 0 and not isinstance(A, numbers.Real)):
        raise TypeError(f"{name} must be a square matrix of numbers, got {type(A).__name__}.")
    if M.ndim == 0:
        M = M.reshape(1, 1)
    if M.ndim != 2 or M.shape[0] != M.shape[1] or M.shape[0] == 0:
        raise ValueError(f"{name} must be a non-empty square matrix, got shape {M.shape}.")
    if not np.all(np.isfinite(M)):
        raise ValueError(f"{name} must contain only finite numbers.")
    return M


def symmetric_matrix(A: object, name: str = "A") -> np.ndarray:
    """Return ``A`` as a square matrix after checking ``max|A − Aᵀ| ≤ SYMMETRY_RTOL·max|A|``."""
    M = square_matrix(A, name)
    if np.max(np.abs(M - M.T)) > SYMMETRY_RTOL * np.max(np.abs(M)):
        raise ValueError(f"{name} must be symmetric ({name} == {name}.T up to rounding); "
                         f"use ({name} + {name}.T) / 2 for the same quadratic form.")
    return M
