"""Models with their forward pass, loss and gradient.

Chapter 1 uses the one-parameter line ŷ = w·x. Later chapters add models here.
"""
from __future__ import annotations

import numpy as np

from . import _validate


def line_predict(w: float, x: object) -> np.ndarray:
    """Forward pass of the line model: ŷ = w·x for every input.

    Parameters
    ----------
    w : float
        The slope.
    x : array_like
        Inputs.

    Returns
    -------
    numpy.ndarray
        Predictions, one per input.
    """
    w = _validate.finite_real(w, "w")
    return w * _validate.point(x, None, "x")


def line_mse(w: float, x: object, y: object) -> float:
    """Mean squared error of ŷ = w·x on data (x, y): mean((w·xᵢ − yᵢ)²)."""
    xs, ys = _validate.samples(x, y)
    residual = line_predict(w, xs) - ys
    return float(np.mean(residual**2))


def line_mse_gradient(w: float, x: object, y: object) -> float:
    """Derivative of :func:`line_mse` with respect to w: mean(2·xᵢ·(w·xᵢ − yᵢ))."""
    xs, ys = _validate.samples(x, y)
    residual = line_predict(w, xs) - ys
    return float(np.mean(2.0 * xs * residual))


def _quadratic_params(params: object) -> np.ndarray:
    return _validate.point(params, 3, "params")


def quadratic_predict(params: object, x: object) -> np.ndarray:
    """Forward pass of the quadratic model ŷ = a·x² + b·x + c for a batch of inputs.

    Parameters
    ----------
    params : array_like, shape (3,)
        The coefficients (a, b, c).
    x : array_like
        Inputs, a flat vector.

    Returns
    -------
    numpy.ndarray
        Predictions, one per input.
    """
    a, b, c = _quadratic_params(params)
    xs = _validate.point(x, None, "x")
    return a * xs**2 + b * xs + c


def quadratic_loss_and_grad(params: object, x: object, y: object, *, half: bool = False) -> tuple[float, np.ndarray]:
    """Mean squared error of the quadratic model on a batch, and its gradient, in one pass.

    Forward: r = a·x² + b·x + c − y and L = mean(r²). Backward (chain rule, vectorised):
    ∂L/∂r = 2r/n, then ∂L/∂(a, b, c) = Σ ∂L/∂r · (x², x, 1). With ``half=True`` the loss is
    ½·mean(r²), the convention whose gradient has no factor 2.

    The signature fits :func:`gdcourse.minibatch.minibatch_sgd` (use ``functools.partial``
    or a lambda to pass ``half=True``).

    Parameters
    ----------
    params : array_like, shape (3,)
        The coefficients (a, b, c).
    x, y : array_like
        Inputs and targets of the batch, flat vectors of the same length.
    half : bool
        Use ½·mean(r²) instead of mean(r²).

    Returns
    -------
    loss : float
    gradient : numpy.ndarray, shape (3,)
        (∂L/∂a, ∂L/∂b, ∂L/∂c).
    """
    if not isinstance(half, (bool, np.bool_)):
        raise TypeError(f"half must be True or False, got {type(half).__name__} {half!r}.")
    p = _quadratic_params(params)
    xs, ys = _validate.samples(x, y)
    a, b, c = p
    scale = 0.5 if half else 1.0
    with np.errstate(over="ignore", invalid="ignore"):
        x2 = xs * xs
        r = a * x2 + b * xs + c - ys                 # forward: the residuals ŷ − y
        loss = scale * float(r @ r) / r.size
        dr = (2.0 * scale / r.size) * r              # backward: ∂L/∂rᵢ
        grad = np.array([dr @ x2, dr @ xs, dr.sum()])  # ∂L/∂(a, b, c) = Σᵢ ∂L/∂rᵢ · (xᵢ², xᵢ, 1)
    return loss, grad
