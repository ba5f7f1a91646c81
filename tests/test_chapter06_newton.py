"""Chapter 6: Newton's method, line search, conjugate gradients and convergence orders.

Seed 001 (second half): Newton on cosh(0.5x) and on x·cos(0.15πx) from x0 = 10, ten steps.
Seed 002: the least-squares quadratic of y = 4x² + 5x + 6 on x = 0.00 … 0.99.
"""
import matplotlib.pyplot as plt
import numpy as np
import pytest

import gdcourse as gd
from gdcourse.conjugate_gradient import conjugate_gradient
from gdcourse.linesearch import Backtracking, LineSearchError, backtracking, backtracking_descent
from gdcourse.newton import HessianError, Newton, empirical_order, modified_hessian, newton, newton_direction
from gdcourse.widgets.newton import newton_explorer

C_WAVE = 0.15 * np.pi


def random_spd(rng, n, low=1.0, high=10.0):
    q, _ = np.linalg.qr(rng.standard_normal((n, n)))
    a = q @ np.diag(rng.uniform(low, high, n)) @ q.T
    return (a + a.T) / 2


def seed002_quadratic():
    x, y = gd.data.seed002_data()
    X = np.column_stack([x**2, x, np.ones_like(x)])
    A = 2 * X.T @ X / len(x)
    q = 2 * X.T @ y / len(x)
    return gd.objectives.quadratic(A, q, np.mean(y**2)), A, q


# --- the seed numbers -------------------------------------------------------------------------------

def test_seed_newton_on_cosh_lands_exactly_on_zero():
    run = newton(gd.objectives.cosh(0.5), 10.0, steps=10)
    assert run.steps == 10 and run.stop_reason == "max steps"
    assert f"{run.x[0]:.1f}" == "0.0"
    assert run.x[0] == 0.0


def test_seed_newton_on_x_cos_climbs_to_a_maximum():
    f = gd.objectives.x_cos(C_WAVE)
    run = newton(f, 10.0, steps=10)
    assert f"{run.x[0]:.9f}" == "26.834132913"      # the seed prints x, not f(x)
    assert f"{f.value(run.x):.9f}" == "26.750617044"
    assert abs(f.gradient(run.x)[0]) < 1e-9 and f.hessian(run.x)[0, 0] < 0    # a local maximum


def test_seed_damped_newton_on_x_cos():
    f = gd.objectives.x_cos(C_WAVE)
    run = newton(f, 10.0, steps=10, lr=0.5)
    assert f"{run.x[0]:.9f}" == "7.269860169"
    # Not yet at the minimum: damping by 0.5 halves the error each step (linear convergence).
    x_star = newton(f, run.x, steps=6).x[0]
    assert f"{x_star:.9f}" == "7.269388146"
    errors = run.positions[2:, 0] - x_star
    assert np.allclose(errors[1:] / errors[:-1], 0.5, atol=0.011)


def test_newton_matches_the_hand_written_loop():
    c = C_WAVE
    x, xs = 10.0, [10.0]
    for _ in range(10):
        x = x - (np.cos(c * x) - c * x * np.sin(c * x)) / (-2 * c * np.sin(c * x) - c**2 * x * np.cos(c * x))
        xs.append(x)
    assert np.array_equal(newton(gd.objectives.x_cos(c), 10.0, steps=10).positions[:, 0], xs)


def test_absolute_curvature_fix_finds_a_minimum():
    f = gd.objectives.x_cos(C_WAVE)
    run = newton(f, 10.0, steps=10, curvature="absolute")
    assert f"{run.x[0]:.6f}" == "20.221876"
    assert abs(f.gradient(run.x)[0]) < 1e-9 and f.hessian(run.x)[0, 0] > 0
    # every step of the fixed method goes downhill (f' · step < 0)
    xs = run.positions[:, 0]
    moving = np.abs(np.diff(xs)) > 1e-12
    slopes = np.array([f.gradient(x)[0] for x in xs[:-1]])
    assert np.all((slopes * np.diff(xs))[moving] < 0)
    # the plain method does not: some of its steps climb
    plain = newton(f, 10.0, steps=10).positions[:, 0]
    plain_slopes = np.array([f.gradient(x)[0] for x in plain[:-1]])
    assert np.any(plain_slopes * np.diff(plain) > 0)


