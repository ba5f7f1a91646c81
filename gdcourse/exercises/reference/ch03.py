"""Chapter 3: reference solutions, hidden cases and worked solutions (instructor edition only)."""
from __future__ import annotations

import numpy as np

from ..core import Case
from . import Solution


def classify_stationary_point(H):
    # Classify a stationary point from its Hessian H (a symmetric matrix).
    eig = np.linalg.eigvalsh(np.asarray(H, dtype=float))
    tol = 1e-8 * max(1.0, np.max(np.abs(eig)))
    eig = np.where(np.abs(eig) <= tol, 0.0, eig)    # below the tolerance counts as zero
    if np.any(eig > 0) and np.any(eig < 0):
        return "saddle"          # curves up along one direction, down along another
    if np.any(eig == 0):
        return "inconclusive"    # a flat direction: the second-order test cannot decide
    return "minimum" if np.all(eig > 0) else "maximum"


def perturbed_gd(grad, x0, lr, steps, radius, gtol, seed):
    rng = np.random.default_rng(seed)
    x = np.array(x0, dtype=float)
    for _ in range(steps):
        g = grad(x)
        if np.linalg.norm(g) <= gtol:               # (nearly) stationary: kick in a random direction
            d = rng.normal(size=x.shape)
            x = x + radius * d / np.linalg.norm(d)
            g = grad(x)
        x = x - lr * g
    return x


def product_hessian_eigenvalues(x=(1.0, 2.0, 3.0, 4.0), y=(2.0, 4.0, 6.0, 8.0)):
    # ŷ = u·v·x: at (0, 0) the Hessian of the MSE is [[0, -2·mean(xy)], [-2·mean(xy), 0]].
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    c = -2 * np.mean(x * y)
    return np.linalg.eigvalsh(np.array([[0.0, c], [c, 0.0]]))


def ema_corrected(values, beta):
    m, out = 0.0, []
    for t, v in enumerate(values, start=1):
        m = beta * m + (1 - beta) * v
        out.append(m / (1 - beta**t))
    return np.array(out)


def sgd_decaying(x, y, w0, c, t0, idx):
    # Per-sample SGD on y = w x, update t (from 0) on sample idx[t] with the step c / (t + t0).
    w, ws = float(w0), []
    for t, i in enumerate(idx):
        w = w - c / (t + t0) * 2 * x[i] * (w * x[i] - y[i])
        ws.append(w)
    return np.array(ws)


def _rank_one(v, scale):
    v = np.asarray(v, dtype=float)
    return (scale * np.outer(v, v)).tolist()


_WELL = (1.0, 0.0, 1.0)

