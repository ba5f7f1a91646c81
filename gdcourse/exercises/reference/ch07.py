"""Chapter 7: reference solutions, hidden cases and worked solutions (instructor edition only)."""
from __future__ import annotations

import numpy as np

from ..core import Case
from . import Solution


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


def amsgrad_updates(grads, lr, beta1, beta2, eps):
    grads = np.asarray(grads, dtype=float)
    m = np.zeros(grads.shape[1])
    v = np.zeros(grads.shape[1])
    v_max = np.zeros(grads.shape[1])
    steps = []
    for t, g in enumerate(grads, start=1):
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g**2
        v_max = np.maximum(v_max, v)              # the largest second moment so far, before correction
        m_hat = m / (1 - beta1**t)
        v_hat = v_max / (1 - beta2**t)
        steps.append(-lr * m_hat / (np.sqrt(v_hat) + eps))
    return np.array(steps)


def steps_to_one_percent(betas=(0.9, 0.99)):
    # On a constant slope b_t = g·(1 − β^t)/(1 − β): within 1 % of the limit once β^t <= 0.01.
    return np.array([int(np.ceil(np.log(0.01) / np.log(beta))) for beta in np.atleast_1d(betas)])


SOLUTIONS = {
    "ex07-1": Solution(
        reference=optimal_heavy_ball,
        hidden=(Case((10.0, 0.1), "L = 10, mu = 0.1"), Case((1.0, 0.01), "L = 1, mu = 0.01"),
                Case((5.0, 2.0), "L = 5, mu = 2"), Case((50.0, 50.0), "kappa = 1"), Case((9.0, 1.0), "kappa = 9")),
        explanation="From (1 − √β)² = η·μ and (1 + √β)² = η·L: adding the square roots gives 2 = √η(√L + √μ), so "
                    "η = 4/(√L + √μ)²; subtracting gives 2√β = √η(√L − √μ), so √β = (√L − √μ)/(√L + √μ) = "
                    "(√κ − 1)/(√κ + 1), which is also the rate.",
    ),
    "ex07-2": Solution(
        reference=adam_updates,
        hidden=(Case(([[2.0, -0.5, 1.0], [1.5, 0.5, -1.0], [0.2, 0.0, 3.0], [-1.0, 1.0, 0.5]], 0.05, 0.9, 0.99, 1e-8),
                      "three coordinates"),
                Case(([[-3.0]] * 6, 0.2, 0.8, 0.95, 1e-6), "a constant negative gradient"),
                Case(([[5e-9, 1.0], [-4e-9, 1.0], [6e-9, -2.0], [1e-9, 0.5]], 0.01, 0.9, 0.999, 1e-8),
                      "tiny gradients again"),
                Case(([[1.0, 2.0], [3.0, 4.0]], 1.0, 0.0, 0.0, 1e-8), "betas 0: sign descent"),
                Case(([[0.3, -0.7], [0.1, 0.2], [-0.4, 0.4], [0.0, 0.0], [0.6, -0.1], [0.2, 0.3]], 0.003, 0.95, 0.9, 1e-4),
                      "six steps, beta1 > beta2")),
        explanation="m and v are moving averages started at zero, so early on they are too small by the factors "
                    "(1 − β₁^t) and (1 − β₂^t); dividing by them (bias correction) makes the first step −lr·g/(|g| + ε), "
                    "about lr in size whatever the scale of g.",
    ),
    "ex07-3": Solution(
        reference=steps_to_one_percent,
        hidden=(Case(([0.5, 0.6],), "beta = 0.5 and 0.6"), Case(([0.95, 0.999, 0.85],), "three betas"),
                Case(([0.4],), "beta = 0.4"), Case(([0.8, 0.3],), "beta = 0.8 and 0.3")),
        explanation="b_t = g·(1 − β^t)/(1 − β), so the gap to the limit is the fraction β^t. It drops below 1 % at "
                    "t = ⌈ln 0.01 / ln β⌉: 44 steps for β = 0.9 and 459 for β = 0.99.",
    ),
    "ex07-6": Solution(
        reference=amsgrad_updates,
        hidden=(Case(([[4.0, -1.0, 0.5], [0.1, -0.1, 0.5], [0.1, 2.0, 0.5], [-0.1, 0.0, 0.5]], 0.01, 0.9, 0.999, 1e-8),
                      "three coordinates"),
                Case(([[2.0]] + [[0.1]] * 5, 0.2, 0.5, 0.6, 1e-6), "one large gradient, then five small ones"),
                Case(([[5.0, 5.0], [-1.0, 1.0], [-1.0, 1.0], [5.0, 5.0], [-1.0, 1.0]], 0.3, 0.0, 1 / 26, 1e-8),
                      "Reddi et al. with C = 5"),
                Case(([[0.0, 1.0], [0.0, 0.0], [1e-9, 0.0]], 1.0, 0.9, 0.999, 1e-8), "zero and tiny gradients"),
                Case(([[1.0, 2.0], [3.0, 4.0], [0.5, 0.5]], 1.0, 0.0, 0.0, 1e-8), "betas 0")),
        explanation="AMSGrad is Adam with one more buffer: v_max = max(v_max, v) after the update of v, and the "
                    "bias-corrected v_max / (1 − β₂^t) in the denominator. The denominator can then never shrink "
                    "below a value it had (up to the correction), so a coordinate's rate cannot grow back after "
                    "a large gradient; on Reddi et al.'s gradients the updates of each period then sum to a step "
                    "in the right direction.",
    ),
}
