"""Chapter 3, second edition: the c/(t + t0) exercise (ex03-7) and the saddle explorer's epochs slider.

The general audit (tests/test_exercise_audit.py) scores a constant and the hard-coded public answers
for every exercise; the near-misses of ex03-7 are audited here until that file lists them.
"""
import numpy as np
import pytest

from gdcourse.exercises import lookup
from gdcourse.exercises.isolate import run_cases
from gdcourse.exercises.reference import all_cases, score_outcomes, solution_of
from gdcourse.widgets.saddle import saddle_explorer


def points(label, answer):
    ex = lookup(label)
    return score_outcomes(label, run_cases(answer, ex, [c.args for c in all_cases(label)], keep_going=True)).points


def _decaying(shift=0, constant_step=False, keep_start=False):
    def answer(x, y, w0, c, t0, idx):
        w, ws = float(w0), [float(w0)] if keep_start else []
        for t, i in enumerate(idx):
            lr = c / t0 if constant_step else c / (t + t0 + shift)
            w = w - lr * 2 * x[i] * (w * x[i] - y[i])
            ws.append(w)
        return np.array(ws)
    return answer


def test_reference_earns_full_marks():
    assert points("ex03-7", solution_of("ex03-7").reference) == lookup("ex03-7").points


@pytest.mark.parametrize("near_miss", [_decaying(shift=1), _decaying(constant_step=True), _decaying(keep_start=True),
                                       lambda x, y, w0, c, t0, idx: _decaying()(x, y, w0, c, t0, idx)[-1]],
                         ids=["t counted from 1", "constant step c/t0", "w0 kept in the output", "final weight only"])
def test_near_misses_lose_points(near_miss):
    assert points("ex03-7", near_miss) < lookup("ex03-7").points


def test_reference_matches_the_chapter_recursion():
    # One update by hand: w1 = w0 - c/t0 * 2 x (w0 x - y).
    ref = solution_of("ex03-7").reference
    out = ref(np.array([2.0]), np.array([3.0]), 1.0, 0.5, 4, np.array([0]))
    assert out.shape == (1,) and out[0] == pytest.approx(1.0 - 0.5 / 4 * 2 * 2.0 * (2.0 - 3.0))


def test_saddle_explorer_epochs_slider():
    explorer = saddle_explorer()
    assert explorer.state()["epochs"] == 15
    with pytest.raises(ValueError):
        explorer.render(epochs=2.5)
    with pytest.raises(ValueError):
        explorer.render(epochs=100)
    data, _ = explorer.scrubber_bundle("η over epochs", lr=[0.01, 0.1], epochs=[5, 45], noise=0.3, frames=False)
    assert len(data["application/vnd.gdcourse.scrubber+json"]["alt"]) == 4


def test_chapter_vectorised_escape_study_matches_the_package():
    # Chapter 3 advances its 200 seeded escape runs all at once; escape_study runs them one by one.
    from gdcourse.saddles import escape_study, saddle_landscape
    landscape = saddle_landscape(n=20, noise=0.3, seed=0)
    start, lr, runs, epochs = np.array([2.0, 0.0]), 0.1, 200, 15
    orders = np.array([np.concatenate([rng.permutation(landscape.n) for _ in range(epochs)])
                       for rng in (np.random.default_rng(s) for s in range(runs))])
    u, v = np.full(runs, start[0]), np.full(runs, start[1])
    escaped_at = np.full(runs, -1)
    for k in range(epochs * landscape.n):
        i = orders[:, k]
        u, v = u - lr * (u - landscape.x[i]), v - lr * (v * v * v - v + landscape.y[i])
        now = (escaped_at < 0) & (np.hypot(u, np.abs(v) - 1) < np.hypot(u, v))
        escaped_at[now] = k + 1
    study = escape_study(landscape, start, lr, epochs=epochs, runs=runs)
    assert np.array_equal(study.times, escaped_at)
