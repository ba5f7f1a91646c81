"""The learning-rate explorers of chapter 2: one slider for η, the trace redrawn.

- :func:`learning_rate_explorer` runs gradient descent on a one-dimensional
  landscape (f(x) = x², or f(x) = x·cos(cx)) and draws the trace on the curve;
- :func:`learning_rate_explorer_2d` runs it on the bowl f = x₁² + a·x₂² and draws
  the trajectory on the contour lines.

Their drawing functions, :func:`draw_run_1d` and :func:`draw_run_2d`, draw one
state on a given axes, so that a test or a benchmark can call them without a
browser. A run that blows up is drawn up to the blow-up, with a note saying so.
"""
from __future__ import annotations

import dataclasses

import numpy as np
from matplotlib.axes import Axes

from .. import _validate, objectives, plots
from ..formatting import subscript
from ..loop import gradient_descent
from ..objectives import Objective
from ..rates import gradient_descent_rate
from ..record import Run
from . import Explorer, Param

#: The one-dimensional landscapes :func:`learning_rate_explorer` knows.
LANDSCAPES: tuple[str, ...] = ("square", "x_cos")

#: Where the two-dimensional runs start, as in the chapter (and its source).
START_2D: tuple[float, float] = (-5.0, -2.0)


def _finite_prefix(run: Run) -> np.ndarray:
    """The positions of ``run`` up to (not including) the first one that is not finite."""
    ok = np.all(np.isfinite(run.positions), axis=1)
    stop = len(ok) if ok.all() else int(np.argmin(ok))
    return run.positions[:stop]


def _note(ax: Axes, run: Run, objective: Objective, lr: float, outside: int = 0) -> None:
    """Write what happened at the top of the axes: where the run ended, or that it diverged."""
    lines = []
    if outside:
        lines.append(f"{outside} of {len(run.positions)} points outside the window")
    if run.stop_reason == "diverged":
        lines.append(f"diverged at step {run.steps}")
    elif run.x.size == 1:
        lines.append(f"x{subscript(run.steps)} = {run.x[0]:.4g}")
    else:
        lines.append(f"‖x{subscript(run.steps)}‖ = {np.linalg.norm(run.x):.3g}")
    L, mu = objective.smoothness, objective.strong_convexity
    if L is not None and mu is not None:
        lines.append(f"factor {gradient_descent_rate(lr, [mu, L]):.3g} per step")
    plots.note(ax, lines, where="top" if run.x.size == 1 else "top left",
               alert=bool(outside) or run.stop_reason == "diverged")


def draw_run_1d(ax: Axes, objective: Objective, lr: float, steps: int, x0: float,
                span: tuple[float, float] | None = None) -> Run:
    """Run gradient descent on a 1-D objective and draw the trace on its curve.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    objective : Objective
        A function of one variable.
    lr : float
        Learning rate, finite and positive.
    steps : int
        Number of updates, at least 1.
    x0 : float
        Start point.
    span : (float, float), optional
        The window shown. A run that leaves it is still drawn whole, but the
        window stays: its lines leave the frame and come back, and a note counts
        the points outside. By default the window is symmetric about 0 and
        covers the whole run.

    Returns
    -------
    Run
        The run (its ``stop_reason`` is ``"diverged"`` if it blew up).
    """
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes, got {type(ax).__name__}.")
    if not isinstance(objective, Objective) or objective.dim != 1:
        raise TypeError("objective must be a one-dimensional gdcourse Objective, e.g. objectives.square().")
    run = gradient_descent(objective, x0, lr, steps, on_divergence="stop")
    pts = _finite_prefix(run)[:, 0]
    outside = 0
    if span is None:
        reach = max(float(np.max(np.abs(pts))), 1.0)
        lo, hi = -1.1 * reach, 1.1 * reach
    else:
        lo, hi = _validate.interval(span, "span")
        outside = int(np.sum((pts < lo) | (pts > hi)))
    plots.trace_1d(objective, pts, ax, span=(lo, hi), title=f"η = {lr:.3g}")
    if outside:
        # Keep the window: lines to points outside it leave the frame and come back.
        curve = np.array([objective.value_fn(np.array([v])) for v in np.linspace(lo, hi, 200)])
        margin = 0.08 * (curve.max() - curve.min())
        ax.set_xlim(lo, hi)
        ax.set_ylim(curve.min() - margin, curve.max() + 3 * margin)
    else:
        # Headroom for the note, so that it never covers the top of the trace (a bounce at η = 2/f'').
        bottom, top = ax.get_ylim()
        ax.set_ylim(bottom, top + 0.25 * (top - bottom))
    _note(ax, run, objective, lr, outside)
    return run


