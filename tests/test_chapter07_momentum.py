"""Chapter 7: the update rules of gdcourse.optimizers against their torch.optim definitions, and the chapter's claims.

The "by hand" tests apply each rule's equations to numbers, line by line, on the quadratic
f(x) = ½·xᵀ·diag(1, 4)·x from x0 = (1, 1), whose gradient is (x₁, 4·x₂); they never call the
class they check.
"""
import matplotlib.pyplot as plt
import numpy as np
import pytest

import gdcourse as gd
from gdcourse import objectives, schedules
from gdcourse.exercises import ch07, check
from gdcourse.loop import iterate
from gdcourse.adaptive import AdaGrad, Adam, RMSProp
from gdcourse.optimizers import GradientDescent, Momentum, UpdateRule
from gdcourse.rates import momentum_rate
from gdcourse.widgets.momentum import draw_momentum, momentum_explorer

BOWL = objectives.quadratic(np.diag([1.0, 4.0]))
X0 = np.array([1.0, 1.0])
VALLEY = objectives.quadratic(np.diag([0.2, 4.0]))


def heavy_ball_rate(lr, beta, curvatures=(0.2, 4.0)):
    return momentum_rate(lr, beta, curvatures)


def teardown_function():
    plt.close("all")


def first_three(rule):
    """Three updates of ``rule`` on BOWL from X0, through the course's one loop."""
    return iterate(BOWL, X0, rule, 3).positions[1:]


def grad(x):
    # ∇f for f = ½·xᵀ·diag(1, 4)·x, written out.
    return np.array([1.0 * x[0], 4.0 * x[1]])


# --- the first three updates, computed by hand from each definition -------------------------------

def test_gradient_descent_by_hand():
    # x_t = x_(t-1) - lr * g_t with lr = 0.1
    x1 = np.array([1 - 0.1 * 1, 1 - 0.1 * 4])              # g1 = (1, 4)
    x2 = np.array([0.9 - 0.1 * 0.9, 0.6 - 0.1 * 2.4])      # g2 = (0.9, 2.4)
    x3 = np.array([0.81 - 0.1 * 0.81, 0.36 - 0.1 * 1.44])  # g3 = (0.81, 1.44)
    assert np.allclose([x1, x2, x3], [[0.9, 0.6], [0.81, 0.36], [0.729, 0.216]])
    assert np.allclose(first_three(GradientDescent(0.1)), [x1, x2, x3], rtol=0, atol=1e-15)


def test_heavy_ball_by_hand():
    # b_t = beta * b_(t-1) + g_t (b_1 = g_1), x_t = x_(t-1) - lr * b_t with lr = 0.1, beta = 0.9
    b1 = np.array([1.0, 4.0])                            # = g1
    x1 = X0 - 0.1 * b1                                   # (0.9, 0.6)
    b2 = 0.9 * b1 + np.array([0.9, 2.4])                 # g2 = (0.9, 2.4) -> b2 = (1.8, 6.0)
    x2 = x1 - 0.1 * b2                                   # (0.72, 0.0)
    b3 = 0.9 * b2 + np.array([0.72, 0.0])                # g3 = (0.72, 0) -> b3 = (2.34, 5.4)
    x3 = x2 - 0.1 * b3                                   # (0.486, -0.54)
    assert np.allclose([x1, x2, x3], [[0.9, 0.6], [0.72, 0.0], [0.486, -0.54]])
    rule = Momentum(0.1, 0.9)
    assert np.allclose(first_three(rule), [x1, x2, x3], rtol=0, atol=1e-14)
    assert np.allclose(rule.buffer, b3) and rule.t == 3


def test_nesterov_by_hand():
    # b_t = beta * b_(t-1) + g_t, x_t = x_(t-1) - lr * (g_t + beta * b_t) with lr = 0.1, beta = 0.9
    g1 = np.array([1.0, 4.0])
    b1 = g1
    x1 = X0 - 0.1 * (g1 + 0.9 * b1)                      # (0.81, 0.24)
    g2 = np.array([0.81, 0.96])
    b2 = 0.9 * b1 + g2                                   # (1.71, 4.56)
    x2 = x1 - 0.1 * (g2 + 0.9 * b2)                      # (0.5751, -0.2664)
    g3 = np.array([0.5751, -1.0656])
    b3 = 0.9 * b2 + g3                                   # (2.1141, 3.0384)
    x3 = x2 - 0.1 * (g3 + 0.9 * b3)                      # (0.327321, -0.433296)
    assert np.allclose([x1, x2, x3], [[0.81, 0.24], [0.5751, -0.2664], [0.327321, -0.433296]])
    assert np.allclose(first_three(Momentum(0.1, 0.9, nesterov=True)), [x1, x2, x3], rtol=0, atol=1e-14)


