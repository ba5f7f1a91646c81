"""Auto-checked exercises of chapter 2, "Learning rate, landscapes and dimensions"."""
from __future__ import annotations

import numpy as np

from .core import Case, Exercise


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


EXERCISES = {
    "ex02-1": Exercise(
        label="ex02-1",
        title="the divergence threshold of f(x) = a·x²",
        reference=divergence_threshold,
        cases=(Case((1.0,), "a = 1, the chapter's x²"),
               Case((0.5,), "a = 0.5"),
               Case((2.0,), "a = 2"),
               Case((7.5,), "a = 7.5, chapter 1's loss")),
        hints=("Write one update of x ← x − η·f'(x) as x ← (factor)·x. What is the factor for f(x) = a·x²?",
               "The factor is 1 − 2aη. The run converges from every start exactly when |1 − 2aη| < 1."),
        explanation="One step multiplies x by 1 − 2aη, so x_k = (1 − 2aη)^k·x0. That tends to 0 exactly when "
                    "|1 − 2aη| < 1, i.e. 0 < η < 1/a = 2/L with L = f'' = 2a. At η = 1/a the factor is −1 and x "
                    "jumps between x0 and −x0 for ever; above it the run diverges.",
    ),
    "ex02-2": Exercise(
        label="ex02-2",
        title="the fastest constant step for a quadratic",
        reference=best_constant_step,
        cases=(Case((np.diag([2.0, 4.0]),), "x1² + 2·x2²"),
               Case((np.diag([2.0, 20.0]),), "x1² + 10·x2²"),
               Case((np.array([[3.0, 1.0], [1.0, 3.0]]),), "a rotated bowl"),
               Case((np.diag([1.0, 5.0, 10.0]),), "three dimensions")),
        hints=("Along the eigenvector of A with eigenvalue λ, one step multiplies the error by 1 − ηλ. "
               "The slowest direction sets the rate: ρ(η) = max over λ of |1 − ηλ| = max(|1 − ημ|, |1 − ηL|).",
               "|1 − ημ| falls and |1 − ηL| rises with η; their maximum is smallest where they are equal: "
               "1 − ημ = ηL − 1. Use numpy.linalg.eigvalsh for μ and L."),
        explanation="With μ and L the smallest and largest eigenvalues of A, the error shrinks by "
                    "ρ(η) = max(|1 − ημ|, |1 − ηL|) per step. The two terms balance at η* = 2/(L + μ), where "
                    "ρ* = (L − μ)/(L + μ) = (κ − 1)/(κ + 1) with κ = L/μ. For x1² + 2·x2², A = diag(2, 4): "
                    "η* = 1/3 and ρ* = 1/3.",
    ),
    "ex02-3": Exercise(
        label="ex02-3",
        title="steps until the iterate is within tol of the minimum",
        reference=steps_needed,
        cases=(Case((0.1, 1e-6), "η = 0.1, tol = 1e-6"),
               Case((1 / 3, 1e-6), "η = 1/3, tol = 1e-6"),
               Case((0.45, 1e-6), "η = 0.45, tol = 1e-6"),
               Case((0.05, 1e-3), "η = 0.05, tol = 1e-3")),
        hints=("Start from x = (−5, −2) with k = 0. While the norm of x is above tol, take one step and add 1 to k.",
               "The gradient of x1² + 2·x2² is (2·x1, 4·x2); np.linalg.norm(x) is the distance to the minimum (0, 0)."),
        explanation="Count the updates until ‖x_k‖ ≤ tol. The rate predicts the count: ‖x_k‖ ≈ C·ρ^k, so "
                    "k ≈ ln(C/tol)/ln(1/ρ), with C the start's component along the slowest direction. With η = 1/3 "
                    "both coordinates are multiplied by exactly 1/3 per step and "
                    "15 steps suffice. η = 0.1 and η = 0.45 have the same rate ρ = 0.8, yet need 70 and 66 steps: "
                    "at η = 0.1 the slow direction is x1, which starts at 5; at η = 0.45 it is x2, which starts at 2.",
    ),
}
