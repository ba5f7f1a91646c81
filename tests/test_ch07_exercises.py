"""Chapter 7 exercises: near-miss feedback for ex07-2 (issue 18), and the AMSGrad exercise ex07-6."""
import re

import numpy as np

import gdcourse as gd
from gdcourse.exercises.reference.ch07 import adam_updates
from test_exercise_audit import _amsgrad_corrected_max   # the audit's near-miss, reused


def _eps_too_large(grads, lr, beta1, beta2, eps):
    return adam_updates(grads, lr, beta1, beta2, 10 * eps)


def test_a_near_miss_prints_its_largest_relative_difference():
    text = repr(gd.check("ex07-2", _eps_too_large))
    gaps = [float(g) for g in re.findall(r"largest relative difference ([0-9.e+-]+), allowed 1e-09", text)]
    assert gaps, text
    # ε = 1e-7 instead of 1e-8 for gradients of order 1: a relative change of about 1e-7.
    assert all(1e-9 < g < 1e-5 for g in gaps), gaps


def test_large_errors_and_correct_answers_get_no_relative_difference():
    assert "relative difference" not in repr(gd.check("ex07-2", lambda g, *a: 2 * adam_updates(g, *a)))
    assert "relative difference" not in repr(gd.check("ex07-2", adam_updates))
    assert "relative difference" not in repr(gd.check("ex07-2", lambda g, *a: np.zeros(np.shape(g))))


# ex07-6 (AMSGrad): the reference passes; plain Adam, the older documentation's maximum of the corrected
# second moment, a constant and the public answers hard-coded each fail.
def test_amsgrad_exercise_passes_its_reference_and_fails_near_misses():
    from gdcourse.exercises.core import public_expected
    from gdcourse.exercises.reference.ch07 import amsgrad_updates

    assert gd.check("ex07-6", amsgrad_updates).status == "correct"
    assert gd.check("ex07-6", adam_updates).status != "correct"
    near_miss = gd.check("ex07-6", _amsgrad_corrected_max)
    assert near_miss.status == "partly correct" or near_miss.status == "incorrect"
    assert "entries are off" in repr(near_miss) or "entry is off" in repr(near_miss), near_miss
    assert gd.check("ex07-6", lambda g, *a: -0.1 * np.sign(np.asarray(g))).status == "incorrect"
    answers = [np.array(e) for e in public_expected("ex07-6")]
    assert gd.check("ex07-6", lambda g, *a: answers[0]).status != "correct"


def test_amsgrad_exercise_is_torchs_rule():
    from gdcourse.exercises.reference.ch07 import amsgrad_updates
    from gdcourse.adaptive import Adam

    grads = np.array([[3.0, 0.5], [-1.0, 0.1], [-1.0, -0.2], [3.0, 0.0]])
    rule, x, steps = Adam(0.5, betas=(0.0, 0.1), amsgrad=True), np.zeros(2), []
    for g in grads:
        new = rule(x, g)
        steps.append(new - x)
        x = new
    np.testing.assert_allclose(amsgrad_updates(grads, 0.5, 0.0, 0.1, 1e-8), steps, rtol=1e-12, atol=1e-15)


def test_amsgrad_near_misses_lose_points_when_graded():
    # What tests/test_exercise_audit.py's NEAR_MISSES would audit for ex07-6 (that file is not chapter 7's).
    from gdcourse.exercises import lookup
    from gdcourse.exercises.isolate import run_cases
    from gdcourse.exercises.reference import all_cases, score_outcomes

    def points(answer):
        outcomes = run_cases(answer, lookup("ex07-6"), [c.args for c in all_cases("ex07-6")], keep_going=True)
        return score_outcomes("ex07-6", outcomes).points

    from gdcourse.exercises.reference.ch07 import amsgrad_updates
    assert points(amsgrad_updates) == lookup("ex07-6").points
    assert points(adam_updates) < lookup("ex07-6").points
    assert points(_amsgrad_corrected_max) < lookup("ex07-6").points
