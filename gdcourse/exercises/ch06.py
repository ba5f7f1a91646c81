"""Auto-checked exercises of chapter 6, "Newton's method and convergence"."""
from __future__ import annotations

import numpy as np

from ..objectives import rosenbrock
from .core import Case, Exercise


def newton_sqrt(a, x0, steps):
    # Newton's method for the root of g(x) = x² − a: x ← x − g(x)/g'(x) = (x + a/x)/2.
    xs = [float(x0)]
    for _ in range(steps):
        x = xs[-1]
        xs.append(x - (x * x - a) / (2 * x))
    return np.array(xs)


def order_estimates(errors):
    e = np.asarray(errors, dtype=float)
    logs = np.log(e)
    return (logs[2:] - logs[1:-1]) / (logs[1:-1] - logs[:-2])


def backtrack_quadratic(f, x, g, d, t0, c):
    # Backtracking whose trial steps come from the parabola through phi(0), phi'(0) and phi(t),
    # where phi(s) = f(x + s·d), safeguarded to [0.1·t, 0.5·t].
    x, g, d = (np.asarray(v, dtype=float) for v in (x, g, d))
    phi0, slope = f(x), g @ d
    t = t0
    phi_t = f(x + t * d)
    while phi_t > phi0 + c * t * slope:
        t_q = -slope * t**2 / (2 * (phi_t - phi0 - slope * t))
        t = min(max(t_q, 0.1 * t), 0.5 * t)
        phi_t = f(x + t * d)
    return t


def _bowl(p):
    return float(p[0] ** 2 + 10.0 * p[1] ** 2)


def _cosh(p):
    return float(np.cosh(0.5 * p[0]))


_ROSENBROCK = rosenbrock()
_R0 = np.array([-1.2, 1.0])
_RG = _ROSENBROCK.gradient(_R0)

EXERCISES = {
    "ex06-1": Exercise(
        label="ex06-1",
        title="Newton's method for a square root",
        reference=newton_sqrt,
        cases=(Case((2.0, 1.0, 5), "√2 from x0 = 1"),
               Case((2.0, 2.0, 6), "√2 from x0 = 2"),
               Case((10.0, 3.0, 5), "√10 from x0 = 3"),
               Case((0.25, 1.0, 6), "√0.25 from x0 = 1")),
        hints=("√a is the positive root of g(x) = x² − a. Newton's method for a root is x ← x − g(x)/g'(x).",
               "g'(x) = 2x, so the update is x ← x − (x² − a)/(2x) = (x + a/x)/2. Return x_0, …, x_steps."),
        explanation="Root finding by Newton's method linearises g at x_k and jumps to the root of the tangent: "
                    "x_{k+1} = x_k − (x_k² − a)/(2x_k) = (x_k + a/x_k)/2, the Babylonian rule. The error obeys "
                    "x_{k+1} − √a = (x_k − √a)²/(2x_k): quadratic convergence, the correct digits double each step.",
    ),
    "ex06-2": Exercise(
        label="ex06-2",
        title="the empirical order of convergence",
        reference=order_estimates,
        cases=(Case((np.array([1e-1, 1e-2, 1e-4, 1e-8]),), "quadratic errors"),
               Case((0.5 ** np.arange(8),), "linear errors 0.5^k"),
               Case((np.array([0.5257631592168077, 0.011785578458138435, 1.3641603793801416e-07,
                               1.852884572118782e-22]),), "Newton on cosh(0.5x)"),
               Case((np.array([2.0, 1.0, 0.25, 0.03, 0.002]),), "irregular errors")),
        hints=("If e_{k+1} = C·e_k^p, then log e_{k+1} − log e_k = p·(log e_k − log e_{k−1}) when C is constant.",
               "With l = np.log(errors), the estimates are (l[2:] − l[1:-1]) / (l[1:-1] − l[:-2]): m − 2 of them."),
        explanation="Taking logs of e_{k+1} ≈ C·e_k^p and of e_k ≈ C·e_{k−1}^p and subtracting removes C: "
                    "log(e_{k+1}/e_k) ≈ p·log(e_k/e_{k−1}). Each triple of consecutive errors gives one estimate, "
                    "so m errors give m − 2 of them.",
    ),
    "ex06-3": Exercise(
        label="ex06-3",
        title="backtracking with quadratic interpolation",
        reference=backtrack_quadratic,
        cases=(Case((_bowl, np.array([1.0, 1.0]), np.array([2.0, 20.0]), np.array([-2.0, -20.0]), 1.0, 1e-4),
                    "bowl x² + 10y², t0 = 1"),
               Case((_bowl, np.array([1.0, 1.0]), np.array([2.0, 20.0]), np.array([-2.0, -20.0]), 0.2, 1e-4),
                    "bowl x² + 10y², t0 = 0.2"),
               Case((_cosh, np.array([10.0]), np.array([0.5 * np.sinh(5.0)]), np.array([-0.5 * np.sinh(5.0)]),
                     1.0, 1e-4), "cosh(0.5x) at x = 10"),
               Case((_ROSENBROCK.value, _R0, _RG, -_RG, 1.0, 1e-4), "Rosenbrock at (−1.2, 1)"),
               Case((_bowl, np.array([1.0, 1.0]), np.array([2.0, 20.0]), np.array([-1.0, -1.0]), 2.0, 0.5),
                    "other direction, t0 = 2, c = 0.5")),
        hints=("Keep the loop of plain backtracking; only the line that shrinks t changes. With φ(s) = f(x + s·d), "
               "you know φ(0) = f(x), φ'(0) = gᵀd and φ(t) at the rejected t.",
               "The parabola q(s) = φ(0) + φ'(0)·s + a·s² with a = (φ(t) − φ(0) − φ'(0)·t)/t² has its minimum at "
               "t_q = −φ'(0)/(2a). Then set t = min(max(t_q, 0.1·t), 0.5·t)."),
        explanation="Fit the parabola through φ(0), φ'(0) and φ(t) and try its minimiser "
                    "t_q = −φ'(0)·t²/(2(φ(t) − φ(0) − φ'(0)·t)), clamped to [0.1·t, 0.5·t]. A rejected t has "
                    "φ(t) > φ(0) + c·t·φ'(0) > φ(0) + t·φ'(0), so the parabola opens upwards and t_q > 0. The "
                    "upper clamp shrinks t at least by half, so the loop ends like plain backtracking; the lower "
                    "clamp stops a poor parabola from shrinking t to almost nothing.",
    ),
}