def test_newton_with_line_search_reaches_the_nearest_minimum():
    f = gd.objectives.x_cos(C_WAVE)
    run = backtracking_descent(f, 10.0, steps=20, direction="newton", gtol=1e-10)
    assert run.step_sizes.tolist() == [1.0, 0.125, 1.0, 1.0, 1.0]
    assert f"{run.x[0]:.9f}" == "7.269388146"


# --- Newton on quadratics and bad Hessians ------------------------------------------------------------

@pytest.mark.parametrize("n", [1, 2, 5, 12])
def test_newton_solves_any_positive_definite_quadratic_in_one_step(n):
    rng = np.random.default_rng(100 + n)
    for _ in range(5):
        A = random_spd(rng, n, 0.01, 100.0)
        b = rng.standard_normal(n)
        x0 = 10 * rng.standard_normal(n)
        run = newton(gd.objectives.quadratic(A, b), x0, steps=1)
        x_star = np.linalg.solve(A, b)
        assert np.linalg.norm(run.x - x_star) <= 1e-8 * max(1.0, np.linalg.norm(x_star))
        assert np.linalg.norm(A @ run.x - b) <= 1e-9 * (np.linalg.norm(A) * np.linalg.norm(run.x) + np.linalg.norm(b))


def test_seed002_newton_one_step_and_condition_number():
    f, A, q = seed002_quadratic()
    eig = np.linalg.eigvalsh(A)
    assert f"{eig[-1] / eig[0]:.1f}" == "515.2"
    run = newton(f, [1.0, 0.0, 1.0], steps=1)
    assert np.allclose(run.x, [4.0, 5.0, 6.0], rtol=0, atol=1e-10)


def test_singular_hessian_raises_a_clear_error():
    flat = gd.objectives.quadratic(np.diag([2.0, 0.0]), [1.0, 1.0])
    with pytest.raises(HessianError, match="singular"):
        newton(flat, [1.0, 1.0], steps=3)
    with pytest.raises(HessianError, match="singular"):
        newton(gd.objectives.x_cos(C_WAVE), 0.0, steps=3)      # f''(0) = 0 exactly
    with pytest.raises(HessianError, match="singular"):
        newton_direction([1.0, 1.0], [[1.0, 1.0], [1.0, 1.0]])
    with pytest.raises(HessianError, match="singular"):
        newton_direction([1.0, 1.0], np.zeros((2, 2)))


def test_singular_hessian_with_the_fix_gives_a_finite_step():
    flat = gd.objectives.quadratic(np.diag([2.0, 0.0]), [1.0, 0.0])
    run = newton(flat, [3.0, 0.0], steps=2, curvature="absolute")
    assert np.all(np.isfinite(run.positions))
    assert np.allclose(run.x, [0.5, 0.0])
    assert np.all(np.isfinite(modified_hessian(np.zeros((3, 3)))))


def test_non_finite_hessian_raises_instead_of_nan():
    nan_hessian = gd.objectives.Objective("broken", 1, lambda x: float(x[0] ** 2), lambda x: 2 * x,
                                          lambda x: np.array([[np.nan]]))
    inf_hessian = gd.objectives.Objective("broken", 1, lambda x: float(x[0] ** 2), lambda x: 2 * x,
                                          lambda x: np.array([[np.inf]]))
    for f in (nan_hessian, inf_hessian):
        for curvature in ("exact", "absolute"):
            with pytest.raises(HessianError, match="NaN or infinity"):
                newton(f, 1.0, steps=2, curvature=curvature)
    with pytest.raises(ValueError, match="gradient must be finite"):
        newton_direction([np.nan], [[1.0]])
    with pytest.raises(HessianError, match="overflowed"):
        newton_direction([1e300], [[1e-300]])


def test_overflow_is_a_clear_error_not_inf():
    with pytest.raises(gd.DivergenceError, match="too large"):
        conjugate_gradient(np.eye(2), [1.0, 2.0], x0=[0.0, 1.4e154])
    with pytest.raises(ValueError, match="overflowed"):
        backtracking(lambda x: float(x @ x), [0.0, 0.0], [1.4e154, 0.0], [-1.4e154, 0.0])


