"""Chapter 7 feedback: an answer off in the 8th digit is told how far off it is (issue 18, ex07-2)."""
import re

import numpy as np

import gdcourse as gd
from gdcourse.exercises.reference.ch07 import adam_updates


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
