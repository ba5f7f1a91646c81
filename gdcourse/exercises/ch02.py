"""Auto-checked exercises of chapter 2, "Learning rate, landscapes and dimensions" (public half)."""
from __future__ import annotations

from ._compat import instructor_names
from .core import Case, Exercise

EXERCISES = {
    "ex02-1": Exercise(
        label="ex02-1",
        title="the divergence threshold of f(x) = a·x²",
        signature="divergence_threshold(a)",
        points=4,
        cases=(Case((1.0,), "a = 1, the chapter's x²"),
               Case((0.5,), "a = 0.5"),
               Case((2.0,), "a = 2"),
               Case((7.5,), "a = 7.5, chapter 1's loss")),
        hints=("Write one update of x ← x − η·f'(x) as x ← (factor)·x. What is the factor for f(x) = a·x²?",
               "The factor is 1 − 2aη. The run converges from every start exactly when |1 − 2aη| < 1."),
    ),
    "ex02-2": Exercise(
        label="ex02-2",
        title="the fastest constant step for a quadratic",
        signature="best_constant_step(A)",
        points=4,
        cases=(Case(([[2.0, 0.0], [0.0, 4.0]],), "x1² + 2·x2²"),
               Case(([[2.0, 0.0], [0.0, 20.0]],), "x1² + 10·x2²"),
               Case(([[5.0, 2.0], [2.0, 2.0]],), "a rotated bowl"),
               Case(([[1.0, 0.0, 0.0], [0.0, 5.0, 0.0], [0.0, 0.0, 10.0]],), "three dimensions")),
        hints=("Along the eigenvector of A with eigenvalue λ, one step multiplies the error by 1 − ηλ. "
               "The slowest direction sets the rate: ρ(η) = max over λ of |1 − ηλ| = max(|1 − ημ|, |1 − ηL|).",
               "|1 − ημ| falls and |1 − ηL| rises with η; their maximum is smallest where they are equal: "
               "1 − ημ = ηL − 1. Use numpy.linalg.eigvalsh for μ and L: the diagonal of a rotated A is not its spectrum."),
    ),
    "ex02-3": Exercise(
        label="ex02-3",
        title="steps until the iterate is within tol of the minimum",
        signature="steps_needed(lr, tol)",
        points=4,
        cases=(Case((0.1, 1e-6), "η = 0.1, tol = 1e-6"),
               Case((1 / 3, 1e-6), "η = 1/3, tol = 1e-6"),
               Case((0.45, 1e-6), "η = 0.45, tol = 1e-6"),
               Case((0.05, 1e-3), "η = 0.05, tol = 1e-3")),
        hints=("Start from x = (−5, −2) with k = 0. While the norm of x is above tol, take one step and add 1 to k.",
               "The gradient of x1² + 2·x2² is (2·x1, 4·x2); np.linalg.norm(x) is the distance to the minimum (0, 0)."),
    ),
    "ex02-6": Exercise(
        label="ex02-6",
        title="any iterate of a quadratic through its eigenvectors",
        signature="iterate_via_eigenvectors(A, x0, lr, k)",
        points=4,
        cases=(Case(([[2.0, 0.0], [0.0, 4.0]], [-5.0, -2.0], 0.1, 20), "x1² + 2·x2², the source's run"),
               Case(([[3.0, 1.0], [1.0, 3.0]], [-5.0, -2.0], 0.1, 20), "a bowl turned by 45°"),
               Case(([[5.0, 2.0], [2.0, 2.0]], [1.0, 1.0], 0.3, 7), "eigenvalues 1 and 6, a zig-zag"),
               Case(([[2.0, 0.5, 0.0], [0.5, 3.0, 0.5], [0.0, 0.5, 6.0]], [1.0, -1.0, 2.0], 0.2, 5),
                    "three dimensions")),
        hints=("np.linalg.eigh(A) returns the eigenvalues and a matrix Q whose columns are the eigenvectors. "
               "z0 = Q.T @ x0 are the eigen-coordinates of the start.",
               "Along eigenvector i one step multiplies z_i by 1 − η·λ_i (the Hessian is A itself, no factor 2). "
               "After k steps, go back with x_k = Q @ z_k."),
    ),
}

__getattr__ = instructor_names(__name__)
