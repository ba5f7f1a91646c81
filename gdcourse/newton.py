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
- :class:`NewtonUpdate` is the update rule ``x ← x + lr·d`` for
  :func:`gdcourse.optimizers.iterate`, and :func:`newton` runs it, recording the
  trajectory exactly as gradient descent does;
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
from .objectives import Objective, require
from .optimizers import Trajectory, iterate

_CURVATURES = ("exact", "absolute")


class HessianError(ArithmeticError):
    """Raised when a Newton step cannot be taken: the Hessian is singular or not finite."""


def _vector(g: object, name: str) -> np.ndarray:
    try:
        arr = np.array(g, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a number or a sequence of numbers, got {type(g).__name__}.") from None
    return arr.reshape(1) if arr.ndim == 0 else arr


def _square(h: object, n: int, name: str = "hessian") -> np.ndarray:
    try:
        arr = np.array(h, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a square matrix of numbers, got {type(h).__name__}.") from None
    if arr.ndim == 0 and n == 1:
        arr = arr.reshape(1, 1)
    if arr.shape != (n, n):
        raise ValueError(f"{name} must have shape ({n}, {n}) to match a gradient of length {n}, got {arr.shape}.")
    return arr


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
    g = _vector(gradient, "gradient")
    if g.ndim != 1 or g.size == 0:
        raise ValueError(f"gradient must be a flat, non-empty vector, got shape {g.shape}.")
    if not np.all(np.isfinite(g)):
        raise ValueError(f"gradient must be finite, got {g}. The run has probably diverged before this step.")
    H = _square(hessian, g.size)
    if not np.all(np.isfinite(H)):
        raise HessianError(f"the Hessian contains NaN or infinity ({np.array2string(H, precision=4)}), so "
                           "Newton's step is undefined. Start closer to the minimum or use gradient descent here.")
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
    """
    floor = _validate.learning_rate(min_curvature, "min_curvature")
    try:
        H = np.array(hessian, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"hessian must be a square matrix of numbers, got {type(hessian).__name__}.") from None
    if H.ndim == 0:
        H = H.reshape(1, 1)
    if H.ndim != 2 or H.shape[0] != H.shape[1] or H.size == 0:
        raise ValueError(f"hessian must be a non-empty square matrix, got shape {H.shape}.")
    if not np.all(np.isfinite(H)):
        raise HessianError(f"the Hessian contains NaN or infinity ({np.array2string(H, precision=4)}); "
                           "no modification can repair that. Start closer to the minimum.")
    if not np.allclose(H, H.T, rtol=1e-10, atol=1e-12 * max(1.0, float(np.max(np.abs(H))))):
        raise ValueError("hessian must be symmetric; use (H + H.T) / 2.")
    lam, V = np.linalg.eigh((H + H.T) / 2)
    return (V * np.maximum(np.abs(lam), floor)) @ V.T


class NewtonUpdate:
    """Newton's update ``x ← x + lr·d`` with ``H d = −g``, as an update rule for :func:`~gdcourse.optimizers.iterate`.

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
    """

    def __init__(self, objective: Objective, lr: float = 1.0, curvature: str = "exact",
                 min_curvature: float = 1e-8) -> None:
        require(objective)
        if curvature not in _CURVATURES:
            raise ValueError(f"curvature must be one of {_CURVATURES}, got {curvature!r}.")
        self.objective = objective
        self.lr = _validate.learning_rate(lr)
        self.curvature = curvature
        self.min_curvature = _validate.learning_rate(min_curvature, "min_curvature")

    def __call__(self, x: np.ndarray, g: np.ndarray) -> np.ndarray:
        """Return the next point from the current point ``x`` and its gradient ``g``."""
        H = np.asarray(self.objective.hessian_fn(np.asarray(x, dtype=float)), dtype=float)
        H = H.reshape(self.objective.dim, self.objective.dim)
        try:
            if self.curvature == "absolute":
                H = modified_hessian(H, self.min_curvature)
            d = newton_direction(g, H)
        except HessianError as err:
            raise HessianError(f"Newton's step at x = {np.array2string(np.asarray(x) + 0.0, precision=6)} "
                               f"failed: {err}") from None
        return x + self.lr * d


def newton(objective: Objective, x0: object, steps: int, *, lr: float = 1.0, curvature: str = "exact",
           min_curvature: float = 1e-8, gtol: float | None = None, ftol: float | None = None,
           on_divergence: str = "raise") -> Trajectory:
    """Run Newton's method (damped when ``lr < 1``) through :func:`~gdcourse.optimizers.iterate`.

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
        See :class:`NewtonUpdate`.
    min_curvature : float
        Eigenvalue floor of the ``"absolute"`` mode.
    gtol, ftol : float, optional
        Stopping tolerances on the gradient norm and on the change of f.
    on_divergence : {"raise", "stop"}
        What to do when the run blows up.

    Returns
    -------
    Trajectory

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
    update = NewtonUpdate(objective, lr=lr, curvature=curvature, min_curvature=min_curvature)
    return iterate(objective, x0, update, steps, gtol=gtol, ftol=ftol, on_divergence=on_divergence,
                   lr=None if update.lr == 1.0 else update.lr)


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
    if isinstance(errors, (str, bytes)) or isinstance(errors, numbers.Number) and not np.ndim(errors):
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
