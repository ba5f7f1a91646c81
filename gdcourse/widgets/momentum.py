"""Explorer of heavy-ball momentum on an ill-conditioned quadratic (chapter 7).

:func:`draw_momentum` draws one state: the path of gradient descent with momentum
(learning rate ``lr``, momentum ``beta``) on f(x) = 0.1·x₁² + 2·x₂² over the contour
lines, and the loss against the step. :func:`momentum_explorer` wraps it in sliders.
"""
from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from .. import objectives, plots
from ..loop import iterate
from ..optimizers import Momentum
from ..rates import momentum_rate
from . import Explorer, Param

#: Curvatures of the valley f(x) = ½·xᵀ·diag(0.2, 4)·x = 0.1·x₁² + 2·x₂² (κ = 20).
_CURVATURES = (0.2, 4.0)
_START = (-5.0, -2.0)


def draw_momentum(ax: Axes, lr: float, beta: float, steps: int = 60) -> None:
    """Draw one state: the heavy-ball path on the valley's contours, and its loss curve.

    The given axes are split in two: the path on the left, log₁₀ f against the step on
    the right. The title gives the rate of :func:`gdcourse.rates.momentum_rate`, or says that the run
    diverges; a diverging path is drawn until it leaves the window.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The area to draw in.
    lr : float
        Learning rate η, positive.
    beta : float
        Momentum β in [0, 1).
    steps : int
        Number of updates.
    """
    valley = objectives.quadratic(np.diag(_CURVATURES), name="0.1·x₁² + 2·x₂²")
    run = iterate(valley, _START, Momentum(lr, beta), steps, on_divergence="stop", blowup=1e6)
    inside = np.all(np.abs(run.positions) <= (7.0, 4.0), axis=1)
    shown = run.positions[: int(np.argmin(inside)) if not inside.all() else len(inside)]
    ax.set_axis_off()
    left = ax.inset_axes((0.0, 0.0, 0.55, 1.0))
    right = ax.inset_axes((0.77, 0.0, 0.23, 1.0))
    # Unicode labels and a linear axis of log10(f): mathtext would triple the drawing time.
    plots.trace_2d(valley, shown, left, xlim=(-7.0, 7.0), ylim=(-4.0, 4.0), levels=8, resolution=40,
                   aspect="auto", color=plots.COLORS[0], xlabel="x₁", ylabel="x₂")
    rate = momentum_rate(lr, beta, _CURVATURES)
    status = "diverges" if rate >= 1 else f"rate {rate:.3f}"
    left.set_title(f"η = {lr:.2f}, β = {beta:.2f}: {status}", fontsize=10)
    values = run.values[np.isfinite(run.values)]
    right.plot(np.arange(values.size), np.log10(np.maximum(values, 1e-30)), color=plots.COLORS[0], lw=1.5)
    right.set_ylim(-12, 4)
    right.set_yticks([-12, -8, -4, 0, 4])
    right.set_xlim(0, steps)
    right.set_xlabel("step")
    right.set_ylabel("log₁₀ f")


def momentum_explorer() -> Explorer:
    """Sliders for the learning rate η and the momentum β of the heavy ball on the valley.

    Returns
    -------
    Explorer
        ``explorer.show()`` for the live widget, ``explorer.grid("beta", [...])`` for
        the static equivalent, ``explorer.render(lr=..., beta=...)`` for one state.
    """
    return Explorer(draw_momentum,
                    [Param("lr", 0.02, 1.0, 0.4, step=0.01, label="η (lr)"),
                     Param("beta", 0.0, 0.95, 0.5, step=0.01, label="β (momentum)")],
                    figsize=(8.0, 3.4))
