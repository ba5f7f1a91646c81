"""Chapter 4: reference solutions, hidden cases and worked solutions (instructor edition only)."""
from __future__ import annotations

import numpy as np

from ..core import Case
from . import Solution


def sgd_epoch(X, y, w, lr, batch_size, seed):
    # One epoch of mini-batch SGD on the MSE of ŷ = X·w, batches cut from one shuffled order.
    n = len(y)
    order = np.random.default_rng(seed).permutation(n)
    for start in range(0, n, batch_size):
        idx = order[start:start + batch_size]
        residual = X[idx] @ w - y[idx]
        w = w - lr * (2 / len(idx)) * (X[idx].T @ residual)
    return w


def step_lr(epoch, lr0, factor, every):
    # The rate is multiplied by `factor` after every `every` completed epochs.
    return lr0 * factor ** (epoch // every)


def seed004_mismatch(n_epochs=100, every=10):
    # Epochs where the source's 0.5 / 2**int((epoch + 1) / every) differs from halving every `every` epochs.
    epochs = np.arange(n_epochs)
    seed = np.array([0.5 / 2 ** int((e + 1) / every) for e in epochs])
    ours = np.array([step_lr(e, 0.5, 0.5, every) for e in epochs])
    return epochs[seed != ours]


def never_drawn_fraction(n=2048):
    # With replacement, a given sample is missed by each of n draws with probability 1 − 1/n.
    return (1 - 1 / n) ** n


SOLUTIONS = {
    "ex04-1": Solution(
        reference=sgd_epoch,
        hidden=(Case(((40, 2, 11), [0.5, -0.5], 0.05, 3, 4), "40 samples, batch size 3"),
                Case(((23, 4, 12), [0.0] * 4, 0.1, 5, 5), "23 samples, batch size 5"),
                Case(((30, 3, 13), [0.2, 0.0, -0.2], 0.2, 64, 6), "batch larger than the data"),
                Case(((17, 2, 14), [0.0, 0.0], 0.02, 1, 7), "batch size 1, 17 samples"),
                Case(((60, 5, 15), [0.0] * 5, 0.08, 8, 8), "60 samples, batch size 8")),
        explanation="Shuffle once per epoch, walk through the shuffled order in steps of batch_size, and update "
                    "w after each batch with the gradient of that batch's mean squared error. Using len(idx) "
                    "rather than batch_size in the gradient keeps the last, shorter batch an unbiased estimate.",
    ),
    "ex04-2": Solution(
        reference=step_lr,
        hidden=(Case((19, 0.5, 0.5, 10), "epoch 19"), Case((20, 0.5, 0.5, 10), "epoch 20"),
                Case((3, 0.2, 0.5, 4), "epoch 3, every 4"), Case((4, 0.2, 0.5, 4), "epoch 4, every 4"),
                Case((0, 1.0, 0.1, 1), "epoch 0, every epoch"), Case((100, 0.01, 0.9, 7), "epoch 100, every 7")),
        explanation="Epochs 0 … every−1 use lr0, the next `every` epochs lr0·factor, and so on: the exponent is the "
                    "number of completed blocks, epoch // every (PyTorch's StepLR counts the same way).",
    ),
    "ex04-3": Solution(
        reference=seed004_mismatch,
        hidden=(Case((50, 7), "50 epochs, every 7"), Case((30, 1), "every epoch"),
                Case((25, 30), "the first block never ends"), Case((12, 4), "12 epochs, every 4")),
        explanation="int((e + 1)/k) = ⌊e/k⌋ + 1 when e + 1 is a multiple of k, and ⌊e/k⌋ otherwise. So the source "
                    "halves one epoch early: at epochs 9, 19, …, 99 its rate is already the next one. Its first "
                    "rate lasts 9 epochs, every later one 10.",
    ),
    "ex04-4": Solution(
        reference=never_drawn_fraction,
        hidden=(Case((1,), "n = 1"), Case((2,), "n = 2"), Case((3,), "n = 3"), Case((10,), "n = 10"),
                Case((100000,), "n = 100000")),
        explanation="(1 − 1/n)^n = exp(n·ln(1 − 1/n)) ≈ exp(−1 − 1/(2n)), which for n = 2048 is 0.36779…, just "
                    "below 1/e ≈ 0.36788: about 37 % of the samples are not used at all in a given epoch, while "
                    "others are used two or three times.",
    ),
}
