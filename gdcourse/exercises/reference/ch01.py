"""Chapter 1: reference solutions, hidden cases and worked solutions (instructor edition only)."""
from __future__ import annotations

import numpy as np

from ..core import Case
from . import Solution


def largest_stable_lr(x=(1.0, 2.0, 3.0, 4.0)):
    x = np.asarray(x, dtype=float)
    curvature = 2 * np.mean(x**2)  # L''(w) for the MSE of y = w·x
    return 2 / curvature


def gd_until(x, y, w0, lr, tol, max_epochs):
    w = w0
    for epoch in range(max_epochs):
        grad = np.mean(2 * x * (w * x - y))
        if abs(grad) <= tol:
            return w, epoch
        w = w - lr * grad
    return w, max_epochs


def seed_fixed_points(x=(1.0, 2.0, 3.0, 4.0), y=(2.0, 4.0, 6.0, 8.0)):
    # The seed's update uses g(w) = mean(2·w·(w·x − y)) = 2·w·(w·mean(x) − mean(y)):
    # it is zero exactly where w = 0 or w = mean(y)/mean(x).
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    return np.sort(np.array([0.0, np.mean(y) / np.mean(x)]))


def epochs_to_tolerance(x=(1.0, 2.0, 3.0, 4.0), y=(2.0, 4.0, 6.0, 8.0), w0=1.0, lr=0.01, tol=1e-10):
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    w, epoch = w0, 0
    while np.mean((w * x - y) ** 2) >= tol:
        w = w - lr * np.mean(2 * x * (w * x - y))
        epoch += 1
    return epoch


_X4, _Y4 = [1.0, 2.0, 3.0, 4.0], [2.0, 4.0, 6.0, 8.0]
_NOISY = [2.1, 3.9, 6.2, 7.8]

SOLUTIONS = {
    "ex01-1": Solution(
        reference=largest_stable_lr,
        hidden=(Case(([1.0, 2.0, 3.0],), "x = 1, 2, 3"),
                Case(([0.5, -1.0, 2.0],), "negative inputs"),
                Case(([3.0],), "one point"),
                Case(([0.1, 0.2, 0.3, 0.4, 0.5],), "small inputs")),
        explanation="The factor 1 − η·L'' must lie in (−1, 1), so 0 < η < 2/L'' = 2/(2·mean(x²)) = 1/mean(x²); "
                    "on chapter 1's data 2/15 ≈ 0.1333.",
    ),
    "ex01-2": Solution(
        reference=gd_until,
        hidden=(Case(([1.0, 2.0, 3.0], [3.0, 6.0, 9.0], 0.0, 0.02, 1e-5, 2000), "slope 3, from 0"),
                Case((_X4, _Y4, 2.0, 0.01, 1e-6, 1000), "starts at the minimum"),
                Case(([1.0], [2.0], 1.0, 0.1, 2.0, 100), "|gradient| equals tol at the start"),
                Case((_X4, _NOISY, 1.0, 0.01, 1e-8, 1000), "noisy targets"),
                Case((_X4, _Y4, 0.0, 0.05, 0.5, 100), "loose tol"),
                Case(([1.0, 3.0], [1.0, 3.0], 4.0, 0.08, 0.3, 100), "loose tol, another slope"),
                Case((_X4, _Y4, 1.0, 0.01, 1e-12, 7), "stops at max_epochs=7"),
                Case((_X4, _Y4, 1.0, 0.2, 1e-6, 12), "a diverging rate")),
        explanation="Test the stopping rule before each update, so the returned epoch count is the number of "
                    "updates actually made and a start that already satisfies the rule returns (w0, 0); if the "
                    "rule never fires, the loop ends after max_epochs updates.",
    ),
    "ex01-3": Solution(
        reference=seed_fixed_points,
        hidden=(Case(([1.0, 2.0, 3.0], [3.0, 6.0, 9.0]), "slope 3"),
                Case((_X4, [2.5, 3.9, 6.2, 7.8]), "noisy targets"),
                Case(([-1.0, 2.0, 4.0], [1.0, 1.0, 1.0]), "constant targets"),
                Case(([1.0, 2.0], [-3.0, -6.0]), "a negative slope")),
        explanation="The seed's 'gradient' is mean(2w(wx − y)) = 2w(w·mean(x) − mean(y)), which vanishes at w = 0 "
                    "and w = mean(y)/mean(x): 0 and 2 on chapter 1's data. It is not the MSE gradient "
                    "2(w·mean(x²) − mean(xy)), but on data exactly on a line it has the same zero; on noisy data "
                    "mean(y)/mean(x) is not the least-squares slope.",
    ),
    "ex01-4": Solution(
        reference=epochs_to_tolerance,
        hidden=(Case(([1.0, 2.0, 3.0], [3.0, 6.0, 9.0], 0.0, 0.02, 1e-8), "slope 3 from 0"),
                Case((_X4, _Y4, 3.0, 0.05, 1e-6), "from 3, lr = 0.05"),
                Case(([0.5, 1.5], [1.0, 3.0], 1.0, 0.1, 1e-12), "two points"),
                Case((_X4, _Y4, 2.0, 0.01, 1e-10), "starts at the minimum")),
        explanation="On data on a line the loss is mean(x²)·(w_k − w*)² with w_k − w* = (1 − 2η·mean(x²))^k(w0 − w*). "
                    "In the chapter's run, cost_k = 7.5·0.7225^k < 1e-10 needs k > ln(7.5e10)/ln(1/0.7225) ≈ 77.05, "
                    "so k = 78.",
    ),
}
