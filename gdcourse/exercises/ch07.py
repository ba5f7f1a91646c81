"""Auto-checked exercises of chapter 7, "Momentum and adaptive methods"."""
from __future__ import annotations

import numpy as np

from .core import Case, Exercise


def optimal_heavy_ball(L, mu):
    # Both extreme curvatures get a double root of modulus sqrt(beta):
    # (1 - sqrt(beta))^2 = lr·mu and (1 + sqrt(beta))^2 = lr·L.
    lr = 4 / (np.sqrt(L) + np.sqrt(mu)) ** 2
    rate = (np.sqrt(L) - np.sqrt(mu)) / (np.sqrt(L) + np.sqrt(mu))
    return np.array([lr, rate**2, rate])


def adam_updates(grads, lr, beta1, beta2, eps):
    grads = np.asarray(grads, dtype=float)
    m = np.zeros(grads.shape[1])
    v = np.zeros(grads.shape[1])
    steps = []
    for t, g in enumerate(grads, start=1):
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g**2
        m_hat = m / (1 - beta1**t)
        v_hat = v / (1 - beta2**t)
        steps.append(-lr * m_hat / (np.sqrt(v_hat) + eps))
    return np.array(steps)


def steps_to_one_percent():
    # On a constant slope b_t = g·(1 − β^t)/(1 − β): within 1 % of the limit once β^t <= 0.01.
    return np.array([int(np.ceil(np.log(0.01) / np.log(beta))) for beta in (0.9, 0.99)])


_GRADS = np.array([[1.0, -4.0], [0.5, -3.0], [-0.2, -2.5], [0.1, 1.0], [0.0, 2.0]])
# Gradient coordinates of the order of eps = 1e-8: only here does it matter where eps is added.
_TINY = np.array([[1e-9, 2.0], [3e-9, -1.0], [-2e-9, 0.5]])

EXERCISES = {
    "ex07-1": Exercise(
        label="ex07-1",
        title="the best heavy-ball parameters for a quadratic",
        reference=optimal_heavy_ball,
        cases=(Case((4.0, 0.2), "the valley: L = 4, mu = 0.2"),
               Case((100.0, 1.0), "L = 100, mu = 1"),
               Case((2.0, 0.5), "L = 2, mu = 0.5"),
               Case((3.0, 3.0), "kappa = 1")),
        hints=("With complex roots the modulus is sqrt(beta). Ask for a double root at both ends: "
               "1 + beta − lr·mu = 2·sqrt(beta) and 1 + beta − lr·L = −2·sqrt(beta).",
               "The two conditions are (1 − sqrt(beta))² = lr·mu and (1 + sqrt(beta))² = lr·L. Take square "
               "roots, then add and subtract them."),
        explanation="From (1 − √β)² = η·μ and (1 + √β)² = η·L: adding the square roots gives 2 = √η(√L + √μ), so "
                    "η = 4/(√L + √μ)²; subtracting gives 2√β = √η(√L − √μ), so √β = (√L − √μ)/(√L + √μ) = "
                    "(√κ − 1)/(√κ + 1), which is also the rate.",
    ),
    "ex07-2": Exercise(
        label="ex07-2",
        title="Adam's updates from a sequence of gradients",
        reference=adam_updates,
        cases=(Case((np.ones((4, 2)), 0.1, 0.9, 0.999, 1e-8), "constant gradient"),
               Case((_GRADS, 0.01, 0.9, 0.999, 1e-8), "varying gradient, default betas"),
               Case((_GRADS, 0.5, 0.5, 0.9, 1e-3), "betas (0.5, 0.9), eps 1e-3"),
               Case((np.array([[0.0, 3.0], [0.0, -3.0], [2.0, 0.0]]), 1.0, 0.9, 0.999, 1e-8), "zero coordinates"),
               Case((_TINY, 0.1, 0.9, 0.999, 1e-8), "gradients of the size of eps")),
        hints=("Keep two arrays m and v, both zero before the first step, and count steps from t = 1.",
               "Divide m by (1 − beta1**t) and v by (1 − beta2**t) before the update; eps goes after the square root."),
        explanation="m and v are moving averages started at zero, so early on they are too small by the factors "
                    "(1 − β₁^t) and (1 − β₂^t); dividing by them (bias correction) makes the first step −lr·g/(|g| + ε), "
                    "about lr in size whatever the scale of g.",
        rtol=1e-9,
        atol=1e-12,
    ),
    "ex07-3": Exercise(
        label="ex07-3",
        title="how long momentum takes to reach its full speed",
        reference=steps_to_one_percent,
        prepare=lambda answer: np.asarray(answer, dtype=float).reshape(-1),
        hints=("Sum the geometric series b_t = g·(1 + β + … + β^(t−1)).",
               "b_t is within 1 % of g/(1 − β) exactly when β^t <= 0.01, i.e. t >= ln(0.01)/ln(β)."),
        explanation="b_t = g·(1 − β^t)/(1 − β), so the gap to the limit is the fraction β^t. It drops below 1 % at "
                    "t = ⌈ln 0.01 / ln β⌉: 44 steps for β = 0.9 and 459 for β = 0.99.",
    ),
}
