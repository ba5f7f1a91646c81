"""Backtracking line search: choose the step size by testing the Armijo condition.

Given a point ``x``, its gradient ``g`` and a descent direction ``d`` (``gᵀd < 0``),
backtracking tries ``t = t0, t0·shrink, t0·shrink², …`` and accepts the first ``t`` with

    f(x + t·d) ≤ f(x) + c·t·gᵀd          (the Armijo, or sufficient-decrease, condition)

so that each step lowers f by at least a fixed fraction ``c`` of what the tangent
line promised. No learning rate has to be tuned by hand.

- :func:`backtracking` returns the accepted step size for one step;
- :class:`Backtracking` is an update rule for :func:`gdcourse.loop.iterate` that steps along
  ``−g`` (gradient descent) or along Newton's direction (with the curvature fix of
  :func:`gdcourse.newton.modified_hessian`) and records every accepted step size;
- :func:`backtracking_descent` runs it and returns the run, with those step sizes in its extras.

>>> from gdcourse import linesearch, objectives
>>> run = linesearch.backtracking_descent(objectives.cosh(0.5), 10.0, steps=50, gtol=1e-8)
>>> run.step_sizes[:3].tolist()
[0.5, 0.5, 1.0]
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from . import _validate
from .loop import iterate
from .newton import _direction_at
from .objectives import Objective, require
from .optimizers import UpdateRule
from .record import Run

_DIRECTIONS = ("gradient", "newton")


class LineSearchError(ArithmeticError):
    """Raised when no trial step satisfies the Armijo condition."""


def _settings(t0: object, shrink: object, c: object, max_trials: object) -> tuple[float, float, float, int]:
    return (_validate.positive(t0, "t0"), _validate.fraction(shrink, "shrink", low_open=True, example="0.5"),
            _validate.fraction(c, "c", low_open=True, example="1e-4"), _validate.positive_int(max_trials, "max_trials"))


def backtracking(f: Callable[[np.ndarray], float], x: object, g: object, d: object, *, t0: float = 1.0,
                 shrink: float = 0.5, c: float = 1e-4, max_trials: int = 60) -> float:
    """The first step size in ``t0, t0·shrink, t0·shrink², …`` that satisfies the Armijo condition.

    Parameters
    ----------
    f : callable
        The function, ``f(point) -> float``, called with 1-D float arrays.
    x : float or array_like, shape (n,)
        The current point.
    g : float or array_like, shape (n,)
        The gradient of f at ``x``.
    d : float or array_like, shape (n,)
        A descent direction: ``gᵀd < 0`` (for example ``−g``).
    t0 : float
        The first step size tried (1 for Newton's direction).
    shrink : float
        Factor in (0, 1) applied after each rejected trial.
    c : float
        Fraction in (0, 1) of the decrease promised by the tangent line that a step
        must achieve; 1e-4 is the customary value.
    max_trials : int
        Number of trials before giving up.

    Returns
    -------
    float
        The accepted step size ``t``: ``f(x + t·d) ≤ f(x) + c·t·gᵀd``.

    Raises
    ------
    ValueError
        If ``d`` is not a descent direction, or an argument is out of range.
    LineSearchError
        If no trial step is accepted (usually a wrong gradient, or a point already
        at rounding level of the minimum: stop the run earlier with ``gtol``).
    """
    _validate.function(f, "f", "f(point) -> float")
    x = _validate.point(x, None, "x")
    g = _validate.point(g, x.size, "g")
    d = _validate.point(d, x.size, "d")
    t, shrink, c, max_trials = _settings(t0, shrink, c, max_trials)
    return _backtrack(f, x, g, d, t, shrink, c, max_trials)[0]


def _backtrack(f: Callable[[np.ndarray], float], x: np.ndarray, g: np.ndarray, d: np.ndarray, t: float, shrink: float,
               c: float, max_trials: int) -> tuple[float, int]:
    """:func:`backtracking` on checked arguments; also returns the number of evaluations of f."""
    with np.errstate(over="ignore", invalid="ignore"):
        slope = float(g @ d)
    if not np.isfinite(slope):
        raise ValueError("gᵀd overflowed: the gradient and direction are too large to search along; "
                         "rescale the problem or start closer to the minimum.")
    if not slope < 0:
        raise ValueError(f"d is not a descent direction: gᵀd = {slope:.4g} must be negative. "
                         "Use d = −g, or a Newton direction with a positive definite (modified) Hessian.")
    fx = float(f(x))
    if not np.isfinite(fx):
        raise ValueError(f"f(x) must be finite at the current point, got {fx}.")
    with np.errstate(over="ignore", invalid="ignore"):
        for trial in range(max_trials):
            f_new = float(f(x + t * d))
            if np.isfinite(f_new) and f_new <= fx + c * t * slope:
                return t, trial + 2
            t *= shrink
    raise LineSearchError(f"no step in {max_trials} trials satisfied the Armijo condition (last t tried "
                          f"{t / shrink:.3g}, gᵀd = {slope:.3g}). Check the gradient against finite differences, "
                          "or stop the run before it reaches rounding level (gtol).")


class Backtracking(UpdateRule):
    """An update rule ``x ← x + t·d`` with ``t`` from :func:`backtracking`, for :func:`~gdcourse.loop.iterate`.

    Parameters
    ----------
    objective : Objective
        The function (and, for Newton's direction, its Hessian).
    direction : {"gradient", "newton"}
        ``d = −g``, or Newton's direction with the modified Hessian of
        :func:`gdcourse.newton.modified_hessian` (always a descent direction).
    t0, shrink, c, max_trials
        As in :func:`backtracking`.
    min_curvature : float
        Eigenvalue floor of the modified Hessian (Newton's direction only).

    Attributes
    ----------
    step_sizes : list of float
        The accepted step size of every update so far (0.0 where the gradient was
        exactly zero and the point was kept).
    """

    advice = "A line search only accepts steps that lower f: check that the gradient is right."

    def __init__(self, objective: Objective, direction: str = "gradient", *, t0: float = 1.0, shrink: float = 0.5,
                 c: float = 1e-4, max_trials: int = 60, min_curvature: float = 1e-8) -> None:
        self.objective = require(objective)
        self.direction = _validate.choice(direction, _DIRECTIONS, "direction")
        self.t0, self.shrink, self.c, self.max_trials = _settings(t0, shrink, c, max_trials)
        self.min_curvature = _validate.positive(min_curvature, "min_curvature", "1e-8")
        super().__init__()

    def _clear(self) -> None:
        self.step_sizes: list[float] = []
        self.nfev = 0

    def _update(self, x: np.ndarray, g: np.ndarray) -> np.ndarray:
        if not np.any(g):
            self.step_sizes.append(0.0)
            return x.copy()
        if self.direction == "gradient":
            d = -g
        else:
            d = _direction_at(self.objective, x, g, True, self.min_curvature)
        t, evaluations = _backtrack(self.objective.value_fn, x, g, d, self.t0, self.shrink, self.c, self.max_trials)
        self.step_sizes.append(t)
        self.nfev += evaluations
        return x + t * d

    def extras(self) -> dict:
        """The accepted ``step_sizes`` and the evaluations of f they cost (added to the run's ``nfev``)."""
        return {"step_sizes": np.array(self.step_sizes, dtype=float), "nfev": self.nfev}

    def __repr__(self) -> str:
        return f"Backtracking({self.direction!r})"


def backtracking_descent(objective: Objective, x0: object, steps: int, *, direction: str = "gradient",
                         t0: float = 1.0, shrink: float = 0.5, c: float = 1e-4, max_trials: int = 60,
                         min_curvature: float = 1e-8, gtol: float | None = None, ftol: float | None = None) -> Run:
    """Descent with backtracking (Armijo) line search, along ``−g`` or Newton's direction.

    Parameters
    ----------
    objective : Objective
        The function to minimise.
    x0 : float or array_like
        Start point.
    steps : int
        Maximum number of updates.
    direction : {"gradient", "newton"}
        See :class:`Backtracking`.
    t0, shrink, c, max_trials
        As in :func:`backtracking`.
    min_curvature : float
        Eigenvalue floor of the modified Hessian (Newton's direction only).
    gtol, ftol : float, optional
        Stopping tolerances (see :func:`~gdcourse.loop.iterate`). Set ``gtol``
        so that the run stops before the decrease it asks for drops below rounding level.

    Returns
    -------
    Run
        With ``extras["step_sizes"]``, the accepted step size of each update; ``nfev`` counts the trial steps.
    """
    rule = Backtracking(objective, direction, t0=t0, shrink=shrink, c=c, max_trials=max_trials,
                        min_curvature=min_curvature)
    return iterate(objective, x0, rule, steps, gtol=gtol, ftol=ftol)
