"""Auto-checked exercises of chapter 4, "Mini-batch SGD"."""
from __future__ import annotations

import numpy as np

from ..data import noisy_linear_data
from .core import Case, Exercise


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


def seed004_mismatch():
    # Epochs 0..99 where the source's 0.5 / 2**int((epoch + 1) / 10) differs from halving every 10 epochs.
    epochs = np.arange(100)
    seed = np.array([0.5 / 2 ** int((e + 1) / 10) for e in epochs])
    every_ten = np.array([step_lr(e, 0.5, 0.5, 10) for e in epochs])
    return epochs[seed != every_ten]


def never_drawn_fraction():
    # With replacement, a given sample is missed by each of n draws with probability 1 − 1/n.
    n = 2048
    return (1 - 1 / n) ** n


_X, _Y, _ = noisy_linear_data(50, 3, seed=3)
_W0 = np.zeros(3)

EXERCISES = {
    "ex04-1": Exercise(
        label="ex04-1",
        title="one epoch of mini-batch SGD",
        reference=sgd_epoch,
        cases=(Case((_X, _Y, _W0, 0.05, 1, 0), "batch size 1"),
               Case((_X, _Y, _W0, 0.1, 7, 1), "batch size 7: the last batch holds 1 sample"),
               Case((_X, _Y, _W0, 0.3, 16, 2), "batch size 16, another seed"),
               Case((_X, _Y, np.ones(3), 0.5, 50, 0), "full batch: one gradient-descent step")),
        hints=("Draw the order once, before the loop: np.random.default_rng(seed).permutation(n). "
               "Batch k is order[k*batch_size:(k+1)*batch_size].",
               "The gradient of the batch MSE is (2/|b|)·X_bᵀ(X_b·w − y_b): divide by the batch's own size, "
               "which is smaller for the last batch when n is not a multiple of batch_size."),
        explanation="Shuffle once per epoch, walk through the shuffled order in steps of batch_size, and update "
                    "w after each batch with the gradient of that batch's mean squared error. Using len(idx) "
                    "rather than batch_size in the gradient keeps the last, shorter batch an unbiased estimate.",
    ),
    "ex04-2": Exercise(
        label="ex04-2",
        title="a step-decay schedule",
        reference=step_lr,
        cases=(Case((0, 0.5, 0.5, 10), "epoch 0"),
               Case((9, 0.5, 0.5, 10), "epoch 9: still the first rate"),
               Case((10, 0.5, 0.5, 10), "epoch 10: first halving"),
               Case((99, 0.5, 0.5, 10), "epoch 99"),
               Case((25, 0.1, 0.1, 10), "divide by 10 every 10 epochs"),
               Case((7, 1.0, 0.9, 1), "decay every epoch")),
        hints=("How many complete blocks of `every` epochs lie before `epoch`? That is epoch // every.",
               "Return lr0 * factor ** (epoch // every)."),
        explanation="Epochs 0 … every−1 use lr0, the next `every` epochs lr0·factor, and so on: the exponent is the "
                    "number of completed blocks, epoch // every (PyTorch's StepLR counts the same way).",
    ),
    "ex04-3": Exercise(
        label="ex04-3",
        title="where the source's schedule departs from 'halve every 10 epochs'",
        reference=seed004_mismatch,
        prepare=lambda answer: np.sort(np.asarray(answer, dtype=float).reshape(-1)),
        hints=("Compute both rates for every epoch 0, 1, …, 99 and compare them.",
               "int((epoch + 1) / 10) and epoch // 10 differ exactly when epoch + 1 is a multiple of 10."),
        explanation="int((e + 1)/10) = ⌊e/10⌋ + 1 when e + 1 is a multiple of 10, and ⌊e/10⌋ otherwise. So the source "
                    "halves one epoch early: at epochs 9, 19, …, 99 its rate is already the next one. Its first "
                    "rate lasts 9 epochs, every later one 10.",
    ),
    "ex04-4": Exercise(
        label="ex04-4",
        title="samples never drawn in an epoch of sampling with replacement",
        reference=never_drawn_fraction,
        rtol=1e-9,
        hints=("One draw misses a given sample with probability 1 − 1/n. The draws are independent.",
               "An epoch of n draws misses it with probability (1 − 1/n)^n; take n = 2048."),
        explanation="(1 − 1/n)^n = exp(n·ln(1 − 1/n)) ≈ exp(−1 − 1/(2n)), which for n = 2048 is 0.36779…, just "
                    "below 1/e ≈ 0.36788: about 37 % of the samples are not used at all in a given epoch, while "
                    "others are used two or three times.",
    ),
}