def test_adagrad_by_hand():
    # s_t = s_(t-1) + g_t², x_t = x_(t-1) - lr * g_t / (sqrt(s_t) + eps) with lr = 0.1, eps = 1e-10
    eps = 1e-10
    g1 = np.array([1.0, 4.0])
    s1 = g1**2                                           # (1, 16)
    x1 = X0 - 0.1 * g1 / (np.sqrt(s1) + eps)             # (0.9, 0.9): each coordinate moves by lr
    g2 = np.array([x1[0], 4 * x1[1]])                    # (0.9, 3.6)
    s2 = s1 + g2**2                                      # (1.81, 28.96)
    x2 = x1 - 0.1 * g2 / (np.sqrt(s2) + eps)
    g3 = np.array([x2[0], 4 * x2[1]])
    s3 = s2 + g3**2
    x3 = x2 - 0.1 * g3 / (np.sqrt(s3) + eps)
    assert np.allclose(x1, [0.9, 0.9]) and np.allclose(s2, [1.81, 28.96])
    assert np.allclose(x2, [0.9 - 0.09 / np.sqrt(1.81), 0.9 - 0.36 / np.sqrt(28.96)])
    rule = AdaGrad(lr=0.1)
    assert np.allclose(first_three(rule), [x1, x2, x3], rtol=0, atol=1e-14)
    assert np.allclose(rule.state_sum, s3)


def test_adagrad_lr_decay_and_initial_value_by_hand():
    # lr_t = lr / (1 + (t - 1) * lr_decay); s_0 = initial_accumulator_value
    g1 = np.array([1.0, 4.0])
    s1 = 0.5 + g1**2
    x1 = X0 - 0.1 / (1 + 0 * 0.5) * g1 / (np.sqrt(s1) + 1e-10)
    g2 = grad(x1)
    s2 = s1 + g2**2
    x2 = x1 - 0.1 / (1 + 1 * 0.5) * g2 / (np.sqrt(s2) + 1e-10)
    run = iterate(BOWL, X0, AdaGrad(lr=0.1, lr_decay=0.5, initial_accumulator_value=0.5), 2)
    assert np.allclose(run.positions[1:], [x1, x2], rtol=0, atol=1e-14)


def test_rmsprop_by_hand():
    # v_t = alpha * v_(t-1) + (1 - alpha) * g_t², x_t = x_(t-1) - lr * g_t / (sqrt(v_t) + eps)
    lr, alpha, eps = 0.01, 0.99, 1e-8
    g1 = np.array([1.0, 4.0])
    v1 = (1 - alpha) * g1**2                             # (0.01, 0.16)
    x1 = X0 - lr * g1 / (np.sqrt(v1) + eps)              # (0.9, 0.9): a first step of 10 * lr
    g2 = np.array([x1[0], 4 * x1[1]])                    # (0.9, 3.6)
    v2 = alpha * v1 + (1 - alpha) * g2**2                # (0.018, 0.288)
    x2 = x1 - lr * g2 / (np.sqrt(v2) + eps)
    g3 = np.array([x2[0], 4 * x2[1]])
    v3 = alpha * v2 + (1 - alpha) * g3**2
    x3 = x2 - lr * g3 / (np.sqrt(v3) + eps)
    assert np.allclose(x1, [0.9, 0.9]) and np.allclose(v2, [0.018, 0.288])
    assert np.allclose(x2, [0.9 - 0.009 / np.sqrt(0.018), 0.9 - 0.036 / np.sqrt(0.288)])
    rule = RMSProp()                                     # PyTorch's defaults: lr 0.01, alpha 0.99, eps 1e-8
    assert np.allclose(first_three(rule), [x1, x2, x3], rtol=0, atol=1e-14)
    assert np.allclose(rule.square_avg, v3)