def draw_run_2d(ax: Axes, objective: Objective, lr: float, steps: int, x0: object = START_2D,
                window: tuple[tuple[float, float], tuple[float, float]] = ((-6.0, 2.0), (-3.0, 3.0)),
                resolution: int = 60) -> Run:
    """Run gradient descent on a 2-D objective and draw the trajectory on its contour lines.

    A run that leaves ``window`` (a diverging one) widens it, so it is drawn
    whole, up to the blow-up; the aspect ratio is then no longer equal.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    objective : Objective
        A function of two variables.
    lr : float
        Learning rate, finite and positive.
    steps : int
        Number of updates, at least 1.
    x0 : array_like, shape (2,)
        Start point.
    window : ((float, float), (float, float))
        The x₁ and x₂ ranges shown when the run stays inside them.
    resolution : int
        Grid points per axis for the contour lines (see :func:`gdcourse.plots.contour_2d`).

    Returns
    -------
    Run
    """
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes, got {type(ax).__name__}.")
    if not isinstance(objective, Objective) or objective.dim != 2:
        raise TypeError("objective must be a two-dimensional gdcourse Objective, e.g. "
                        "objectives.quadratic(np.diag([2.0, 4.0])).")
    if not isinstance(window, (tuple, list)) or len(window) != 2:
        raise TypeError(f"window must be ((x1_lo, x1_hi), (x2_lo, x2_hi)), got {window!r}.")
    window = tuple(_validate.interval(w, f"window[{i}]") for i, w in enumerate(window))
    run = gradient_descent(objective, x0, lr, steps, on_divergence="stop")
    pts = _finite_prefix(run)
    lims, widened = [], False
    for (lo, hi), column in zip(window, pts.T):
        if column.min() < lo or column.max() > hi:
            span = max(hi, float(column.max())) - min(lo, float(column.min()))
            lo, hi = min(lo, float(column.min()) - 0.08 * span), max(hi, float(column.max()) + 0.08 * span)
            widened = True
        lims.append((lo, hi))
    plots.trace_2d(objective, pts, ax, xlim=lims[0], ylim=lims[1], resolution=resolution,
                   title=f"{objective.name}, η = {lr:.3g}", aspect="auto" if widened else "equal")
    _note(ax, run, objective, lr)
    return run


def learning_rate_explorer(landscape: str = "square") -> Explorer:
    """The 1-D learning-rate explorer: sliders for η (logarithmic), the number of steps and x₀.

    Parameters
    ----------
    landscape : {"square", "x_cos"}
        f(x) = x² (η from 0.01 to 1.5, x₀ from −10 to 10), or f(x) = x·cos(0.15πx)
        (η from 0.01 to 3, x₀ from −12 to 12, drawn on −16 ≤ x ≤ 16).

    Returns
    -------
    Explorer
        ``explorer.show()`` is the live widget, ``explorer.grid("lr", [...])`` its
        static twin, ``explorer.render(lr=...)`` one state.
    """
    if landscape not in LANDSCAPES:
        raise ValueError(f"landscape must be one of {LANDSCAPES}, got {landscape!r}.")
    if landscape == "square":
        objective, span = objectives.square(), None
        params = [Param("lr", 0.01, 1.5, 0.2, log=True, label="η"),
                  Param("steps", 1, 50, 10, integer=True, label="steps"),
                  Param("x0", -10.0, 10.0, 10.0, step=0.5, label="x₀")]
    else:
        # Named as the chapter writes it (the objective's own name prints c as a decimal).
        objective, span = dataclasses.replace(objectives.x_cos(), name="x·cos(0.15πx)"), (-16.0, 16.0)
        params = [Param("lr", 0.01, 3.0, 2.0, log=True, label="η"),
                  Param("steps", 1, 100, 10, integer=True, label="steps"),
                  Param("x0", -12.0, 12.0, 10.0, step=0.5, label="x₀")]

    def draw(ax: Axes, lr: float, steps: int, x0: float) -> None:
        draw_run_1d(ax, objective, lr, steps, x0, span=span)

    return Explorer(draw, params, figsize=(6.4, 3.8))


def learning_rate_explorer_2d() -> Explorer:
    """The 2-D learning-rate explorer on f = x₁² + a·x₂², started at (−5, −2).

    Sliders: η (logarithmic, 0.01 to 0.6), the number of steps (1 to 60) and the
    weight ``a`` of x₂² (1 to 10; the chapter's bowl has a = 2). The Hessian is
    diag(2, 2a), so μ = 2 and L = 2a when a ≥ 1.

    Returns
    -------
    Explorer
    """
    params = [Param("lr", 0.01, 0.6, 0.1, log=True, label="η"),
              Param("steps", 1, 60, 20, integer=True, label="steps"),
              Param("a", 1.0, 10.0, 2.0, step=0.5, label="a (x₂² weight)")]

    def draw(ax: Axes, lr: float, steps: int, a: float) -> None:
        bowl = objectives.quadratic(np.diag([2.0, 2.0 * a]), name=f"x₁² + {a:g}·x₂²")
        draw_run_2d(ax, bowl, lr, steps)
        ax.plot([0.0], [0.0], "+", color="black", ms=9, zorder=4)  # the minimiser

    return Explorer(draw, params, figsize=(6.4, 4.2))
