"""Chapter 4, mini-batch SGD: the data set, the iterator, schedules, gradient noise, seed 004, the explorer."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

import gdcourse as gd
from gdcourse import schedules
from gdcourse.exercises import check
from gdcourse.exercises.ch04 import EXERCISES
from gdcourse.minibatch import batch_indices, gradient_noise, minibatch_sgd, sample_batches
from gdcourse.widgets.minibatch import RegressionProblem, draw_minibatch_run, minibatch_explorer


def teardown_function():
    plt.close("all")


@pytest.fixture(scope="module")
def data():
    X, y, w_true = gd.data.noisy_linear_data(n=2048, d=5, noise=0.5, seed=0)
    w_star = np.linalg.lstsq(X, y, rcond=None)[0]
    return X, y, w_true, w_star


def loss_and_grad(w, Xb, yb):
    residual = Xb @ w - yb
    return residual @ residual / len(yb), (2 / len(yb)) * (Xb.T @ residual)


def per_sample_grads(X, y, w):
    return 2 * X * (X @ w - y)[:, None]


# --------------------------------------------------------------------------- data


def test_noisy_linear_data_is_seeded_and_shaped(data):
    X, y, w_true, w_star = data
    assert X.shape == (2048, 5) and y.shape == (2048,) and w_true.shape == (5,)
    X2, y2, w2 = gd.data.noisy_linear_data(n=2048, d=5, noise=0.5, seed=0)
    assert np.array_equal(X, X2) and np.array_equal(y, y2) and np.array_equal(w_true, w2)
    assert not np.array_equal(gd.data.noisy_linear_data(seed=1)[1], y)
    # Feature scales fall from 1 to 0.3; the least-squares loss is near the noise variance 0.25.
    assert np.allclose(X.std(axis=0), np.geomspace(1, 0.3, 5), rtol=0.05)
    assert f"{np.mean((X @ w_star - y) ** 2):.4f}" == "0.2472"
    assert np.max(np.abs(w_star - w_true)) < 0.05
    Xn, yn, wn = gd.data.noisy_linear_data(n=10, d=2, noise=0.0, seed=3)
    assert np.allclose(Xn @ wn, yn)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"n": 1}, ValueError, "at least 2"),
    ({"n": 2.5}, TypeError, "n must be a whole number"),
    ({"d": 0}, ValueError, "d must be at least 1"),
    ({"noise": -0.1}, ValueError, "noise"),
    ({"noise": float("nan")}, ValueError, "noise"),
    ({"smallest_scale": 0.0}, ValueError, "smallest_scale"),
    ({"smallest_scale": 2.0}, ValueError, r"\(0, 1\]"),
    ({"seed": 1.5}, TypeError, "seed"),
    ({"seed": -1}, ValueError, "seed"),
])
def test_noisy_linear_data_validates(kwargs, error, match):
    with pytest.raises(error, match=match):
        gd.data.noisy_linear_data(**kwargs)


# --------------------------------------------------------------------------- iterators


@pytest.mark.parametrize("n, b", [(2048, 1), (2048, 64), (2048, 100), (10, 3)])
def test_shuffled_epochs_use_every_sample_once(n, b):
    rng = np.random.default_rng(0)
    orders = []
    for _ in range(3):  # three consecutive epochs from one generator
        batches = batch_indices(n, b, rng=rng)
        seen = np.concatenate(batches)
        assert np.array_equal(np.sort(seen), np.arange(n))
        assert [len(i) for i in batches] == [b] * (n // b) + ([n % b] if n % b else [])
        orders.append(seen)
    assert not np.array_equal(orders[0], orders[1])  # a fresh order every epoch


def test_sampling_with_replacement_repeats_and_skips():
    batches = sample_batches(2048, 64, rng=1)
    assert len(batches) == 32 and all(len(i) == 64 for i in batches)
    uses = np.bincount(np.concatenate(batches), minlength=2048)
    assert 0.33 < np.mean(uses == 0) < 0.41  # (1 − 1/n)^n ≈ 0.368 never drawn
    assert uses.max() >= 3
    assert len(sample_batches(100, 7, rng=0)) == 15
    assert len(sample_batches(100, 7, rng=0, num_batches=4)) == 4
    assert all(np.array_equal(a, b) for a, b in zip(sample_batches(50, 5, rng=2), sample_batches(50, 5, rng=2)))
    with pytest.raises(ValueError, match="num_batches"):
        sample_batches(10, 2, num_batches=0)
    with pytest.raises(TypeError, match="rng"):
        sample_batches(10, 2, rng="seed")


def test_gdcourse_loop_matches_a_hand_written_loop(data):
    X, y, _, _ = data
    rng = np.random.default_rng(7)
    w, by_hand = np.zeros(5), [np.zeros(5)]
    for _ in range(3):
        order = rng.permutation(len(y))
        for start in range(0, len(y), 64):
            idx = order[start:start + 64]
            w = w - 0.1 * (2 / len(idx)) * (X[idx].T @ (X[idx] @ w - y[idx]))
        by_hand.append(w)
    run = minibatch_sgd(loss_and_grad, np.zeros(5), X, y, lr=0.1, batch_size=64, epochs=3, rng=7)
    assert np.array_equal(run.positions, np.array(by_hand)) and run.updates == 96
    # the same run through the one loop, with the package's linear model and batch iterator
    loop_run = gd.iterate(gd.objectives.data_loss(gd.models.linear(), X, y), np.zeros(5), gd.optimizers.GradientDescent(0.1),
                          epochs=3, batches=gd.minibatch.Batches(64, rng=7), record="epoch")
    assert np.allclose(loop_run.positions, run.positions, rtol=1e-12, atol=1e-14)
    assert loop_run.nfev == loop_run.ngev == 96 + 4 and loop_run.batch_loss.shape == (3,)


# --------------------------------------------------------------------------- schedules


def test_schedule_values():
    step = schedules.step_decay(0.5, factor=0.5, every=10)
    assert [step(e) for e in (0, 9, 10, 19, 20, 99)] == [0.5, 0.5, 0.25, 0.25, 0.125, 0.5 / 2**9]
    seed = [0.5 / 2 ** int((e + 1) / 10) for e in range(100)]
    assert seed[:9] == [0.5] * 9 and seed[9] == 0.25 and seed[18] == 0.25 and seed[19] == 0.125
    assert [e for e in range(100) if seed[e] != step(e)] == list(range(9, 100, 10))
    cos = schedules.cosine(0.5, 100)
    assert cos(0) == 0.5 and cos(50) == pytest.approx(0.25) and f"{cos(99):.2e}" == "1.23e-04"


def test_minibatch_sgd_uses_the_schedule_per_epoch(data):
    X, y, _, _ = data
    run = minibatch_sgd(loss_and_grad, np.zeros(5), X, y, lr=schedules.step_decay(0.2, 0.5, 2), batch_size=512,
                        epochs=5, rng=0)
    assert run.lrs.tolist() == [0.2, 0.2, 0.1, 0.1, 0.05]


# --------------------------------------------------------------------------- gradient noise


def test_gradient_variance_follows_one_over_b(data):
    X, y, _, w_star = data
    G = per_sample_grads(X, y, w_star)
    v1_measured = gradient_noise(G, 1, draws=4000, rng=10)
    v64 = gradient_noise(G, 64, draws=4000, rng=10)
    assert abs(v64 / (v1_measured / 64) - 1) < 0.25
    # The exact single-sample variance, and the law at a few batch sizes, with replacement.
    v1 = np.mean(np.sum((G - G.mean(axis=0)) ** 2, axis=1))
    assert f"{v1:.4f}" == "2.0806"
    for B in (4, 256, 2048):
        assert gradient_noise(G, B, draws=400, rng=1) == pytest.approx(v1 / B, rel=0.2)


def test_finite_population_correction(data):
    X, y, _, w_star = data
    G = per_sample_grads(X, y, w_star)
    v1 = np.mean(np.sum((G - G.mean(axis=0)) ** 2, axis=1))
    assert gradient_noise(G, 2048, draws=20, replace=False, rng=0) < 1e-25
    assert gradient_noise(G, 1024, draws=400, replace=False, rng=0) == pytest.approx(v1 / 1024 * 1024 / 2047,
                                                                                      rel=0.2)
    assert gradient_noise(np.arange(5.0), 1, draws=2000, rng=0) == pytest.approx(2.0, rel=0.1)  # 1-D grads


def test_gradient_noise_validates():
    with pytest.raises(ValueError, match="shape"):
        gradient_noise(np.zeros((2, 2, 2)), 1)
    with pytest.raises(ValueError, match="finite"):
        gradient_noise(np.array([[1.0], [np.nan]]), 1)
    with pytest.raises(ValueError, match="at most"):
        gradient_noise(np.zeros((4, 2)), 5, replace=False)
    with pytest.raises(TypeError, match="draws"):
        gradient_noise(np.zeros((4, 2)), 2, draws=1.5)
    with pytest.raises(ValueError, match="batch_size"):
        gradient_noise(np.zeros((4, 2)), 0)


def test_noise_floor_of_a_constant_rate(data):
    """With independent batches, a constant rate hovers at about η·v1/(4B) above the minimum."""
    X, y, _, w_star = data
    G = per_sample_grads(X, y, w_star)
    v1 = np.mean(np.sum((G - G.mean(axis=0)) ** 2, axis=1))
    sigma = X.T @ X / len(y)
    lr, B, rng, w, gaps = 0.03, 16, np.random.default_rng(0), w_star.copy(), []
    for epoch in range(16):
        for idx in sample_batches(len(y), B, rng=rng):
            w = w - lr * (2 / B) * (X[idx].T @ (X[idx] @ w - y[idx]))
        if epoch >= 6:
            gaps.append((w - w_star) @ sigma @ (w - w_star))
    assert np.mean(gaps) == pytest.approx(lr * v1 / (4 * B), rel=0.35)


def test_larger_batches_take_larger_rates(data):
    """Linear scaling: the best of three rates moves ×4 when the batch grows ×4."""
    X, y, _, w_star = data
    sigma = X.T @ X / len(y)

    def best(B, lrs):
        gaps = []
        for lr in lrs:
            w = minibatch_sgd(loss_and_grad, np.zeros(5), X, y, lr=lr, batch_size=B, epochs=5, rng=1).x
            gaps.append((w - w_star) @ sigma @ (w - w_star))
        return lrs[int(np.argmin(gaps))]

    assert best(16, [0.008, 0.032, 0.128]) == 0.032
    assert best(64, [0.032, 0.128, 0.512]) == 0.128
    with pytest.raises(gd.DivergenceError):
        minibatch_sgd(loss_and_grad, np.zeros(5), X, y, lr=1.024, batch_size=4, epochs=5, rng=1)


# --------------------------------------------------------------------------- seed 004


def half_mse_grad(p, xb, yb):
    r = p[0] * xb**2 + p[1] * xb + p[2] - yb
    return np.mean(r**2), np.array([np.mean(r * xb**2), np.mean(r * xb), np.mean(r)])


def test_seed_004_step_decay_run():
    x, y = gd.data.seed004_data()
    start = np.array([-11 / 6, -395 / 3, -2400.0])
    run = minibatch_sgd(half_mse_grad, start, x, y, lr=lambda e: 0.5 / 2 ** int((e + 1) / 10), batch_size=16,
                        epochs=100, rng=4)
    assert run.updates == 5000
    assert [f"{v:.6f}" for v in run.x] == ["2.000000", "-4.000000", "3.000000"]
    assert f"{run.batch_loss[0]:.3e}" == "1.600e+05"
    err = np.max(np.abs(run.positions - [2.0, -4.0, 3.0]), axis=1)
    assert np.argmax(err < 1e-6) == 12 and err[-1] < 1e-12
    assert run.lrs[8] == 0.5 and run.lrs[9] == 0.25 and f"{run.lrs[99]:.6f}" == "0.000488"


# --------------------------------------------------------------------------- explorer


def test_explorer_renders_over_the_slider_range():
    explorer = minibatch_explorer()
    assert set(explorer.params) == {"log2_batch", "lr"}
    for k in (0, 1, 5, 9, 10):
        for lr in (0.01, 0.3, 2.0):
            fig = explorer.render(log2_batch=k, lr=lr)
            ax = fig.axes[0]
            assert ax.get_title() == f"B = {2**k}, η = {lr:.3g}"
            assert ax.get_xlabel() == "weight w₁" and ax.get_ylabel() == "weight w₂"
            plt.close(fig)
    fig = explorer.grid("log2_batch", [0, 2, 4, 6, 8, 10], lr=0.5)
    assert sum(ax.get_visible() for ax in fig.axes) == 6
    with pytest.raises(ValueError, match="lr must lie"):
        explorer.render(lr=5.0)
    with pytest.raises(ValueError, match="whole number"):
        explorer.render(log2_batch=2.5)


def test_explorer_paths_show_noise_and_divergence():
    problem = RegressionProblem(1024, 0)
    fig, ax = plt.subplots()
    full = draw_minibatch_run(ax, problem, 0.5, 1024, 60)
    assert full.shape == (61, 2) and problem.excess(full[-1]) < 1e-12  # full batch: plain gradient descent
    noisy = problem.run(0.5, 1, 60, seed=0).positions
    assert problem.excess(noisy[-1]) > problem.excess(full[-1]) + 0.1
    blown = draw_minibatch_run(ax, problem, 2.0, 1024, 60)
    assert len(blown) < 61 and "diverged" in ax.texts[-1].get_text()


def test_widget_functions_validate():
    problem = RegressionProblem(32, 0)
    with pytest.raises(ValueError, match="batch_size"):
        problem.run(0.1, 64, 5)
    with pytest.raises(ValueError, match="lr"):
        problem.run(-0.1, 4, 5)
    with pytest.raises(ValueError, match="updates|steps"):
        problem.run(0.1, 4, 0)
    with pytest.raises(ValueError, match="power of two"):
        minibatch_explorer(n=1000)
    with pytest.raises(TypeError, match="problem"):
        draw_minibatch_run(plt.subplots()[1], None, 0.1, 4, 5)


# --------------------------------------------------------------------------- exercises


def test_exercise_references_pass_their_own_checks():
    for label, ex in EXERCISES.items():
        assert check(label, ex.reference).status == "correct"


def test_exercise_checks_catch_common_mistakes():
    def divides_by_batch_size(X, y, w, lr, batch_size, seed):
        order = np.random.default_rng(seed).permutation(len(y))
        for start in range(0, len(y), batch_size):
            idx = order[start:start + batch_size]
            w = w - lr * (2 / batch_size) * (X[idx].T @ (X[idx] @ w - y[idx]))
        return w

    assert check("ex04-1", divides_by_batch_size).status == "partly correct"
    assert check("ex04-2", lambda e, lr0, f, k: lr0 * f ** int((e + 1) / k)).status == "partly correct"
    assert check("ex04-3", np.arange(10, 100, 10)).status == "incorrect"
    assert check("ex04-4", 1 / np.e).status == "incorrect"


def test_numbers_in_the_exercise_solutions():
    """ex04-4: the fractions of an epoch with replacement; ex04-6: the explorer's usable rates."""
    n = 2048
    never, once = (1 - 1 / n) ** n, (1 - 1 / n) ** (n - 1)
    assert f"{never:.5f}" == "0.36779" and f"{1 - never - once:.2f}" == "0.26"
    problem = RegressionProblem(1024, 0)
    curvatures = np.linalg.eigvalsh(2 * problem.sigma)
    assert [f"{v:.2f}" for v in curvatures] == ["0.48", "2.09"] and f"{2 / curvatures[-1]:.3f}" == "0.957"

    def end(lr, B):
        return problem.excess(problem.run(lr, B, 60, seed=0).x)

    start = problem.excess(problem.x0)
    assert end(0.2, 1) < 0.5 and end(0.5, 1) > start and end(0.8, 1) > 1e4  # B = 1: settles, drifts, blows up
    assert end(0.7, 16) < 0.1
    assert end(0.9, 1024) < 1e-5 and end(1.0, 1024) > 1e4


def test_regression_problem_validates():
    with pytest.raises(ValueError, match="half_width"):
        RegressionProblem(64, 0, half_width=0.0)
    with pytest.raises(ValueError, match="resolution"):
        RegressionProblem(64, 0, resolution=5)
    with pytest.raises(ValueError, match="at least 2"):
        RegressionProblem(1, 0)
