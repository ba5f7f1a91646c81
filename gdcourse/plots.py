"""Plot helpers with one consistent, colour-blind-safe style.

Every function draws on an ``ax`` you pass (or on a new figure) and returns the
axes, so a notebook can add to the plot and end the cell with ``plt.show()``.
The style itself (palette, rcParams, plain-text log labels) is :mod:`gdcourse.style`;
``plots.COLORS`` and ``plots.use_style`` are the same objects.
"""
from __future__ import annotations

from typing import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from . import _validate
from .objectives import Objective
from .style import COLORS, STYLE, use_style

__all__ = ["COLORS", "STYLE", "use_style", "note", "loss_curve", "loss_curves", "trace_1d", "contour_2d", "trace_2d"]

def note(ax: Axes, lines: str | Sequence[str], *, where: str = "top", alert: bool = False,
         fontsize: float = 9) -> None:
    """Write a short note on a white box inside the axes: what an explorer's picture shows.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to write.
    lines : str or sequence of str
        The note, one string per line.
    where : {"top", "top left", "bottom left"}
        Its place in the axes.
    alert : bool
        Draw it in the warning colour (a run that diverged, a rate that does not shrink the error).
    fontsize : float
        Size of the text.
    """
    places = {"top": (0.5, 0.97, "center", "top"), "top left": (0.03, 0.97, "left", "top"),
              "bottom left": (0.03, 0.03, "left", "bottom")}
    if where not in places:
        raise ValueError(f"where must be one of {sorted(places)}, got {where!r}.")
    x, y, ha, va = places[where]
    text = lines if isinstance(lines, str) else "\n".join(lines)
    ax.text(x, y, text, transform=ax.transAxes, ha=ha, va=va, fontsize=fontsize,
            color=COLORS[1] if alert else "black", zorder=5,
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1.5})


def _axes(ax: Axes | None, figsize: tuple[float, float] | None = None) -> Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    elif not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}.")
    return ax


def loss_curve(values: Sequence[float], ax: Axes | None = None, *, log: bool = False,
               label: str | None = None, xlabel: str = "epoch", ylabel: str = "loss",
               title: str | None = None) -> Axes:
    """Plot a loss (or any positive quantity) against the step number.

    Parameters
    ----------
    values : sequence of float
        One value per step, starting at step 0.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure if omitted.
    log : bool
        Use a logarithmic y axis (a straight line then means linear convergence).
    label, xlabel, ylabel, title : str, optional
        Legend label and axis texts.
    """
    v = _validate.series(values, "values")
    ax = _axes(ax)
    ax.plot(np.arange(v.size), v, label=label)
    if log:
        if np.any(v <= 0):
            raise ValueError("a log axis needs positive values; some values are <= 0.")
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel + (" (log scale)" if log else ""))
    if title:
        ax.set_title(title)
    if label:
        ax.legend()
    return ax


def loss_curves(values: Sequence[float], *, label: str | None = None, xlabel: str = "epoch",
                ylabel: str = "loss") -> np.ndarray:
    """The same loss curve on a linear and on a log y axis, side by side.

    Returns
    -------
    numpy.ndarray of Axes
        The two axes (linear, log).
    """
    _, axes = plt.subplots(1, 2, figsize=(9.0, 3.6), layout="constrained")
    loss_curve(values, axes[0], label=label, xlabel=xlabel, ylabel=ylabel, title="linear axis")
    loss_curve(values, axes[1], log=True, label=label, xlabel=xlabel, ylabel=ylabel, title="log axis")
    return axes


