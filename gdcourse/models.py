"""Models with their forward pass, mean squared error and gradient: every model of the course.

- :func:`line`: ŷ = w·x, one slope (chapters 1 and 3);
- :func:`parabola`: ŷ = a·x² + b·x + c (chapter 5), with the ½·MSE convention of seed 004 as an option;
- :func:`linear`: ŷ = X·w, linear regression on the rows of X (chapters 4 and 7).

Each is a :class:`Model`. Like an :class:`~gdcourse.objectives.Objective` it keeps raw functions
(``loss_and_grad_fn``, …), which the loop calls on batch after batch without checks, and offers
checked methods (``loss_and_grad``, …) for calling by hand. ``model.objective(x, y)`` is the loss on
a whole data set as an Objective, and :func:`gdcourse.objectives.data_loss` turns a model and a data
set into a loss for mini-batch methods.

>>> import numpy as np
>>> from gdcourse import models
>>> models.line().loss_and_grad([1.0], np.array([1.0, 2.0]), np.array([2.0, 4.0]))
(2.5, array([-5.]))
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Callable

import numpy as np

from . import _validate
from .objectives import Objective, data_loss

Fn = Callable[..., object]


@dataclass(frozen=True)
class Model:
    """A model ŷ = predict(params, x) with the mean squared error of its predictions as the loss.

    Parameters
    ----------
    name : str
        The formula, e.g. ``"ŷ = w·x"``.
    n_params : int or None
        Number of parameters (None: one per column of x).
    predict_fn : callable
        ``predict_fn(params, x)``: the predictions, one per sample.
    loss_and_grad_fn : callable
        ``loss_and_grad_fn(params, x, y)``: the loss over the samples and its gradient, in one pass.
    sample_grads_fn : callable
        ``sample_grads_fn(params, x, y)``: the gradient of each sample's loss, shape (n, p).
    hessian_fn : callable
        ``hessian_fn(params, x, y)``: the Hessian of the loss over the samples, shape (p, p).
    """

    name: str
    n_params: int | None
    predict_fn: Fn = dataclasses.field(repr=False)
    loss_and_grad_fn: Fn = dataclasses.field(repr=False)
    sample_grads_fn: Fn = dataclasses.field(repr=False)
    hessian_fn: Fn = dataclasses.field(repr=False)

    def _check(self, params: object, x: object, y: object = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        xs, ys = (_validate.inputs(x), None) if y is None else _validate.samples(x, y)
        if (self.n_params is None) != (xs.ndim == 2):
            raise ValueError(f"x must be {'a matrix, one row per sample' if self.n_params is None else 'a vector'} "
                             f"for the model {self.name}, got shape {xs.shape}.")
        p = _validate.point(params, self.n_params or xs.shape[1], "params")
        return p, xs, ys  # type: ignore[return-value]

    def predict(self, params: object, x: object) -> np.ndarray:
        """The forward pass: one prediction per sample."""
        p, xs, _ = self._check(params, x)
        return np.asarray(self.predict_fn(p, xs))

    def loss_and_grad(self, params: object, x: object, y: object) -> tuple[float, np.ndarray]:
        """The loss over the samples ``(x, y)`` and its gradient with respect to ``params``."""
        p, xs, ys = self._check(params, x, y)
        loss, grad = self.loss_and_grad_fn(p, xs, ys)
        return float(loss), np.asarray(grad)

    def sample_gradients(self, params: object, x: object, y: object) -> np.ndarray:
        """The gradient of every sample's loss, shape (n, p); their mean is the full gradient."""
        p, xs, ys = self._check(params, x, y)
        return np.asarray(self.sample_grads_fn(p, xs, ys))

    def objective(self, x: object, y: object) -> Objective:
        """The loss on the data set ``(x, y)`` as an Objective of the parameters (L and μ included)."""
        loss = data_loss(self, x, y)
        curvatures = np.linalg.eigvalsh(self.hessian_fn(np.zeros(loss.dim), loss.x, loss.y))  # constant Hessian
        return dataclasses.replace(loss.objective(), name=f"MSE of {self.name}", smoothness=float(curvatures[-1]),
                                   strong_convexity=float(curvatures[0]) if curvatures[0] > 0 else None)


