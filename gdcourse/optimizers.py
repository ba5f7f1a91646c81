"""Update rules and the one loop that runs them.

:func:`iterate` runs any update rule ``x_new = update(x, gradient)`` from a start
point, records the trajectory and stops on a tolerance, after ``steps`` updates,
or on divergence. :func:`gradient_descent` is that loop with the plain rule
``x ← x − lr·∇f(x)``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from . import _validate
from .objectives import Objective

Update = Callable[[np.ndarray, np.ndarray], np.ndarray]


@dataclass(frozen=True)
class Trajectory:
    """What an optimisation run visited.

    Attributes
    ----------
    positions : numpy.ndarray, shape (k + 1, dim)
        ``positions[0]`` is the start, ``positions[i]`` the point after ``i`` updates.
    values : numpy.ndarray, shape (k + 1,)
        f at each position.
    grad_norms : numpy.ndarray, shape (k + 1,)
        Euclidean norm of the gradient at each position.
    stop_reason : str
        ``"max steps"``, ``"gradient tolerance"``, ``"value tolerance"`` or ``"diverged"``.
    """

    positions: np.ndarray
    values: np.ndarray
    grad_norms: np.ndarray
    stop_reason: str

    @property
    def x(self) -> np.ndarray:
        """The last position."""
        return self.positions[-1]

    @property
    def steps(self) -> int:
        """Number of updates taken."""
        return len(self.positions) - 1

    @property
    def converged(self) -> bool:
        """True when the run stopped because a tolerance was met."""
        return self.stop_reason.endswith("tolerance")


class DivergenceError(ArithmeticError):
    """Raised when an optimisation run blows up.

    The partial run is kept in ``trajectory`` so it can still be plotted.
    """

    def __init__(self, message: str, trajectory: Trajectory) -> None:
        super().__init__(message)
        self.trajectory = trajectory


def iterate(
    objective: Objective,
    x0: object,
    update: Update,
    steps: int,
    *,
    gtol: float | None = None,
    ftol: float | None = None,
    blowup: float = 1e12,
    on_divergence: str = "raise",
    lr: float | None = None,
) -> Trajectory:
    """Run ``x ← update(x, ∇f(x))`` from ``x0`` and record the trajectory.

    Parameters
    ----------
    objective : Objective
        The function to minimise.
    x0 : float or array_like
        Start point (a scalar for one-dimensional objectives).
    update : callable
        ``update(x, g)`` returns the next point from the current point and its gradient.
    steps : int
        Maximum number of updates, at least 1.
    gtol : float, optional
        Stop as soon as the gradient norm at the current point is at most ``gtol``.
    ftol : float, optional
        Stop as soon as one update changes f by at most ``ftol``.
    blowup : float
        A run whose position or value exceeds this in absolute value, or becomes
        NaN or infinite, has diverged.
    on_divergence : {"raise", "stop"}
        Raise :class:`DivergenceError` (default), or stop and return the
        trajectory with ``stop_reason == "diverged"``.
    lr : float, optional
        The learning rate, if the update has one; only used in the divergence message.

    Returns
    -------
    Trajectory
    """
    if not isinstance(objective, Objective):
        raise TypeError(f"objective must be a gdcourse Objective (see gdcourse.objectives), got {type(objective).__name__}.")
    if not callable(update):
        raise TypeError(f"update must be a function update(x, g) -> new x, got {type(update).__name__}.")
    x = _validate.point(x0, objective.dim, "x0")
    steps = _validate.positive_int(steps, "steps")
    gtol = None if gtol is None else _validate.nonnegative(gtol, "gtol")
    ftol = None if ftol is None else _validate.nonnegative(ftol, "ftol")
    blowup = _validate.learning_rate(blowup, "blowup")
    if on_divergence not in ("raise", "stop"):
        raise ValueError(f"on_divergence must be 'raise' or 'stop', got {on_divergence!r}.")

    positions, values, norms = [x], [objective.value(x)], []
    reason = "max steps"
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(steps + 1):
            g = objective.gradient_fn(x)
            g = np.asarray(g, dtype=float).reshape(objective.dim)
            norms.append(float(np.linalg.norm(g)))
            if gtol is not None and norms[-1] <= gtol:
                reason = "gradient tolerance"
                break
            if k == steps:
                break
            x = np.asarray(update(x, g), dtype=float)
            if x.size != objective.dim:
                raise ValueError(f"update(x, g) must return a point with {objective.dim} coordinate(s), "
                                 f"got an array of shape {x.shape}.")
            x = x.reshape(objective.dim)
            fx = float(objective.value_fn(x))
            positions.append(x)
            values.append(fx)
            if not (np.all(np.isfinite(x)) and np.isfinite(fx)) or np.max(np.abs(x)) > blowup or abs(fx) > blowup:
                norms.append(float("nan"))
                reason = "diverged"
                break
            if ftol is not None and abs(values[-1] - values[-2]) <= ftol:
                reason = "value tolerance"
                norms.append(float(np.linalg.norm(objective.gradient_fn(x))))
                break
    trajectory = Trajectory(np.array(positions), np.array(values), np.array(norms), reason)
    if reason == "diverged" and on_divergence == "raise":
        step_text = f"with learning rate {lr:g} " if lr is not None else ""
        raise DivergenceError(
            f"The run {step_text}diverged at step {trajectory.steps}: "
            f"x = {np.array2string(trajectory.x, precision=4)}, f(x) = {trajectory.values[-1]:.4g}. "
            "Try a smaller learning rate (for a function with L-Lipschitz gradient, gradient descent "
            "is stable for lr < 2/L). The partial run is in the error's .trajectory attribute.",
            trajectory,
        )
    return trajectory


def gradient_descent(
    objective: Objective,
    x0: object,
    lr: float,
    steps: int,
    *,
    gtol: float | None = None,
    ftol: float | None = None,
    on_divergence: str = "raise",
) -> Trajectory:
    """Plain gradient descent: x ← x − lr·∇f(x).

    Parameters
    ----------
    objective : Objective
        The function to minimise.
    x0 : float or array_like
        Start point.
    lr : float
        Learning rate (step size), finite and positive.
    steps : int
        Maximum number of updates.
    gtol, ftol : float, optional
        Stopping tolerances on the gradient norm and on the change of f (see :func:`iterate`).
    on_divergence : {"raise", "stop"}
        What to do when the run blows up (see :func:`iterate`).

    Returns
    -------
    Trajectory

    Examples
    --------
    >>> from gdcourse import objectives, optimizers
    >>> run = optimizers.gradient_descent(objectives.square(), 10.0, lr=0.2, steps=10)
    >>> round(float(run.x[0]), 9)
    0.060466176
    """
    lr = _validate.learning_rate(lr)
    return iterate(objective, x0, lambda x, g: x - lr * g, steps, gtol=gtol, ftol=ftol,
                   on_divergence=on_divergence, lr=lr)
