"""A tiny reverse-mode automatic differentiation engine for scalars.

A :class:`Value` holds a number and remembers how it was made: its ``parents``
(the values it was computed from) and its ``local_grads``, the partial derivative
of this node with respect to each parent, evaluated during the forward pass.
Arithmetic on values builds that computational graph as a side effect.

:meth:`Value.backward` then applies the chain rule once per node, from the output
back to the inputs, in reverse topological order::

    parent.grad += local_grad * node.grad

after which ``v.grad`` holds ∂output/∂v for every value ``v`` in the graph.

>>> from gdcourse.autodiff import Value
>>> a, x = Value(3.0, "a"), Value(2.0, "x")
>>> loss = (a * x**2 - 5.0) ** 2
>>> loss.backward()
>>> loss.data, a.grad, x.grad
(49.0, 56.0, 168.0)

The module also has a gradient check by central finite differences
(:func:`numerical_gradient`, :func:`gradient_check`) and a drawing of the graph
made with matplotlib alone (:func:`draw_graph`).
"""
from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Callable, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from . import _validate
from .plots import COLORS

__all__ = ["Value", "topological_order", "value_and_grad", "numerical_gradient", "gradient_check",
           "GradientCheck", "draw_graph"]


def _is_number(x: object) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, bool)


class Value:
    """A scalar in a computational graph, with the gradient the backward pass stores in it.

    Parameters
    ----------
    data : float
        The number.
    label : str
        A name used in tables and drawings (e.g. ``"a"`` or ``"ŷ"``).
    parents : sequence of Value
        The values this one was computed from (empty for an input).
    local_grads : sequence of float
        ∂(this value)/∂(parent), one per parent, evaluated at the parents' values.
    op : str
        The operation that made this value (``"+"``, ``"×"``, ``"exp"``, …); empty for an input.

    Attributes
    ----------
    grad : float
        ∂(output)/∂(this value) after ``output.backward()``; 0 before.

    Notes
    -----
    Supported: ``+ − × /`` with another Value or a real number (on either side),
    ``v ** p`` for a real exponent ``p``, ``-v``, and the methods :meth:`exp`,
    :meth:`log` and :meth:`tanh`. A new operation is a function that returns
    ``Value(result, parents=(v,), local_grads=(derivative,), op="name")``.
    """

    __slots__ = ("data", "grad", "label", "parents", "local_grads", "op")
    __array_ufunc__ = None  # numpy arrays hand `array op Value` back to Value, which refuses it clearly

    def __init__(self, data: float, label: str = "", *, parents: Sequence[Value] = (),
                 local_grads: Sequence[float] = (), op: str = "") -> None:
        if isinstance(data, Value):
            raise TypeError("data is already a Value; use it directly instead of wrapping it again.")
        if not _is_number(data):
            raise TypeError(f"a Value holds a real number, got {type(data).__name__} {data!r:.40}.")
        if not math.isfinite(data):
            raise ValueError(f"a Value must be finite, got {data}: the computation overflowed or was given "
                             "NaN/inf. Check the inputs, or use a smaller learning rate if this is a run that diverged.")
        if not isinstance(label, str) or not isinstance(op, str):
            raise TypeError("label and op must be strings.")
        parents, local_grads = tuple(parents), tuple(local_grads)
        if not all(isinstance(p, Value) for p in parents):
            raise TypeError("every parent must be a Value.")
        if len(parents) != len(local_grads):
            raise ValueError(f"give one local gradient per parent: got {len(parents)} parent(s) "
                             f"and {len(local_grads)} local gradient(s).")
        if not all(_is_number(g) for g in local_grads):
            raise TypeError("local gradients must be real numbers (the derivative evaluated at the parents).")
        self.data = float(data)
        self.grad = 0.0
        self.label = label
        self.parents = parents
        self.local_grads = tuple(float(g) for g in local_grads)
        self.op = op

    def __repr__(self) -> str:
        name = f"{self.label}=" if self.label else ""
        return f"Value({name}{self.data:.6g}, grad={self.grad:.6g})"

    def named(self, label: str) -> Value:
        """Give this value a label (for tables and drawings) and return it: ``u = (x**2).named("u")``."""
        if not isinstance(label, str):
            raise TypeError(f"label must be a string, got {type(label).__name__}.")
        self.label = label
        return self

    # -- building the graph -------------------------------------------------------------------------
    @staticmethod
    def _lift(other: object, op: str) -> Value:
        """Turn a plain number into a constant Value; refuse anything else with a clear message."""
        if isinstance(other, Value):
            return other
        if _is_number(other):
            return Value(float(other), f"{float(other):g}")
        raise TypeError(f"unsupported operand for {op}: Value and {type(other).__name__}. A Value combines "
                        "with another Value or a real number (int or float); for arrays, use a loop "
                        "over Values or the vectorised numpy code of gdcourse.models.")

    def __add__(self, other: object) -> Value:
        other = self._lift(other, "+")
        return Value(self.data + other.data, parents=(self, other), local_grads=(1.0, 1.0), op="+")

    def __mul__(self, other: object) -> Value:
        other = self._lift(other, "×")
        return Value(self.data * other.data, parents=(self, other), local_grads=(other.data, self.data), op="×")

    def __pow__(self, exponent: object) -> Value:
        if isinstance(exponent, Value) or not _is_number(exponent):
            raise TypeError(f"unsupported exponent: Value ** {type(exponent).__name__}. The exponent must be "
                            "a fixed real number, e.g. v ** 2 or v ** -1; for a variable exponent use "
                            "(exponent * base.log()).exp().")
        p = float(exponent)
        if p == 0.0:
            return Value(1.0, parents=(self,), local_grads=(0.0,), op="**0")
        if self.data == 0.0 and p < 1.0 or self.data < 0.0 and not p.is_integer():
            raise ValueError(f"{self.data:g} ** {p:g} has no real derivative; use a positive base "
                             "or a whole-number exponent.")
        try:
            out, local = self.data**p, p * self.data ** (p - 1.0)
        except OverflowError:
            raise ValueError(f"{self.data:g} ** {p:g} overflows a float; rescale the computation.") from None
        return Value(out, parents=(self,), local_grads=(local,), op=f"**{p:g}")

    def __neg__(self) -> Value:
        return Value(-self.data, parents=(self,), local_grads=(-1.0,), op="neg")

    def __sub__(self, other: object) -> Value:
        other = self._lift(other, "−")
        return Value(self.data - other.data, parents=(self, other), local_grads=(1.0, -1.0), op="−")

    def __truediv__(self, other: object) -> Value:
        other = self._lift(other, "/")
        if other.data == 0.0:
            raise ZeroDivisionError("division of a Value by zero.")
        return Value(self.data / other.data, parents=(self, other),
                     local_grads=(1.0 / other.data, -self.data / other.data**2), op="/")

    def __radd__(self, other: object) -> Value:
        return self._lift(other, "+") + self

    def __rmul__(self, other: object) -> Value:
        return self._lift(other, "×") * self

    def __rsub__(self, other: object) -> Value:
        return self._lift(other, "−") - self

    def __rtruediv__(self, other: object) -> Value:
        return self._lift(other, "/") / self

    def __rpow__(self, base: object) -> Value:
        raise TypeError(f"unsupported: {type(base).__name__} ** Value. For a variable exponent write "
                        "(exponent * Value(base).log()).exp().")

    def exp(self) -> Value:
        """e to the power of this value; its derivative is itself."""
        if self.data > 709.0:  # math.exp(710) overflows a float
            raise ValueError(f"exp({self.data:g}) overflows a float; rescale the computation.")
        out = math.exp(self.data)
        return Value(out, parents=(self,), local_grads=(out,), op="exp")

    def log(self) -> Value:
        """Natural logarithm (of a positive value); its derivative is 1/value."""
        if self.data <= 0.0:
            raise ValueError(f"log needs a positive value, got {self.data:g}.")
        return Value(math.log(self.data), parents=(self,), local_grads=(1.0 / self.data,), op="log")

    def tanh(self) -> Value:
        """Hyperbolic tangent; its derivative is 1 − tanh²."""
        t = math.tanh(self.data)
        return Value(t, parents=(self,), local_grads=(1.0 - t * t,), op="tanh")

    # -- the backward pass --------------------------------------------------------------------------
    def backward(self) -> None:
        """Fill ``.grad`` of every value in the graph with ∂self/∂value.

        The gradients of the whole graph are reset first, so calling ``backward`` twice
        gives the same result (PyTorch, by contrast, adds to ``.grad`` until you zero it).
        """
        order = topological_order(self)
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):  # every node is finished before its parents are visited
            for parent, local in zip(node.parents, node.local_grads):
                parent.grad += local * node.grad  # the chain rule; += because a value may feed several nodes


