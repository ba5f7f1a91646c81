"""Conjugate gradients for a symmetric positive definite system ``A x = b``.

Solving ``A x = b`` is the same as minimising the quadratic ``f(x) = ½·xᵀAx − bᵀx`` (whose
gradient is ``A x − b``, minus the residual). The conjugate-gradient method searches along
directions that are *A-conjugate* (``pᵢᵀ A pⱼ = 0`` for ``i ≠ j``), minimising f exactly along
each one, so in exact arithmetic it finishes in at most ``n`` steps; in floating point it gets
there up to rounding. :class:`ConjugateGradient` is that method as an update rule, and
:func:`conjugate_gradient` runs it through :func:`gdcourse.loop.iterate` on the quadratic.

>>> import numpy as np
>>> from gdcourse.conjugate_gradient import conjugate_gradient
>>> run = conjugate_gradient(np.array([[4.0, 1.0], [1.0, 3.0]]), np.array([1.0, 2.0]))
>>> run.steps, np.round(run.x, 6).tolist()
(2, [0.090909, 0.636364])
"""
from __future__ import annotations

import numpy as np

from . import _validate
from .loop import iterate
from .objectives import quadratic
from .optimizers import UpdateRule
from .record import Run


class ConjugateGradient(UpdateRule):
    """The conjugate-gradient step on ``f(x) = ½·xᵀAx − bᵀx``, given the gradient ``g = A x − b``.

    With the residual r = −g: the first direction is p = r, each later one
    p = r + (rᵀr / r_prevᵀr_prev)·p_prev, A-conjugate to the previous ones; the step
    x + α·p with α = rᵀr / pᵀAp is the exact minimiser of f along p.

    Parameters
    ----------
    A : array_like, shape (n, n)
        The symmetric positive definite matrix (checked to be symmetric; a direction with
        pᵀAp ≤ 0 shows that it is not positive definite).
    """

    advice = ("The numbers in A, b or x0 are too large for floating point: rescale the problem "
              "(for example divide A and b by their largest entry).")

    def __init__(self, A: object) -> None:
        self.A = _validate.symmetric_matrix(A, "A")
        super().__init__()

    def _clear(self) -> None:
        self._p: np.ndarray | None = None
        self._rr = 0.0

    def _update(self, x: np.ndarray, g: np.ndarray) -> np.ndarray:
        r = -g
        rr = float(r @ r)
        p = r if self._p is None else r + (rr / self._rr) * self._p   # A-conjugate to the previous directions
        Ap = self.A @ p
        curvature = float(p @ Ap)
        if not curvature > 0:
            raise ValueError(f"A is not positive definite: the search direction p has pᵀAp = {curvature:.3g} "
                             "<= 0. Conjugate gradients needs a symmetric positive definite matrix.")
        self._p, self._rr = p, rr
        return x + (rr / curvature) * p                                 # exact minimiser of f along p

    def __repr__(self) -> str:
        return f"ConjugateGradient(n={self.A.shape[0]})"


def conjugate_gradient(A: object, b: object, x0: object | None = None, *, rtol: float = 1e-10,
                       max_steps: int | None = None) -> Run:
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
    Run
        Its ``grad_norms`` are the residual norms ``‖b − A xₖ‖``; ``converged`` says whether
        the tolerance was met.

    Raises
    ------
    ValueError
        If ``A`` is not symmetric, or turns out not to be positive definite
        (a search direction ``p`` with ``pᵀAp ≤ 0`` appears), or a shape is wrong.
    """
    rule = ConjugateGradient(A)
    n = rule.A.shape[0]
    rhs = _validate.point(b, n, "b")
    start = np.zeros(n) if x0 is None else _validate.point(x0, n, "x0")
    rtol = _validate.positive(rtol, "rtol", "1e-10")
    max_steps = 10 * n if max_steps is None else _validate.positive_int(max_steps, "max_steps")
    scale = float(np.linalg.norm(rhs)) or 1.0
    return iterate(quadratic(rule.A, rhs), start, rule, max_steps, gtol=rtol * scale)
