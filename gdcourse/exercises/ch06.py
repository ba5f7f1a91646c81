"""Auto-checked exercises of chapter 6, "Newton's method and convergence" (public half)."""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

from ._compat import instructor_names
from .core import Case, Exercise, float_arrays


def line_search_function(spec: tuple) -> Callable[[np.ndarray], float]:
    """The functions the line-search cases use: ("bowl", a, b) is a·x² + b·y², ("cosh", c) is cosh(c·x),
    ("rosenbrock",) is (1 − x)² + 100·(y − x²)², ("quartic",) is x⁴ + y²."""
    kind, params = spec[0], [float(p) for p in spec[1:]]
    if kind == "bowl":
        return lambda p: float(params[0] * p[0] ** 2 + params[1] * p[1] ** 2)
    if kind == "cosh":
        return lambda p: float(np.cosh(params[0] * p[0]))
    if kind == "rosenbrock":
        return lambda p: float((1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2)
    if kind == "quartic":
        return lambda p: float(p[0] ** 4 + p[1] ** 2)
    raise ValueError(f"unknown test function {kind!r}")


def _build_line_search(args: tuple) -> tuple[tuple, Any]:
    built, _ = float_arrays(args[1:])
    return (line_search_function(args[0]), *built), None


EXERCISES = {
    "ex06-1": Exercise(
        label="ex06-1",
        title="Newton's method for a square root",
        signature="newton_sqrt(a, x0, steps)",
        points=4,
        cases=(Case((2.0, 1.0, 5), "√2 from x0 = 1"),
               Case((2.0, 2.0, 6), "√2 from x0 = 2"),
               Case((10.0, 3.0, 5), "√10 from x0 = 3"),
               Case((0.25, 1.0, 6), "√0.25 from x0 = 1")),
        hints=("√a is the positive root of g(x) = x² − a. Newton's method for a root is x ← x − g(x)/g'(x).",
               "g'(x) = 2x, so the update is x ← x − (x² − a)/(2x) = (x + a/x)/2. Return x_0, …, x_steps."),
    ),
    "ex06-2": Exercise(
        label="ex06-2",
        title="the empirical order of convergence",
        signature="order_estimates(errors)",
        points=4,
        cases=(Case(([1e-1, 1e-2, 1e-4, 1e-8],), "quadratic errors"),
               Case(([0.5 ** k for k in range(8)],), "linear errors 0.5^k"),
               Case(([0.5257631592168077, 0.011785578458138435, 1.3641603793801416e-07, 1.852884572118782e-22],),
                    "Newton on cosh(0.5x)"),
               Case(([2.0, 1.0, 0.25, 0.03, 0.002],), "irregular errors")),
        hints=("If e_{k+1} = C·e_k^p, then log e_{k+1} − log e_k = p·(log e_k − log e_{k−1}) when C is constant.",
               "With l = np.log(errors), the estimates are (l[2:] − l[1:-1]) / (l[1:-1] − l[:-2]): m − 2 of them."),
    ),
    "ex06-3": Exercise(
        label="ex06-3",
        title="backtracking with quadratic interpolation",
        signature="backtrack_quadratic(f, x, g, d, t0, c)",
        points=5,
        build=_build_line_search,
        cases=(Case((("bowl", 1, 10), [1.0, 1.0], [2.0, 20.0], [-2.0, -20.0], 1.0, 1e-4), "bowl x² + 10y², t0 = 1"),
               Case((("bowl", 1, 10), [1.0, 1.0], [2.0, 20.0], [-2.0, -20.0], 0.2, 1e-4), "bowl x² + 10y², t0 = 0.2"),
               Case((("cosh", 0.5), [10.0], [0.5 * np.sinh(5.0)], [-0.5 * np.sinh(5.0)], 1.0, 1e-4),
                    "cosh(0.5x) at x = 10"),
               Case((("rosenbrock",), [-1.2, 1.0], [-215.6, -88.0], [215.6, 88.0], 1.0, 1e-4), "Rosenbrock at (−1.2, 1)"),
               Case((("bowl", 1, 10), [1.0, 1.0], [2.0, 20.0], [-1.0, -1.0], 2.0, 0.5), "other direction, t0 = 2, c = 0.5")),
        hints=("Keep the loop of plain backtracking; only the line that shrinks t changes. With φ(s) = f(x + s·d), "
               "you know φ(0) = f(x), φ'(0) = gᵀd and φ(t) at the rejected t.",
               "The parabola q(s) = φ(0) + φ'(0)·s + a·s² with a = (φ(t) − φ(0) − φ'(0)·t)/t² has its minimum at "
               "t_q = −φ'(0)/(2a). Then set t = min(max(t_q, 0.1·t), 0.5·t)."),
    ),
    "ex06-6": Exercise(
        label="ex06-6",
        title="the Levenberg–Marquardt step",
        signature="lm_step(g, H, lam)",
        points=4,
        cases=(Case(([1.0, -2.0], [[2.0, 0.0], [0.0, 4.0]], 0.1), "a positive definite Hessian: λ stays 0.1"),
               Case(([-0.273, 0.8], [[-0.73, 0.0], [0.0, 1.0]], 0.01), "the double well at (0.3, 0.8)"),
               Case(([0.5, 0.5, -1.0], [[1.0, 2.0, 0.0], [2.0, 1.0, 0.0], [0.0, 0.0, 3.0]], 0.05),
                    "a 3 × 3 Hessian with eigenvalue −1"),
               Case(([3.0], [[-4.5]], 2.0), "one dimension, f'' = −4.5")),
        hints=("Try H + λI with the λ you are given; while its smallest eigenvalue (np.linalg.eigvalsh) is not "
               "positive, multiply λ by 10. Then solve (H + λI) d = −g.",
               "Do not change the eigenvalues of H themselves (that is the modified Hessian, another method): "
               "add the same λ to every one of them."),
    ),
}

__getattr__ = instructor_names(__name__)
