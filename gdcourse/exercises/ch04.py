"""Auto-checked exercises of chapter 4, "Mini-batch SGD" (public half)."""
from __future__ import annotations

from typing import Any

import numpy as np

from ._compat import instructor_names
from .core import Case, Exercise


def regression_data(n: int, d: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """A small noisy regression problem y = X·w_true + noise, drawn from ``np.random.default_rng(seed)``."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) * np.geomspace(1.0, 0.3, d)
    y = X @ rng.normal(size=d) + 0.5 * rng.normal(size=n)
    return X, y


def _build_epoch(args: tuple) -> tuple[tuple, Any]:
    (n, d, data_seed), w, lr, batch_size, seed = args
    X, y = regression_data(n, d, data_seed)
    return (X, y, np.array(w, dtype=float), lr, batch_size, seed), None


EXERCISES = {
    "ex04-1": Exercise(
        label="ex04-1",
        title="one epoch of mini-batch SGD",
        signature="sgd_epoch(X, y, w, lr, batch_size, seed)",
        points=4,
        build=_build_epoch,
        cases=(Case(((50, 3, 3), [0.0] * 3, 0.05, 1, 0), "batch size 1"),
               Case(((50, 3, 3), [0.0] * 3, 0.1, 7, 1), "batch size 7: the last batch holds 1 sample"),
               Case(((50, 3, 3), [0.0] * 3, 0.3, 16, 2), "batch size 16, another seed"),
               Case(((50, 3, 3), [1.0] * 3, 0.5, 50, 0), "full batch: one gradient-descent step")),
        hints=("Draw the order once, before the loop: np.random.default_rng(seed).permutation(n). "
               "Batch k is order[k*batch_size:(k+1)*batch_size].",
               "The gradient of the batch MSE is (2/|b|)·X_bᵀ(X_b·w − y_b): divide by the batch's own size, "
               "which is smaller for the last batch when n is not a multiple of batch_size."),
    ),
    "ex04-2": Exercise(
        label="ex04-2",
        title="a step-decay schedule",
        signature="step_lr(epoch, lr0, factor, every)",
        points=6,
        cases=(Case((0, 0.5, 0.5, 10), "epoch 0"),
               Case((9, 0.5, 0.5, 10), "epoch 9: still the first rate"),
               Case((10, 0.5, 0.5, 10), "epoch 10: first halving"),
               Case((99, 0.5, 0.5, 10), "epoch 99"),
               Case((25, 0.1, 0.1, 10), "divide by 10 every 10 epochs"),
               Case((7, 1.0, 0.9, 1), "decay every epoch")),
        hints=("How many complete blocks of `every` epochs lie before `epoch`? That is epoch // every.",
               "Return lr0 * factor ** (epoch // every)."),
    ),
    "ex04-3": Exercise(
        label="ex04-3",
        title="where the source's schedule departs from step decay",
        signature="seed004_mismatch(n_epochs, every)",
        points=1,
        cases=(Case((100, 10), "the source's run: 100 epochs, halving every 10"),),
        hints=("Compute both rates for every epoch 0, 1, …, n_epochs − 1 and compare them.",
               "int((epoch + 1) / every) and epoch // every differ exactly when epoch + 1 is a multiple of every."),
    ),
    "ex04-4": Exercise(
        label="ex04-4",
        title="samples never drawn in an epoch of sampling with replacement",
        signature="never_drawn_fraction(n)",
        points=1,
        rtol=1e-9,
        cases=(Case((2048,), "n = 2048"),),
        hints=("One draw misses a given sample with probability 1 − 1/n. The draws are independent.",
               "An epoch of n draws misses it with probability (1 − 1/n)^n."),
    ),
}

__getattr__ = instructor_names(__name__)
