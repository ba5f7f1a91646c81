"""Property-based tests of gdcourse's public API (hypothesis).

Bad arguments (NaN, inf, negative, zero, wrong shapes and types) must always give a clear
ValueError or TypeError, never a numpy warning (pytest turns RuntimeWarning into an error here)
and never a silent NaN; gradient descent on a convex quadratic with η < 2/L never increases the loss;
``check`` never raises, whatever a student passes it.
"""
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gdcourse as gd
from gdcourse import conjugate_gradient, loop, minibatch, newton, objectives, schedules
from gdcourse.widgets import Param

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

bad_reals = st.one_of(st.floats(max_value=0.0), st.sampled_from([math.nan, math.inf, -math.inf]))
not_numbers = st.one_of(st.none(), st.booleans(), st.text(max_size=5), st.lists(st.floats(), max_size=2),
                        st.complex_numbers(), st.dictionaries(st.text(max_size=2), st.integers(), max_size=1))
bad_counts = st.one_of(st.integers(max_value=0), st.floats(allow_nan=True), st.text(max_size=3), st.none(),
                       st.booleans())


def spd_matrix(draw_eigs, rotation_seed):
    q, _ = np.linalg.qr(np.random.default_rng(rotation_seed).normal(size=(len(draw_eigs), len(draw_eigs))))
    return q @ np.diag(draw_eigs) @ q.T


@FAST
@given(lr=st.one_of(bad_reals, not_numbers))
def test_bad_learning_rate_is_a_clear_error(lr):
    with pytest.raises((ValueError, TypeError), match="lr"):
        gd.gradient_descent(objectives.square(), 1.0, lr=lr, steps=5)
    with pytest.raises((ValueError, TypeError), match="lr"):
        minibatch.minibatch_sgd(lambda p, x, y: (0.0, p), [1.0], [1.0, 2.0], [1.0, 2.0], lr=lr, batch_size=1,
                                epochs=1)


@FAST
@given(steps=bad_counts)
def test_bad_step_count_is_a_clear_error(steps):
    with pytest.raises((ValueError, TypeError), match="steps"):
        gd.gradient_descent(objectives.square(), 1.0, lr=0.1, steps=steps)


@FAST
@given(x0=st.one_of(
    st.lists(st.floats(-10, 10), min_size=0, max_size=5).filter(lambda v: len(v) != 2),
    st.lists(st.sampled_from([math.nan, math.inf, -math.inf]), min_size=2, max_size=2),
    st.lists(st.lists(st.floats(-1, 1), min_size=2, max_size=2), min_size=1, max_size=3),
    st.text(min_size=1, max_size=4), st.none()))
def test_bad_start_point_is_a_clear_error(x0):
    with pytest.raises((ValueError, TypeError), match="x0"):
        gd.gradient_descent(objectives.quadratic(np.eye(2)), x0, lr=0.1, steps=5)


@FAST
@given(eigs=st.lists(st.floats(0.1, 10.0), min_size=1, max_size=4), seed=st.integers(0, 2**16),
       fraction=st.floats(0.01, 0.99), start=st.lists(st.floats(-100, 100), min_size=4, max_size=4))
def test_loss_never_increases_below_the_stability_limit(eigs, seed, fraction, start):
    A = spd_matrix(eigs, seed)
    f = objectives.quadratic((A + A.T) / 2)
    lr = fraction * 2.0 / f.smoothness
    run = gd.gradient_descent(f, start[: f.dim], lr=lr, steps=50)
    assert np.all(np.isfinite(run.values))
    assert np.all(np.diff(run.values) <= 1e-12 * (1.0 + np.abs(run.values[:-1])))


@FAST
@given(eigs=st.lists(st.floats(0.5, 10.0), min_size=1, max_size=3), seed=st.integers(0, 2**16),
       factor=st.floats(2.2, 50.0))
def test_divergence_is_reported_not_nan(eigs, seed, factor):
    f = objectives.quadratic(spd_matrix(eigs, seed))
    lr = factor * 2.0 / f.smoothness
    try:
        run = gd.gradient_descent(f, np.ones(f.dim), lr=lr, steps=2000)
    except gd.DivergenceError as err:
        assert np.all(np.isfinite(err.run.positions[:-1])) and err.run.stop_reason == "diverged"
        assert "smaller learning rate" in str(err)
    else:  # a start with no component along the unstable directions can still converge
        assert np.all(np.isfinite(run.values))


