"""Auto-checked exercises of chapter 3, "SGD and saddle points" (public half)."""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

from ._compat import instructor_names
from .core import Case, Exercise, float_arrays

WORDS = ("minimum", "maximum", "saddle", "inconclusive")


def double_well_gradient(alpha: float, centre: float, m: float) -> Callable[[np.ndarray], np.ndarray]:
    """The gradient of f(u, v) = α/2·(u − centre)² + ¼·(v² − m²)²: a saddle at (centre, 0), minima at (centre, ±m).

    This chapter's landscape (``saddle_landscape().gradient``) is ``double_well_gradient(1, 0, 1)``.
    """
    def grad(p: Any) -> np.ndarray:
        u, v = np.asarray(p, dtype=float)
        return np.array([alpha * (u - centre), v * (v * v - m * m)])
    return grad


def _build_perturbed(args: tuple) -> tuple[tuple, Any]:
    (alpha, centre, m), rest = args[0], args[1:]
    built, _ = float_arrays(rest)
    return (double_well_gradient(alpha, centre, m), *built), None


_CHAPTER = (1.0, 0.0, 1.0)


def _build_decaying(args: tuple) -> tuple[tuple, Any]:
    # x, y become float arrays, w0, c and t0 stay numbers, idx becomes an integer array of sample indices.
    x, y, w0, c, t0, idx = args
    return (np.array(x, dtype=float), np.array(y, dtype=float), w0, c, t0, np.array(idx, dtype=int)), None


_LINE_X = [0.5, 1.0, 1.5, 2.0]
_LINE_Y = [1.2, 1.9, 3.1, 4.0]

EXERCISES = {
    "ex03-1": Exercise(
        label="ex03-1",
        title="classify a stationary point by its Hessian",
        signature="classify(H)",
        points=8,
        words=WORDS,
        cases=(Case(([[2.0, 0.0], [0.0, 3.0]],), "diag(2, 3)"),
               Case(([[1.0, 0.0], [0.0, -1.0]],), "the saddle of this chapter"),
               Case(([[-1.0, 0.0], [0.0, -4.0]],), "diag(-1, -4)"),
               Case(([[0.0, 2.0], [2.0, 0.0]],), "[[0, 2], [2, 0]]"),
               Case(([[1.0, 2.0], [2.0, 1.0]],), "[[1, 2], [2, 1]]"),
               Case(([[4.0, 3.0], [3.0, 4.0]],), "[[4, 3], [3, 4]]"),
               Case(([[1.0, 0.0], [0.0, 0.0]],), "diag(1, 0)"),
               Case(([[2.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, -1.0]],), "diag(2, 0, -1)"),
               Case(([[1.0, 0.0], [0.0, 1e-9]],), "diag(1, 1e-9): below the tolerance")),
        hints=("Compute the eigenvalues with np.linalg.eigvalsh(H); the signs of the diagonal entries are not enough.",
               "First set every |λ| <= 1e-8·max(1, max|λ|) to zero. Then: both signs present: 'saddle'; "
               "otherwise a zero eigenvalue: 'inconclusive'; all positive: 'minimum'; all negative: 'maximum'."),
    ),
    "ex03-2": Exercise(
        label="ex03-2",
        title="perturbed gradient descent",
        signature="perturbed_gd(grad, x0, lr, steps, radius, gtol, seed)",
        points=4,
        build=_build_perturbed,
        cases=(Case((_CHAPTER, [2.0, 0.0], 0.1, 400, 1e-3, 1e-4, 0), "start (2, 0), on the attracting line"),
               Case((_CHAPTER, [0.0, 0.0], 0.1, 400, 1e-3, 1e-4, 1), "start at the saddle itself"),
               Case((_CHAPTER, [0.0, 0.0], 0.1, 30, 1e-2, 1e-4, 5), "30 steps from the saddle: still escaping"),
               Case((_CHAPTER, [-1.0, 0.0], 0.05, 800, 1e-3, 1e-4, 2), "start (-1, 0), lr = 0.05"),
               Case((_CHAPTER, [0.5, -0.8], 0.1, 400, 1e-3, 1e-4, 3), "an ordinary start")),
        hints=("Make rng = np.random.default_rng(seed) once, before the loop. Inside the loop: g = grad(x); if "
               "np.linalg.norm(g) <= gtol, add a random vector of length radius to x and recompute g there; "
               "then take the usual step x - lr*g.",
               "A random direction of length radius: d = rng.normal(size=x.shape); x + radius * d / np.linalg.norm(d)."),
    ),
    "ex03-3": Exercise(
        label="ex03-3",
        title="the Hessian of ŷ = u·v·x at the origin",
        signature="product_hessian_eigenvalues(x, y)",
        points=1,
        unordered=True,
        cases=(Case(([1.0, 2.0, 3.0, 4.0], [2.0, 4.0, 6.0, 8.0]), "chapter 1's four points"),),
        hints=("Differentiate (u·v·xᵢ − yᵢ)² twice. At u = v = 0 the terms with u or v in front vanish.",
               "∂²/∂u² = ∂²/∂v² = 0 and ∂²/∂u∂v = −2·xᵢ·yᵢ at the origin; average over the samples."),
    ),
    "ex03-4": Exercise(
        label="ex03-4",
        title="a bias-corrected moving average",
        signature="ema_corrected(values, beta)",
        points=4,
        cases=(Case(([3.0] * 5, 0.9), "a constant sequence"),
               Case(([1.0, 4.0, 2.0, 8.0, 5.0, 7.0], 0.5), "beta = 0.5"),
               Case(([2.0, 1.0, 3.0], 0.0), "beta = 0 returns the values"),
               Case(([(10 - 10 * k / 39) ** 2 for k in range(40)], 0.98), "a falling loss, beta = 0.98")),
        hints=("Start from m = 0; for t = 1, 2, …: m = beta·m + (1 − beta)·value, and store m / (1 − beta**t).",
               "Count t from 1, not 0: at t = 1 the corrected average must equal the first value exactly."),
    ),
    "ex03-7": Exercise(
        label="ex03-7",
        title="per-sample SGD with the step c/(t + t0)",
        signature="sgd_decaying(x, y, w0, c, t0, idx)",
        points=4,
        build=_build_decaying,
        cases=(Case((_LINE_X, _LINE_Y, 0.0, 0.4, 5, [0, 1, 2, 3, 3, 2, 1, 0]), "four points, each visited twice"),
               Case((_LINE_X, _LINE_Y, 3.0, 0.4, 5, [3, 3, 3, 3, 3, 3]), "one sample over and over, from w0 = 3"),
               Case(([1.0, 2.0, 3.0], [2.0, 4.0, 6.0], 1.0, 0.1, 2, [2, 0, 1, 1, 0, 2, 2, 1, 0, 0]),
                    "the three points of the source")),
        hints=("Count the updates from t = 0: the first step is c/t0, the next c/(t0 + 1), and so on. Each update uses "
               "the one sample idx[t]: w = w - lr * 2*x[i]*(w*x[i] - y[i]).",
               "Return every weight after its update, an array as long as idx (w0 itself is not in it)."),
    ),
}

__getattr__ = instructor_names(__name__)
