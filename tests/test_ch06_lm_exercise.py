"""Chapter 6's new exercise (ex06-6, the Levenberg–Marquardt step)."""
import numpy as np

from gdcourse.exercises import lookup
from gdcourse.exercises.isolate import run_cases
from gdcourse.exercises.reference import all_cases, score_outcomes, solution_of
from gdcourse.newton import modified_hessian


def points(label, answer):
    ex = lookup(label)
    return score_outcomes(label, run_cases(answer, ex, [c.args for c in all_cases(label)], keep_going=True)).points


def test_reference_earns_full_marks_and_steps_downhill():
    assert points("ex06-6", solution_of("ex06-6").reference) == lookup("ex06-6").points
    for case in all_cases("ex06-6"):
        g, H, lam = (np.asarray(a, dtype=float) for a in case.args)
        assert g @ solution_of("ex06-6").reference(g, H, float(lam)) < 0


def test_near_misses_lose_points():
    best = lookup("ex06-6").points
    near_misses = [
        lambda g, H, lam: np.linalg.solve(H + lam * np.eye(len(g)), -g),                      # λ never raised
        lambda g, H, lam: np.linalg.solve(modified_hessian(H) + lam * np.eye(len(g)), -g),    # |eigenvalues|
        lambda g, H, lam: np.linalg.solve(modified_hessian(H), -g),                           # modified Newton
        lambda g, H, lam: -g / lam,                                                            # gradient step
    ]
    for answer in near_misses:
        assert points("ex06-6", answer) < best