@FAST
@given(answer=st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(), st.text(max_size=8),
                        st.none(), st.lists(st.floats(allow_nan=True), max_size=4), st.booleans(),
                        st.dictionaries(st.text(max_size=2), st.floats(), max_size=2), st.complex_numbers()),
       label=st.sampled_from(["ex01-1", "ex01-2", "ex01-3", "ex01-4"]))
def test_check_never_raises_on_any_value(answer, label):
    result = gd.check(label, answer)
    assert 0 <= result.points <= result.max_points
    assert result.status in {"correct", "partly correct", "incorrect", "not attempted"}


@FAST
@given(exc=st.sampled_from([ValueError, TypeError, KeyError, IndexError, ZeroDivisionError, AttributeError,
                            RecursionError, OverflowError, AssertionError, StopIteration]),
       label=st.sampled_from(["ex01-1", "ex01-2", "ex01-4"]))
def test_check_turns_any_exception_into_feedback(exc, label):
    def answer(*args):
        raise exc("boom")

    result = gd.check(label, answer)
    assert result.points == 0 and exc.__name__ in repr(result)


@FAST
@given(n=st.integers(1, 300), b=st.integers(1, 300), seed=st.integers(0, 1000), drop=st.booleans())
def test_batches_cover_each_sample_once(n, b, seed, drop):
    if b > n:
        with pytest.raises(ValueError, match="batch_size"):
            minibatch.batch_indices(n, b, rng=seed)
        return
    batches = minibatch.batch_indices(n, b, rng=seed, drop_last=drop)
    flat = np.concatenate(batches) if batches else np.array([], dtype=int)
    assert len(set(flat.tolist())) == len(flat)
    assert len(flat) == (n - n % b if drop else n)


@FAST
@given(lr=st.one_of(bad_reals, not_numbers), factor=st.floats(0.01, 1.0), every=st.integers(1, 20))
def test_schedules_reject_bad_rates(lr, factor, every):
    for make in (lambda: schedules.constant(lr), lambda: schedules.step_decay(lr, factor, every),
                 lambda: schedules.exponential_decay(lr, factor), lambda: schedules.cosine(lr, every)):
        with pytest.raises((ValueError, TypeError)):
            make()


@FAST
@given(value=st.one_of(st.floats(allow_nan=True, allow_infinity=True), not_numbers))
def test_slider_values_are_checked(value):
    p = Param("lr", 0.01, 1.0, 0.1)
    ok = isinstance(value, float) and math.isfinite(value) and 0.01 <= value <= 1.0
    if ok:
        assert p.check(value) == value
    else:
        with pytest.raises((ValueError, TypeError)):
            p.check(value)


@FAST
@given(A=st.one_of(st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=3),
                   st.lists(st.lists(st.floats(allow_nan=True), min_size=2, max_size=2), min_size=3, max_size=3),
                   st.just([[1.0, 2.0], [3.0, 4.0]]), st.just([[math.nan, 0.0], [0.0, 1.0]]), st.text(max_size=3)))
def test_quadratic_rejects_bad_matrices(A):
    with pytest.raises((ValueError, TypeError)):
        objectives.quadratic(A)


def test_update_rule_returning_garbage_is_a_clear_error():
    f = objectives.quadratic(np.eye(2))
    with pytest.raises(ValueError, match="coordinate"):
        loop.iterate(f, [1.0, 1.0], lambda x, g: np.zeros(3), 5)
    with pytest.raises(gd.DivergenceError):
        loop.iterate(f, [1.0, 1.0], lambda x, g: np.full(2, np.nan), 5)


@FAST
@given(eigs=st.lists(st.floats(0.1, 100.0), min_size=1, max_size=4), seed=st.integers(0, 2**16),
       skew=st.floats(0.0, 3.0))
def test_one_symmetry_check_for_quadratic_newton_and_cg(eigs, seed, skew):
    # A matrix that quadratic() accepts is accepted by Newton's curvature="absolute" and by CG, and the
    # other way round: all three use the same check with the same tolerance.
    A = spd_matrix(eigs, seed)
    A[0, -1] += skew * 1e-10 * np.max(np.abs(A))   # an asymmetry near the tolerance
    verdicts = []
    for use in (objectives.quadratic, lambda M: newton.modified_hessian(M),
                lambda M: conjugate_gradient.conjugate_gradient(M, np.ones(len(M)), max_steps=1)):
        try:
            use(A)
            verdicts.append(True)
        except ValueError as err:
            assert "symmetric" in str(err)
            verdicts.append(False)
    assert len(set(verdicts)) == 1