def test_adam_by_hand():
    # m_t, v_t moving averages; m̂ = m/(1 - b1^t), v̂ = v/(1 - b2^t); x_t = x_(t-1) - lr * m̂ / (sqrt(v̂) + eps)
    lr, b1, b2, eps = 0.1, 0.9, 0.999, 1e-8
    g1 = np.array([1.0, 4.0])
    m1, v1 = (1 - b1) * g1, (1 - b2) * g1**2             # (0.1, 0.4), (0.001, 0.016)
    x1 = X0 - lr * (m1 / (1 - b1)) / (np.sqrt(v1 / (1 - b2)) + eps)           # (0.9, 0.9)
    g2 = np.array([x1[0], 4 * x1[1]])                                          # (0.9, 3.6)
    m2, v2 = b1 * m1 + (1 - b1) * g2, b2 * v1 + (1 - b2) * g2**2                # (0.18, 0.72), (0.001809, 0.028944)
    x2 = x1 - lr * (m2 / (1 - b1**2)) / (np.sqrt(v2 / (1 - b2**2)) + eps)
    g3 = np.array([x2[0], 4 * x2[1]])
    m3, v3 = b1 * m2 + (1 - b1) * g3, b2 * v2 + (1 - b2) * g3**2
    x3 = x2 - lr * (m3 / (1 - b1**3)) / (np.sqrt(v3 / (1 - b2**3)) + eps)
    assert np.allclose(x1, [0.9, 0.9]) and np.allclose(m2, [0.18, 0.72]) and np.allclose(v2, [0.001809, 0.028944])
    assert np.allclose(x2, [0.9 - 0.1 * (0.18 / 0.19) / np.sqrt(0.001809 / 0.001999),
                            0.9 - 0.1 * (0.72 / 0.19) / np.sqrt(0.028944 / 0.001999)])
    rule = Adam(lr=0.1)
    assert np.allclose(first_three(rule), [x1, x2, x3], rtol=0, atol=1e-14)
    assert np.allclose(rule.m, m3) and np.allclose(rule.v, v3) and rule.t == 3


# --- the chapter's claims ----------------------------------------------------------------------------

@pytest.mark.parametrize("nesterov", [False, True])
@pytest.mark.parametrize("objective, start", [(VALLEY, [-5.0, -2.0]), (objectives.rosenbrock(), [-1.2, 1.0])])
def test_momentum_with_beta_zero_is_gradient_descent_exactly(nesterov, objective, start):
    plain = gd.gradient_descent(objective, start, lr=0.001, steps=200)
    rule = iterate(objective, start, Momentum(0.001, 0.0, nesterov=nesterov), 200)
    assert np.array_equal(rule.positions, plain.positions)
    assert np.array_equal(iterate(objective, start, GradientDescent(0.001), 200).positions, plain.positions)


@pytest.mark.parametrize("scale", [1e-6, 1e-3, 1.0, 1e3, 1e6])
def test_adam_first_step_is_lr_sign_g_whatever_the_scale(scale):
    g = scale * np.array([3.0, -0.5, 2.0])
    step = Adam(lr=0.01)(np.zeros(3), g)
    assert np.allclose(step, -0.01 * g / (np.abs(g) + 1e-8), rtol=1e-12, atol=0)
    if scale >= 1:   # eps = 1e-8 is negligible next to |g|: a step of lr in every coordinate
        assert np.allclose(step, -0.01 * np.sign(g), rtol=1e-7, atol=0)
        # without bias correction the first step would be (1 - 0.9)/sqrt(1 - 0.999) ≈ 3.16 times larger
        uncorrected = -0.01 * (0.1 * g) / (np.sqrt(0.001 * g**2) + 1e-8)
        assert np.allclose(np.abs(uncorrected), 0.01 * 0.1 / np.sqrt(0.001), rtol=1e-5)


def test_adam_bias_correction_keeps_steps_at_lr_for_a_constant_gradient():
    rule, x, g = Adam(lr=0.05), np.zeros(2), np.array([2.0, -7.0])
    for t in range(1, 201):
        new = rule(x, g)
        assert np.allclose(new - x, -0.05 * g / (np.abs(g) + 1e-8), rtol=1e-9, atol=0), t
        x = new
    assert np.allclose(rule.m / (1 - 0.9**200), g) and np.allclose(rule.v / (1 - 0.999**200), g**2)


