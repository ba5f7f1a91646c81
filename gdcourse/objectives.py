"""Test functions as objects that know their value, gradient and Hessian.

Every objective takes a point ``x`` (a scalar for one-dimensional problems, or a
sequence of ``dim`` numbers) and answers three questions about it:

>>> from gdcourse import objectives
>>> f = objectives.square()
>>> f.value(3.0), f.gradient(3.0), f.hessian(3.0)
(9.0, array([6.]), array([[2.]]))

The constructors below build the functions the chapters use. A :class:`DataLoss` is the other
kind of problem the loop (:func:`gdcourse.loop.iterate`) takes: a loss that is a mean over the
samples of a data set, whose gradient can be taken on a batch of them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from . import _validate

ArrayFn = Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True)
class Objective:
    """A differentiable function of ``dim`` real variables.

    Parameters
    ----------
    name : str
        A short formula used in plot titles and messages, e.g. ``"x²"``.
    dim : int
        Number of variables.
    value_fn, gradient_fn, hessian_fn : callable
        Functions of a 1-D array of length ``dim`` returning a float, an array of
        shape ``(dim,)`` and an array of shape ``(dim, dim)``.
    smoothness : float, optional
        A global Lipschitz constant ``L`` of the gradient, where one exists.
    strong_convexity : float, optional
        The strong-convexity constant ``μ``, where one exists.
    """

    name: str
    dim: int
    value_fn: Callable[[np.ndarray], float] = field(repr=False)
    gradient_fn: ArrayFn = field(repr=False)
    hessian_fn: ArrayFn = field(repr=False)
    smoothness: float | None = None
    strong_convexity: float | None = None

    def _point(self, x: object) -> np.ndarray:
        return _validate.point(x, self.dim, "x")

    def value(self, x: object) -> float:
        """Return f(x) as a float."""
        return float(self.value_fn(self._point(x)))

    def gradient(self, x: object) -> np.ndarray:
        """Return ∇f(x) as an array of shape ``(dim,)``."""
        return np.asarray(self.gradient_fn(self._point(x)), dtype=float).reshape(self.dim)

    def hessian(self, x: object) -> np.ndarray:
        """Return ∇²f(x) as an array of shape ``(dim, dim)``."""
        return np.asarray(self.hessian_fn(self._point(x)), dtype=float).reshape(self.dim, self.dim)

    def __call__(self, x: object) -> float:
        return self.value(x)


def require(objective: object) -> Objective:
    """Return ``objective`` if it is an :class:`Objective`, else raise a TypeError saying what to pass."""
    if not isinstance(objective, Objective):
        raise TypeError(f"objective must be a gdcourse Objective (see gdcourse.objectives), "
                        f"got {type(objective).__name__}.")
    return objective


def square(scale: float = 1.0) -> Objective:
    """f(x) = scale·x², the simplest bowl (chapter 2).

    Parameters
    ----------
    scale : float
        Positive curvature factor; f''(x) = 2·scale.
    """
    a = _validate.positive(scale, "scale")
    name = "x²" if a == 1.0 else f"{a:g}·x²"
    return Objective(
        name=name,
        dim=1,
        value_fn=lambda x: a * x[0] ** 2,
        gradient_fn=lambda x: 2.0 * a * x,
        hessian_fn=lambda x: np.array([[2.0 * a]]),
        smoothness=2.0 * a,
        strong_convexity=2.0 * a,
    )


def x_cos(c: float = 0.15 * np.pi) -> Objective:
    """f(x) = x·cos(c·x), a wavy landscape with many local minima (chapter 2).

    Parameters
    ----------
    c : float
        Angular frequency; the seed uses 0.15π.
    """
    c = _validate.finite_real(c, "c")

    def grad(x: np.ndarray) -> np.ndarray:
        return np.cos(c * x) - c * x * np.sin(c * x)

    def hess(x: np.ndarray) -> np.ndarray:
        return np.array([[-2.0 * c * np.sin(c * x[0]) - c**2 * x[0] * np.cos(c * x[0])]])

    return Objective(name=f"x·cos({c:.4g}x)", dim=1, value_fn=lambda x: x[0] * np.cos(c * x[0]),
                     gradient_fn=grad, hessian_fn=hess)


def cosh(c: float = 0.5) -> Objective:
    """f(x) = cosh(c·x), a convex function with minimum 1 at x = 0 (chapter 6).

    Parameters
    ----------
    c : float
        Non-zero scale of the argument.
    """
    c = _validate.finite_real(c, "c")
    if c == 0:
        raise ValueError("c must be non-zero: cosh(0·x) is constant and has no unique minimum.")
    return Objective(name=f"cosh({c:g}x)", dim=1, value_fn=lambda x: np.cosh(c * x[0]),
                     gradient_fn=lambda x: c * np.sinh(c * x),
                     hessian_fn=lambda x: np.array([[c**2 * np.cosh(c * x[0])]]),
                     strong_convexity=c**2)


def quadratic(A: object, b: object | None = None, c: float = 0.0, name: str | None = None) -> Objective:
    """f(x) = ½·xᵀAx − bᵀx + c for a symmetric matrix A.

    ``quadratic(np.diag([2.0, 4.0]))`` is x₁² + 2x₂² (chapter 2).

    Parameters
    ----------
    A : array_like, shape (n, n)
        Symmetric matrix, up to rounding (``max abs(A − Aᵀ) ≤ 1e-10·max abs(A)``, the package's one
        symmetry check, which Newton's method and conjugate gradients apply too): the Hessian of f.
    b : array_like, shape (n,), optional
        Linear term; zero by default, which puts a minimiser (if A is positive
        definite) at the origin.
    c : float
        Constant term.
    name : str, optional
        Formula shown in plots; a generic one is made up if omitted.
    """
    A = _validate.symmetric_matrix(A, "A")
    n = A.shape[0]
    b = np.zeros(n) if b is None else _validate.point(b, n, "b")
    c = _validate.finite_real(c, "c")
    eig = np.linalg.eigvalsh(A)
    L = float(np.max(np.abs(eig)))
    mu = float(eig.min()) if eig.min() > 0 else None
    return Objective(
        name=name or f"{n}-d quadratic",
        dim=n,
        value_fn=lambda x: 0.5 * x @ A @ x - b @ x + c,
        gradient_fn=lambda x: A @ x - b,
        hessian_fn=lambda x: A.copy(),
        smoothness=L,
        strong_convexity=mu,
    )


def rosenbrock(a: float = 1.0, b: float = 100.0) -> Objective:
    """f(x, y) = (a − x)² + b·(y − x²)², the banana-shaped valley with minimum at (a, a²).

    Parameters
    ----------
    a, b : float
        Shape parameters; b > 0 sets how steep the valley walls are.
    """
    a = _validate.finite_real(a, "a")
    b = _validate.positive(b, "b", "100.0")

    def grad(p: np.ndarray) -> np.ndarray:
        x, y = p
        return np.array([-2 * (a - x) - 4 * b * x * (y - x**2), 2 * b * (y - x**2)])

    def hess(p: np.ndarray) -> np.ndarray:
        x, y = p
        return np.array([[2 - 4 * b * y + 12 * b * x**2, -4 * b * x], [-4 * b * x, 2 * b]])

    return Objective(name="Rosenbrock", dim=2, value_fn=lambda p: (a - p[0]) ** 2 + b * (p[1] - p[0] ** 2) ** 2,
                     gradient_fn=grad, hessian_fn=hess)


@dataclass(frozen=True)
class DataLoss:
    """A loss that is the mean of one loss per sample of a data set: what mini-batch methods minimise.

    Build one with :func:`data_loss`. Like :class:`Objective`, it keeps the raw function the loop
    calls (``loss_and_grad_fn``, unchecked) and offers checked methods.

    Parameters
    ----------
    name : str
        A short description used in titles and messages.
    x, y : numpy.ndarray
        The inputs (a vector, or one row per sample) and the targets.
    loss_and_grad_fn : callable
        ``loss_and_grad_fn(params, x_batch, y_batch)`` returns the mean loss over the batch and its
        gradient with respect to ``params``.
    dim : int, optional
        Number of parameters, where known.
    hessian_fn : callable, optional
        ``hessian_fn(params, x, y)``: the Hessian of the mean loss over ``(x, y)``, where known.
    """

    name: str
    x: np.ndarray = field(repr=False)
    y: np.ndarray = field(repr=False)
    loss_and_grad_fn: Callable[[np.ndarray, np.ndarray, np.ndarray], tuple[float, np.ndarray]] = field(repr=False)
    dim: int | None = None
    hessian_fn: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray] | None = field(default=None, repr=False)

    @property
    def n(self) -> int:
        """Number of samples."""
        return int(self.y.shape[0])

    def loss_and_grad(self, params: object, batch: object = None) -> tuple[float, np.ndarray]:
        """The mean loss over ``batch`` (sample indices; all samples if None) and its gradient."""
        p = _validate.point(params, self.dim, "params")
        if batch is None:
            xb, yb = self.x, self.y
        else:
            idx = np.asarray(batch)
            if idx.ndim != 1 or idx.size == 0 or idx.dtype.kind not in "iu" or idx.min() < -self.n or idx.max() >= self.n:
                raise ValueError(f"batch must be a non-empty array of sample indices below {self.n}, got {batch!r:.60}.")
            xb, yb = self.x[idx], self.y[idx]
        loss, grad = self.loss_and_grad_fn(p, xb, yb)
        return float(loss), np.asarray(grad, dtype=float).reshape(p.shape)

    def loss(self, params: object) -> float:
        """The loss over all samples."""
        return self.loss_and_grad(params)[0]

    def gradient(self, params: object) -> np.ndarray:
        """The gradient of the loss over all samples."""
        return self.loss_and_grad(params)[1]

    def objective(self) -> Objective:
        """The loss over all samples as an :class:`Objective`, for gradient descent, Newton and plots."""
        if self.dim is None:
            raise ValueError(f"the loss {self.name!r} does not know its number of parameters; "
                             "build it with data_loss(..., dim=p).")
        x, y, fn, hess = self.x, self.y, self.loss_and_grad_fn, self.hessian_fn

        def no_hessian(p: np.ndarray) -> np.ndarray:
            raise NotImplementedError(f"the loss {self.name!r} has no Hessian.")

        return Objective(name=self.name, dim=self.dim, value_fn=lambda p: fn(p, x, y)[0],
                         gradient_fn=lambda p: fn(p, x, y)[1],
                         hessian_fn=no_hessian if hess is None else (lambda p: hess(p, x, y)))


def data_loss(loss: object, x: object, y: object, *, dim: int | None = None, name: str | None = None) -> DataLoss:
    """A loss over the data set ``(x, y)``, for :func:`~gdcourse.loop.iterate` and mini-batch methods.

    Parameters
    ----------
    loss : Model or callable
        A model of :mod:`gdcourse.models` (its loss, its number of parameters and its Hessian are
        used), or a function ``loss_and_grad(params, x_batch, y_batch) -> (mean loss, gradient)``.
    x, y : array_like
        Inputs (a vector, or one row per sample) and targets, with the same number of samples.
    dim : int, optional
        Number of parameters (taken from a model).
    name : str, optional
        A short description.

    Returns
    -------
    DataLoss
    """
    fn = getattr(loss, "loss_and_grad_fn", loss)
    _validate.function(fn, "loss", "loss_and_grad(params, x_batch, y_batch) -> (loss, gradient), or a "
                                   "gdcourse.models model")
    xs, ys = _validate.samples(x, y)
    if dim is not None:
        dim = _validate.positive_int(dim, "dim", "3")
    elif fn is not loss:  # a model: one parameter per column of x unless it says otherwise
        dim = getattr(loss, "n_params", None) or (xs.shape[1] if xs.ndim == 2 else 1)
    return DataLoss(name=name or getattr(loss, "name", getattr(fn, "__name__", "loss")), x=xs, y=ys,
                    loss_and_grad_fn=fn, dim=dim, hessian_fn=getattr(loss, "hessian_fn", None))
