"""Newton explorer (chapter 6): where does Newton's method on x·cos(cx) end up?

Sliders: the start ``x0``, the damping factor ``lr`` and the number of ``steps``.
The drawing shows the run on the curve and says whether it ended at a local
minimum (f'' > 0) or a local maximum (f'' < 0) of f.
"""
from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from .. import objectives, plots
from ..newton import HessianError, newton
from . import Explorer, Param

_C = 0.15 * np.pi
_SPAN = (-2.0, 32.0)


def draw_newton(ax: Axes, x0: float, lr: float, steps: int) -> None:
    """Draw Newton's method (damped by ``lr``) on f(x) = x·cos(0.15πx) from ``x0``.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    x0 : float
        Start point, inside the plotted range [−2, 32].
    lr : float
        Damping factor in (0, 1]; 1 is the pure Newton step.
    steps : int
        Number of Newton steps.
    """
    f = objectives.x_cos(_C)
    try:
        run = newton(f, x0, steps, lr=lr, on_divergence="stop")
        pts = run.positions[:, 0]
        note = "stopped: the run diverged" if run.stop_reason == "diverged" else None
    except HessianError:  # f'' = 0 (e.g. at x0 = 0) or so small that the step overflows
        pts, note = np.array([x0]), "stopped: f'' ≈ 0 on the way, Newton's step is undefined"
    inside = pts[(pts >= _SPAN[0]) & (pts <= _SPAN[1])]
    plots.trace_1d(f, inside if inside.size else None, ax, span=_SPAN, ylabel="f(x) = x·cos(0.15πx)")
    end = pts[-1]
    if note is None:
        slope, curvature = f.gradient(end)[0], f.hessian(end)[0, 0]
        if abs(slope) > 1e-6:
            note = f"still moving: x = {end:.4g}, f'(x) = {slope:.2g}"
        else:
            kind = "a local minimum" if curvature > 0 else "a local maximum"
            note = f"converged to {kind}: x = {end:.4f}"
    ax.set_title(f"x0 = {x0:g}, η = {lr:g}, {steps} step{'s' if steps != 1 else ''}\n{note}", fontsize=9)


def newton_explorer() -> Explorer:
    """The explorer of chapter 6: start, damping and number of Newton steps on x·cos(0.15πx)."""
    return Explorer(draw_newton, [
        Param("x0", 0.0, 30.0, 10.0, step=0.5, label="start x0"),
        Param("lr", 0.1, 1.0, 1.0, step=0.05, label="damping η"),
        Param("steps", 1, 30, 10, integer=True, label="steps"),
    ])
