"""Auto-checked exercises of chapter 7, "Momentum and adaptive methods" (public half)."""
from __future__ import annotations

from ._compat import instructor_names
from .core import Case, Exercise

_GRADS = [[1.0, -4.0], [0.5, -3.0], [-0.2, -2.5], [0.1, 1.0], [0.0, 2.0]]
# Gradient coordinates of the order of eps = 1e-8: only here does it matter where eps is added.
_TINY = [[1e-9, 2.0], [3e-9, -1.0], [-2e-9, 0.5]]

EXERCISES = {
    "ex07-1": Exercise(
        label="ex07-1",
        title="the best heavy-ball parameters for a quadratic",
        signature="optimal_heavy_ball(L, mu)",
        points=4,
        cases=(Case((4.0, 0.2), "the valley: L = 4, mu = 0.2"),
               Case((100.0, 1.0), "L = 100, mu = 1"),
               Case((2.0, 0.5), "L = 2, mu = 0.5"),
               Case((3.0, 3.0), "kappa = 1")),
        hints=("With complex roots the modulus is sqrt(beta). Ask for a double root at both ends: "
               "1 + beta − lr·mu = 2·sqrt(beta) and 1 + beta − lr·L = −2·sqrt(beta).",
               "The two conditions are (1 − sqrt(beta))² = lr·mu and (1 + sqrt(beta))² = lr·L. Take square "
               "roots, then add and subtract them."),
    ),
    "ex07-2": Exercise(
        label="ex07-2",
        title="Adam's updates from a sequence of gradients",
        signature="adam_updates(grads, lr, beta1, beta2, eps)",
        points=5,
        rtol=1e-9,
        atol=1e-12,
        cases=(Case(([[1.0, 1.0]] * 4, 0.1, 0.9, 0.999, 1e-8), "constant gradient"),
               Case((_GRADS, 0.01, 0.9, 0.999, 1e-8), "varying gradient, default betas"),
               Case((_GRADS, 0.5, 0.5, 0.9, 1e-3), "betas (0.5, 0.9), eps 1e-3"),
               Case(([[0.0, 3.0], [0.0, -3.0], [2.0, 0.0]], 1.0, 0.9, 0.999, 1e-8), "zero coordinates"),
               Case((_TINY, 0.1, 0.9, 0.999, 1e-8), "gradients of the size of eps")),
        hints=("Keep two arrays m and v, both zero before the first step, and count steps from t = 1.",
               "Divide m by (1 − beta1**t) and v by (1 − beta2**t) before the update; eps goes after the square root."),
    ),
    "ex07-3": Exercise(
        label="ex07-3",
        title="how long momentum takes to reach its full speed",
        signature="steps_to_one_percent(betas)",
        points=1,
        cases=(Case(([0.9, 0.99],), "beta = 0.9 and 0.99"),),
        hints=("Sum the geometric series b_t = g·(1 + β + … + β^(t−1)).",
               "b_t is within 1 % of g/(1 − β) exactly when β^t <= 0.01, i.e. t >= ln(0.01)/ln(β)."),
    ),
    "ex07-6": Exercise(
        label="ex07-6",
        title="AMSGrad's updates from a sequence of gradients",
        signature="amsgrad_updates(grads, lr, beta1, beta2, eps)",
        points=4,
        rtol=1e-9,
        atol=1e-12,
        cases=(Case(([[10.0, 1.0], [1.0, 1.0], [0.5, 1.0], [0.2, -1.0]], 0.1, 0.9, 0.999, 1e-8),
                    "a large gradient, then small ones"),
               Case(([[1.0, -2.0], [0.3, -0.5], [-0.2, 0.1], [0.1, 0.05], [0.0, 0.02]], 0.05, 0.9, 0.5, 1e-8),
                    "beta2 = 0.5: the average forgets fast"),
               Case(([[3.0], [-1.0], [-1.0], [3.0], [-1.0], [-1.0]], 0.5, 0.0, 0.1, 1e-8),
                    "Reddi et al.'s gradients, beta1 = 0, beta2 = 0.1")),
        hints=("Start from your adam_updates and keep one more array, v_max, of zeros before the first step.",
               "Update v as in Adam, then v_max = max(v_max, v) elementwise, and only then divide by "
               "(1 − beta2**t): the maximum is taken before the bias correction."),
    ),
}

__getattr__ = instructor_names(__name__)
