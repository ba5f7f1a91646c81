"""Gradient descent through the one loop: recording, stopping rules, divergence, bad input; objectives."""
import numpy as np
import pytest

import gdcourse as gd
from gdcourse import loop, objectives


def test_run_shapes_are_consistent():
    run = gd.gradient_descent(objectives.quadratic(np.diag([2.0, 4.0])), [-5.0, -2.0], lr=0.1, steps=20)
    assert run.positions.shape == (21, 2)
    assert run.values.shape == (21,) and run.grad_norms.shape == (21,)
    assert run.nfev == run.ngev == 21 and run.updates == run.steps == 20 and run.lrs.tolist() == [0.1] * 20
    assert run.method == "GradientDescent(lr=0.1)"
    assert np.allclose(run.x, [-0.057646, -0.000073], atol=5e-7)


def test_square_runs_match_seed_001():
    f = objectives.square()
    assert f"{gd.gradient_descent(f, 10.0, lr=0.2, steps=10).x[0]:.9f}" == "0.060466176"
    assert f"{gd.gradient_descent(f, 10.0, lr=0.05, steps=10).x[0]:.9f}" == "3.486784401"
    assert f"{gd.gradient_descent(f, 10.0, lr=1.1, steps=10).x[0]:.9f}" == "61.917364224"


def test_value_tolerance():
    run = gd.gradient_descent(objectives.square(), 1.0, lr=0.1, steps=1000, ftol=1e-12)
    assert run.stop_reason == "value tolerance"
    assert abs(run.values[-1] - run.values[-2]) <= 1e-12
    assert len(run.grad_norms) == len(run.values)


def test_divergence_raises_with_step_and_advice():
    with pytest.raises(gd.DivergenceError, match=r"diverged at step \d+.*smaller learning rate") as info:
        gd.gradient_descent(objectives.square(), 10.0, lr=1.5, steps=1000)
    run = info.value.run
    assert run.stop_reason == "diverged" and "GradientDescent(lr=1.5)" in str(info.value)
    assert np.all(np.isfinite(run.positions))


def test_divergence_to_infinity_is_reported_not_nan():
    # cosh overflows to inf long before 1e12 in x: must be caught, with no numpy warning.
    with pytest.raises(gd.DivergenceError):
        gd.gradient_descent(objectives.cosh(1.0), 5.0, lr=50.0, steps=100)
    run = gd.gradient_descent(objectives.cosh(1.0), 5.0, lr=50.0, steps=100, on_divergence="stop")
    assert run.stop_reason == "diverged" and not run.converged


@pytest.mark.parametrize("lr, error", [(-0.1, ValueError), (0.0, ValueError), (float("nan"), ValueError),
                                       (float("inf"), ValueError), ("0.1", TypeError), (None, TypeError),
                                       (True, TypeError)])
def test_bad_learning_rate(lr, error):
    with pytest.raises(error, match="lr"):
        gd.gradient_descent(objectives.square(), 1.0, lr=lr, steps=10)


@pytest.mark.parametrize("steps, error", [(0, ValueError), (-3, ValueError), (2.5, TypeError), ("10", TypeError)])
def test_bad_step_count(steps, error):
    with pytest.raises(error, match="steps"):
        gd.gradient_descent(objectives.square(), 1.0, lr=0.1, steps=steps)


@pytest.mark.parametrize("x0", [[1.0, 2.0, 3.0], [[1.0, 2.0]], [np.nan, 1.0], "start"])
def test_bad_start_point(x0):
    with pytest.raises((ValueError, TypeError), match="x0"):
        gd.gradient_descent(objectives.quadratic(np.eye(2)), x0, lr=0.1, steps=10)


def test_bad_tolerances_and_modes():
    f = objectives.square()
    with pytest.raises(ValueError, match="gtol"):
        gd.gradient_descent(f, 1.0, lr=0.1, steps=10, gtol=-1.0)
    with pytest.raises(ValueError, match="on_divergence"):
        gd.gradient_descent(f, 1.0, lr=0.1, steps=10, on_divergence="ignore")
    with pytest.raises(TypeError, match="Objective"):
        loop.iterate(lambda x: x**2, 1.0, lambda x, g: x - g, 10)
    with pytest.raises(ValueError, match="coordinate"):
        loop.iterate(f, 1.0, lambda x, g: np.array([1.0, 2.0]), 10)


def test_objectives_validate_points_and_parameters():
    f = objectives.quadratic(np.diag([2.0, 4.0]))
    with pytest.raises(ValueError, match="2 coordinate"):
        f.value([1.0])
    with pytest.raises(ValueError, match="symmetric"):
        objectives.quadratic([[1.0, 2.0], [0.0, 1.0]])
    with pytest.raises(ValueError, match="square"):
        objectives.quadratic([1.0, 2.0])
    with pytest.raises(ValueError, match="same number of samples"):
        gd.models.line().objective([1.0, 2.0], [1.0])
    with pytest.raises(ValueError, match="non-zero"):
        objectives.cosh(0.0)


@pytest.mark.parametrize("make", [objectives.square, objectives.x_cos, objectives.cosh, objectives.rosenbrock,
                                  lambda: objectives.quadratic([[3.0, 1.0], [1.0, 2.0]], b=[1.0, -1.0])])
def test_gradients_and_hessians_match_finite_differences(make):
    f = make()
    rng = np.random.default_rng(0)
    h = 1e-6
    for _ in range(5):
        x = rng.uniform(-1.5, 1.5, f.dim)
        grad, hess = f.gradient(x), f.hessian(x)
        for i in range(f.dim):
            e = np.zeros(f.dim)
            e[i] = h
            assert grad[i] == pytest.approx((f.value(x + e) - f.value(x - e)) / (2 * h), rel=1e-6, abs=1e-6)
            assert hess[:, i] == pytest.approx((f.gradient(x + e) - f.gradient(x - e)) / (2 * h), rel=1e-5, abs=1e-5)
