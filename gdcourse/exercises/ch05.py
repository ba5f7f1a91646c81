"""Auto-checked exercises of chapter 5, "Backpropagation on a quadratic"."""
from __future__ import annotations

import math

import numpy as np

from ..autodiff import Value, topological_order
from ..data import seed002_data, seed004_data
from .core import Case, Exercise


def _outcome(node: object) -> object:
    """Run backward from the student's node; report (its value, its derivative w.r.t. the input labelled "v")."""
    if not isinstance(node, Value):
        return node
    node.backward()
    inputs = [n for n in topological_order(node) if n.label == "v" and not n.parents]
    return np.array([node.data, inputs[0].grad if inputs else 0.0])


def sin_node_outcome(v: Value) -> np.ndarray:
    # The reference node: value sin(v), local gradient cos(v); then backward from it.
    out = Value(math.sin(v.data), parents=(v,), local_grads=(math.cos(v.data),), op="sin")
    return _outcome(out)


def quadratic_mse_grad(params, x, y):
    a, b, c = params
    r = a * x**2 + b * x + c - y
    return np.array([np.mean(2 * r * x**2), np.mean(2 * r * x), np.mean(2 * r)])


def neuron_grad(w, b, x, y):
    # Forward: z = w·x + b, h = tanh(z), loss = (h − y)². Backward, node by node:
    z = w * x + b
    h = np.tanh(z)
    dh = 2 * (h - y)        # ∂loss/∂h
    dz = dh * (1 - h**2)    # ∂loss/∂z = ∂loss/∂h · tanh'(z)
    return np.array([dz * x, dz])  # ∂z/∂w = x, ∂z/∂b = 1


def _leaf(data: float) -> Value:
    return Value(data, "v")


_X2, _Y2 = seed002_data()
_X4, _Y4 = seed004_data()
_RNG = np.random.default_rng(5)
_I4 = _RNG.choice(_X4.size, 16, replace=False)

EXERCISES = {
    "ex05-1": Exercise(
        label="ex05-1",
        title="a sin node for the autodiff engine",
        reference=sin_node_outcome,
        cases=(Case((_leaf(0.3),), "v = 0.3"),
               Case((_leaf(-2.0),), "v = −2"),
               Case((_leaf(0.7) ** 2,), "sin(v²) at v = 0.7: the chain rule through your node"),
               Case((_leaf(1.5) * 3.0 + 1.0,), "sin(3v + 1) at v = 1.5")),
        prepare=_outcome,
        hints=("Return Value(forward value, parents=(v,), local_grads=(derivative,), op='sin'); "
               "the check runs backward() on what you return.",
               "The forward value is math.sin(v.data); the local gradient d sin(u)/du is math.cos(v.data)."),
        explanation="A node needs only its forward value and the derivative with respect to each parent, "
                    "evaluated at the parents' values: sin(u) and cos(u). backward() does the rest, "
                    "multiplying cos(u) by the gradient arriving from above (the chain rule), which is why "
                    "sin(v²) comes out right as cos(v²)·2v without any extra code.",
    ),
    "ex05-2": Exercise(
        label="ex05-2",
        title="fix the gradient the check flags",
        reference=quadratic_mse_grad,
        cases=(Case((np.array([1.0, 0.0, 1.0]), _X2, _Y2), "seed 002 data, start (1, 0, 1)"),
               Case((np.array([-11 / 6, -395 / 3, -2400.0]), _X4, _Y4), "seed 004 data, far start"),
               Case((np.array([0.5, -1.0, 2.0]), _X4[_I4], _Y4[_I4]), "a batch of 16")),
        hints=("The gradient check's component errors point at index 1, the derivative with respect to b.",
               "∂L/∂b is the mean of 2·rᵢ·xᵢ: the mean of a product, not the product of two means."),
        explanation="Only the b component was wrong: mean(2r)·mean(x) is not mean(2r·x) unless r and x are "
                    "uncorrelated over the batch. Each component is the mean of 2·rᵢ times the derivative of "
                    "ŷᵢ with respect to that parameter: xᵢ², xᵢ and 1.",
    ),
    "ex05-3": Exercise(
        label="ex05-3",
        title="backpropagation through a tanh neuron",
        reference=neuron_grad,
        cases=(Case((0.5, -0.2, 1.5, 0.3), "w=0.5, b=−0.2, x=1.5, y=0.3"),
               Case((-1.0, 0.4, -0.7, -0.9), "w=−1, b=0.4, x=−0.7, y=−0.9"),
               Case((1.0, 1.0, 3.0, -1.0), "a nearly saturated neuron, tanh(4)"),
               Case((0.0, 0.0, 2.0, 0.5), "w = b = 0")),
        hints=("Forward first: z = w·x + b, h = tanh(z), loss = (h − y)². Then go backward one node at a time.",
               "∂loss/∂h = 2(h − y); ∂h/∂z = 1 − h²; ∂z/∂w = x and ∂z/∂b = 1. Multiply along each path."),
        explanation="The chain rule along the path loss ← h ← z ← (w, b): ∂loss/∂z = 2(h − y)(1 − h²), "
                    "then ∂loss/∂w = ∂loss/∂z · x and ∂loss/∂b = ∂loss/∂z. For a saturated neuron "
                    "(|z| large) 1 − h² is tiny, so almost no gradient gets through.",
    ),
}