def topological_order(root: Value) -> list[Value]:
    """All values the graph of ``root`` depends on, each after its parents, ``root`` last.

    Parameters
    ----------
    root : Value
        The output of a computation.

    Returns
    -------
    list of Value
        Inputs first, ``root`` last; each value appears once even if it is used many times.
    """
    if not isinstance(root, Value):
        raise TypeError(f"root must be a Value, got {type(root).__name__}.")
    order: list[Value] = []
    seen: set[int] = set()
    stack: list[tuple[Value, bool]] = [(root, False)]
    while stack:  # depth-first search without recursion, so long chains do not hit Python's limit
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.append((node, True))
        stack.extend((p, False) for p in reversed(node.parents) if id(p) not in seen)
    return order


def _point(x: object, name: str = "x") -> np.ndarray:
    return _validate.point(x, None, name)


def value_and_grad(f: Callable[..., Value], x: object) -> tuple[float, np.ndarray]:
    """Evaluate ``f(*x)`` on Values and return its value and gradient by reverse mode.

    Parameters
    ----------
    f : callable
        A function of ``len(x)`` Values returning one Value.
    x : array_like
        The point, a flat vector.

    Returns
    -------
    value : float
    gradient : numpy.ndarray, shape (len(x),)
    """
    if not callable(f):
        raise TypeError(f"f must be a function of Values returning a Value, got {type(f).__name__}.")
    inputs = [Value(float(v), f"x{i}") for i, v in enumerate(_point(x))]
    out = f(*inputs)
    if not isinstance(out, Value):
        raise TypeError(f"f must return a Value (build it from its arguments), got {type(out).__name__}.")
    out.backward()
    return out.data, np.array([v.grad for v in inputs])