def test_rmsprop_first_step_is_ten_lr():
    step = RMSProp(lr=0.1)(np.zeros(2), np.array([5.0, -0.01]))
    assert np.allclose(step, [-1.0, 1.0], rtol=1e-5)


def test_pytorch_buffer_equals_polyak_velocity_with_constant_lr():
    lr, beta, steps = 0.4, 0.5, 40
    x, v = np.array([-5.0, -2.0]), np.zeros(2)
    polyak = [x]
    for _ in range(steps):
        v = beta * v - lr * VALLEY.gradient(x)
        x = x + v
        polyak.append(x)
    run = iterate(VALLEY, [-5.0, -2.0], Momentum(lr, beta), steps)
    assert np.allclose(run.positions, polyak, rtol=0, atol=1e-12)


def test_pytorch_nesterov_is_sutskever_lookahead():
    lr, beta = 0.25, 0.8
    x, v = np.array([-5.0, -2.0]), np.zeros(2)
    lookahead = [x.copy()]
    for _ in range(30):
        v = beta * v - lr * VALLEY.gradient(x + beta * v)
        x = x + v
        lookahead.append(x + beta * v)
    run = iterate(VALLEY, [-5.0, -2.0], Momentum(lr, beta, nesterov=True), 30)
    assert np.allclose(run.positions, lookahead, rtol=0, atol=1e-12)


