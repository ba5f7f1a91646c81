"""Newton's method: the step from the second-order Taylor model, damped or with a curvature fix.

Near ``x`` a smooth function looks like its second-order Taylor model
``f(x + d) ≈ f(x) + gᵀd + ½·dᵀHd``. When the Hessian ``H`` is positive definite
the model has one minimiser, ``d = −H⁻¹g``: that is Newton's step. When ``H`` is
not positive definite the same formula still finds the model's *stationary*
point, which may be a maximum or a saddle, so plain Newton can walk uphill.

- :func:`newton_direction` solves ``H d = −g`` and refuses (with
  :class:`HessianError`) a Hessian that is singular or not finite;
- :func:`modified_hessian` is one fix: keep the eigenvectors of ``H`` and use the
  absolute values of its eigenvalues (``|f''|`` in one dimension), so the step
  always points downhill;
- :class:`Newton` is the update rule ``x ← x + lr·d`` for :func:`gdcourse.loop.iterate`, and
  :func:`newton` runs it, recording the run exactly as gradient descent does;
- :func:`empirical_order` measures the order of convergence from a run's errors.

>>> from gdcourse import newton, objectives
>>> run = newton.newton(objectives.cosh(0.5), 10.0, steps=10)
>>> float(run.x[0])
0.0
"""
from __future__ import annotations

import numbers

import numpy as np

from . import _validate
from .loop import iterate
from .objectives import Objective, require
from .optimizers import UpdateRule
from .record import Run

_CURVATURES = ("exact", "absolute")


class HessianError(ArithmeticError):
    """Raised when a Newton step cannot be taken: the Hessian is singular or not finite."""


