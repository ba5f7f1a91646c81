"""The run record: what every solver of gdcourse returns.

A :class:`Run` is in the spirit of scipy's ``OptimizeResult``, but it keeps the whole path:
the recorded positions with the value and gradient norm at each, how many function and
gradient evaluations the run made, why it stopped, and what a particular method adds
(step sizes of a line search, learning rates of a schedule, losses of mini-batches, …) in
``extras``, also readable as attributes: ``run.step_sizes`` is ``run.extras["step_sizes"]``.

A run that blows up raises :class:`DivergenceError`, which carries the partial run.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

import numpy as np

#: The reasons a run stops, as found in ``Run.stop_reason``.
STOP_REASONS: tuple[str, ...] = ("max steps", "max epochs", "gradient tolerance", "value tolerance",
                                 "condition met", "diverged")


@dataclass(frozen=True)
class Run:
    """What an optimisation run did.

    Attributes
    ----------
    positions : numpy.ndarray, shape (k + 1, dim)
        ``positions[0]`` is the start; ``positions[i]`` the point at the i-th record (after every
        update, or after every epoch of a mini-batch run recorded per epoch).
    values : numpy.ndarray, shape (k + 1,)
        The objective at each position (for a loss over a data set: the loss on all of it).
    grad_norms : numpy.ndarray, shape (k + 1,)
        The Euclidean norm of the (full) gradient at each position.
    nfev, ngev : int
        Number of evaluations of the function and of its gradient (a mini-batch counts as one).
    updates : int
        Number of updates made (equal to ``steps`` when every update is recorded).
    stop_reason : str
        One of :data:`STOP_REASONS`.
    method : str
        The update rule, e.g. ``"GradientDescent(lr=0.1)"``.
    extras : mapping
        What the method adds; arrays indexed by update or epoch have one entry per step
        (``steps`` entries), e.g. ``lrs``, ``batch_loss``, ``step_sizes``.
    """

    positions: np.ndarray
    values: np.ndarray
    grad_norms: np.ndarray
    nfev: int
    ngev: int
    updates: int
    stop_reason: str
    method: str = ""
    extras: Mapping[str, Any] = field(default_factory=dict)

    @property
    def x(self) -> np.ndarray:
        """The last position."""
        return self.positions[-1]

    @property
    def steps(self) -> int:
        """Number of recorded steps (updates, or epochs when recorded per epoch)."""
        return len(self.positions) - 1

    @property
    def converged(self) -> bool:
        """True when the run stopped because a tolerance was met."""
        return self.stop_reason.endswith("tolerance")

    def __getattr__(self, name: str) -> Any:
        # Called only when normal lookup fails: method-specific results live in extras.
        if name.startswith("__") or name == "extras":
            raise AttributeError(name)
        extras = self.__dict__.get("extras", {})
        if name in extras:
            return extras[name]
        raise AttributeError(f"this run has no {name!r}; its fields are positions, values, grad_norms, nfev, "
                             f"ngev, updates, stop_reason, method, and its extras {sorted(extras)}.")

    def __repr__(self) -> str:
        return (f"Run({self.method or 'run'}: {self.steps} steps, {self.stop_reason}, "
                f"x = {np.array2string(self.x, precision=6)}, f(x) = {self.values[-1]:.6g})")


class DivergenceError(ArithmeticError):
    """Raised when a run blows up; the partial run is kept in ``run`` so it can still be plotted."""

    def __init__(self, message: str, run: Run) -> None:
        super().__init__(message)
        self.run = run
