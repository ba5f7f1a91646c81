"""Auto-checked exercises of chapter 3, "SGD and saddle points"."""
from __future__ import annotations

import numpy as np

from ..data import line_data
from ..saddles import saddle_landscape
from .core import Case, Exercise


def classify_stationary_point(H):
    # Classify a stationary point from its Hessian H (a symmetric matrix).
    eig = np.linalg.eigvalsh(H)
    tol = 1e-8 * max(1.0, np.max(np.abs(eig)))
    if np.any(eig > tol) and np.any(eig < -tol):
        kind = "saddle"          # curves up along one direction, down along another
    elif np.any(np.abs(eig) <= tol):
        kind = "inconclusive"    # a flat direction: the second-order test cannot decide
    elif np.all(eig > 0):
        kind = "minimum"
    else:
        kind = "maximum"
    return kind


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
    return np.abs(x)  # the check compares |u|, |v|: either minimum, (0, 1) or (0, -1), counts


def product_hessian_eigenvalues():
    # ŷ = u·v·x on chapter 1's data: at (0, 0) the Hessian is [[0, -2·mean(xy)], [-2·mean(xy), 0]].
    x, y = line_data(4)
    c = -2 * np.mean(x * y)
    return np.linalg.eigvalsh(np.array([[0.0, c], [c, 0.0]]))


def ema_corrected(values, beta):
    m, out = 0.0, []
    for t, v in enumerate(values, start=1):
        m = beta * m + (1 - beta) * v
        out.append(m / (1 - beta**t))
    return np.array(out)


_LANDSCAPE = saddle_landscape()
_GRAD = _LANDSCAPE.gradient

EXERCISES = {
    "ex03-1": Exercise(
        label="ex03-1",
        title="classify a stationary point by its Hessian",
        reference=classify_stationary_point,
        cases=(Case((np.diag([2.0, 3.0]),), "diag(2, 3)"),
               Case((np.diag([1.0, -1.0]),), "the saddle of this chapter"),
               Case((np.diag([-1.0, -4.0]),), "diag(-1, -4)"),
               Case((np.array([[0.0, 2.0], [2.0, 0.0]]),), "[[0, 2], [2, 0]]"),
               Case((np.array([[1.0, 2.0], [2.0, 1.0]]),), "[[1, 2], [2, 1]]"),
               Case((np.array([[4.0, 3.0], [3.0, 4.0]]),), "[[4, 3], [3, 4]]"),
               Case((np.diag([1.0, 0.0]),), "diag(1, 0)"),
               Case((np.diag([2.0, 0.0, -1.0]),), "diag(2, 0, -1)")),
        hints=("Compute the eigenvalues with np.linalg.eigvalsh(H); the signs of the diagonal entries are not enough.",
               "Both signs present: 'saddle' (even if some eigenvalue is 0). Otherwise a zero eigenvalue "
               "(|λ| <= 1e-8·max(1, max|λ|)) makes it 'inconclusive'; all positive: 'minimum'; all negative: 'maximum'."),
        explanation="Near a stationary point f(x* + d) ≈ f(x*) + ½·dᵀHd. Along an eigenvector with eigenvalue λ "
                    "that is ½λ|d|², so positive eigenvalues curve up and negative ones down. All positive: a "
                    "strict minimum; all negative: a strict maximum; both signs: a saddle, whatever else. A zero "
                    "eigenvalue with no sign change leaves the decision to higher-order terms (x⁴ and x³ both have "
                    "f'' = 0 at 0). [[1, 2], [2, 1]] has positive diagonal but eigenvalues 3 and −1: a saddle.",
    ),
    "ex03-2": Exercise(
        label="ex03-2",
        title="perturbed gradient descent",
        reference=perturbed_gd,
        cases=(Case((_GRAD, [2.0, 0.0], 0.1, 400, 1e-3, 1e-4, 0), "start (2, 0), on the attracting line"),
               Case((_GRAD, [0.0, 0.0], 0.1, 400, 1e-3, 1e-4, 1), "start at the saddle itself"),
               Case((_GRAD, [-1.0, 0.0], 0.05, 800, 1e-3, 1e-4, 2), "start (-1, 0), lr = 0.05"),
               Case((_GRAD, [0.5, -0.8], 0.1, 400, 1e-3, 1e-4, 3), "an ordinary start")),
        prepare=lambda answer: np.abs(np.asarray(answer, dtype=float)),
        rtol=0.0,
        atol=0.02,
        hints=("Inside the loop: compute g = grad(x); if np.linalg.norm(g) <= gtol, add a random vector of length "
               "radius to x (and recompute g there); then take the usual step x - lr*g.",
               "A random direction of length radius: d = rng.normal(size=x.shape); radius * d / np.linalg.norm(d), "
               "with rng = np.random.default_rng(seed) made once, before the loop."),
        explanation="Plain gradient descent started on the line v = 0 ends at the saddle (0, 0), where the gradient "
                    "vanishes. Perturbed gradient descent adds a small random kick whenever the gradient is tiny; "
                    "at a saddle the kick has a component along the escape direction, which the negative "
                    "curvature then amplifies, so the run ends at a minimum (0, ±1). At the minimum the kicks are "
                    "pulled back, so it stays within about `radius` of it. The check compares |u| and |v| to 0.02, "
                    "so either minimum counts.",
    ),
    "ex03-3": Exercise(
        label="ex03-3",
        title="the Hessian of ŷ = u·v·x at the origin",
        reference=product_hessian_eigenvalues,
        prepare=lambda answer: np.sort(np.asarray(answer, dtype=float).reshape(-1)),
        hints=("Differentiate (u·v·xᵢ − yᵢ)² twice. At u = v = 0 the terms with u or v in front vanish.",
               "∂²/∂u² = ∂²/∂v² = 0 and ∂²/∂u∂v = −2·xᵢ·yᵢ at the origin; average over the samples."),
        explanation="With r = u·v·x − y: ∂/∂u = 2r·v·x, ∂²/∂u² = 2v²x², ∂²/∂u∂v = 2x·(2uvx − y), "
                    "∂²/∂v² = 2u²x². At (0, 0) the mean Hessian is [[0, −2·mean(xy)], [−2·mean(xy), 0]], with "
                    "eigenvalues ±2·mean(xy) = ±30 on (1, 2), …, (4, 8): a strict saddle, although every "
                    "sample's gradient is zero there.",
    ),
    "ex03-4": Exercise(
        label="ex03-4",
        title="a bias-corrected moving average",
        reference=ema_corrected,
        cases=(Case((np.full(5, 3.0), 0.9), "a constant sequence"),
               Case((np.array([1.0, 4.0, 2.0, 8.0, 5.0, 7.0]), 0.5), "beta = 0.5"),
               Case((np.array([2.0, 1.0, 3.0]), 0.0), "beta = 0 returns the values"),
               Case((np.linspace(10.0, 0.0, 40) ** 2, 0.98), "a falling loss, beta = 0.98")),
        hints=("Start from m = 0; for t = 1, 2, …: m = beta·m + (1 − beta)·value, and store m / (1 − beta**t).",
               "Count t from 1, not 0: at t = 1 the corrected average must equal the first value exactly."),
        explanation="mₜ = (1 − β)·Σₖ βᵗ⁻ᵏ·vₖ has weights summing to 1 − βᵗ. Dividing by that sum turns mₜ into a "
                    "true weighted average, so a constant sequence is reproduced exactly and the first average "
                    "is the first value.",
    ),
}
