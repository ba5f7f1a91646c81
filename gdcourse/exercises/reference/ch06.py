"""Chapter 6: reference solutions, hidden cases and worked solutions (instructor edition only)."""
from __future__ import annotations

import numpy as np

from ..core import Case
from . import Solution


def newton_sqrt(a, x0, steps):
    # Newton's method for the root of g(x) = x² − a: x ← x − g(x)/g'(x) = (x + a/x)/2.
    xs = [float(x0)]
    for _ in range(steps):
        x = xs[-1]
        xs.append(x - (x * x - a) / (2 * x))
    return np.array(xs)


def order_estimates(errors):
    logs = np.log(np.asarray(errors, dtype=float))
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


def lm_step(g, H, lam):
    # Raise λ tenfold until H + λI is positive definite, then solve (H + λI) d = −g.
    g, H = np.asarray(g, dtype=float), np.asarray(H, dtype=float)
    while np.linalg.eigvalsh(H + lam * np.eye(g.size))[0] <= 0:
        lam *= 10
    return np.linalg.solve(H + lam * np.eye(g.size), -g)


SOLUTIONS = {
    "ex06-1": Solution(
        reference=newton_sqrt,
        hidden=(Case((5.0, 2.0, 4), "√5 from 2"), Case((0.5, 3.0, 7), "√0.5 from 3"),
                Case((100.0, 1.0, 8), "√100 from 1"), Case((2.0, -1.0, 5), "from a negative start"),
                Case((7.0, 7.0, 0), "no step at all")),
        explanation="Root finding by Newton's method linearises g at x_k and jumps to the root of the tangent: "
                    "x_{k+1} = x_k − (x_k² − a)/(2x_k) = (x_k + a/x_k)/2, the Babylonian rule. The error obeys "
                    "x_{k+1} − √a = (x_k − √a)²/(2x_k): quadratic convergence, the correct digits double each step.",
    ),
    "ex06-2": Solution(
        reference=order_estimates,
        hidden=(Case(([1e-1, 1e-3, 1e-9],), "cubic errors"), Case(([0.3 ** k for k in range(6)],), "linear, 0.3^k"),
                Case(([0.9, 0.5, 0.2, 0.04, 0.0016],), "speeding up"),
                Case(([4.0, 2.0, 1.5, 1.2, 1.1, 1.05],), "slowing down")),
        explanation="Taking logs of e_{k+1} ≈ C·e_k^p and of e_k ≈ C·e_{k−1}^p and subtracting removes C: "
                    "log(e_{k+1}/e_k) ≈ p·log(e_k/e_{k−1}). Each triple of consecutive errors gives one estimate, "
                    "so m errors give m − 2 of them.",
    ),
    "ex06-3": Solution(
        reference=backtrack_quadratic,
        hidden=(Case((("bowl", 1, 100), [1.0, 1.0], [2.0, 200.0], [-2.0, -200.0], 0.9, 1e-4), "a steep bowl"),
                Case((("cosh", 1.0), [3.0], [float(np.sinh(3.0))], [-float(np.sinh(3.0))], 0.7, 1e-4), "cosh(x) at 3"),
                Case((("rosenbrock",), [0.5, 0.5], [-51.0, 50.0], [51.0, -50.0], 0.3, 1e-4), "Rosenbrock at (0.5, 0.5)"),
                Case((("quartic",), [2.0, 1.0], [32.0, 2.0], [-32.0, -2.0], 0.3, 1e-4), "x⁴ + y²"),
                Case((("bowl", 2, 1), [1.0, -1.0], [4.0, -2.0], [-4.0, 2.0], 1.0, 0.9), "a strict c = 0.9"),
                Case((("bowl", 1, 1), [1.0, 1.0], [2.0, 2.0], [-2.0, -2.0], 0.5, 1e-4), "t0 is already fine"),
                Case((("bowl", 3, 0.5), [2.0, 2.0], [12.0, 2.0], [-1.0, -1.0], 5.0, 0.2), "another direction, t0 = 5")),
        explanation="Fit the parabola through φ(0), φ'(0) and φ(t) and try its minimiser "
                    "t_q = −φ'(0)·t²/(2(φ(t) − φ(0) − φ'(0)·t)), clamped to [0.1·t, 0.5·t]. A rejected t has "
                    "φ(t) > φ(0) + c·t·φ'(0) > φ(0) + t·φ'(0), so the parabola opens upwards and t_q > 0. The "
                    "upper clamp shrinks t at least by half, so the loop ends like plain backtracking; the lower "
                    "clamp stops a poor parabola from shrinking t to almost nothing.",
    ),
    "ex06-6": Solution(
        reference=lm_step,
        hidden=(Case(([2.0, 1.0], [[3.0, 1.0], [1.0, 2.0]], 1.0), "positive definite, λ = 1"),
                Case(([0.0, 1.0], [[-2.5, 0.0], [0.0, 0.5]], 0.3), "eigenvalue −2.5 from λ = 0.3"),
                Case(([1.0, -1.0], [[0.0, 2.0], [2.0, 0.0]], 0.7), "a pure saddle, eigenvalues ±2"),
                Case(([-1.0, 0.0, 2.0], [[-0.2, 0.0, 0.0], [0.0, 5.0, 1.0], [0.0, 1.0, 5.0]], 0.001), "small negative curvature"),
                Case(([4.0], [[-30.0]], 0.5), "one dimension, strongly concave")),
        explanation="Adding λI moves every eigenvalue of H up by λ without turning the eigenvectors, so once λ "
                    "exceeds the most negative eigenvalue's size, H + λI is positive definite and d = −(H + λI)⁻¹g "
                    "is a descent direction: gᵀd = −gᵀ(H + λI)⁻¹g < 0. Raising λ tenfold finds such a λ in a few "
                    "tries; a large λ gives a short step close to −g/λ, a small one Newton's step.",
    ),
}