def _line_loss_and_grad(p: np.ndarray, x: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    residual = p[0] * x - y
    return float(np.mean(residual**2)), np.array([np.mean(2.0 * x * residual)])


def line() -> Model:
    """The line through the origin, ŷ = w·x, with L(w) = mean((w·xᵢ − yᵢ)²).

    L'(w) = mean(2xᵢ(w·xᵢ − yᵢ)) and L''(w) = 2·mean(xᵢ²). The parameters are the vector ``[w]``.
    """
    return Model("ŷ = w·x", 1,
                 predict_fn=lambda p, x: p[0] * x,
                 loss_and_grad_fn=_line_loss_and_grad,
                 sample_grads_fn=lambda p, x, y: (2.0 * x * (p[0] * x - y))[:, None],
                 hessian_fn=lambda p, x, y: np.array([[2.0 * np.mean(x * x)]]))


def parabola(half: bool = False) -> Model:
    """The model ŷ = a·x² + b·x + c, parameters ``[a, b, c]``, with L = mean(r²) for the residuals r = ŷ − y.

    Its loss and gradient come in one pass, forward then backward (chain rule, vectorised):
    r = a·x² + b·x + c − y, L = mean(r²), ∂L/∂r = 2r/n, ∂L/∂(a, b, c) = Σ ∂L/∂r · (x², x, 1).

    A batch of one sample is computed with Python floats, the same operations in the same order:
    on arrays of one element NumPy's cost per call, not the arithmetic, would dominate per-sample SGD.

    Parameters
    ----------
    half : bool
        Use ½·mean(r²), the convention of seed 004, whose gradient has no factor 2.
    """
    scale = 0.5 if _validate.boolean(half, "half") else 1.0

    def loss_and_grad(p: np.ndarray, x: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
        if x.shape[0] == 1:
            a, b, c = p.tolist()
            xi, yi = float(x[0]), float(y[0])
            x2 = xi * xi
            r = a * x2 + b * xi + c - yi
            dr = 2.0 * scale / 1 * r
            return scale * (r * r) / 1, np.array([dr * x2, dr * xi, dr])
        a, b, c = p
        x2 = x * x
        r = a * x2 + b * x + c - y                   # forward: the residuals ŷ − y
        dr = (2.0 * scale / r.size) * r              # backward: ∂L/∂rᵢ
        return scale * float(r @ r) / r.size, np.array([dr @ x2, dr @ x, dr.sum()])

    def features(x: np.ndarray) -> np.ndarray:
        return np.stack([x * x, x, np.ones_like(x)], axis=1)

    return Model("½·MSE of ŷ = a·x² + b·x + c" if half else "ŷ = a·x² + b·x + c", 3,
                 predict_fn=lambda p, x: p[0] * x**2 + p[1] * x + p[2],
                 loss_and_grad_fn=loss_and_grad,
                 sample_grads_fn=lambda p, x, y: (2.0 * scale * (features(x) @ p - y))[:, None] * features(x),
                 hessian_fn=lambda p, x, y: (2.0 * scale / x.size) * features(x).T @ features(x))


def _linear_loss_and_grad(w: np.ndarray, X: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    r = X @ w - y
    return float(r @ r) / r.size, (2.0 / r.size) * (X.T @ r)


def linear() -> Model:
    """Linear regression, ŷ = X·w with one weight per column of X, and L(w) = mean((X·w − y)²).

    ∇L(w) = (2/n)·Xᵀ(X·w − y) and ∇²L = (2/n)·XᵀX, whatever w.
    """
    return Model("ŷ = X·w", None,
                 predict_fn=lambda w, X: X @ w,
                 loss_and_grad_fn=_linear_loss_and_grad,
                 sample_grads_fn=lambda w, X, y: 2.0 * (X @ w - y)[:, None] * X,
                 hessian_fn=lambda w, X, y: (2.0 / y.size) * X.T @ X)
