"""The mini-batch explorer of chapter 4: sliders for the batch size and the learning rate.

:func:`minibatch_explorer` fits a two-feature linear regression (from
:func:`gdcourse.data.noisy_linear_data`) by mini-batch SGD with shuffled epochs,
and draws the path of the weights on the contour lines of the full-data loss.
Every state makes the same number of updates, so moving the batch-size slider
shows what a bigger batch buys per update (a straighter path, a smaller cloud
around the minimum, room for a larger step) and what it costs (samples processed).

:func:`draw_minibatch_run` runs one such path (through :func:`gdcourse.loop.iterate`) and
draws it on a given axes, so that a test or a benchmark can call it without a browser.
"""
from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from .. import _validate, models, plots
from ..data import noisy_linear_data
from ..loop import iterate
from ..minibatch import Batches
from ..objectives import data_loss
from ..optimizers import GradientDescent
from ..record import Run
from . import Explorer, Param


class RegressionProblem:
    """The explorer's fixed problem: two-feature data, least-squares fit, start point, contour grid.

    Parameters
    ----------
    n : int
        Rows of the data set (:func:`gdcourse.data.noisy_linear_data` with two features).
    seed : int
        Seed of the data.
    half_width : float
        The window shown is the least-squares fit ± ``half_width`` along each weight.
    resolution : int
        Grid points per axis of the contour grid.
    """

    def __init__(self, n: int, seed: int, half_width: float = 3.0, resolution: int = 60) -> None:
        half_width = _validate.positive(half_width, "half_width", "3.0")
        resolution = _validate.positive_int(resolution, "resolution")
        if resolution < 10:
            raise ValueError(f"resolution must be at least 10 grid points per axis, got {resolution}.")
        self.X, self.y, _ = noisy_linear_data(n, 2, noise=1.0, smallest_scale=0.5, seed=seed)
        self.loss = data_loss(models.linear(), self.X, self.y)
        self.w_star = np.linalg.lstsq(self.X, self.y, rcond=None)[0]
        self.loss_star = float(np.mean((self.X @ self.w_star - self.y) ** 2))
        self.x0 = self.w_star + np.array([-2.2, 2.2])
        self.xlim = (self.w_star[0] - half_width, self.w_star[0] + half_width)
        self.ylim = (self.w_star[1] - half_width, self.w_star[1] + half_width)
        # The loss is quadratic: L(w) − L* = (w − w*)ᵀ Σ (w − w*) with Σ = XᵀX/n.
        self.sigma = self.X.T @ self.X / n
        a = np.linspace(*self.xlim, resolution)
        b = np.linspace(*self.ylim, resolution)
        self.grid = np.meshgrid(a, b)
        da, db = self.grid[0] - self.w_star[0], self.grid[1] - self.w_star[1]
        s = self.sigma
        self.excess_grid = s[0, 0] * da**2 + 2 * s[0, 1] * da * db + s[1, 1] * db**2
        start = self.excess(self.x0)
        self.levels = start * np.array([0.005, 0.02, 0.06, 0.15, 0.3, 0.5, 0.75, 1.0, 1.4, 2.0])

    def run(self, lr: float, batch_size: int, updates: int, seed: int = 0) -> Run:
        """Mini-batch SGD from ``x0``: ``updates`` updates over shuffled epochs (seeded), each recorded.

        A run whose weights grow beyond 10⁶ has diverged and stops there (``stop_reason == "diverged"``).
        """
        return iterate(self.loss, self.x0, GradientDescent(lr), updates, batches=Batches(batch_size, rng=seed),
                       blowup=1e6, on_divergence="stop")

    def excess(self, w: np.ndarray) -> float:
        """L(w) − L*, the loss above the least-squares minimum."""
        e = w - self.w_star
        return float(e @ self.sigma @ e)


