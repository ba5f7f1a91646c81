"""Drawing a computational graph of :mod:`gdcourse.autodiff` with matplotlib alone.

:func:`draw_graph` draws one box per value (label, operation, forward value and, after a
backward pass, the gradient) and an arrow from each input to each result, in columns by depth.
"""
from __future__ import annotations

from typing import Sequence

import matplotlib.pyplot as plt
from matplotlib.axes import Axes

from . import _validate
from .autodiff import Value, topological_order
from .plots import COLORS


def _layout(order: list[Value]) -> dict[int, tuple[float, float]]:
    """Columns by depth (an input sits just left of its first use); rows spread within a column."""
    depth: dict[int, int] = {}
    for node in order:
        depth[id(node)] = 1 + max((depth[id(p)] for p in node.parents), default=-1)
    children: dict[int, list[Value]] = {id(n): [] for n in order}
    for node in order:
        for p in node.parents:
            children[id(p)].append(node)
    for node in order:
        if not node.parents and children[id(node)]:
            depth[id(node)] = min(depth[id(c)] for c in children[id(node)]) - 1
    columns: dict[int, list[Value]] = {}
    for node in order:
        columns.setdefault(depth[id(node)], []).append(node)
    row = {id(n): (len(columns[depth[id(n)]]) - 1) / 2.0 - columns[depth[id(n)]].index(n) for n in order}
    for _ in range(4):  # barycentre sweeps: move each node towards its neighbours to untangle the edges
        for col in sorted(columns):
            nodes = columns[col]
            target = {}
            for n in nodes:
                near = [row[id(p)] for p in n.parents] + [row[id(c)] for c in children[id(n)]]
                target[id(n)] = sum(near) / len(near) if near else row[id(n)]
            nodes.sort(key=lambda n: -target[id(n)])
            centre = sum(target.values()) / len(nodes)
            for i, n in enumerate(nodes):
                row[id(n)] = centre + (len(nodes) - 1) / 2.0 - i
    return {id(n): (float(depth[id(n)]), row[id(n)]) for n in order}


def draw_graph(root: Value, ax: Axes | None = None, *, show_grad: bool = True,
               positions: dict[str, tuple[float, float]] | None = None, fontsize: float = 9.0,
               highlight: Sequence[str] = ()) -> Axes:
    """Draw the computational graph of ``root``: one box per value, arrows from inputs to results.

    Each box shows the value's label, its operation, its forward value and (with
    ``show_grad``) the gradient ∂root/∂value stored by the last ``backward()``.

    Parameters
    ----------
    root : Value
        The output of the computation.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure if omitted.
    show_grad : bool
        Also print each node's gradient.
    positions : dict, optional
        ``{label: (x, y)}`` to place labelled nodes by hand; other nodes use the automatic layout.
    fontsize : float
        Text size in the boxes.
    highlight : sequence of str
        Labels of nodes to draw in a second colour (e.g. the parameters).

    Returns
    -------
    matplotlib.axes.Axes
    """
    order = topological_order(root)
    pos = _layout(order)
    if positions is not None:
        if not isinstance(positions, dict):
            raise TypeError("positions must be a dict {label: (x, y)}.")
        for node in order:
            if node.label in positions:
                px, py = positions[node.label]
                pos[id(node)] = (_validate.finite_real(px, "x position"), _validate.finite_real(py, "y position"))
    if ax is None:
        cols = max(p[0] for p in pos.values()) - min(p[0] for p in pos.values()) + 1
        _, ax = plt.subplots(figsize=(min(1.45 * cols + 0.6, 10.0), 4.2), layout="constrained")
    elif not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}.")

    def text(node: Value) -> str:
        head = node.label or node.op or "?"
        if node.op and node.label:
            head = f"{node.label} ({node.op})" if len(node.op) <= 4 else f"{node.label}\n{node.op}"
        lines = [head, f"= {node.data:.4g}"]
        if show_grad:
            lines.append(f"grad {node.grad:.4g}")
        return "\n".join(lines)

    boxes = {}
    for node in order:
        x, y = pos[id(node)]
        color = COLORS[1] if node.label in highlight else (COLORS[0] if node.parents else "0.35")
        boxes[id(node)] = ax.text(x, y, text(node), ha="center", va="center", fontsize=fontsize, zorder=3,
                                  bbox=dict(boxstyle="round,pad=0.35", facecolor="white", edgecolor=color,
                                            linewidth=1.6))
    for node in order:
        for parent in node.parents:
            ax.annotate("", xy=pos[id(node)], xytext=pos[id(parent)], zorder=1,
                        arrowprops=dict(arrowstyle="-|>", color="0.45", lw=1.1, shrinkA=0, shrinkB=0,
                                        patchA=boxes[id(parent)].get_bbox_patch(),
                                        patchB=boxes[id(node)].get_bbox_patch()))
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    ax.set_xlim(min(xs) - 0.6, max(xs) + 0.6)
    ax.set_ylim(min(ys) - 0.7, max(ys) + 0.7)
    ax.set_axis_off()
    return ax