def _rate(positions):
    size = np.max(np.abs(positions), axis=1)
    return (size[-1] / size[len(size) // 2]) ** (1 / (len(size) - 1 - len(size) // 2))


def test_measured_rates_match_theory_on_the_valley():
    L, mu = 4.0, 0.2
    kappa = L / mu
    lr_star, q = 4 / (np.sqrt(L) + np.sqrt(mu)) ** 2, (np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)
    gd_rate = _rate(iterate(VALLEY, [-5.0, -2.0], GradientDescent(2 / (L + mu)), 1000).positions)
    hb_rate = _rate(iterate(VALLEY, [-5.0, -2.0], Momentum(lr_star, q**2), 1000).positions)
    nag_rate = _rate(iterate(VALLEY, [-5.0, -2.0], Momentum(1 / L, q, nesterov=True), 1000).positions)
    assert gd_rate == pytest.approx((kappa - 1) / (kappa + 1), rel=1e-9)
    assert q <= hb_rate <= q * 1.003                      # the double root adds a factor t: (2)^(1/500)
    assert 1 - 1 / np.sqrt(kappa) <= nag_rate <= (1 - 1 / np.sqrt(kappa)) * 1.003
    assert heavy_ball_rate(lr_star, q**2) == pytest.approx(q, rel=1e-6)
    assert heavy_ball_rate(2 / (L + mu), 0.0) == pytest.approx((kappa - 1) / (kappa + 1))


def test_momentum_diverges_with_a_clear_error():
    with pytest.raises(gd.DivergenceError, match=r"Momentum\(lr=1.2, beta=0.5\) diverged.*smaller learning rate or momentum"):
        iterate(VALLEY, [-5.0, -2.0], Momentum(1.2, 0.5), 500)
    run = iterate(VALLEY, [-5.0, -2.0], Momentum(1.2, 0.5), 500, on_divergence="stop")
    assert run.stop_reason == "diverged"


def test_adaptive_steps_stay_bounded_at_huge_learning_rates():
    for rule in (AdaGrad(lr=10.0), RMSProp(lr=10.0), Adam(lr=10.0)):
        run = iterate(VALLEY, [-5.0, -2.0], rule, 300)
        assert run.stop_reason == "max steps"
        assert np.max(np.abs(np.diff(run.positions, axis=0))) <= 10.0 * 10.0 + 1e-9   # at most lr/sqrt(1 - 0.99)


# --- state, reset and schedules ------------------------------------------------------------------------

@pytest.mark.parametrize("make", [lambda: Momentum(0.1, 0.9), lambda: Momentum(0.1, 0.9, nesterov=True),
                                  lambda: AdaGrad(), lambda: RMSProp(), lambda: Adam(), lambda: GradientDescent(0.1)])
def test_reset_forgets_the_state(make):
    rule = make()
    assert isinstance(rule, UpdateRule)
    first = iterate(VALLEY, [-5.0, -2.0], rule, 25).positions
    assert rule.t == 25
    rule.reset()
    assert rule.t == 0
    assert np.array_equal(iterate(VALLEY, [-5.0, -2.0], rule, 25).positions, first)
    assert np.array_equal(iterate(VALLEY, [-5.0, -2.0], rule, 25).positions, first)   # the loop resets the rule


@pytest.mark.parametrize("make", [lambda: Momentum(0.1, 0.9), lambda: AdaGrad(), lambda: RMSProp(), lambda: Adam()])
def test_state_of_another_shape_asks_for_reset(make):
    rule = make()
    rule(np.zeros(2), np.ones(2))
    with pytest.raises(ValueError, match="reset"):
        rule(np.zeros(3), np.ones(3))
    rule.reset()
    assert rule(np.zeros(3), np.ones(3)).shape == (3,)


def test_learning_rate_can_follow_a_schedule_and_is_checked():
    rule = Momentum(0.4, 0.5)
    rule.lr = schedules.step_decay(0.4, 0.5, 10)(10)
    assert rule.lr == 0.2
    with pytest.raises(ValueError, match="lr must be positive"):
        rule.lr = -0.1


def test_the_loop_applies_a_schedule_to_any_rule():
    run = iterate(VALLEY, [-5.0, -2.0], Momentum(0.4, 0.5), 30, schedule=schedules.step_decay(0.4, 0.5, 10))
    assert run.lrs.tolist() == [0.4] * 10 + [0.2] * 10 + [0.1] * 10
    # the same as setting rule.lr by hand before each step
    rule, x, by_hand = Momentum(0.4, 0.5), np.array([-5.0, -2.0]), []
    for t in range(30):
        rule.lr = 0.4 * 0.5 ** (t // 10)
        x = rule(x, VALLEY.gradient(x))
        by_hand.append(x)
    assert np.array_equal(run.positions[1:], by_hand)
    with pytest.raises(ValueError, match=r"schedule\(0\)"):
        iterate(VALLEY, [-5.0, -2.0], Adam(), 5, schedule=lambda e: 0.0)
    with pytest.raises(TypeError, match="no lr"):
        iterate(VALLEY, [-5.0, -2.0], lambda x, g: x - g, 5, schedule=lambda e: 0.1)


def test_defaults_are_pytorch_defaults():
    assert (AdaGrad().lr, AdaGrad().lr_decay, AdaGrad().eps, AdaGrad().initial_accumulator_value) == (0.01, 0.0, 1e-10, 0.0)
    assert (RMSProp().lr, RMSProp().alpha, RMSProp().eps) == (0.01, 0.99, 1e-8)
    assert (Adam().lr, Adam().betas, Adam().eps) == (0.001, (0.9, 0.999), 1e-8)
    assert repr(Momentum(0.1, 0.9, nesterov=True)) == "Momentum(lr=0.1, beta=0.9, nesterov=True)"


@pytest.mark.parametrize("make, error, message", [
    (lambda: GradientDescent(-0.1), ValueError, "lr must be positive"),
    (lambda: GradientDescent(True), TypeError, "lr must be a real number"),
    (lambda: Momentum(float("nan"), 0.9), ValueError, "lr must be finite"),
    (lambda: Momentum(0.1, 1.0), ValueError, r"beta must lie in \[0, 1\)"),
    (lambda: Momentum(0.1, -0.2), ValueError, r"beta must lie in \[0, 1\)"),
    (lambda: Momentum(0.1, "0.9"), TypeError, "beta must be a real number"),
    (lambda: Momentum(0.1, 0.9, nesterov="yes"), TypeError, "nesterov must be True or False"),
    (lambda: AdaGrad(lr=0.0), ValueError, "lr must be positive"),
    (lambda: AdaGrad(eps=0.0), ValueError, "eps must be a finite number > 0 such as 1e-10"),
    (lambda: AdaGrad(lr_decay=-1.0), ValueError, "lr_decay"),
    (lambda: AdaGrad(initial_accumulator_value=-1.0), ValueError, "initial_accumulator_value"),
    (lambda: RMSProp(alpha=1.0), ValueError, r"alpha must lie in \[0, 1\)"),
    (lambda: RMSProp(eps=float("inf")), ValueError, "eps must be a finite number > 0"),
    (lambda: Adam(betas=(0.9,)), TypeError, "betas must be a pair"),
    (lambda: Adam(betas="ab"), TypeError, "betas must be a pair"),
    (lambda: Adam(betas=(0.9, 1.0)), ValueError, r"beta2 must lie in \[0, 1\)"),
    (lambda: Adam(lr=float("inf")), ValueError, "lr must be finite"),
])
def test_bad_arguments_are_clear_errors(make, error, message):
    with pytest.raises(error, match=message):
        make()


def test_point_and_gradient_must_match():
    with pytest.raises(ValueError, match="same shape"):
        Adam()(np.zeros(2), np.zeros(3))


# --- the widget ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lr", [0.02, 0.4, 0.67, 1.0])
@pytest.mark.parametrize("beta", [0.0, 0.4, 0.95])
def test_widget_renders_over_the_slider_range(lr, beta):
    explorer = momentum_explorer()
    fig = explorer.render(lr=lr, beta=beta)
    path_panel, loss_panel = fig.axes[0].child_axes
    title = path_panel.get_title()
    assert loss_panel.get_xlabel() == "step" and len(loss_panel.get_lines()) == 1
    assert f"η = {lr:.2f}, β = {beta:.2f}" in title
    assert ("diverges" in title) == (heavy_ball_rate(lr, beta) >= 1)
    plt.close(fig)


def test_widget_grid_and_bad_states():
    explorer = momentum_explorer()
    fig = explorer.grid("beta", [0.0, 0.9], lr=0.4)
    titles = [child.get_title() for ax in fig.axes for child in ax.child_axes if child.get_title()]
    assert titles == ["η = 0.40, β = 0.00: rate 0.920", "η = 0.40, β = 0.90: rate 0.949"]
    with pytest.raises(ValueError, match="lr must lie"):
        explorer.render(lr=2.0)
    with pytest.raises(ValueError, match="beta must lie"):
        explorer.render(beta=1.0)
    with pytest.raises(ValueError, match="curvatures"):
        heavy_ball_rate(0.1, 0.5, [])
    with pytest.raises(ValueError, match="beta"):
        heavy_ball_rate(0.1, 1.5)
    _, ax = plt.subplots()
    with pytest.raises(ValueError, match="steps"):
        draw_momentum(ax, 0.4, 0.5, steps=0)


# --- the exercises -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("label", sorted(ch07.EXERCISES))
def test_reference_solutions_pass(label):
    assert check(label, ch07.EXERCISES[label].reference).status == "correct"


def test_wrong_answers_are_caught():
    def adam_without_correction(grads, lr, beta1, beta2, eps):
        m = v = np.zeros(np.shape(grads)[1])
        out = []
        for g in np.asarray(grads, dtype=float):
            m = beta1 * m + (1 - beta1) * g
            v = beta2 * v + (1 - beta2) * g**2
            out.append(-lr * m / (np.sqrt(v) + eps))
        return np.array(out)

    assert check("ex07-2", adam_without_correction).status == "incorrect"

    def adam_eps_inside_root(grads, lr, beta1, beta2, eps):
        m = v = np.zeros(np.shape(grads)[1])
        out = []
        for t, g in enumerate(np.asarray(grads, dtype=float), start=1):
            m = beta1 * m + (1 - beta1) * g
            v = beta2 * v + (1 - beta2) * g**2
            out.append(-lr * (m / (1 - beta1**t)) / np.sqrt(v / (1 - beta2**t) + eps))
        return np.array(out)

    # eps inside the square root: off by orders of magnitude on gradients of the size of eps
    tiny = ch07.EXERCISES["ex07-2"].cases[-1].args
    assert not np.allclose(adam_eps_inside_root(*tiny), ch07.adam_updates(*tiny), rtol=0.5)
    assert check("ex07-2", adam_eps_inside_root).status == "incorrect"
    assert check("ex07-1", lambda L, mu: np.array([2 / (L + mu), 0.0, (L - mu) / (L + mu)])).status != "correct"
    assert check("ex07-3", np.array([43, 458])).status == "incorrect"
    assert ch07.steps_to_one_percent().tolist() == [44, 459]
    assert np.allclose(ch07.optimal_heavy_ball(4.0, 0.2), [0.6679073734, 0.4026054842, 0.6345120047])