def draw_minibatch_run(ax: Axes, problem: RegressionProblem, lr: float, batch_size: int, updates: int,
                       seed: int = 0) -> np.ndarray:
    """Run mini-batch SGD on the explorer's problem and draw the path on the loss contours.

    The run makes ``updates`` updates over shuffled epochs, recorded one by one; a run whose
    weights grow beyond 10⁶ has diverged and is drawn up to there.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    problem : RegressionProblem
        The data, fit and contour grid (built once by :func:`minibatch_explorer`).
    lr : float
        Learning rate.
    batch_size : int
        Samples per update.
    updates : int
        Number of updates.
    seed : int
        Seed of the shuffles.

    Returns
    -------
    numpy.ndarray
        The path: the start and the weights after each update (the last row beyond 10⁶ if the run diverged).
    """
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes, got {type(ax).__name__}.")
    if not isinstance(problem, RegressionProblem):
        raise TypeError("problem must be the explorer's problem; build the explorer with minibatch_explorer().")
    run = problem.run(lr, batch_size, updates, seed)
    path, diverged = run.positions, run.stop_reason == "diverged"
    ax.contour(*problem.grid, problem.excess_grid, levels=problem.levels, colors="0.6", linewidths=0.8)
    shown = path[np.all(np.isfinite(path), axis=1)]
    ax.plot(shown[:, 0], shown[:, 1], "-", color=plots.COLORS[0], lw=1.0, alpha=0.8)
    ax.plot(shown[:, 0], shown[:, 1], ".", color=plots.COLORS[0], ms=3)
    ax.plot(*problem.x0, "o", mfc="none", mec="black", ms=7)
    ax.plot(*problem.w_star, "+", color="black", ms=10, mew=1.5)
    if not diverged:
        ax.plot(*path[-1], "s", color=plots.COLORS[1], ms=6)
    ax.set_xlim(*problem.xlim)
    ax.set_ylim(*problem.ylim)
    ax.set_aspect("equal")
    ax.set_xlabel("weight w₁")
    ax.set_ylabel("weight w₂")
    ax.set_title(f"B = {batch_size}, η = {lr:.3g}", fontsize=11)
    k = len(path) - 1
    if diverged:
        plots.note(ax, f"diverged at update {k}", where="bottom left", alert=True, fontsize=8.5)
    else:
        plots.note(ax, [f"{k} updates, {k * batch_size} samples", f"loss above minimum: {problem.excess(path[-1]):.2g}"],
                   where="bottom left", fontsize=8.5)
    return path


def minibatch_explorer(n: int = 1024, updates: int = 60, seed: int = 0) -> Explorer:
    """The mini-batch explorer: sliders for log₂ of the batch size (B = 1 … n) and η (logarithmic).

    Every state makes ``updates`` updates of mini-batch SGD from the same start on
    the same data (two features, ``n`` rows), with shuffles drawn from ``seed``.

    Parameters
    ----------
    n : int
        Rows of the data set; a power of two from 16 to 4096, so that the slider
        reaches full batch.
    updates : int
        Updates per run.
    seed : int
        Seed of the data and of the shuffles.

    Returns
    -------
    Explorer
        ``explorer.show()`` is the live widget, ``explorer.grid("log2_batch", [...])``
        its static twin, ``explorer.render(log2_batch=..., lr=...)`` one state.
    """
    n = _validate.positive_int(n, "n")
    if n < 16 or n > 4096 or n & (n - 1):
        raise ValueError(f"n must be a power of two from 16 to 4096 (so B = n is on the slider), got {n}.")
    updates = _validate.positive_int(updates, "updates")
    seed = _validate.seed(seed)
    problem = RegressionProblem(n, seed)
    top = int(np.log2(n))
    params = [Param("log2_batch", 0, top, min(4, top), integer=True, label="log₂ B"),
              Param("lr", 0.01, 2.0, 0.3, log=True, label="η")]

    def draw(ax: Axes, log2_batch: int, lr: float) -> None:
        draw_minibatch_run(ax, problem, lr, 2**log2_batch, updates, seed=seed)

    explorer = Explorer(draw, params, figsize=(5.0, 4.6))
    explorer.problem = problem  # type: ignore[attr-defined]
    return explorer
