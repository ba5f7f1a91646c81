"""The explorer of chapter 1: the learning rate of gradient descent on the MSE of a line through the origin.

:func:`mse_explorer` has sliders for the learning rate η (logarithmic), the number of
updates and the start w₀; :func:`draw_mse_run` draws one state: the loss
L(w) = mean((w·xᵢ − yᵢ)²) of the chapter's data as a parabola in the slope w, the
iterates of gradient descent on it, and a note with the last iterate and the factor
ρ = 1 − 2η·mean(x²) by which every update multiplies the error w − w*.
"""
from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from .. import _validate, models, plots
from ..formatting import fmt, subscript
from ..loop import gradient_descent
from . import Explorer, Param

#: The chapter's data: four points on the line y = 2x.
X_DATA: tuple[float, ...] = (1.0, 2.0, 3.0, 4.0)
Y_DATA: tuple[float, ...] = (2.0, 4.0, 6.0, 8.0)

#: The window of slopes drawn (a run that leaves it is drawn whole; a note counts the points outside).
SPAN: tuple[float, float] = (-1.5, 5.5)


def draw_mse_run(ax: Axes, lr: float, steps: int, w0: float, x: object = X_DATA, y: object = Y_DATA) -> np.ndarray:
    """Run gradient descent on the MSE of ``ŷ = w·x`` and draw its iterates on the loss curve.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    lr : float
        Learning rate, finite and positive.
    steps : int
        Number of updates, at least 1.
    w0 : float
        Starting slope.
    x, y : array_like, shape (n,)
        The data; by default the chapter's four points on y = 2x.

    Returns
    -------
    numpy.ndarray
        The iterates w₀, w₁, … drawn (up to a blow-up, if the run diverged).
    """
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes, got {type(ax).__name__}.")
    x = _validate.series(np.asarray(x, dtype=float), "x")
    y = _validate.series(np.asarray(y, dtype=float), "y")
    if x.shape != y.shape:
        raise ValueError(f"x and y must have the same length, got {x.size} and {y.size}.")
    objective = models.line().objective(x, y)
    run = gradient_descent(objective, w0, lr, steps, on_divergence="stop")
    ok = np.all(np.isfinite(run.positions), axis=1)
    ws = run.positions[: len(ok) if ok.all() else int(np.argmin(ok)), 0]
    w_star = float(np.sum(x * y) / np.sum(x * x))
    rho = 1.0 - 2.0 * lr * float(np.mean(x * x))

    lo, hi = SPAN
    plots.trace_1d(objective, ws, ax, span=SPAN, xlabel="slope w", ylabel="mean squared error L(w)",
                   title=f"η = {lr:.3g}")
    ax.axvline(w_star, color="0.6", lw=0.8, ls="--", zorder=0)
    curve = objective.value_fn(np.array([lo])), objective.value_fn(np.array([hi]))
    top = max(curve)
    ax.set_xlim(lo, hi)
    ax.set_ylim(-0.05 * top, 1.3 * top)  # headroom for the note

    outside = int(np.sum((ws < lo) | (ws > hi)))
    lines = [f"w{subscript(len(ws) - 1)} = {ws[-1]:.6g},  L = {fmt(float(objective.value_fn(ws[-1:])))}",
             f"error factor ρ = 1 − 2η·mean(x²) = {fmt(rho, '+.3g')}"]
    if outside:
        lines.append(f"{outside} of {len(ws)} points outside the window")
    if run.stop_reason == "diverged":
        lines.append(f"diverged at step {run.steps}")
    elif abs(rho) >= 1:
        lines.append("|ρ| ≥ 1: the error does not shrink")
    plots.note(ax, lines, alert=bool(outside) or run.stop_reason == "diverged" or abs(rho) >= 1)
    return ws


def mse_explorer() -> Explorer:
    """Chapter 1's explorer: gradient descent on the MSE of the four points, any η, step count and start.

    Sliders: η from 0.001 to 0.15 (logarithmic; the stability limit of this loss is 2/15 ≈ 0.133),
    the number of updates (1 to 100) and the start w₀ (−1 to 5).

    Returns
    -------
    Explorer
        ``explorer.show()`` is the live widget, ``explorer.scrubber(...)`` its twin on
        the site, ``explorer.render(lr=...)`` one state.
    """
    params = [Param("lr", 0.001, 0.15, 0.01, log=True, label="η"),
              Param("steps", 1, 100, 20, integer=True, label="updates"),
              Param("w0", -1.0, 5.0, 1.0, step=0.25, label="w₀")]

    def draw(ax: Axes, lr: float, steps: int, w0: float) -> None:
        draw_mse_run(ax, lr, steps, w0)

    return Explorer(draw, params, figsize=(6.4, 3.8))