SOLUTIONS = {
    "ex03-1": Solution(
        reference=classify_stationary_point,
        hidden=(Case(([[2.0, 1.0], [1.0, 2.0]],), "a rotated minimum"),
                Case(([[-3.0, 1.0], [1.0, -3.0]],), "a rotated maximum"),
                Case(([[1.0, 3.0], [3.0, 1.0]],), "positive diagonal, a saddle"),
                Case(([[1.0, 1.0], [1.0, 1.0]],), "[[1, 1], [1, 1]]"),
                Case((_rank_one([0.1, 0.7, 0.3], 1e6),), "a large rank-one matrix"),
                Case(([[1.0, 0.0], [0.0, 2e-8]],), "diag(1, 2e-8): just above the tolerance"),
                Case(([[3.0, 0.0], [0.0, -5e-9]],), "diag(3, -5e-9)"),
                Case(([[1e9, 0.0], [0.0, 5.0]],), "diag(1e9, 5): the tolerance is relative"),
                Case(([[-2e8, 0.0], [0.0, 1.0]],), "diag(-2e8, 1)"),
                Case(([[-1.0, 0.0, 0.0], [0.0, -1e-12, 0.0], [0.0, 0.0, -2.0]],), "diag(-1, -1e-12, -2)")),
        explanation="Near a stationary point f(x* + d) ≈ f(x*) + ½·dᵀHd. Along an eigenvector with eigenvalue λ "
                    "that is ½λ|d|², so positive eigenvalues curve up and negative ones down. All positive: a "
                    "strict minimum; all negative: a strict maximum; both signs: a saddle, whatever else. A zero "
                    "eigenvalue with no sign change leaves the decision to higher-order terms (x⁴ and x³ both have "
                    "f'' = 0 at 0). Computed eigenvalues carry rounding errors of the size of 1e-16·max|λ|, so an "
                    "eigenvalue that is zero in exact arithmetic comes out as a tiny number of either sign: hence "
                    "the relative tolerance. [[1, 2], [2, 1]] has positive diagonal but eigenvalues 3 and −1: a saddle.",
    ),
    "ex03-2": Solution(
        reference=perturbed_gd,
        hidden=(Case(((2.0, 0.5, 1.5), [0.5, 0.0], 0.1, 30, 1e-2, 1e-4, 4), "another landscape, from its saddle"),
                Case(((1.0, -1.0, 0.5), [3.0, 0.0], 0.2, 300, 1e-3, 1e-4, 6), "from the attracting line"),
                Case(((0.5, 0.0, 2.0), [0.0, 0.3], 0.02, 15, 1e-3, 1e-4, 0), "no kick needed"),
                Case((_WELL, [0.0, 0.0], 0.1, 12, 1e-3, 1e-4, 7), "12 steps from the saddle"),
                Case((_WELL, [1e-5, 0.0], 0.1, 200, 1e-2, 1e-3, 8), "starts inside the kick zone"),
                Case((_WELL, [0.3, 1.2], 0.1, 300, 1e-3, 1e-4, 9), "ends at a minimum, kicked there")),
        explanation="Plain gradient descent started on the line v = 0 ends at the saddle, where the gradient "
                    "vanishes. Perturbed gradient descent adds a small random kick whenever the gradient is tiny; "
                    "at a saddle the kick has a component along the escape direction, which the negative "
                    "curvature then amplifies, so the run ends at a minimum (0, ±1). At the minimum the kicks are "
                    "pulled back, so it stays within about `radius` of it. The check compares the final point with "
                    "the reference run's, which draws every kick from the one generator made before the loop.",
    ),
    "ex03-3": Solution(
        reference=product_hessian_eigenvalues,
        hidden=(Case(([1.0, 2.0, 3.0], [1.0, 1.0, 1.0]), "constant targets"),
                Case(([0.5, -1.0, 2.0], [2.0, 1.0, -0.5]), "mixed signs"),
                Case(([1.0, 2.0, 3.0, 4.0], [2.1, 3.9, 6.2, 7.8]), "noisy targets")),
        explanation="With r = u·v·x − y: ∂/∂u = 2r·v·x, ∂²/∂u² = 2v²x², ∂²/∂u∂v = 2x·(2uvx − y), "
                    "∂²/∂v² = 2u²x². At (0, 0) the mean Hessian is [[0, −2·mean(xy)], [−2·mean(xy), 0]], with "
                    "eigenvalues ±2·mean(xy) = ±30 on (1, 2), …, (4, 8): a strict saddle, although every "
                    "sample's gradient is zero there.",
    ),
    "ex03-4": Solution(
        reference=ema_corrected,
        hidden=(Case(([5.0, -1.0, 3.0, 0.0, 2.0], 0.9), "mixed signs"),
                Case(([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0], 0.3), "a rising sequence"),
                Case(([10.0], 0.99), "one value"),
                Case(([float(k % 3) for k in range(30)], 0.8), "a periodic sequence")),
        explanation="mₜ = (1 − β)·Σₖ βᵗ⁻ᵏ·vₖ has weights summing to 1 − βᵗ. Dividing by that sum turns mₜ into a "
                    "true weighted average, so a constant sequence is reproduced exactly and the first average "
                    "is the first value.",
    ),
    "ex03-7": Solution(
        reference=sgd_decaying,
        hidden=(Case(([0.2, 0.9, 1.7, 1.1, 0.4], [0.5, 1.6, 3.6, 2.1, 0.9], -1.0, 0.6, 8, [4, 2, 0, 1, 3, 2, 2, 4, 1, 0, 3, 1]),
                     "five noisy points from w0 = -1"),
                Case(([1.0, 2.0, 3.0, 4.0], [2.0, 4.0, 6.0, 8.0], 0.0, 0.05, 1, [3, 2, 1, 0, 0, 1, 2, 3]),
                     "t0 = 1: the first step is c itself"),
                Case(([0.5, 1.5], [2.0, 1.0], 5.0, 1.5, 20, [0, 1] * 15), "two disagreeing samples, 30 updates"),
                Case(([1.3, 0.7, 1.9], [2.5, 1.5, 3.7], 2.0, 0.3, 3, [1]), "a single update")),
        explanation="Update t (counted from 0) is w ← w − c/(t + t0) · 2xᵢ(w·xᵢ − yᵢ) with i = idx[t]; the result "
                    "holds w₁, …, w_T. With c·μ > 1 the mean of (t + t0)(L(w_t) − L*) over many runs tends to "
                    "K = (μ/2)·c²·mean(b²)/(2cμ − 1); with 2cμ < 1 the start is forgotten only like t^(−2cμ) in "
                    "the loss, so (t + t0)(L − L*) keeps growing.",
    ),
}
