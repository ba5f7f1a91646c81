"""The one loop and the one run record: objectives and data sets, records per update or per epoch,
stopping rules, counts, the rule's own advice, and checks made once, at the door."""
import dataclasses

import numpy as np
import pytest

import gdcourse as gd
from gdcourse import _validate, adaptive, conjugate_gradient, linesearch, newton, objectives, optimizers
from gdcourse.loop import iterate
from gdcourse.minibatch import Batches, minibatch_sgd
from gdcourse.objectives import data_loss
from gdcourse.record import Run

X, Y = gd.data.line_data(4)
LINE = gd.models.line()


def test_every_solver_returns_the_one_record():
    f = objectives.quadratic(np.diag([2.0, 4.0]))
    runs = [gd.gradient_descent(f, [1.0, 1.0], lr=0.1, steps=5),
            iterate(f, [1.0, 1.0], adaptive.Adam(0.1), 5),
            minibatch_sgd(LINE, [1.0], X, Y, lr=0.01, batch_size=2, epochs=3, rng=0),
            newton.newton(f, [1.0, 1.0], steps=2),
            linesearch.backtracking_descent(f, [1.0, 1.0], steps=5),
            conjugate_gradient.conjugate_gradient(np.diag([2.0, 4.0]), [1.0, 1.0])]
    for run in runs:
        assert type(run) is Run
        assert run.positions.shape[0] == run.values.shape[0] == run.grad_norms.shape[0] == run.steps + 1
        assert run.nfev >= run.steps and run.ngev >= run.steps and run.stop_reason in gd.record.STOP_REASONS


def test_full_batch_data_loss_is_gradient_descent_on_its_objective():
    by_data = iterate(data_loss(LINE, X, Y), 1.0, optimizers.GradientDescent(0.01), epochs=100)
    by_objective = gd.gradient_descent(LINE.objective(X, Y), 1.0, lr=0.01, steps=100)
    assert np.array_equal(by_data.positions, by_objective.positions)
    assert np.array_equal(by_data.values, by_objective.values)
    assert by_data.nfev == by_data.ngev == 101                # one evaluation per step serves update and record
    assert np.array_equal(by_data.batch_loss, by_data.values[:-1])


def test_records_per_update_and_per_epoch_agree():
    loss = data_loss(LINE, X, Y)
    every = iterate(loss, 1.0, optimizers.GradientDescent(0.01), epochs=3, batches=Batches(1, rng=5))
    epochs = iterate(loss, 1.0, optimizers.GradientDescent(0.01), epochs=3, batches=Batches(1, rng=5), record="epoch")
    assert every.steps == 12 and epochs.steps == 3 and every.updates == epochs.updates == 12
    assert np.array_equal(epochs.positions, every.positions[::4])
    assert np.allclose(epochs.batch_loss, every.batch_loss.reshape(3, 4).mean(axis=1), rtol=1e-14)
    assert every.nfev == 1 + 12 + 12 and epochs.nfev == 1 + 12 + 3


def test_steps_cut_an_epoch_and_the_partial_epoch_is_recorded():
    run = iterate(data_loss(LINE, X, Y), 1.0, optimizers.GradientDescent(0.01), 6, epochs=5,
                  batches=Batches(2, rng=0), record="epoch")
    assert run.updates == 6 and run.steps == 3 and run.stop_reason == "max steps"
    run = iterate(data_loss(LINE, X, Y), 1.0, optimizers.GradientDescent(0.01), 100, epochs=2, batches=Batches(3))
    assert run.updates == 4 and run.stop_reason == "max epochs"    # batches of 3 and 1


