"""Learning-rate schedules: functions ``epoch -> learning rate``.

Each constructor checks its arguments and returns a plain function that the loop,
:func:`gdcourse.loop.iterate`, calls at the start of every epoch (epochs count from 0) to set the
update rule's ``lr``.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from . import _validate

Schedule = Callable[[int], float]


def constant(lr: float) -> Schedule:
    """The same learning rate in every epoch."""
    lr = _validate.learning_rate(lr)
    return lambda epoch: lr


def step_decay(lr: float, factor: float = 0.5, every: int = 10) -> Schedule:
    """Multiply the rate by ``factor`` after every ``every`` epochs: lr·factor^⌊epoch/every⌋.

    Parameters
    ----------
    lr : float
        Rate of the first ``every`` epochs.
    factor : float
        Multiplier in (0, 1]; 0.5 halves the rate.
    every : int
        Epochs between decays.
    """
    lr = _validate.learning_rate(lr)
    factor = _validate.fraction(factor, "factor", low_open=True, high_open=False, example="0.5")
    every = _validate.positive_int(every, "every")
    return lambda epoch: lr * factor ** (epoch // every)


def exponential_decay(lr: float, gamma: float) -> Schedule:
    """Multiply the rate by ``gamma`` every epoch: lr·gamma^epoch."""
    lr = _validate.learning_rate(lr)
    gamma = _validate.fraction(gamma, "gamma", low_open=True, high_open=False, example="0.9")
    return lambda epoch: lr * gamma**epoch


def cosine(lr: float, epochs: int, lr_min: float = 0.0) -> Schedule:
    """Cosine annealing from ``lr`` down to ``lr_min`` over ``epochs`` epochs, then stay there.

    lr_min + (lr − lr_min)·(1 + cos(π·epoch/epochs))/2. With ``lr_min = 0`` the rate
    reaches 0 at epoch ``epochs``, so run such a schedule for ``epochs`` epochs (0 … epochs − 1).
    """
    lr = _validate.learning_rate(lr)
    epochs = _validate.positive_int(epochs, "epochs")
    lr_min = _validate.nonnegative(lr_min, "lr_min")
    if lr_min >= lr:
        raise ValueError(f"lr_min must be below lr, got lr_min={lr_min} and lr={lr}.")

    def schedule(epoch: int) -> float:
        t = min(epoch, epochs) / epochs
        return lr_min + (lr - lr_min) * 0.5 * (1.0 + float(np.cos(np.pi * t)))

    return schedule