def _hessian(h: object, name: str = "hessian") -> np.ndarray:
    """Return a Hessian as a square float matrix; NaN or infinity is a HessianError, not a bad argument."""
    try:
        H = np.array(h, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a square matrix of numbers, got {type(h).__name__}.") from None
    H = H.reshape(1, 1) if H.ndim == 0 else H
    if H.ndim != 2 or H.shape[0] != H.shape[1] or H.size == 0:
        raise ValueError(f"{name} must be a non-empty square matrix, got shape {H.shape}.")
    _finite(H)
    return H


def _finite(H: np.ndarray) -> None:
    if not np.all(np.isfinite(H)):
        raise HessianError(f"the Hessian contains NaN or infinity ({np.array2string(H, precision=4)}), so "
                           "Newton's step is undefined. Start closer to the minimum or use gradient descent here.")


def newton_direction(gradient: object, hessian: object) -> np.ndarray:
    """Newton's direction ``d`` solving ``H d = −g``.

    Parameters
    ----------
    gradient : float or array_like, shape (n,)
        The gradient ``g`` at the current point (a number in one dimension).
    hessian : float or array_like, shape (n, n)
        The Hessian ``H`` at the current point (a number in one dimension).

    Returns
    -------
    numpy.ndarray, shape (n,)
        The step to the stationary point of the second-order model.

    Raises
    ------
    HessianError
        If ``H`` contains NaN or infinity, or is singular (its smallest singular
        value is at rounding level compared with its largest): the model then has no
        unique stationary point and the step would be NaN or astronomically long.
    ValueError, TypeError
        If the gradient is not finite or the shapes do not match.

    Examples
    --------
    >>> newton_direction([2.0, -1.0], [[2.0, 0.0], [0.0, 4.0]])
    array([-1.  ,  0.25])
    """
    g = _validate.point(gradient, None, "gradient")
    H = _hessian(hessian)
    if H.shape[0] != g.size:
        raise ValueError(f"hessian must have shape ({g.size}, {g.size}) to match a gradient of length {g.size}, "
                         f"got {H.shape}.")
    return _direction(g, H)


def _direction(g: np.ndarray, H: np.ndarray) -> np.ndarray:
    """:func:`newton_direction` for a finite gradient and a finite Hessian of matching shapes."""
    s = np.linalg.svd(H, compute_uv=False)
    if s[0] == 0.0 or s[-1] <= g.size * np.finfo(float).eps * s[0]:
        raise HessianError(f"the Hessian {np.array2string(H + 0.0, precision=4)} is singular (no curvature in some "
                           "direction), so the second-order model has no unique stationary point. Use "
                           "curvature='absolute' (which lifts zero curvature to min_curvature) or a gradient step.")
    with np.errstate(over="ignore", invalid="ignore"):
        d = np.linalg.solve(H, -g)
    if not np.all(np.isfinite(d)):
        raise HessianError("Newton's step overflowed: the curvature is too small for the size of the gradient. "
                           "Use curvature='absolute' with a larger min_curvature, or a gradient step.")
    return d


def modified_hessian(hessian: object, min_curvature: float = 1e-8) -> np.ndarray:
    """The Hessian with every eigenvalue λ replaced by ``max(|λ|, min_curvature)``.

    In one dimension this is ``max(|f''|, min_curvature)``. The result is
    symmetric positive definite, so ``−(modified H)⁻¹g`` always points downhill;
    where ``H`` is already positive definite (with eigenvalues above
    ``min_curvature``) nothing changes and Newton's fast local convergence is kept.

    Parameters
    ----------
    hessian : float or array_like, shape (n, n)
        A symmetric matrix (a number in one dimension).
    min_curvature : float
        Positive floor for the eigenvalues, so a flat direction gets a long but
        finite step instead of a division by zero.

    Returns
    -------
    numpy.ndarray, shape (n, n)

    Raises
    ------
    HessianError
        If the Hessian contains NaN or infinity.
    ValueError
        If it is not symmetric up to rounding (the check of :func:`gdcourse.objectives.quadratic`).
    """
    floor = _validate.positive(min_curvature, "min_curvature", "1e-8")
    return _modified(_validate.symmetric_matrix(_hessian(hessian), "hessian"), floor)


def _modified(H: np.ndarray, floor: float) -> np.ndarray:
    """:func:`modified_hessian` for a finite, symmetric Hessian."""
    lam, V = np.linalg.eigh((H + H.T) / 2)
    return (V * np.maximum(np.abs(lam), floor)) @ V.T


class Newton(UpdateRule):
    """Newton's update ``x ← x + lr·d`` with ``H d = −g``, as an update rule for :func:`~gdcourse.loop.iterate`.

    Parameters
    ----------
    objective : Objective
        Supplies the Hessian at each point.
    lr : float
        Damping factor (step size) in (0, ∞); 1 is the pure Newton step.
    curvature : {"exact", "absolute"}
        ``"exact"`` uses the Hessian as it is (and raises :class:`HessianError`
        where it is singular); ``"absolute"`` uses :func:`modified_hessian`, which
        turns negative curvature positive so every step goes downhill.
    min_curvature : float
        Eigenvalue floor of the ``"absolute"`` mode.

    Attributes
    ----------
    nhev : int
        Number of Hessian evaluations so far.
    """

    advice = ("Newton's step trusts the second-order model only near a minimum with positive curvature: start "
              "closer, damp the step (lr < 1), or use curvature='absolute'.")

    def __init__(self, objective: Objective, lr: float = 1.0, curvature: str = "exact",
                 min_curvature: float = 1e-8) -> None:
        self.objective = require(objective)
        self.curvature = _validate.choice(curvature, _CURVATURES, "curvature")
        self.min_curvature = _validate.positive(min_curvature, "min_curvature", "1e-8")
        self.lr = lr
        super().__init__()

    def _clear(self) -> None:
        self.nhev = 0

    def _update(self, x: np.ndarray, g: np.ndarray) -> np.ndarray:
        self.nhev += 1
        return x + self.lr * _direction_at(self.objective, x, g, self.curvature == "absolute", self.min_curvature)

    def extras(self) -> dict:
        """The number of Hessian evaluations, ``nhev``."""
        return {"nhev": self.nhev}

    def __repr__(self) -> str:
        extra = "" if self.curvature == "exact" else f", curvature={self.curvature!r}"
        return f"Newton(lr={self.lr:g}{extra})"


def _direction_at(objective: Objective, x: np.ndarray, g: np.ndarray, absolute: bool, floor: float) -> np.ndarray:
    """Newton's direction at ``x`` from the objective's Hessian there, modified if ``absolute``."""
    dim = objective.dim
    H = np.asarray(objective.hessian_fn(x), dtype=float).reshape(dim, dim)
    try:
        _finite(H)
        if absolute:
            H = _modified(_validate.symmetric_matrix(H, "the Hessian"), floor)
        return _direction(g, H)
    except HessianError as err:
        raise HessianError(f"Newton's step at x = {np.array2string(x + 0.0, precision=6)} failed: {err}") from None


def newton(objective: Objective, x0: object, steps: int, *, lr: float = 1.0, curvature: str = "exact",
           min_curvature: float = 1e-8, gtol: float | None = None, ftol: float | None = None,
           on_divergence: str = "raise") -> Run:
    """Run Newton's method (damped when ``lr < 1``): :func:`~gdcourse.loop.iterate` with :class:`Newton`.

    Parameters
    ----------
    objective : Objective
        The function; its Hessian is used at every step.
    x0 : float or array_like
        Start point.
    steps : int
        Maximum number of updates.
    lr : float
        Damping factor; 1 is the pure Newton step.
    curvature : {"exact", "absolute"}
        See :class:`Newton`.
    min_curvature : float
        Eigenvalue floor of the ``"absolute"`` mode.
    gtol, ftol : float, optional
        Stopping tolerances on the gradient norm and on the change of f.
    on_divergence : {"raise", "stop"}
        What to do when the run blows up.

    Returns
    -------
    Run
        With ``extras["nhev"]``, the number of Hessian evaluations.

    Raises
    ------
    HessianError
        If a Hessian on the way is singular (``curvature="exact"``) or not finite.

    Examples
    --------
    >>> import numpy as np
    >>> from gdcourse import objectives
    >>> run = newton(objectives.x_cos(0.15 * np.pi), 10.0, steps=10)
    >>> round(float(run.x[0]), 9)      # a local *maximum* of x·cos(cx)
    26.834132913
    """
    rule = Newton(objective, lr=lr, curvature=curvature, min_curvature=min_curvature)
    return iterate(objective, x0, rule, steps, gtol=gtol, ftol=ftol, on_divergence=on_divergence)


def empirical_order(errors: object) -> np.ndarray:
    """Estimates of the order of convergence from consecutive errors.

    For errors that behave like ``e_{k+1} ≈ C·e_kᵖ``,
    ``p_k = log(e_{k+1}/e_k) / log(e_k/e_{k−1})`` tends to ``p``: 1 for linear
    convergence (gradient descent), 2 for quadratic (Newton near a minimum with
    non-zero curvature).

    Parameters
    ----------
    errors : array_like, shape (m,)
        At least three positive, finite errors ``e_0, e_1, …`` (e.g. ``|x_k − x*|``).
        Cut a run off before its errors reach rounding level (or exactly zero): the
        estimate is meaningless there.

    Returns
    -------
    numpy.ndarray, shape (m − 2,)
        ``p_1, …, p_{m−2}``.

    Examples
    --------
    >>> empirical_order([1e-1, 1e-2, 1e-4, 1e-8])
    array([2., 2.])
    """
    if isinstance(errors, (str, bytes, numbers.Number)):
        raise TypeError(f"errors must be a sequence of at least three numbers, got {type(errors).__name__}.")
    e = _validate.point(errors, None, "errors")
    if e.size < 3:
        raise ValueError(f"errors needs at least three values to estimate an order, got {e.size}.")
    if np.any(e <= 0):
        raise ValueError("errors must all be positive; drop the errors at or below rounding level "
                         "(for example errors[errors > 1e-13]) before estimating the order.")
    logs = np.log(e)
    steps = np.diff(logs)
    if np.any(steps[:-1] == 0):
        raise ValueError("two consecutive errors are equal, so the order is undefined there; "
                         "the run has stalled. Use only the part of the run that is still converging.")
    return steps[1:] / steps[:-1]