def numerical_gradient(f: Callable[[np.ndarray], float], x: object, h: float = 1e-6) -> np.ndarray:
    """Central finite differences: (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h for every coordinate i.

    The error is O(h²) from truncation plus about ε·abs(f)/h from rounding (ε ≈ 1e-16),
    so h around 1e-6 to 1e-5 suits functions of moderate size.

    Parameters
    ----------
    f : callable
        A function of a flat float array returning a real number.
    x : array_like
        The point.
    h : float
        Step, positive.

    Returns
    -------
    numpy.ndarray
        One partial derivative per coordinate.
    """
    if not callable(f):
        raise TypeError(f"f must be a function of an array returning a number, got {type(f).__name__}.")
    x = _point(x)
    h = _validate.learning_rate(h, "h")
    grad = np.empty_like(x)
    for i in range(x.size):
        step = np.zeros_like(x)
        step[i] = h
        grad[i] = (float(f(x + step)) - float(f(x - step))) / (2.0 * h)
    return grad


@dataclass(frozen=True)
class GradientCheck:
    """The result of :func:`gradient_check`.

    Attributes
    ----------
    analytic, numeric : numpy.ndarray
        The gradient under test and the central-difference estimate.
    component_errors : numpy.ndarray
        abs(analyticᵢ − numericᵢ) / scale, with scale = max(‖analytic‖, ‖numeric‖): which coordinate is off.
    relative_error : float
        ‖analytic − numeric‖ / scale (0 when both gradients are zero).
    tol : float
        The threshold used.
    """

    analytic: np.ndarray
    numeric: np.ndarray
    component_errors: np.ndarray
    relative_error: float
    tol: float

    @property
    def ok(self) -> bool:
        """True when the relative error is below the tolerance."""
        return self.relative_error < self.tol

    def __str__(self) -> str:
        # A passing error is rounding noise that varies between machines, so only its bound is shown.
        if self.ok:
            return f"gradient check passed: relative error below the tolerance {self.tol:.0e}"
        worst = int(np.argmax(self.component_errors))
        return (f"gradient check FAILED: relative error {self.relative_error:.2e} (tolerance {self.tol:.0e}); "
                f"worst component: index {worst}")


def gradient_check(f: Callable[[np.ndarray], float], grad: Callable[[np.ndarray], object], x: object, *,
                   h: float = 1e-6, tol: float = 1e-6) -> GradientCheck:
    """Compare a gradient function with central finite differences of ``f`` at ``x``.

    Parameters
    ----------
    f : callable
        The function, of a flat float array, returning a real number.
    grad : callable
        The gradient under test, of the same array, returning one number per coordinate.
    x : array_like
        The point to test at (avoid special points such as zeros, where bugs hide).
    h : float
        Finite-difference step.
    tol : float
        Largest relative error that passes.

    Returns
    -------
    GradientCheck
        ``.ok`` says whether it passed; ``.component_errors`` point to the wrong coordinate.
    """
    if not callable(grad):
        raise TypeError(f"grad must be a function of an array returning the gradient, got {type(grad).__name__}.")
    x = _point(x)
    tol = _validate.learning_rate(tol, "tol")
    numeric = numerical_gradient(f, x, h)
    analytic = np.asarray(grad(x.copy()), dtype=float).reshape(-1)
    if analytic.shape != x.shape:
        raise ValueError(f"grad must return {x.size} number(s), one per coordinate, got shape {analytic.shape}.")
    scale = max(float(np.linalg.norm(analytic)), float(np.linalg.norm(numeric)))
    diff = np.abs(analytic - numeric)
    if scale == 0.0:
        return GradientCheck(analytic, numeric, np.zeros_like(diff), 0.0, tol)
    return GradientCheck(analytic, numeric, diff / scale, float(np.linalg.norm(diff)) / scale, tol)


# -- drawing -----------------------------------------------------------------------------------------
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
