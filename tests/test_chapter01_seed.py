"""Chapter 1's seed numbers, reproduced through gdcourse (seed 000: y = w·x on (1,2)…(4,8))."""
import numpy as np
import pytest

import gdcourse as gd


@pytest.fixture
def run():
    x, y = gd.data.line_data(4)
    return gd.gradient_descent(gd.models.line().objective(x, y), 1.0, lr=0.01, steps=100)


def test_data_is_the_seed_data():
    x, y = gd.data.line_data(4)
    assert x.tolist() == [1.0, 2.0, 3.0, 4.0]
    assert y.tolist() == [2.0, 4.0, 6.0, 8.0]


def test_epoch_zero(run):
    # The seed prints the loss of the epoch's starting w next to the w after its update.
    assert f"{run.positions[1, 0]:.2f}" == "1.15"
    assert run.values[0] == pytest.approx(7.5, abs=1e-15)


def test_after_100_epochs(run):
    assert run.steps == 100 and run.stop_reason == "max steps"
    assert f"{run.x[0]:.8f}" == "1.99999991"
    assert f"{run.values[99]:.3g}" == "7.94e-14"
    assert f"{gd.models.line().predict(run.x, [4.0])[0]:.7f}" == "7.9999997"


def test_error_recursion_predicts_every_iterate(run):
    k = np.arange(101)
    assert np.allclose(run.positions[:, 0], 2 - 0.85**k, rtol=0, atol=1e-14)
    ratios = (run.positions[1:, 0] - 2) / (run.positions[:-1, 0] - 2)
    assert np.allclose(ratios, 0.85, rtol=1e-6)


def test_gradient_matches_central_difference():
    x, y = gd.data.line_data(4)
    f = gd.models.line().objective(x, y)
    assert f.smoothness == f.strong_convexity == pytest.approx(15.0)
    for w in (-1.0, 0.5, 1.0, 3.7):
        h = 1e-6
        fd = (f.value(w + h) - f.value(w - h)) / (2 * h)
        assert f.gradient(w)[0] == pytest.approx(fd, rel=1e-7, abs=1e-7)
        assert f.hessian(w)[0, 0] == pytest.approx(15.0)


def test_gradient_tolerance_stops_at_102_updates():
    x, y = gd.data.line_data(4)
    run = gd.gradient_descent(gd.models.line().objective(x, y), 1.0, lr=0.01, steps=10_000, gtol=1e-6)
    assert run.stop_reason == "gradient tolerance" and run.converged
    assert run.steps == 102  # 15·0.85^k <= 1e-6 first at k = 102
    assert run.grad_norms[-1] <= 1e-6 < run.grad_norms[-2]