def test_tolerances_and_until():
    f = objectives.square()
    assert gd.gradient_descent(f, 0.0, lr=0.1, steps=5, gtol=0.0).steps == 0   # already stationary
    run = iterate(f, 10.0, optimizers.GradientDescent(0.1), 100, until=lambda x: abs(x[0]) < 1.0)
    assert run.stop_reason == "condition met" and abs(run.x[0]) < 1.0 <= abs(run.positions[-2, 0])
    assert iterate(f, 0.5, optimizers.GradientDescent(0.1), 5, until=lambda x: abs(x[0]) < 1.0).steps == 0
    run = gd.gradient_descent(f, 1.0, lr=0.1, steps=1000, ftol=1e-12, gtol=1e-30)
    assert run.stop_reason == "value tolerance"


def test_each_rule_gives_its_own_advice_on_divergence():
    wave = objectives.x_cos(0.15 * np.pi)
    with pytest.raises(gd.DivergenceError) as info:
        newton.newton(objectives.cosh(1.0), 5.0, steps=50, lr=50.0)
    assert "Newton(lr=50)" in str(info.value) and "damp the step" in str(info.value)
    assert "2/L" not in str(info.value)
    with pytest.raises(gd.DivergenceError, match=r"Adam.*adaptive rule"):
        iterate(wave, 10.0, adaptive.Adam(lr=1e13), 5)
    with pytest.raises(gd.DivergenceError, match=r"<lambda>.*smaller step"):
        iterate(objectives.square(), 1.0, lambda x, g: x + 1e13 * g, 5)


def test_run_record_is_frozen_and_extras_read_as_attributes():
    run = linesearch.backtracking_descent(objectives.cosh(0.5), 10.0, steps=20)
    assert run.step_sizes is run.extras["step_sizes"] and np.array_equal(run.x, run.positions[-1])
    with pytest.raises(dataclasses.FrozenInstanceError):
        run.stop_reason = "tampered"
    with pytest.raises(AttributeError, match="extras"):
        _ = run.trajectory
    assert "Backtracking('gradient')" in repr(run)
    assert newton.newton(objectives.cosh(0.5), 1.0, steps=3).nhev == 3


def test_checks_happen_once_at_the_door_not_in_the_loop(monkeypatch):
    calls = {"n": 0}
    original = _validate.point

    def counting(*args, **kwargs):
        calls["n"] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(_validate, "point", counting)
    loss = data_loss(gd.models.parabola(), *gd.data.seed002_data())
    calls["n"] = 0
    iterate(loss, [1.0, 0.0, 1.0], optimizers.GradientDescent(0.001), epochs=3, batches=Batches(1))
    few = calls["n"]
    calls["n"] = 0
    iterate(loss, [1.0, 0.0, 1.0], optimizers.GradientDescent(0.001), epochs=30, batches=Batches(1))
    assert calls["n"] == few <= 2                  # 3000 updates check no more than 300


def test_loop_validation():
    f = objectives.square()
    loss = data_loss(LINE, X, Y)
    rule = optimizers.GradientDescent(0.1)
    with pytest.raises(TypeError, match="Objective .* or a DataLoss"):
        iterate("f", 1.0, rule, 5)
    with pytest.raises(TypeError, match="rule must be a function"):
        iterate(f, 1.0, "sgd", 5)
    with pytest.raises(TypeError, match="epochs and batches are for a DataLoss"):
        iterate(f, 1.0, rule, 5, epochs=2)
    with pytest.raises(TypeError, match="number of steps"):
        iterate(f, 1.0, rule)
    with pytest.raises(TypeError, match="steps .* or epochs"):
        iterate(loss, 1.0, rule)
    with pytest.raises(ValueError, match="batch_size must be at most the number of samples"):
        iterate(loss, 1.0, rule, epochs=1, batches=Batches(5))
    with pytest.raises(ValueError, match="record must be one of"):
        iterate(loss, 1.0, rule, epochs=1, record="always")
    with pytest.raises(ValueError, match="blowup must be a finite number > 0"):
        iterate(f, 1.0, rule, 5, blowup=0.0)
    with pytest.raises(TypeError, match="until must be a function"):
        iterate(f, 1.0, rule, 5, until=3)
    with pytest.raises(ValueError, match="x0 must have 1 coordinate"):
        iterate(loss, [1.0, 2.0], rule, epochs=1)
    with pytest.raises(ValueError, match="gradient must have 1 coordinate"):
        iterate(data_loss(lambda p, xb, yb: (0.0, np.zeros(2)), X, Y), [1.0], rule, epochs=1, batches=Batches(1))
    with pytest.raises(ValueError, match=r"rule\(x, g\) must have 1 coordinate"):
        iterate(f, 1.0, lambda x, g: np.zeros(3), 5)


