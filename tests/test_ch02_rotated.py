"""Chapter 2's exercise on the rotated quadratic (ex02-6): the reference earns full marks, and a constant,
the public answers hard-coded and the usual slips each lose points."""
import numpy as np
import pytest

import gdcourse as gd
from gdcourse.exercises import lookup
from gdcourse.exercises.ch02 import EXERCISES
from gdcourse.exercises.isolate import run_cases
from gdcourse.exercises.reference import all_cases, score_outcomes, solution_of


def _points(answer):
    cases = [c.args for c in all_cases("ex02-6")]
    return score_outcomes("ex02-6", run_cases(answer, lookup("ex02-6"), cases, keep_going=True)).points


def _eig(A):
    return np.linalg.eigh(np.asarray(A, dtype=float))


def factor_two(A, x0, lr, k):          # the x² formula 1 − 2ηλ
    lam, Q = _eig(A)
    return Q @ ((1 - 2 * lr * lam) ** k * (Q.T @ np.asarray(x0, float)))


def returns_z(A, x0, lr, k):           # forgets to go back to x
    lam, Q = _eig(A)
    return (1 - lr * lam) ** k * (Q.T @ np.asarray(x0, float))


def wrong_transform(A, x0, lr, k):     # Q x0 instead of Qᵀ x0
    lam, Q = _eig(A)
    return Q @ ((1 - lr * lam) ** k * (Q @ np.asarray(x0, float)))


def one_step_too_many(A, x0, lr, k):
    return solution_of("ex02-6").reference(A, x0, lr, k + 1)


def test_reference_matches_the_loop_and_earns_full_marks():
    ref = solution_of("ex02-6").reference
    A = np.array([[3.0, 1.0], [1.0, 3.0]])
    run = gd.gradient_descent(gd.objectives.quadratic(A), [-5.0, -2.0], lr=0.1, steps=20)
    assert np.allclose(ref(A, [-5.0, -2.0], 0.1, 20), run.x, rtol=1e-12, atol=1e-15)
    assert np.allclose(ref(np.diag([2.0, 4.0]), [-5.0, -2.0], 0.1, 20), [-5 * 0.8**20, -2 * 0.6**20], rtol=1e-12)
    assert _points(ref) == EXERCISES["ex02-6"].points


@pytest.mark.parametrize("answer", [factor_two, returns_z, wrong_transform, one_step_too_many,
                                    lambda A, x0, lr, k: np.zeros(len(x0)),
                                    lambda A, x0, lr, k: np.asarray(x0, float)])
def test_slips_and_constants_lose_points(answer):
    assert _points(answer) < EXERCISES["ex02-6"].points


def test_public_answers_hard_coded_lose_points():
    ref = solution_of("ex02-6").reference
    table = {repr(c.args): ref(*c.args) for c in EXERCISES["ex02-6"].cases}

    def hard_coded(A, x0, lr, k):
        return table.get(repr((A, x0, lr, k)), np.zeros(len(x0)))

    assert _points(hard_coded) <= EXERCISES["ex02-6"].points / 3
