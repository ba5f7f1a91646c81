"""Auto-checked exercises of chapter 5, "Backpropagation on a quadratic" (public half)."""
from __future__ import annotations

from typing import Any

import numpy as np

from ..autodiff import Value, topological_order
from ._compat import instructor_names
from .core import AnswerError, Case, Exercise


def _build_node(args: tuple) -> tuple[tuple, Any]:
    """("leaf", v) is the input v itself; ("square", v) is v**2; ("affine", v, a, b) is a·v + b; ("tanh", v) is tanh(v)."""
    kind, v = args[0], Value(float(args[1]), "v")
    node = {"leaf": lambda: v, "square": lambda: v ** 2, "tanh": lambda: v.tanh(),
            "affine": lambda: v * float(args[2]) + float(args[3])}[kind]()
    return (node,), v


def _backward_outcome(output: Any, leaf: Value) -> list[float]:
    """Run backward from the student's node: (its value, d(node)/dv for the input v)."""
    if not isinstance(output, Value):
        raise AnswerError(f"returned a {type(output).__name__}: return a Value, built with "
                          "Value(forward value, parents=(v,), local_grads=(local gradient,), op='sin')")
    if output is not leaf and all(node is not leaf for node in topological_order(output)):
        raise AnswerError("returned a Value that is not connected to v: give it parents=(v,), "
                          "or the gradient cannot flow back to v")
    output.backward()
    return [output.data, leaf.grad]


def quadratic_data(a: float, b: float, c: float, start: float, step: float, n: int,
                   sample: int = 0, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """y = a·x² + b·x + c on a grid of n points from ``start`` (a random subset of ``sample`` points if given)."""
    x = start + step * np.arange(n)
    if sample:
        x = x[np.random.default_rng(seed).choice(n, sample, replace=False)]
    return x, a * x**2 + b * x + c


def _build_grad(args: tuple) -> tuple[tuple, Any]:
    params, data = args
    x, y = quadratic_data(*data)
    return (np.array(params, dtype=float), x, y), None


def _build_training(args: tuple) -> tuple[tuple, Any]:
    params, data, lr, batch_size = args
    x, y = quadratic_data(*data)
    return (np.array(params, dtype=float), x, y, float(lr), int(batch_size)), None


_SEED002 = (4.0, 5.0, 6.0, 0.0, 0.01, 100)
_SEED004 = (2.0, -4.0, 3.0, -1.0, 0.0025, 800)

EXERCISES = {
    "ex05-1": Exercise(
        label="ex05-1",
        title="a sin node for the autodiff engine",
        signature="sin_node(v)",
        points=4,
        build=_build_node,
        observe=_backward_outcome,
        cases=(Case(("leaf", 0.3), "v = 0.3"),
               Case(("leaf", -2.0), "v = −2"),
               Case(("square", 0.7), "sin(v²) at v = 0.7: the chain rule through your node"),
               Case(("affine", 1.5, 3.0, 1.0), "sin(3v + 1) at v = 1.5")),
        hints=("Return Value(forward value, parents=(v,), local_grads=(derivative,), op='sin'); "
               "the check runs backward() on what you return.",
               "The forward value is math.sin(v.data); the local gradient d sin(u)/du is math.cos(v.data)."),
    ),
    "ex05-2": Exercise(
        label="ex05-2",
        title="fix the gradient the check flags",
        signature="fixed_grad(params, x, y)",
        points=3,
        build=_build_grad,
        cases=(Case(([1.0, 0.0, 1.0], _SEED002), "seed 002 data, start (1, 0, 1)"),
               Case(([-11 / 6, -395 / 3, -2400.0], _SEED004), "seed 004 data, far start"),
               Case(([0.5, -1.0, 2.0], (*_SEED004, 16, 5)), "a batch of 16")),
        hints=("The gradient check's component errors point at index 1, the derivative with respect to b.",
               "∂L/∂b is the mean of 2·rᵢ·xᵢ: the mean of a product, not the product of two means."),
    ),
    "ex05-3": Exercise(
        label="ex05-3",
        title="backpropagation through a tanh neuron",
        signature="neuron_grad(w, b, x, y)",
        points=4,
        cases=(Case((0.5, -0.2, 1.5, 0.3), "w=0.5, b=−0.2, x=1.5, y=0.3"),
               Case((-1.0, 0.4, -0.7, -0.9), "w=−1, b=0.4, x=−0.7, y=−0.9"),
               Case((1.0, 1.0, 3.0, -1.0), "a nearly saturated neuron, tanh(4)"),
               Case((0.0, 0.0, 2.0, 0.5), "w = b = 0")),
        hints=("Forward first: z = w·x + b, h = tanh(z), loss = (h − y)². Then go backward one node at a time.",
               "∂loss/∂h = 2(h − y); ∂h/∂z = 1 − h²; ∂z/∂w = x and ∂z/∂b = 1. Multiply along each path."),
    ),
    "ex05-7": Exercise(
        label="ex05-7",
        title="one epoch of mini-batch training with the engine",
        signature="engine_sgd(params, x, y, lr, batch_size)",
        points=4,
        build=_build_training,
        cases=(Case(([0.0, 0.0, 0.0], (2.0, -4.0, 3.0, -1.0, 0.1, 20), 1.0, 5), "seed 004's curve, 20 points, batches of 5"),
               Case(([1.0, 0.0, 1.0], (4.0, 5.0, 6.0, 0.0, 0.05, 20), 0.5, 4), "seed 002's curve, batches of 4"),
               Case(([0.5, -1.0, 2.0], (2.0, -4.0, 3.0, -1.0, 0.1, 20), 0.8, 7), "batches of 7: the last one has 6"),
               Case(([0.0, 0.0, 0.0], (1.0, 0.0, 0.0, -1.0, 0.25, 9), 0.3, 9), "one batch: a full-batch step")),
        hints=("Make a, b and c Values once, before the loop. For each batch: build its ½·MSE from them (a new "
               "graph), set the three .grad to 0, run backward_adding(loss), then move each .data by −lr·.grad.",
               "Batches are x[0:B], x[B:2B], … in order, the last one possibly shorter; its loss is the mean over "
               "its own samples, times ½. Forgetting to zero the gradients, or the ½, changes every step after the first."),
    ),
}

__getattr__ = instructor_names(__name__)