def test_data_loss_and_batches_validation():
    with pytest.raises(TypeError, match="loss must be a function"):
        data_loss(3.0, X, Y)
    with pytest.raises(ValueError, match="same number of samples"):
        data_loss(LINE, X, Y[:-1])
    with pytest.raises(ValueError, match="finite"):
        data_loss(LINE, [1.0, np.nan], [1.0, 2.0])
    with pytest.raises(ValueError, match="parameters"):
        data_loss(lambda p, xb, yb: (0.0, p), X, Y).objective()
    with pytest.raises(ValueError, match="rng must be >= 0"):
        Batches(2, rng=-1)
    with pytest.raises(TypeError, match="shuffle must be True or False"):
        Batches(2, shuffle="yes")
    assert repr(Batches(4, shuffle=False)) == "Batches(4, in order)"
    assert Batches(2, shuffle=False, drop_last=True)(5) == [slice(0, 2), slice(2, 4)]
    assert [b.tolist() for b in gd.minibatch.batch_indices(5, 2, shuffle=False, drop_last=True)] == [[0, 1], [2, 3]]
    assert data_loss(gd.models.linear(), np.ones((3, 2)), np.ones(3)).dim == 2


@pytest.mark.parametrize("call, message", [
    (lambda: objectives.rosenbrock(b=0.0), "b must be a finite number > 0"),
    (lambda: objectives.square(scale=-1.0), "scale must be a finite number > 0"),
    (lambda: gd.data.quadratic_data(1, 1, 1, 0.0, -0.1, 5), "step must be a finite number > 0"),
    (lambda: gd.schedules.step_decay(0.1, factor=0.0), r"factor must lie in \(0, 1\]"),
    (lambda: gd.schedules.exponential_decay(0.1, gamma=1.5), r"gamma must lie in \(0, 1\]"),
    (lambda: linesearch.backtracking(lambda x: 0.0, [1.0], [1.0], [-1.0], shrink=1.0), r"shrink must lie in \(0, 1\)"),
    (lambda: gd.smoothing.ema([1.0], beta=1.0), r"beta must lie in \[0, 1\)"),
    (lambda: gd.gradcheck.numerical_gradient(lambda x: 0.0, [1.0], h=0.0), "h must be a finite number > 0"),
    (lambda: conjugate_gradient.conjugate_gradient(np.eye(2), [1.0, 1.0], rtol=0.0), "rtol must be a finite number > 0"),
    (lambda: iterate(objectives.square(), 1.0, optimizers.GradientDescent(0.1), 5, blowup=-1.0), "blowup must be"),
])
def test_each_check_names_its_argument_and_gives_no_learning_rate_advice(call, message):
    with pytest.raises(ValueError, match=message) as info:
        call()
    assert "A step of size 0 never moves" not in str(info.value)


def test_one_symmetry_tolerance():
    A = np.array([[2.0, 1.0], [1.0 + 1e-12, 3.0]])         # symmetric up to rounding
    objectives.quadratic(A)
    newton.modified_hessian(A)
    assert conjugate_gradient.conjugate_gradient(A, [1.0, 1.0]).converged
    assert newton.newton(objectives.quadratic(A), [1.0, 1.0], steps=3, curvature="absolute").steps >= 1
    B = np.array([[2.0, 1.0], [1.001, 3.0]])                # not symmetric
    for refuse in (objectives.quadratic, newton.modified_hessian,
                   lambda M: conjugate_gradient.conjugate_gradient(M, [1.0, 1.0])):
        with pytest.raises(ValueError, match="symmetric"):
            refuse(B)
