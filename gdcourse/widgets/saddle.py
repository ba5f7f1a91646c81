"""The saddle explorer of chapter 3: step size and noise level on the saddle landscape.

:func:`draw_saddle` draws one state: the contour lines of the full-batch loss of
:func:`gdcourse.saddles.saddle_landscape`, a gradient-descent run and a few seeded
per-sample SGD runs, all started at the same point on the saddle's attracting direction.
:func:`saddle_explorer` wraps it in an :class:`~gdcourse.widgets.Explorer` with three
sliders: the learning rate, the noise level of the data and the number of epochs.
"""
from __future__ import annotations

import functools

import numpy as np
from matplotlib.axes import Axes

from .. import _validate, plots
from ..loop import gradient_descent
from ..minibatch import minibatch_sgd
from ..saddles import escape_time, saddle_landscape
from . import Explorer, Param

# Where every run starts: on the line v = 0 that leads into the saddle.
START: tuple[float, float] = (2.0, 0.0)

# The window of the plot, (u range, v range).
WINDOW: tuple[tuple[float, float], tuple[float, float]] = ((-2.4, 2.4), (-1.6, 1.6))

#: Contour values above the minimum of the mean loss; 0.25 is the saddle's own level.
LEVELS: tuple[float, ...] = (0.03, 0.1, 0.25, 0.5, 0.9, 1.5, 2.3, 3.3)


def draw_saddle(ax: Axes, lr: float, noise: float, *, epochs: int = 15, runs: int = 3, n: int = 20,
                seed: int = 0, legend: bool = True) -> Axes:
    """Draw gradient descent and ``runs`` SGD runs on the saddle landscape built with ``noise``.

    Gradient descent makes as many updates as each SGD run (``epochs · n``), so the
    comparison is update for update.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    lr : float
        Learning rate of both methods.
    noise : float
        Standard deviation of the data (see :func:`~gdcourse.saddles.saddle_landscape`);
        0 makes every sample the same, so SGD is gradient descent.
    epochs : int
        Passes over the data of each SGD run.
    runs : int
        Number of SGD runs, with seeds 0, 1, ….
    n : int
        Number of samples (even).
    seed : int
        Seed of the data set.
    legend : bool
        Draw the legend.

    Returns
    -------
    matplotlib.axes.Axes
    """
    runs = _validate.positive_int(runs, "runs")
    landscape = saddle_landscape(n=n, noise=noise, seed=seed)
    objective = landscape.objective()
    u, v, loss, levels = _contours(n, float(noise), seed)
    ax.contour(u, v, loss, levels=levels, colors="0.6", linewidths=0.8, zorder=1)
    ax.set_xlim(*WINDOW[0])
    ax.set_ylim(*WINDOW[1])
    ax.set_aspect("equal")
    ax.grid(False)
    ax.set_xlabel("u")
    ax.set_ylabel("v")
    updates = _validate.positive_int(epochs, "epochs") * landscape.n
    escaped = 0
    for r in range(runs):
        pts = minibatch_sgd(landscape, START, None, None, lr=lr, batch_size=1, epochs=epochs, rng=r, record="update",
                            blowup=1e6, on_divergence="stop").positions
        pts = pts[np.all(np.isfinite(pts), axis=1)]
        escaped += escape_time(pts, landscape) is not None
        ax.plot(pts[:, 0], pts[:, 1], "-", lw=1.0, alpha=0.8, color=plots.COLORS[1],
                label=f"SGD ({runs} seeds)" if r == 0 else None, zorder=2)
    run = gradient_descent(objective, START, lr=lr, steps=updates, on_divergence="stop")
    ax.plot(run.positions[:, 0], run.positions[:, 1], "-", lw=2.5, color=plots.COLORS[0], label="GD", zorder=3)
    ax.plot(*START, "o", ms=6, mfc="none", mec="black", zorder=4)
    ax.plot(*landscape.saddle, "x", ms=8, mew=2, color="black", zorder=4)
    ax.plot(landscape.minima[:, 0], landscape.minima[:, 1], "*", ms=9, color="black", zorder=4)
    gd_state = "stuck" if escape_time(run.positions, landscape) is None else "escaped"
    ax.set_title(f"η = {lr:.3g}, σ = {noise:.3g}\nGD {gd_state}, SGD {escaped}/{runs} escaped", fontsize=10)
    if legend:
        ax.legend(loc="lower left", fontsize=8)
    return ax


@functools.lru_cache(maxsize=16)
def _contours(n: int, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[float]]:
    """The full-batch loss on a 36 × 36 grid over :data:`WINDOW`, and the contour values: computed once
    per landscape, so that moving the learning-rate or epochs slider does not evaluate it again."""
    landscape = saddle_landscape(n=n, noise=noise, seed=seed)
    value = landscape.objective().value_fn
    u, v = np.meshgrid(np.linspace(*WINDOW[0], 36), np.linspace(*WINDOW[1], 36))
    loss = np.array([value(p) for p in np.column_stack([u.ravel(), v.ravel()])]).reshape(u.shape)
    for grid in (u, v, loss):
        grid.flags.writeable = False
    floor = landscape.loss(landscape.minima[0])
    return u, v, loss, [floor + c for c in LEVELS]


def saddle_explorer() -> Explorer:
    """The explorer of chapter 3: sliders for the learning rate, the noise level and the epochs.

    Every run makes 20 updates per epoch (the landscape has 20 samples), so the epochs slider sets
    the budget of updates that a small step needs more of.

    Returns
    -------
    Explorer
        ``render(lr=…, noise=…, epochs=…)`` draws one state; ``scrubber(...)`` is its twin on the site.
    """
    return Explorer(draw_saddle,
                    [Param("lr", 0.01, 0.3, 0.1, log=True, label="step η"),
                     Param("noise", 0.0, 1.0, 0.3, step=0.01, label="noise σ"),
                     Param("epochs", 5, 45, 15, step=5, integer=True, label="epochs")],
                    figsize=(6.4, 4.6))
