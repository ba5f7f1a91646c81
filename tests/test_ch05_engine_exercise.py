"""Chapter 5's new exercise (ex05-7, training with the engine) and ex05-1's feedback."""
import math

import numpy as np

from gdcourse.autodiff import Value
from gdcourse.exercises import check, lookup
from gdcourse.exercises.reference import solution_of
from test_exercise_audit import _epoch05 as _epoch, points   # the audit's near-misses, reused


def _engine_epoch(zero=True):
    """The notebook's solution, written with the engine (adding backward pass), optionally without zeroing."""
    from gdcourse.autodiff import topological_order

    def backward_adding(root):
        order = topological_order(root)
        root.grad = 1.0
        for node in reversed(order):
            for parent, local in zip(node.parents, node.local_grads):
                parent.grad += local * node.grad

    def run(params, x, y, lr, batch_size):
        a, b, c = (Value(float(v)) for v in params)
        for first in range(0, len(x), batch_size):
            total = 0.0
            xb, yb = x[first:first + batch_size].tolist(), y[first:first + batch_size].tolist()
            for xi, yi in zip(xb, yb):
                total = total + (a * xi**2 + b * xi + c - yi) ** 2
            loss = total / (2 * len(xb))
            if zero:
                for p in (a, b, c):
                    p.grad = 0.0
            backward_adding(loss)
            for p in (a, b, c):
                p.data -= lr * p.grad
        return np.array([a.data, b.data, c.data])
    return run


def test_engine_solution_and_reference_earn_full_marks():
    best = lookup("ex05-7").points
    assert points("ex05-7", solution_of("ex05-7").reference) == best
    assert points("ex05-7", _engine_epoch()) == best


def test_near_misses_lose_points():
    best = lookup("ex05-7").points
    for answer in [_engine_epoch(zero=False), _epoch(no_zeroing=True), _epoch(factor=2.0),
                   _epoch(divide_by_batch_size=True), lambda p, x, y, lr, b: np.asarray(p, dtype=float)]:
        assert points("ex05-7", answer) < best


def test_ex05_1_feedback_says_what_to_return():
    float_answer = str(check("ex05-1", lambda v: math.sin(v.data)))
    assert "return a Value" in float_answer and "shape" not in float_answer
    cut = str(check("ex05-1", lambda v: Value(math.sin(v.data))))
    assert "not connected to v" in cut
    assert "correct, 4/4" in str(check("ex05-1", solution_of("ex05-1").reference))
