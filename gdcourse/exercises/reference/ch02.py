"""Chapter 2: reference solutions, hidden cases and worked solutions (instructor edition only)."""
from __future__ import annotations

import numpy as np

from ..core import Case
from . import Solution


def divergence_threshold(a):
    # f(x) = a·x² has f'' = 2a, so one step multiplies x by 1 − 2aη: converges iff |1 − 2aη| < 1.
    return 2 / (2 * a)


def best_constant_step(A):
    eig = np.linalg.eigvalsh(np.asarray(A, dtype=float))
    mu, L = eig.min(), eig.max()
    return np.array([2 / (L + mu), (L - mu) / (L + mu)])


def steps_needed(lr, tol):
    x = np.array([-5.0, -2.0])
    k = 0
    while np.linalg.norm(x) > tol:
        x = x - lr * np.array([2 * x[0], 4 * x[1]])  # the gradient of x1² + 2·x2²
        k += 1
    return k


def iterate_via_eigenvectors(A, x0, lr, k):
    lam, Q = np.linalg.eigh(np.asarray(A, dtype=float))
    return Q @ ((1 - lr * lam) ** k * (Q.T @ np.asarray(x0, dtype=float)))


def _rotated(eigenvalues, angle):
    c, s = np.cos(angle), np.sin(angle)
    R = np.array([[c, -s], [s, c]])
    return (R @ np.diag(eigenvalues) @ R.T).tolist()


SOLUTIONS = {
    "ex02-1": Solution(
        reference=divergence_threshold,
        hidden=(Case((0.25,), "a = 0.25"), Case((3.0,), "a = 3"), Case((10.0,), "a = 10"),
                Case((0.1,), "a = 0.1"), Case((1.7,), "a = 1.7")),
        explanation="One step multiplies x by 1 − 2aη, so x_k = (1 − 2aη)^k·x0. That tends to 0 exactly when "
                    "|1 − 2aη| < 1, i.e. 0 < η < 1/a = 2/L with L = f'' = 2a. At η = 1/a the factor is −1 and x "
                    "jumps between x0 and −x0 for ever; above it the run diverges.",
    ),
    "ex02-2": Solution(
        reference=best_constant_step,
        hidden=(Case(([[3.0, 1.0], [1.0, 3.0]],), "a rotated bowl, eigenvalues 2 and 4"),
                Case(([[2.0, -1.0], [-1.0, 2.0]],), "eigenvalues 1 and 3"),
                Case((_rotated([0.5, 8.0], 0.7),), "a rotated bowl, kappa = 16"),
                Case(([[10.0, 3.0], [3.0, 2.0]],), "eigenvalues 1 and 11"),
                Case(([[4.0, 0.0], [0.0, 4.0]],), "kappa = 1"),
                Case(([[2.0, 0.5, 0.0], [0.5, 3.0, 0.5], [0.0, 0.5, 6.0]],), "a full 3 x 3 matrix")),
        explanation="With μ and L the smallest and largest eigenvalues of A, the error shrinks by "
                    "ρ(η) = max(|1 − ημ|, |1 − ηL|) per step. The two terms balance at η* = 2/(L + μ), where "
                    "ρ* = (L − μ)/(L + μ) = (κ − 1)/(κ + 1) with κ = L/μ. For x1² + 2·x2², A = diag(2, 4): "
                    "η* = 1/3 and ρ* = 1/3.",
    ),
    "ex02-3": Solution(
        reference=steps_needed,
        hidden=(Case((0.2, 1e-6), "η = 0.2"), Case((0.4, 1e-8), "η = 0.4, tol = 1e-8"),
                Case((0.3, 1e-4), "η = 0.3, tol = 1e-4"), Case((0.01, 1e-2), "η = 0.01, tol = 1e-2"),
                Case((0.25, 1e-7), "η = 0.25")),
        explanation="Count the updates until ‖x_k‖ ≤ tol. The rate predicts the count: ‖x_k‖ ≈ C·ρ^k, so "
                    "k ≈ ln(C/tol)/ln(1/ρ), with C the start's component along the slowest direction. With η = 1/3 "
                    "both coordinates are multiplied by exactly 1/3 per step and 15 steps suffice. η = 0.1 and "
                    "η = 0.45 have the same rate ρ = 0.8, yet need 70 and 66 steps: at η = 0.1 the slow direction "
                    "is x1, which starts at 5; at η = 0.45 it is x2, which starts at 2.",
    ),
    "ex02-6": Solution(
        reference=iterate_via_eigenvectors,
        hidden=(Case((_rotated([1.0, 10.0], np.pi / 6), [-4.0, -1.0], 0.17, 12), "the chapter's rotated bowl"),
                Case((_rotated([0.5, 4.0], 1.1), [2.0, 3.0], 0.3, 9), "turned by 1.1 rad, a zig-zag"),
                Case(([[2.0, -1.0], [-1.0, 2.0]], [3.0, 0.5], 0.8, 6), "eigenvalues 1 and 3, above the limit"),
                Case(([[4.0, 0.0], [0.0, 1.0]], [1.0, -2.0], 0.25, 0), "k = 0: the start itself"),
                Case(([[3.0, 1.0, 0.0], [1.0, 3.0, 1.0], [0.0, 1.0, 3.0]], [1.0, 2.0, -1.0], 0.1, 15),
                     "a full 3 x 3 matrix")),
        explanation="With A = Q·Λ·Qᵀ (np.linalg.eigh), the eigen-coordinates z = Qᵀx obey z_k = (1 − ηλ_i)^k·z_0 "
                    "componentwise, so x_k = Q·((1 − η·λ)^k * (Qᵀ·x0)). The sign of each eigenvector cancels: it "
                    "appears twice, in z_i and in the column of Q that multiplies it back.",
    ),
}