def trace_1d(objective: Objective, positions: object | None = None, ax: Axes | None = None, *,
             span: tuple[float, float] | None = None, label: str | None = None,
             xlabel: str = "x", ylabel: str | None = None, color: str | None = None,
             title: str | None = None) -> Axes:
    """Draw a one-dimensional objective and, optionally, the points a run visited.

    Parameters
    ----------
    objective : Objective
        A function of one variable.
    positions : array_like, optional
        The visited points (e.g. ``run.positions``); joined by arrows, start
        marked with a circle and end with a square.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure if omitted.
    span : (float, float), optional
        The x range of the curve; by default it covers the visited points with a margin.
    label, xlabel, ylabel, color, title : optional
        Legend label of the trace, axis texts, trace colour, title.
    """
    if not isinstance(objective, Objective) or objective.dim != 1:
        raise TypeError("objective must be a one-dimensional gdcourse Objective.")
    pts = None if positions is None else _validate.series(np.asarray(positions, dtype=float).reshape(-1), "positions")
    if pts is not None and not np.all(np.isfinite(pts)):
        raise ValueError("positions contain NaN or infinity; plot the run only up to where it diverged.")
    if span is None:
        if pts is None:
            raise ValueError("give span=(lo, hi) when there are no positions to cover.")
        lo, hi = float(pts.min()), float(pts.max())
        pad = 0.15 * (hi - lo) if hi > lo else 1.0
        span = (lo - pad, hi + pad)
    lo, hi = _validate.interval(span, "span")
    ax = _axes(ax)
    grid = np.linspace(lo, hi, 400)
    ax.plot(grid, [objective.value_fn(np.array([g])) for g in grid], color="0.55", lw=1.5, zorder=1)
    if pts is not None:
        fx = np.array([objective.value_fn(np.array([p])) for p in pts])
        c = color or COLORS[1]
        ax.plot(pts, fx, "-", color=c, lw=1.0, alpha=0.7, zorder=2)
        ax.scatter(pts, fx, s=18, color=c, zorder=3, label=label)
        ax.scatter(pts[:1], fx[:1], s=60, facecolors="none", edgecolors="black", zorder=4)
        ax.scatter(pts[-1:], fx[-1:], s=60, marker="s", facecolors="none", edgecolors="black", zorder=4)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel or f"f(x) = {objective.name}")
    if title:
        ax.set_title(title)
    if label:
        ax.legend()
    return ax


def _objective_2d(objective: object) -> Objective:
    if not isinstance(objective, Objective) or objective.dim != 2:
        raise TypeError("objective must be a two-dimensional gdcourse Objective, e.g. "
                        f"objectives.quadratic(np.diag([2.0, 4.0])); got {type(objective).__name__}"
                        + (f" of dimension {objective.dim}." if isinstance(objective, Objective) else "."))
    return objective


def _contour_levels(levels: object, z: np.ndarray) -> np.ndarray:
    """Contour values: ``levels`` itself, or that many values spaced quadratically over the range of ``z``."""
    if isinstance(levels, (int, np.integer)) and not isinstance(levels, bool):
        n = _validate.positive_int(int(levels), "levels")
        finite = z[np.isfinite(z)]
        lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        if not hi > lo:
            hi = lo + 1.0
        t = np.linspace(0.0, 1.0, n + 2)[1:-1]
        return lo + (hi - lo) * t**2
    try:
        values = np.asarray(levels, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"levels must be a whole number or an increasing sequence of numbers, got {levels!r}.") from None
    if values.ndim != 1 or values.size == 0 or not np.all(np.isfinite(values)) or np.any(np.diff(values) <= 0):
        raise ValueError("levels must be a whole number >= 1 or a non-empty, strictly increasing sequence of "
                         f"finite numbers, got {levels!r}.")
    return values