def test_modified_hessian_flips_negative_curvature_and_keeps_positive():
    H = np.array([[2.0, 0.0], [0.0, -3.0]])
    assert np.allclose(modified_hessian(H), np.diag([2.0, 3.0]))
    rng = np.random.default_rng(5)
    S = random_spd(rng, 4)
    assert np.allclose(modified_hessian(S), S)
    assert modified_hessian(-4.0).tolist() == [[4.0]]


# --- line search ---------------------------------------------------------------------------------------

def _armijo_holds(f, x, g, d, t, c):
    return f(x + t * d) <= f(x) + c * t * (g @ d)


def test_backtracking_always_satisfies_armijo():
    rng = np.random.default_rng(7)
    problems = [gd.objectives.rosenbrock(), gd.objectives.cosh(0.5), gd.objectives.x_cos(C_WAVE),
                gd.objectives.quadratic(random_spd(rng, 3, 0.01, 50.0), rng.standard_normal(3))]
    checked = 0
    for f in problems:
        for _ in range(40):
            x = rng.uniform(-3, 3, f.dim)
            g = f.gradient(x)
            if np.linalg.norm(g) < 1e-8:
                continue
            d = -g if rng.random() < 0.5 else -g * rng.uniform(0.1, 10.0, f.dim)   # scaled descent directions
            t0, shrink, c = rng.uniform(0.1, 5.0), rng.uniform(0.1, 0.9), rng.uniform(1e-4, 0.5)
            t = backtracking(f.value_fn, x, g, d, t0=t0, shrink=shrink, c=c)
            assert _armijo_holds(f.value_fn, x, g, d, t, c)
            if t < t0:    # the previous (larger) trial must have failed
                assert not _armijo_holds(f.value_fn, x, g, d, t / shrink, c)
            checked += 1
    assert checked > 100


def test_backtracking_descent_records_steps_and_satisfies_armijo_each_step():
    f, _, _ = seed002_quadratic()
    run = backtracking_descent(f, [1.0, 0.0, 1.0], steps=300)
    tr = run
    assert run.step_sizes.shape == (tr.steps,) and run.nfev > run.ngev   # trial steps count as evaluations
    assert np.all(tr.values[1:] <= tr.values[:-1] - 1e-4 * run.step_sizes * tr.grad_norms[:-1] ** 2)
    cosh_run = backtracking_descent(gd.objectives.cosh(0.5), 10.0, steps=500, gtol=1e-8)
    assert cosh_run.step_sizes[:3].tolist() == [0.5, 0.5, 1.0]
    assert cosh_run.converged and abs(cosh_run.x[0]) < 1e-7


def test_line_search_update_keeps_a_stationary_point():
    update = Backtracking(gd.objectives.square())
    assert update(np.array([0.0]), np.array([0.0])).tolist() == [0.0]
    assert update.step_sizes == [0.0]


def test_backtracking_refuses_uphill_directions_and_reports_failure():
    f = gd.objectives.square()
    with pytest.raises(ValueError, match="not a descent direction"):
        backtracking(f.value_fn, [1.0], [2.0], [1.0])
    with pytest.raises(LineSearchError, match="Armijo"):
        # a wrong "gradient": the direction is downhill for the claimed gradient but uphill for f
        backtracking(f.value_fn, [1.0], [-2.0], [2.0], max_trials=20)


# --- conjugate gradients -------------------------------------------------------------------------------

@pytest.mark.parametrize("n", [1, 2, 3, 5, 8, 13, 20])
def test_cg_reaches_1e_10_in_at_most_n_steps(n):
    rng = np.random.default_rng(n)
    for _ in range(10):
        A = random_spd(rng, n)
        b = rng.standard_normal(n)
        result = conjugate_gradient(A, b, rtol=1e-10, max_steps=n)
        assert result.converged and result.steps <= n
        assert np.linalg.norm(b - A @ result.x) <= 1e-10 * np.linalg.norm(b)
        assert result.grad_norms.shape == (result.steps + 1,)   # the residual norms ‖b − A xₖ‖
        assert result.grad_norms[-1] == pytest.approx(np.linalg.norm(b - A @ result.x), rel=1e-6, abs=1e-14)


