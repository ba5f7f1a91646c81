"""Convergence rates on a quadratic: how much the error shrinks per step, from the curvatures alone.

On f(x) = ½·xᵀAx each eigen-direction of A, with curvature λ, evolves on its own, so a
method's rate is the worst factor over the eigenvalues:

- gradient descent: e ← (1 − lr·λ)·e, rate max abs(1 − lr·λ) (:func:`gradient_descent_rate`);
- heavy ball: e_{t+1} = (1 + β − lr·λ)·e_t − β·e_{t−1}, rate the largest modulus of the roots of
  r² − (1 + β − lr·λ)·r + β; Nesterov's variant has (1 + β)(1 − lr·λ) and β(1 − lr·λ) in
  their places (:func:`momentum_rate`).

A rate below 1 means the run converges, that fast; at or above 1 it does not.

>>> round(gradient_descent_rate(0.1, [2.0, 4.0]), 6)
0.8
"""
from __future__ import annotations

import numpy as np

from . import _validate


def _curvatures(curvatures: object) -> np.ndarray:
    lams = _validate.point(curvatures, None, "curvatures")
    if lams.size == 0:
        raise ValueError("curvatures must hold at least one eigenvalue of the Hessian.")
    return lams


def gradient_descent_rate(lr: float, curvatures: object) -> float:
    """max over the curvatures λ of abs(1 − lr·λ): the factor by which gradient descent shrinks the error.

    Parameters
    ----------
    lr : float
        Learning rate, positive.
    curvatures : sequence of float
        The eigenvalues of the Hessian (μ and L suffice).
    """
    lr = _validate.learning_rate(lr)
    return float(np.max(np.abs(1.0 - lr * _curvatures(curvatures))))


def momentum_rate(lr: float, beta: float, curvatures: object, nesterov: bool = False) -> float:
    """The asymptotic rate of heavy-ball momentum (or Nesterov's variant) on a quadratic.

    Parameters
    ----------
    lr : float
        Learning rate, positive.
    beta : float
        Momentum factor in [0, 1).
    curvatures : sequence of float
        The eigenvalues of the Hessian.
    nesterov : bool
        The rate of Nesterov's accelerated gradient instead.

    Returns
    -------
    float
        The largest modulus of the roots of the error recursion over all curvatures.
    """
    lr = _validate.learning_rate(lr)
    beta = _validate.fraction(beta, "beta")
    nesterov = _validate.boolean(nesterov, "nesterov")
    radius = 0.0
    for lam in _curvatures(curvatures):
        shrink = 1.0 - lr * lam
        a, c = ((1.0 + beta) * shrink, beta * shrink) if nesterov else (1.0 + beta - lr * lam, beta)
        radius = max(radius, float(np.max(np.abs(np.roots([1.0, -a, c])))))
    return radius
