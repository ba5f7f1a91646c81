"""Smoothing a noisy curve, such as the loss of each update of SGD, with an exponential moving average."""
from __future__ import annotations

import numpy as np

from . import _validate


def ema(values: object, beta: float = 0.9, *, bias_correction: bool = True) -> np.ndarray:
    """Exponential moving average of a sequence, optionally bias-corrected.

    m₀ = 0 and mₜ = β·mₜ₋₁ + (1 − β)·vₜ for t = 1, 2, …. The weights of mₜ sum to
    1 − βᵗ, not 1, so the early averages are pulled towards the starting value 0; the
    bias-corrected average divides that out: m̂ₜ = mₜ / (1 − βᵗ).

    Parameters
    ----------
    values : array_like
        The sequence, e.g. one loss per update.
    beta : float
        Decay factor in [0, 1); the average looks back about 1/(1 − β) values.
        β = 0 returns the values themselves.
    bias_correction : bool
        Divide by 1 − βᵗ (default). Without it the average starts near 0.

    Returns
    -------
    numpy.ndarray
        One average per value.
    """
    v = _validate.series(values, "values")
    if not np.all(np.isfinite(v)):
        raise ValueError("values contain NaN or infinity; average only the finite part of the curve.")
    beta = _validate.fraction(beta, "beta")
    _validate.boolean(bias_correction, "bias_correction")
    out = np.empty_like(v)
    m = 0.0
    for t, value in enumerate(v, start=1):
        m = beta * m + (1.0 - beta) * value
        out[t - 1] = m / (1.0 - beta**t) if bias_correction else m
    return out
