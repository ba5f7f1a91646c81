"""Auto-checked exercises of chapter 1, "Gradient descent from scratch"."""
from __future__ import annotations

import numpy as np

from ..data import line_data
from .core import Case, Exercise


def largest_stable_lr() -> float:
    x, _ = line_data(4)
    curvature = 2 * np.mean(x**2)  # f''(w) for the MSE of y = w·x
    return 2 / curvature


def gd_until(x, y, w0, lr, tol, max_epochs):
    w = w0
    for epoch in range(max_epochs):
        grad = np.mean(2 * x * (w * x - y))
        if abs(grad) <= tol:
            return w, epoch
        w = w - lr * grad
    return w, max_epochs


def seed_fixed_points() -> np.ndarray:
    # The seed's update uses g(w) = mean(2·w·(w·x − y)) = 2·w·(w − 2)·mean(x) on this data:
    # it is zero exactly where w = 0 or w = 2.
    return np.array([0.0, 2.0])


def epochs_to_tolerance() -> int:
    x, y = line_data(4)
    w, epoch = 1.0, 0
    while np.mean((w * x - y) ** 2) >= 1e-10:
        w = w - 0.01 * np.mean(2 * x * (w * x - y))
        epoch += 1
    return epoch


_X4, _Y4 = line_data(4)
_X3, _Y3 = line_data(3)

EXERCISES = {
    "ex01-1": Exercise(
        label="ex01-1",
        title="the largest stable learning rate",
        reference=largest_stable_lr,
        hints=("The error obeys w_{k+1} − 2 = (1 − 2η·mean(x²))(w_k − 2). When does the factor have size below 1?",
               "|1 − η·f''| < 1 with f'' = 2·mean(x²) = 15 on this data."),
        explanation="The factor 1 − η·f'' must lie in (−1, 1), so 0 < η < 2/f'' = 2/(2·mean(x²)) = 2/15 ≈ 0.1333.",
    ),
    "ex01-2": Exercise(
        label="ex01-2",
        title="gradient descent with a stopping rule",
        reference=gd_until,
        cases=(Case((_X4, _Y4, 1.0, 0.01, 1e-6, 1000), "4 points, tol=1e-6"),
               Case((_X3, _Y3, 1.0, 0.01, 1e-3, 1000), "3 points, tol=1e-3"),
               Case((_X4, _Y4, 0.0, 0.05, 1e-8, 1000), "w0=0, lr=0.05"),
               Case((_X4, _Y4, 1.0, 0.001, 1e-12, 50), "stops at max_epochs=50")),
        hints=("Compute the gradient first, test it against tol, and only then update w.",
               "Return (w, epoch) from inside the loop when |gradient| <= tol; after the loop return (w, max_epochs)."),
        explanation="Test the stopping rule before each update, so the returned epoch count is the number of "
                    "updates actually made; if the rule never fires, the loop ends after max_epochs updates.",
    ),
    "ex01-3": Exercise(
        label="ex01-3",
        title="where the source's 'stochastic' loop stops",
        reference=seed_fixed_points,
        prepare=lambda answer: np.sort(np.asarray(answer, dtype=float).reshape(-1)),
        hints=("Substitute y = 2x into 2·w·(w·x − y) and take the mean over the four points.",
               "mean(2w(wx − 2x)) = 2w(w − 2)·mean(x). When is that zero?"),
        explanation="On this data the seed's 'gradient' is 2w(w − 2)·mean(x), which vanishes at w = 0 and w = 2. "
                    "It is not the MSE gradient 2(w − 2)·mean(x²), but it has the same zero at w = 2 and the same "
                    "sign for 0 < w, so from w0 = 1 it still walks to 2.",
    ),
    "ex01-4": Exercise(
        label="ex01-4",
        title="epochs until the cost is below 1e-10",
        reference=epochs_to_tolerance,
        hints=("The cost at w_k is mean(x²)·(w_k − 2)² = 7.5·0.85^(2k).",
               "Solve 7.5·0.85^(2k) < 1e-10 for the smallest whole k, or run the loop and count."),
        explanation="cost_k = 7.5·0.7225^k < 1e-10 needs k > ln(7.5e10)/ln(1/0.7225) ≈ 77.05, so k = 78.",
    ),
}
