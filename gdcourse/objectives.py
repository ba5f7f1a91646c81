"""Test functions as objects that know their value, gradient and Hessian.

Every objective takes a point ``x`` (a scalar for one-dimensional problems, or a
sequence of ``dim`` numbers) and answers three questions about it:

>>> from gdcourse import objectives
>>> f = objectives.square()
>>> f.value(3.0), f.gradient(3.0), f.hessian(3.0)
(9.0, array([6.]), array([[2.]]))

The constructors below build the functions the chapters use.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from . import _validate, models

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
    a = _validate.learning_rate(scale, "scale")
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
        Symmetric matrix: the Hessian of f.
    b : array_like, shape (n,), optional
        Linear term; zero by default, which puts a minimiser (if A is positive
        definite) at the origin.
    c : float
        Constant term.
    name : str, optional
        Formula shown in plots; a generic one is made up if omitted.
    """
    A = _validate.square_matrix(A, "A")
    if not np.allclose(A, A.T):
        raise ValueError("A must be symmetric (A == A.T); use (A + A.T) / 2 for the same quadratic form.")
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


def mse_line(x: object, y: object) -> Objective:
    """The mean squared error of the model ŷ = w·x on data (x, y), as a function of w.

    f(w) = mean((w·xᵢ − yᵢ)²), f'(w) = mean(2xᵢ(w·xᵢ − yᵢ)), f''(w) = 2·mean(xᵢ²)
    (chapter 1).

    Parameters
    ----------
    x, y : array_like
        Inputs and targets, equal lengths.
    """
    xs, ys = _validate.samples(x, y)
    curvature = 2.0 * float(np.mean(xs**2))
    return Objective(
        name="MSE of ŷ = w·x",
        dim=1,
        value_fn=lambda w: models.line_mse(w[0], xs, ys),
        gradient_fn=lambda w: np.array([models.line_mse_gradient(w[0], xs, ys)]),
        hessian_fn=lambda w: np.array([[curvature]]),
        smoothness=curvature,
        strong_convexity=curvature if curvature > 0 else None,
    )


def rosenbrock(a: float = 1.0, b: float = 100.0) -> Objective:
    """f(x, y) = (a − x)² + b·(y − x²)², the banana-shaped valley with minimum at (a, a²).

    Parameters
    ----------
    a, b : float
        Shape parameters; b > 0 sets how steep the valley walls are.
    """
    a = _validate.finite_real(a, "a")
    b = _validate.learning_rate(b, "b")

    def grad(p: np.ndarray) -> np.ndarray:
        x, y = p
        return np.array([-2 * (a - x) - 4 * b * x * (y - x**2), 2 * b * (y - x**2)])

    def hess(p: np.ndarray) -> np.ndarray:
        x, y = p
        return np.array([[2 - 4 * b * y + 12 * b * x**2, -4 * b * x], [-4 * b * x, 2 * b]])

    return Objective(name="Rosenbrock", dim=2, value_fn=lambda p: (a - p[0]) ** 2 + b * (p[1] - p[0] ** 2) ** 2,
                     gradient_fn=grad, hessian_fn=hess)
