"""Auto-checked exercises of chapter 1, "Gradient descent from scratch" (public half: cases and hints)."""
from __future__ import annotations

from ._compat import instructor_names
from .core import Case, Exercise

_X4, _Y4 = [1.0, 2.0, 3.0, 4.0], [2.0, 4.0, 6.0, 8.0]
_X3, _Y3 = [1.0, 2.0, 3.0], [2.0, 4.0, 6.0]

EXERCISES = {
    "ex01-1": Exercise(
        label="ex01-1",
        title="the largest stable learning rate",
        signature="largest_stable_lr(x)",
        points=1,
        cases=(Case((_X4,), "chapter 1's x = 1, 2, 3, 4"),
               Case(([1.0, 3.0],), "x = 1, 3")),
        hints=("The error obeys w_{k+1} − w* = (1 − 2η·mean(x²))(w_k − w*). When does the factor have size below 1?",
               "|1 − η·L''| < 1 with L'' = 2·mean(x²) (15 on chapter 1's data)."),
    ),
    "ex01-2": Exercise(
        label="ex01-2",
        title="gradient descent with a stopping rule",
        signature="gd_until(x, y, w0, lr, tol, max_epochs)",
        points=4,
        cases=(Case((_X4, _Y4, 1.0, 0.01, 1e-6, 1000), "4 points, tol=1e-6"),
               Case((_X3, _Y3, 1.0, 0.01, 1e-3, 1000), "3 points, tol=1e-3"),
               Case((_X4, _Y4, 2.0, 0.05, 1e-8, 1000), "w0=2 is already the minimum: no update"),
               Case((_X4, _Y4, 0.0, 0.05, 0.5, 1000), "a loose tol=0.5"),
               Case((_X4, _Y4, 1.0, 0.001, 1e-12, 50), "stops at max_epochs=50")),
        hints=("Compute the gradient first, test it against tol, and only then update w.",
               "Return (w, epoch) from inside the loop when |gradient| <= tol; after the loop return (w, max_epochs)."),
    ),
    "ex01-3": Exercise(
        label="ex01-3",
        title="where the source's 'stochastic' loop stops",
        signature="seed_fixed_points(x, y)",
        points=1,
        unordered=True,
        cases=(Case((_X4, _Y4), "chapter 1's data"),),
        hints=("Take the mean of 2·w·(w·x − y) over the points: it is 2·w·(w·mean(x) − mean(y)).",
               "A product is zero when one of its factors is: w = 0, or w·mean(x) = mean(y)."),
    ),
    "ex01-4": Exercise(
        label="ex01-4",
        title="epochs until the loss is below a tolerance",
        signature="epochs_to_tolerance(x, y, w0, lr, tol)",
        points=1,
        cases=(Case((_X4, _Y4, 1.0, 0.01, 1e-10), "the chapter's run, tol = 1e-10"),),
        hints=("On data on a line y = 2x the loss at w_k is mean(x²)·(w_k − 2)², and w_k − 2 shrinks by 1 − 2η·mean(x²).",
               "Count the updates in a while loop that runs as long as the loss is >= tol; return the count."),
    ),
}

__getattr__ = instructor_names(__name__)
