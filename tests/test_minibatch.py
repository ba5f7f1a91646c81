"""Mini-batch iterator, loop and schedules: the properties later chapters rely on."""
import numpy as np
import pytest

import gdcourse as gd
from gdcourse import schedules
from gdcourse.minibatch import batch_indices, minibatch_sgd


quadratic_loss_and_grad = gd.models.parabola()


@pytest.mark.parametrize("n, b", [(10, 3), (800, 16), (7, 7), (5, 1)])
def test_every_sample_exactly_once_per_epoch(n, b):
    batches = batch_indices(n, b, rng=1)
    assert sorted(np.concatenate(batches).tolist()) == list(range(n))
    assert all(len(idx) == b for idx in batches[:-1])


def test_shuffle_is_reproducible_and_drop_last():
    assert all(np.array_equal(a, b) for a, b in zip(batch_indices(50, 8, rng=3), batch_indices(50, 8, rng=3)))
    assert [len(i) for i in batch_indices(50, 8, rng=3, drop_last=True)] == [8] * 6
    assert np.array_equal(np.concatenate(batch_indices(6, 4, shuffle=False)), np.arange(6))


# Seed 002's per-sample run (100 000 updates) is asserted in test_chapter05_backprop.py.


def test_full_batch_equals_gradient_descent():
    x, y = gd.data.line_data(4)

    def line(p, xb, yb):
        r = p[0] * xb - yb
        return np.mean(r**2), np.array([np.mean(2 * xb * r)])

    run = minibatch_sgd(line, [1.0], x, y, lr=0.01, batch_size=4, epochs=100, shuffle=False)
    gd_run = gd.gradient_descent(gd.models.line().objective(x, y), 1.0, lr=0.01, steps=100)
    assert np.allclose(run.positions[:, 0], gd_run.positions[:, 0], rtol=0, atol=1e-15)


def test_divergence_and_bad_input():
    x, y = gd.data.seed002_data()
    with pytest.raises(gd.DivergenceError, match="smaller learning rate"):
        minibatch_sgd(quadratic_loss_and_grad, [1.0, 0.0, 1.0], x, y, lr=5.0, batch_size=10, epochs=50)
    with pytest.raises(ValueError, match="batch_size"):
        minibatch_sgd(quadratic_loss_and_grad, [1.0, 0.0, 1.0], x, y, lr=0.1, batch_size=101, epochs=1)
    with pytest.raises(ValueError, match="same"):
        minibatch_sgd(quadratic_loss_and_grad, [1.0, 0.0, 1.0], x, y[:-1], lr=0.1, batch_size=1, epochs=1)
    with pytest.raises(ValueError, match="lr"):
        minibatch_sgd(quadratic_loss_and_grad, [1.0, 0.0, 1.0], x, y, lr=-0.1, batch_size=1, epochs=1)
    with pytest.raises(TypeError, match="rng"):
        batch_indices(10, 2, rng="seed")


def test_schedules():
    step = schedules.step_decay(0.5, factor=0.5, every=10)
    assert [step(e) for e in (0, 9, 10, 19, 20)] == [0.5, 0.5, 0.25, 0.25, 0.125]
    assert schedules.constant(0.1)(99) == 0.1
    assert schedules.exponential_decay(1.0, 0.9)(2) == pytest.approx(0.81)
    cos = schedules.cosine(1.0, 10, lr_min=0.1)
    assert cos(0) == 1.0 and cos(5) == pytest.approx(0.55) and cos(10) == pytest.approx(0.1)
    with pytest.raises(ValueError, match="factor"):
        schedules.step_decay(0.5, factor=2.0)
    with pytest.raises(ValueError, match="lr_min"):
        schedules.cosine(0.1, 10, lr_min=0.2)