def test_cg_on_seed002_takes_three_steps():
    _, A, q = seed002_quadratic()
    result = conjugate_gradient(A, q, x0=[1.0, 0.0, 1.0])
    assert result.steps == 3 and result.converged
    assert np.allclose(result.x, [4.0, 5.0, 6.0], rtol=0, atol=1e-8)


def test_cg_beats_gradient_descent():
    rng = np.random.default_rng(6)
    A = random_spd(rng, 20, 1.0, 100.0)
    b = rng.standard_normal(20)
    cg_run = conjugate_gradient(A, b, max_steps=20)
    eig = np.linalg.eigvalsh(A)
    gd_run = gd.gradient_descent(gd.objectives.quadratic(A, b), np.zeros(20), lr=2 / (eig[0] + eig[-1]), steps=20)
    assert np.linalg.norm(b - A @ gd_run.x) > 1e3 * np.linalg.norm(b - A @ cg_run.x)


def test_cg_detects_indefinite_and_bad_input():
    with pytest.raises(ValueError, match="not positive definite"):
        conjugate_gradient(np.diag([1.0, -1.0]), [1.0, 1.0])
    with pytest.raises(ValueError, match="symmetric"):
        conjugate_gradient([[1.0, 2.0], [0.0, 1.0]], [1.0, 1.0])
    with pytest.raises(ValueError, match="square"):
        conjugate_gradient(np.ones((2, 3)), [1.0, 1.0])
    with pytest.raises(ValueError, match="finite"):
        conjugate_gradient([[np.nan]], [1.0])
    with pytest.raises(ValueError, match="2 coordinate"):
        conjugate_gradient(np.eye(2), [1.0, 1.0, 1.0])
    with pytest.raises(ValueError, match="rtol"):
        conjugate_gradient(np.eye(2), [1.0, 1.0], rtol=-1.0)
    with pytest.raises(TypeError, match="max_steps"):
        conjugate_gradient(np.eye(2), [1.0, 1.0], max_steps=2.5)
    with pytest.raises(TypeError, match="square matrix"):
        conjugate_gradient("A", [1.0])
    zero = conjugate_gradient(np.eye(2), [0.0, 0.0])
    assert zero.steps == 0 and zero.converged


# --- empirical order -----------------------------------------------------------------------------------

def test_empirical_order_of_gd_and_newton():
    f = gd.objectives.x_cos(C_WAVE)
    x_star = newton(f, 7.5, steps=8).x[0]
    e_gd = np.abs(gd.gradient_descent(f, 8.0, lr=0.2, steps=60).positions[:, 0] - x_star)
    e_nt = np.abs(newton(f, 8.0, steps=6).positions[:, 0] - x_star)
    p_gd = empirical_order(e_gd[e_gd > 1e-12])
    p_nt = empirical_order(e_nt[e_nt > 1e-12])
    assert abs(p_gd[-1] - 1) < 0.01
    assert abs(p_nt[-1] - 2) < 0.05
    e_cosh = np.abs(newton(gd.objectives.cosh(0.5), 10.0, steps=10).positions[:, 0])
    assert abs(empirical_order(e_cosh[e_cosh > 1e-12])[-1] - 3) < 0.05     # f'''(0) = 0: cubic


def test_empirical_order_exact_values_and_validation():
    assert empirical_order([1e-1, 1e-2, 1e-4, 1e-8]).tolist() == pytest.approx([2.0, 2.0])
    assert empirical_order(0.3 ** np.arange(6)).tolist() == pytest.approx([1.0] * 4)
    with pytest.raises(ValueError, match="at least three"):
        empirical_order([1.0, 0.5])
    with pytest.raises(ValueError, match="positive"):
        empirical_order([1.0, 0.1, 0.0])
    with pytest.raises(ValueError, match="equal"):
        empirical_order([1.0, 0.5, 0.5, 0.1])
    with pytest.raises(ValueError, match="finite"):
        empirical_order([1.0, np.nan, 0.1])
    with pytest.raises(TypeError):
        empirical_order(0.5)
    with pytest.raises(TypeError):
        empirical_order("errors")


