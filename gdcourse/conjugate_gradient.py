"""Conjugate gradients for a symmetric positive definite system ``A x = b``.

Solving ``A x = b`` is the same as minimising the quadratic
``f(x) = ½·xᵀAx − bᵀx`` (whose gradient is ``A x − b``, minus the residual). The
conjugate-gradient method searches along directions that are *A-conjugate*
(``pᵢᵀ A pⱼ = 0`` for ``i ≠ j``), minimising f exactly along each one, so in exact
arithmetic it finishes in at most ``n`` steps; in floating point it gets there up
to rounding.

>>> import numpy as np
>>> from gdcourse.conjugate_gradient import conjugate_gradient
>>> result = conjugate_gradient(np.array([[4.0, 1.0], [1.0, 3.0]]), np.array([1.0, 2.0]))
>>> result.steps, np.round(result.x, 6).tolist()
(2, [0.090909, 0.636364])
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import _validate


@dataclass(frozen=True)
class CGResult:
    """What a conjugate-gradient run did.

    Attributes
    ----------
    iterates : numpy.ndarray, shape (k + 1, n)
        ``iterates[0]`` is the start, ``iterates[i]`` the point after ``i`` steps.
    residual_norms : numpy.ndarray, shape (k + 1,)
        ``‖b − A xᵢ‖`` for every iterate, as carried along by the method's update.
    converged : bool
        True when the run stopped because ``‖b − A x‖ ≤ rtol·‖b‖``.
    """

    iterates: np.ndarray
    residual_norms: np.ndarray
    converged: bool

    @property
    def x(self) -> np.ndarray:
        """The last iterate."""
        return self.iterates[-1]

    @property
    def steps(self) -> int:
        """Number of steps taken."""
        return len(self.iterates) - 1


def _spd_candidate(A: object) -> np.ndarray:
    M = _validate.square_matrix(A, "A")
    if not np.allclose(M, M.T, rtol=1e-10, atol=1e-12 * max(1.0, float(np.max(np.abs(M))))):
        raise ValueError("A must be symmetric; conjugate gradients needs a symmetric positive definite matrix.")
    return M


def conjugate_gradient(A: object, b: object, x0: object | None = None, *, rtol: float = 1e-10,
                       max_steps: int | None = None) -> CGResult:
    """Solve ``A x = b`` for symmetric positive definite ``A`` by conjugate gradients.

    Parameters
    ----------
    A : array_like, shape (n, n)
        Symmetric positive definite matrix.
    b : array_like, shape (n,)
        Right-hand side.
    x0 : array_like, shape (n,), optional
        Start point; zero by default.
    rtol : float
        Stop when ``‖b − A x‖ ≤ rtol·‖b‖`` (``≤ rtol`` when ``b = 0``).
    max_steps : int, optional
        Maximum number of steps; ``10·n`` by default. In exact arithmetic ``n``
        steps always suffice; rounding can add a few on badly conditioned systems.

    Returns
    -------
    CGResult

    Raises
    ------
    ValueError
        If ``A`` is not symmetric, or turns out not to be positive definite
        (a search direction ``p`` with ``pᵀAp ≤ 0`` appears), or a shape is wrong.
    """
    M = _spd_candidate(A)
    n = M.shape[0]
    rhs = _validate.point(b, n, "b")
    x = np.zeros(n) if x0 is None else _validate.point(x0, n, "x0")
    rtol = _validate.learning_rate(rtol, "rtol")
    max_steps = 10 * n if max_steps is None else _validate.positive_int(max_steps, "max_steps")

    overflow = ValueError("the numbers in A, b or x0 are too large: the computation overflowed. "
                          "Rescale the problem (for example divide A and b by their largest entry).")
    with np.errstate(over="ignore", invalid="ignore"):
        scale = float(np.linalg.norm(rhs)) or 1.0
        r = rhs - M @ x
        p = r.copy()
        rr = float(r @ r)
        if not (np.isfinite(rr) and np.isfinite(scale)):
            raise overflow
        iterates, norms = [x.copy()], [np.sqrt(rr)]
        converged = norms[-1] <= rtol * scale
        while not converged and len(iterates) <= max_steps:
            Ap = M @ p
            curvature = float(p @ Ap)
            if not np.isfinite(curvature):
                raise overflow
            if not curvature > 0:
                raise ValueError(f"A is not positive definite: the search direction p has pᵀAp = {curvature:.3g} "
                                 "<= 0. Conjugate gradients needs a symmetric positive definite matrix.")
            alpha = rr / curvature           # exact minimiser of f along p
            x = x + alpha * p
            r = r - alpha * Ap
            rr_new = float(r @ r)
            if not (np.isfinite(rr_new) and np.all(np.isfinite(x))):
                raise overflow
            p = r + (rr_new / rr) * p        # next direction, A-conjugate to the previous ones
            rr = rr_new
            iterates.append(x.copy())
            norms.append(np.sqrt(rr))
            converged = norms[-1] <= rtol * scale
    return CGResult(np.array(iterates), np.array(norms), bool(converged))
