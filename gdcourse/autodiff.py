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

A gradient is checked against central finite differences by :mod:`gdcourse.gradcheck`, and a
graph is drawn by :func:`gdcourse.graph_drawing.draw_graph`.
"""
from __future__ import annotations

import math
import numbers
from typing import Callable, Sequence

import numpy as np

from . import _validate

__all__ = ["Value", "topological_order", "value_and_grad"]


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
    _validate.function(f, "f", "of Values returning a Value")
    inputs = [Value(float(v), f"x{i}") for i, v in enumerate(_validate.point(x, None, "x"))]
    out = f(*inputs)
    if not isinstance(out, Value):
        raise TypeError(f"f must return a Value (build it from its arguments), got {type(out).__name__}.")
    out.backward()
    return out.data, np.array([v.grad for v in inputs])
