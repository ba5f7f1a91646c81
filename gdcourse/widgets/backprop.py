"""Chapter 5's explorer: the computational graph of one sample's loss, forward values and gradients.

Move the sample ``x`` (with its target on seed 002's curve y = 4x² + 5x + 6) and the
parameter ``a``; the drawing shows every node's value and ∂ℓ/∂node for the model
ŷ = a·x² + b·x + c with b = −2 and c = 1.
"""
from __future__ import annotations

from matplotlib.axes import Axes

from .. import _validate
from ..autodiff import Value, topological_order
from ..graph_drawing import draw_graph
from . import Explorer, Param


def sample_loss_graph(a: float, b: float, c: float, x: float, y: float) -> Value:
    """The loss ℓ = (a·x² + b·x + c − y)² of one sample as a labelled graph, after its backward pass.

    Parameters
    ----------
    a, b, c : float
        The model's parameters.
    x, y : float
        The sample.

    Returns
    -------
    Value
        The loss node; every node of its graph has its ``grad`` filled in.
    """
    a, b, c, x, y = (_validate.finite_real(v, n) for v, n in ((a, "a"), (b, "b"), (c, "c"), (x, "x"), (y, "y")))
    A, B, C, X, Y = Value(a, "a"), Value(b, "b"), Value(c, "c"), Value(x, "x"), Value(y, "y")
    u = (X**2).named("u")
    v = (A * u).named("v")
    w = (B * X).named("w")
    s = (v + w).named("s")
    yhat = (s + C).named("ŷ")
    r = (yhat - Y).named("r")
    loss = (r**2).named("ℓ")
    loss.backward()
    return loss


def draw_sample_graph(ax: Axes, x: float, a: float) -> None:
    """Draw the graph of one seed-002 sample's loss at (a, b, c) = (a, −2, 1), with gradients."""
    y = 4.0 * x**2 + 5.0 * x + 6.0
    loss = sample_loss_graph(a, -2.0, 1.0, x, y)
    draw_graph(loss, ax, highlight=("a", "b", "c"), fontsize=8.0)
    grads = {n.label: n.grad for n in topological_order(loss) if not n.parents}
    ax.set_title(f"x = {x:.2f}, a = {a:.2f}:  ∂ℓ/∂a = {grads['a']:.3g},  ∂ℓ/∂b = {grads['b']:.3g},  "
                 f"∂ℓ/∂c = {grads['c']:.3g}", fontsize=10)


def graph_explorer() -> Explorer:
    """The explorer of chapter 5: sliders for the sample ``x`` and the parameter ``a``."""
    return Explorer(draw_sample_graph,
                    [Param("x", 0.0, 1.0, 0.5, step=0.05, label="sample x"),
                     Param("a", -2.0, 6.0, 3.0, step=0.25, label="parameter a")],
                    figsize=(9.6, 3.6))
