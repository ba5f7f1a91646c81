"""Chapter 5: reference solutions, hidden cases and worked solutions (instructor edition only)."""
from __future__ import annotations

import math

import numpy as np

from ...autodiff import Value
from ..core import Case
from . import Solution


def sin_node(v):
    # The reference node: value sin(v), local gradient cos(v) with respect to its one parent.
    return Value(math.sin(v.data), parents=(v,), local_grads=(math.cos(v.data),), op="sin")


sin_node_outcome = sin_node   # the name used before the public/instructor split


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


def engine_sgd(params, x, y, lr, batch_size):
    # One epoch of mini-batch gradient descent on ½·MSE, batches in order; each batch's own mean.
    p = np.array(params, dtype=float)
    for first in range(0, len(x), batch_size):
        xb, yb = x[first:first + batch_size], y[first:first + batch_size]
        r = p[0] * xb**2 + p[1] * xb + p[2] - yb
        p = p - lr * np.array([np.mean(r * xb**2), np.mean(r * xb), np.mean(r)])
    return p


SOLUTIONS = {
    "ex05-1": Solution(
        reference=sin_node,
        hidden=(Case(("leaf", -0.5), "v = −0.5"), Case(("leaf", 3.0), "v = 3"),
                Case(("square", 1.2), "sin(v²) at v = 1.2"), Case(("tanh", 0.4), "sin(tanh v) at v = 0.4"),
                Case(("affine", -0.8, -2.0, 0.5), "sin(−2v + 0.5) at v = −0.8")),
        explanation="A node needs only its forward value and the derivative with respect to each parent, "
                    "evaluated at the parents' values: sin(u) and cos(u). backward() does the rest, "
                    "multiplying cos(u) by the gradient arriving from above (the chain rule), which is why "
                    "sin(v²) comes out right as cos(v²)·2v without any extra code.",
    ),
    "ex05-2": Solution(
        reference=quadratic_mse_grad,
        hidden=(Case(([0.0, 0.0, 0.0], (1.0, -2.0, 0.5, -2.0, 0.05, 80)), "another parabola, from 0"),
                Case(([3.0, 1.0, -1.0], (4.0, 5.0, 6.0, 0.0, 0.01, 100, 25, 9)), "a batch of 25 of seed 002"),
                Case(([-1.0, 2.0, 0.5], (0.5, 0.0, -3.0, 1.0, 0.1, 30)), "inputs from 1 to 3.9"),
                Case(([2.0, -4.0, 3.0], (2.0, -4.0, 3.0, -1.0, 0.0025, 800)), "at the solution: zero gradient")),
        explanation="Only the b component was wrong: mean(2r)·mean(x) is not mean(2r·x) unless r and x are "
                    "uncorrelated over the batch. Each component is the mean of 2·rᵢ times the derivative of "
                    "ŷᵢ with respect to that parameter: xᵢ², xᵢ and 1.",
    ),
    "ex05-3": Solution(
        reference=neuron_grad,
        hidden=(Case((2.0, -1.0, 0.5, 0.9), "w=2, b=−1"), Case((-0.3, 0.8, 2.5, 1.0), "w=−0.3, b=0.8"),
                Case((0.7, 0.1, -1.2, -0.4), "x = −1.2"), Case((1.5, -2.0, 0.0, 0.2), "x = 0"),
                Case((-2.0, -1.0, 1.0, 0.0), "saturated the other way")),
        explanation="The chain rule along the path loss ← h ← z ← (w, b): ∂loss/∂z = 2(h − y)(1 − h²), "
                    "then ∂loss/∂w = ∂loss/∂z · x and ∂loss/∂b = ∂loss/∂z. For a saturated neuron "
                    "(|z| large) 1 − h² is tiny, so almost no gradient gets through.",
    ),
    "ex05-7": Solution(
        reference=engine_sgd,
        hidden=(Case(([0.0, 0.0, 0.0], (2.0, -4.0, 3.0, -1.0, 0.05, 40), 1.0, 8), "40 points, batches of 8"),
                Case(([2.0, 2.0, 2.0], (4.0, 5.0, 6.0, 0.0, 0.1, 10), 0.3, 3), "batches of 3, last one 1"),
                Case(([-1.0, 1.0, 0.0], (0.5, 0.0, -3.0, 1.0, 0.1, 12), 0.05, 5), "inputs from 1 to 2.1"),
                Case(([2.0, -4.0, 3.0], (2.0, -4.0, 3.0, -1.0, 0.1, 20), 1.0, 5), "at the answer: nothing moves"),
                Case(([1.0, 1.0, 1.0], (1.0, 2.0, 3.0, -0.5, 0.1, 11), 1.5, 1), "batches of 1: per-sample steps")),
        explanation="The parameters are three Values that live through the whole epoch; every batch builds a new "
                    "graph from them. Zeroing their .grad before each backward pass matters because an adding "
                    "backward pass accumulates: without it, each step would use the sum of all gradients so far. "
                    "The ½ of the loss cancels the 2 of the square, so each step is −lr times the batch mean of "
                    "r·(x², x, 1).",
    ),
}
