"""Chapter 3: seed 003's per-sample SGD, the EMA, and the saddle experiment, through gdcourse."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

import gdcourse as gd
from gdcourse import check, saddles
from gdcourse.smoothing import ema
from gdcourse.exercises import ch03
from gdcourse.minibatch import minibatch_sgd
from gdcourse.widgets.saddle import draw_saddle, saddle_explorer

START = (2.0, 0.0)


def teardown_function():
    plt.close("all")


# --- seed 003: (1, 2), (2, 4), (3, 6), w0 = 1, lr = 0.01, 100 epochs ------------------------------------------

@pytest.fixture(scope="module")
def seed003():
    return gd.data.line_data(3)


def test_per_sample_sgd_reaches_two(seed003):
    x, y = seed003
    run = minibatch_sgd(gd.models.line(), [1.0], x, y, lr=0.01, batch_size=1, epochs=100, shuffle=False)
    w = run.x[0]
    assert abs(w - 2) < 1e-9
    assert f"{w:.16f}" == "1.9999999999999236"          # what the seed prints
    assert f"{run.positions[1, 0]:.6f}" == "1.260688"        # w after epoch 0
    assert f"{4 * w:.13f}" == "7.9999999999997"
    assert run.updates == 300


def test_full_batch_gd_on_the_same_data(seed003):
    x, y = seed003
    run = gd.gradient_descent(gd.models.line().objective(x, y), 1.0, lr=0.01, steps=100)
    assert f"{run.x[0]:.16f}" == "1.9999444396553017"    # what the seed prints
    assert f"{run.positions[1, 0]:.10f}" == "1.0933333333"
    assert f"{4 * run.x[0]:.9f}" == "7.999777759"
    assert abs(run.x[0] - 2) > 5e-5                       # one update per epoch: far behind SGD


def test_first_epoch_sample_gradients(seed003):
    x, y = seed003
    w, grads = 1.0, []
    for xi, yi in zip(x, y):
        g = gd.models.line().sample_gradients([w], [xi], [yi])[0, 0]
        grads.append(g)
        w -= 0.01 * g
    assert [f"{g:.4f}" for g in grads] == ["-2.0000", "-7.8400", "-16.2288"]


def test_shuffled_order_does_not_matter_on_noise_free_data(seed003):
    x, y = seed003
    for seed in range(3):
        run = minibatch_sgd(gd.models.line(), [1.0], x, y, lr=0.01, batch_size=1, epochs=100, rng=seed)
        assert abs(run.x[0] - 2) < 1e-12


def test_stochastic_gradient_is_unbiased_with_measured_variance(seed003):
    x, y = seed003
    line = gd.models.line()
    g = line.sample_gradients([1.0], x, y)[:, 0]
    assert g.tolist() == [-2.0, -8.0, -18.0]
    assert g.mean() == pytest.approx(line.loss_and_grad([1.0], x, y)[1][0], abs=1e-14)
    assert g.var() == pytest.approx(392 / 9)
    assert line.sample_gradients([2.0], x, y).var() == 0.0


# --- EMA ----------------------------------------------------------------------------------------------------------

def test_ema_bias_correction():
    c = np.full(6, 3.0)
    assert np.allclose(ema(c, 0.9), 3.0, rtol=0, atol=1e-15)
    assert np.allclose(ema(c, 0.9, bias_correction=False), 3.0 * (1 - 0.9 ** np.arange(1, 7)))
    v = np.array([2.0, 5.0, 1.0])
    assert np.array_equal(ema(v, 0.0), v)
    assert ema(v, 0.5)[0] == 2.0
    assert np.allclose(ema(v, 0.5), ch03.ema_corrected(v, 0.5))


# --- the saddle experiment --------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def landscape():
    return saddles.saddle_landscape(n=20, noise=0.3, seed=0)


def test_landscape_has_an_exact_saddle(landscape):
    assert landscape.x.mean() == 0.0 and landscape.y.mean() == 0.0
    assert np.array_equal(landscape.gradient(landscape.saddle), [0.0, 0.0])
    assert np.allclose(np.linalg.eigvalsh(landscape.hessian(landscape.saddle)), [-1.0, 1.0])
    for m in landscape.minima:
        assert np.allclose(landscape.gradient(m), 0.0, atol=1e-15)
        assert np.all(np.linalg.eigvalsh(landscape.hessian(m)) > 0)
    per_sample = landscape.sample_gradients(landscape.saddle)
    assert np.all(per_sample.std(axis=0) > 0.1)           # the samples disagree at the saddle
    obj = landscape.objective()
    for theta in ([0.3, -0.7], [1.5, 2.0]):
        assert obj.value(theta) == pytest.approx(landscape.loss(theta))
        h = 1e-6
        fd = [(obj.value(np.add(theta, e)) - obj.value(np.subtract(theta, e))) / (2 * h) for e in np.eye(2) * h]
        assert np.allclose(obj.gradient(theta), fd, atol=1e-6)


def test_gd_stalls_at_the_saddle_while_sgd_escapes(landscape):
    run = gd.gradient_descent(landscape.objective(), START, lr=0.1, steps=300)
    distance = np.linalg.norm(run.positions - landscape.saddle, axis=1)
    assert distance[-1] < 1e-6 and distance[-100:].max() < 1e-6
    assert np.all(run.positions[:, 1] == 0.0)
    assert saddles.escape_time(run.positions, landscape) is None

    study = saddles.escape_study(landscape, START, 0.1, epochs=15, runs=100)
    assert study.budget == 300 and len(study.times) == 100
    assert study.fraction >= 0.95
    assert np.median(study.escaped_times) < 100


def sgd(landscape, start, lr, epochs, **kw):
    return minibatch_sgd(landscape, start, lr=lr, batch_size=1, epochs=epochs, record="update", **kw)


def test_sgd_records_every_update_and_ends_in_a_minimum(landscape):
    path = sgd(landscape, START, 0.1, 15, rng=0)
    assert path.positions.shape == (301, 2) and path.batch_loss.shape == (300,) and path.updates == 300
    assert np.min(np.linalg.norm(landscape.minima - path.positions[-1], axis=1)) < 0.1
    again = sgd(landscape, START, 0.1, 15, rng=0)
    assert np.array_equal(path.positions, again.positions)
    # the loss of each update's sample, measured before the update
    first = landscape.sample_losses(START)
    assert path.batch_loss[0] in first


def test_without_noise_sgd_is_gradient_descent():
    flat = saddles.saddle_landscape(noise=0.0)
    study = saddles.escape_study(flat, START, 0.1, epochs=5, runs=5)
    assert study.fraction == 0.0


def test_gd_off_the_saddle_escapes_slowly(landscape):
    obj = landscape.objective()
    for delta in (1e-4, 1e-8):
        run = gd.gradient_descent(obj, [2.0, delta], lr=0.1, steps=400)
        t = saddles.escape_time(run.positions, landscape)
        predicted = np.log(0.5 / delta) / np.log(1.1)
        assert predicted <= t <= predicted + 5


def test_point_stationary_for_every_sample_traps_sgd(seed003):
    product = saddles.product_landscape(*seed003)
    assert np.all(product.sample_gradients([0.0, 0.0]) == 0.0)
    assert np.allclose(np.linalg.eigvalsh(product.hessian([0.0, 0.0])), [-56 / 3, 56 / 3])
    stuck = sgd(product, [0.0, 0.0], 0.01, 100, rng=0)
    assert np.all(stuck.positions == 0.0)
    u, v = sgd(product, [1e-6, 1e-6], 0.01, 100, rng=0).positions[-1]
    assert u * v == pytest.approx(2.0, abs=1e-6)
    with pytest.raises(ValueError, match="no isolated minima"):
        saddles.escape_time(stuck.positions, product)


def test_landscape_is_a_data_loss(landscape):
    loss, grad = landscape.loss_and_grad([0.0, 0.0])
    assert loss == pytest.approx(landscape.loss([0.0, 0.0]))
    assert np.array_equal(grad, [0.0, 0.0])
    one, g1 = landscape.loss_and_grad([0.5, 0.5], batch=[3])
    assert one == pytest.approx(landscape.sample_losses([0.5, 0.5])[3])
    assert np.allclose(g1, landscape.sample_gradients([0.5, 0.5])[3])
    run = minibatch_sgd(landscape, [2.0, 0.0], lr=0.1, batch_size=1, epochs=15, rng=0)
    assert run.positions.shape == (16, 2) and abs(abs(run.x[1]) - 1) < 0.1
    with pytest.raises(TypeError, match="holds its own data"):
        minibatch_sgd(landscape, [2.0, 0.0], landscape.x, landscape.y, lr=0.1, batch_size=1, epochs=1)
    with pytest.raises(ValueError, match="batch"):
        landscape.loss_and_grad([0.0, 0.0], batch=[20])


def test_escape_study_equals_escape_times_of_full_runs(landscape):
    # The study stops each run at its escape; a full run of the same seed escapes at the same update.
    study = saddles.escape_study(landscape, START, 0.1, epochs=15, runs=5, first_seed=3)
    for seed, t in zip(study.seeds, study.times):
        assert saddles.escape_time(sgd(landscape, START, 0.1, 15, rng=int(seed)).positions, landscape) == t


# --- widget -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lr", [0.01, 0.1, 0.3])
@pytest.mark.parametrize("noise", [0.0, 0.3, 1.0])
def test_render_over_the_slider_range(lr, noise):
    fig = saddle_explorer().render(lr=lr, noise=noise)
    ax = fig.axes[0]
    assert ax.get_xlabel() == "u" and ax.get_ylabel() == "v"
    assert f"η = {lr:.3g}" in ax.get_title()
    if noise == 0.0:
        assert "SGD 0/3 escaped" in ax.get_title()


def test_static_twin_and_bad_states():
    explorer = saddle_explorer()
    fig = explorer.grid("noise", [0.0, 0.01, 0.1, 1.0], ncols=2, lr=0.1)
    assert sum(ax.get_visible() for ax in fig.axes) == 4
    with pytest.raises(ValueError, match="lr must lie"):
        explorer.render(lr=1.0)
    with pytest.raises(ValueError, match="noise must lie"):
        explorer.render(noise=-0.1)
    _, ax = plt.subplots()
    with pytest.raises(ValueError, match="positive"):
        draw_saddle(ax, lr=0.0, noise=0.3)


# --- exercises --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("label", sorted(ch03.EXERCISES))
def test_reference_solutions_pass(label):
    ex = ch03.EXERCISES[label]
    result = check(label, ex.reference)
    assert result.status == "correct", result


def test_wrong_answers_fail():
    assert check("ex03-1", lambda H: "saddle" if H[0][0] * H[1][1] < 0 else "minimum").status == "partly correct"

    def plain_gd(grad, x0, lr, steps, radius, gtol, seed):
        x = np.array(x0, dtype=float)
        for _ in range(steps):
            x = x - lr * grad(x)
        return x
    assert check("ex03-2", plain_gd).status != "correct"
    assert check("ex03-3", [-15.0, 15.0]).status == "incorrect"
    assert check("ex03-4", lambda v, b: ema(v, b, bias_correction=False)).status != "correct"


# --- validation -------------------------------------------------------------------------------------------------

def test_validation_errors(landscape):
    with pytest.raises(ValueError, match="beta"):
        ema([1.0, 2.0], 1.0)
    with pytest.raises(ValueError, match="non-empty"):
        ema([], 0.9)
    with pytest.raises(ValueError, match="NaN"):
        ema([1.0, np.nan], 0.9)
    with pytest.raises(TypeError, match="bias_correction"):
        ema([1.0], 0.9, bias_correction="yes")
    with pytest.raises(ValueError, match="even"):
        saddles.saddle_landscape(n=7)
    with pytest.raises(ValueError, match="noise"):
        saddles.saddle_landscape(noise=-1.0)
    with pytest.raises(TypeError, match="seed"):
        saddles.saddle_landscape(seed=1.5)
    with pytest.raises(ValueError, match="same number of samples"):
        saddles.product_landscape([1.0, 2.0], [1.0])
    with pytest.raises(ValueError, match="lr must be positive"):
        sgd(landscape, START, -0.1, 1)
    with pytest.raises(ValueError, match="epochs"):
        sgd(landscape, START, 0.1, 0)
    with pytest.raises(ValueError, match="x0 must have 2 coordinate"):
        sgd(landscape, [1.0, 2.0, 3.0], 0.1, 1)
    with pytest.raises(ValueError, match="batch_size"):
        minibatch_sgd(landscape, START, lr=0.1, batch_size=21, epochs=1)
    with pytest.raises(TypeError, match="SampleLoss"):
        saddles.escape_study("saddle", START, 0.1, 1)
    with pytest.raises(TypeError, match="rng"):
        sgd(landscape, START, 0.1, 1, rng="seed")
    with pytest.raises(ValueError, match="first_seed"):
        saddles.escape_study(landscape, START, 0.1, 1, first_seed=-1)
    with pytest.raises(ValueError, match="shape"):
        saddles.escape_time(np.zeros((3, 3)), landscape)
    with pytest.raises(ValueError, match="runs"):
        saddles.escape_study(landscape, START, 0.1, 1, runs=0)
    with pytest.raises(ValueError, match="params"):
        gd.models.line().loss_and_grad([1.0, 2.0], [1.0], [2.0])
    with pytest.raises(ValueError, match="params must be finite"):
        gd.models.line().sample_gradients([np.inf], [1.0], [2.0])


def test_divergence_is_reported(landscape):
    with pytest.raises(gd.DivergenceError, match="smaller learning rate") as info:
        sgd(landscape, [0.0, 30.0], 1.0, 2)
    assert info.value.run.stop_reason == "diverged"
    assert "GradientDescent(lr=1)" in str(info.value)