# --- validation of the public functions ----------------------------------------------------------------

def test_newton_validation():
    f = gd.objectives.x_cos(C_WAVE)
    with pytest.raises(ValueError, match="lr"):
        newton(f, 10.0, steps=5, lr=-0.5)
    with pytest.raises(ValueError, match="lr"):
        newton(f, 10.0, steps=5, lr=float("nan"))
    with pytest.raises(ValueError, match="curvature"):
        newton(f, 10.0, steps=5, curvature="abs")
    with pytest.raises(ValueError, match="steps"):
        newton(f, 10.0, steps=0)
    with pytest.raises(TypeError, match="steps"):
        newton(f, 10.0, steps=2.0)
    with pytest.raises(TypeError, match="Objective"):
        Newton(lambda x: x**2)
    with pytest.raises(ValueError, match="min_curvature"):
        newton(f, 10.0, steps=5, curvature="absolute", min_curvature=0.0)
    with pytest.raises(ValueError, match="shape"):
        newton_direction([1.0, 2.0], [[1.0]])
    with pytest.raises(TypeError, match="square matrix"):
        newton_direction([1.0], "H")
    with pytest.raises(ValueError, match="symmetric"):
        modified_hessian([[1.0, 2.0], [0.0, 1.0]])
    with pytest.raises(ValueError, match="square"):
        modified_hessian(np.ones((2, 3)))


def test_line_search_validation():
    f = gd.objectives.square()
    good = dict(t0=1.0, shrink=0.5, c=1e-4)
    with pytest.raises(ValueError, match="shrink"):
        backtracking(f.value_fn, [1.0], [2.0], [-2.0], **{**good, "shrink": 1.0})
    with pytest.raises(ValueError, match="c must"):
        backtracking(f.value_fn, [1.0], [2.0], [-2.0], **{**good, "c": 0.0})
    with pytest.raises(ValueError, match="t0"):
        backtracking(f.value_fn, [1.0], [2.0], [-2.0], **{**good, "t0": -1.0})
    with pytest.raises(TypeError, match="shrink"):
        backtracking(f.value_fn, [1.0], [2.0], [-2.0], **{**good, "shrink": "half"})
    with pytest.raises(ValueError, match="1 coordinate"):
        backtracking(f.value_fn, [1.0], [2.0, 1.0], [-2.0])
    with pytest.raises(TypeError, match="function"):
        backtracking(3.0, [1.0], [2.0], [-2.0])
    with pytest.raises(ValueError, match="max_trials"):
        backtracking(f.value_fn, [1.0], [2.0], [-2.0], max_trials=0)
    with pytest.raises(ValueError, match="direction"):
        backtracking_descent(f, 1.0, steps=5, direction="steepest")
    with pytest.raises(TypeError, match="Objective"):
        Backtracking("f")


# --- the explorer widget -------------------------------------------------------------------------------

def teardown_function():
    plt.close("all")


@pytest.mark.parametrize("x0", [0.0, 2.0, 5.0, 10.0, 25.0, 30.0])
@pytest.mark.parametrize("lr", [0.1, 1.0])
def test_newton_explorer_renders_over_the_slider_range(x0, lr):
    explorer = newton_explorer()
    for steps in (1, 30):
        fig = explorer.render(x0=x0, lr=lr, steps=steps)
        title = fig.axes[0].get_title()
        assert f"x0 = {x0:g}" in title
        plt.close(fig)


def test_newton_explorer_titles_say_where_the_run_ended():
    explorer = newton_explorer()
    assert "local maximum: x = 26.8341" in explorer.render(x0=10.0).axes[0].get_title()
    assert "local minimum: x = 20.2219" in explorer.render(x0=20.0).axes[0].get_title()
    assert "undefined" in explorer.render(x0=0.0).axes[0].get_title()
    with pytest.raises(ValueError, match="x0 must lie"):
        explorer.render(x0=40.0)