def contour_2d(objective: Objective, ax: Axes | None = None, *, xlim: tuple[float, float],
               ylim: tuple[float, float], levels: int | Sequence[float] = 12, resolution: int = 80,
               xlabel: str = "x₁", ylabel: str = "x₂", title: str | None = None,
               aspect: str | float = "equal") -> Axes:
    """Draw the contour lines of a two-dimensional objective.

    Parameters
    ----------
    objective : Objective
        A function of two variables, e.g. ``objectives.quadratic(np.diag([2.0, 4.0]))``.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure if omitted.
    xlim, ylim : (float, float)
        The window ``(lo, hi)`` along x₁ and x₂.
    levels : int or sequence of float
        The values of f to draw lines at; an int ``n`` draws ``n`` lines spaced
        quadratically between the smallest and largest value in the window, so
        that a bowl shows evenly spaced rings.
    resolution : int
        Grid points along each axis where f is evaluated (at least 10).
    xlabel, ylabel, title : str, optional
        Axis texts and title.
    aspect : "equal", "auto" or float
        Aspect ratio of the axes; "equal" (default) keeps right angles right, so
        that gradients are drawn perpendicular to the contour lines.

    Returns
    -------
    matplotlib.axes.Axes
    """
    objective = _objective_2d(objective)
    (x_lo, x_hi), (y_lo, y_hi) = _validate.interval(xlim, "xlim"), _validate.interval(ylim, "ylim")
    n = _validate.positive_int(resolution, "resolution")
    if n < 10:
        raise ValueError(f"resolution must be at least 10 grid points per axis, got {n}.")
    ax = _axes(ax)
    x1, x2 = np.meshgrid(np.linspace(x_lo, x_hi, n), np.linspace(y_lo, y_hi, n))
    with np.errstate(over="ignore", invalid="ignore"):
        z = np.array([objective.value_fn(p) for p in np.column_stack([x1.ravel(), x2.ravel()])],
                     dtype=float).reshape(x1.shape)
    ax.contour(x1, x2, np.ma.masked_invalid(z), levels=_contour_levels(levels, z), colors="0.6",
               linewidths=0.8, zorder=1)
    ax.set_xlim(x_lo, x_hi)
    ax.set_ylim(y_lo, y_hi)
    ax.set_aspect(aspect)
    ax.grid(False)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    return ax


def trace_2d(objective: Objective, positions: object, ax: Axes | None = None, *,
             xlim: tuple[float, float] | None = None, ylim: tuple[float, float] | None = None,
             levels: int | Sequence[float] = 12, resolution: int = 80, label: str | None = None,
             color: str | None = None, xlabel: str = "x₁", ylabel: str = "x₂",
             title: str | None = None, aspect: str | float = "equal") -> Axes:
    """Draw the points a run visited on the contour lines of a two-dimensional objective.

    Parameters
    ----------
    objective : Objective
        A function of two variables.
    positions : array_like, shape (k + 1, 2)
        The visited points, e.g. ``run.positions``; joined by lines, start
        marked with a circle and end with a square.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure if omitted.
    xlim, ylim : (float, float), optional
        The window; by default it covers the visited points with a margin.
    levels, resolution, aspect : optional
        Passed to :func:`contour_2d`.
    label, color, xlabel, ylabel, title : str, optional
        Legend label of the trace, trace colour, axis texts, title.

    Returns
    -------
    matplotlib.axes.Axes
    """
    objective = _objective_2d(objective)
    pts = _validate.points(positions, 2)
    if not np.all(np.isfinite(pts)):
        raise ValueError("positions contain NaN or infinity; plot the run only up to where it diverged.")
    lims = []
    for lim, column in ((xlim, pts[:, 0]), (ylim, pts[:, 1])):
        if lim is None:
            lo, hi = float(column.min()), float(column.max())
            pad = 0.15 * (hi - lo) if hi > lo else 1.0
            lim = (lo - pad, hi + pad)
        lims.append(lim)
    ax = contour_2d(objective, ax, xlim=lims[0], ylim=lims[1], levels=levels, resolution=resolution,
                    xlabel=xlabel, ylabel=ylabel, title=title, aspect=aspect)
    c = color or COLORS[1]
    ax.plot(pts[:, 0], pts[:, 1], "-", color=c, lw=1.0, alpha=0.8, zorder=2)
    ax.scatter(pts[:, 0], pts[:, 1], s=18, color=c, zorder=3, label=label)
    ax.scatter(pts[:1, 0], pts[:1, 1], s=60, facecolors="none", edgecolors="black", zorder=4)
    ax.scatter(pts[-1:, 0], pts[-1:, 1], s=60, marker="s", facecolors="none", edgecolors="black", zorder=4)
    if label:
        ax.legend()
    return ax
