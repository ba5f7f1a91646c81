"""Chapter 2's seed numbers (seed 001, first half), its theory, 2-D plots and learning-rate explorers."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

import gdcourse as gd
from gdcourse.exercises import check
from gdcourse.exercises.ch02 import EXERCISES, best_constant_step, divergence_threshold, steps_needed
from gdcourse.widgets.learning_rate import (draw_run_1d, draw_run_2d, learning_rate_explorer,
                                            learning_rate_explorer_2d)


def teardown_function():
    plt.close("all")


BOWL = gd.objectives.quadratic(np.diag([2.0, 4.0]))  # x1² + 2·x2²


# --- the seed's numbers -------------------------------------------------------------------------

@pytest.mark.parametrize("lr, printed", [(0.2, "0.060466176"), (0.05, "3.486784401"), (1.1, "61.917364224")])
def test_square_ten_steps(lr, printed):
    run = gd.gradient_descent(gd.objectives.square(), 10.0, lr=lr, steps=10)
    assert f"{run.x[0]:.9f}" == printed
    # the factor 1 − 2η predicts every iterate
    k = np.arange(11)
    assert np.allclose(run.positions[:, 0], 10.0 * (1 - 2 * lr) ** k, rtol=1e-12, atol=0)


def test_x_cos_is_x_after_ten_steps_not_the_minimum():
    f = gd.objectives.x_cos(0.15 * np.pi)
    run = gd.gradient_descent(f, 10.0, lr=2.0, steps=10)
    assert f"{run.x[0]:.9f}" == "-1.528165928"   # the seed prints x, not f(x)
    assert f"{run.values[-1]:.6f}" == "-1.148752"
    assert abs(f.gradient(run.x)[0]) > 0.27      # not yet stationary
    long = gd.gradient_descent(f, 10.0, lr=2.0, steps=5000, gtol=1e-12)
    assert long.converged
    x_star = long.x[0]
    assert f"{x_star:.6f}" == "-1.825685"
    curvature = f.hessian(x_star)[0, 0]
    assert f"{1 - 2 * curvature:.4f}" == "-0.9577"  # η = 2 is just inside this valley's limit 2/f''
    assert 2 / curvature == pytest.approx(2.043, abs=1e-3)


def test_eta_two_can_only_settle_in_the_wide_valley():
    f = gd.objectives.x_cos()
    for x0 in (-12.0, -5.0, 3.0, 7.3, 12.0):
        run = gd.gradient_descent(f, x0, lr=2.0, steps=2000)
        assert run.x[0] == pytest.approx(-1.825685, abs=1e-4), x0
    # a start at the deep minimum near 7.27 is thrown out: 2 > 2/f''(7.27) ≈ 1.10
    assert 2 / f.hessian(7.2694)[0, 0] == pytest.approx(1.103, abs=1e-3)
    settled = gd.gradient_descent(f, 10.0, lr=1.0, steps=2000)
    assert settled.x[0] == pytest.approx(7.2694, abs=1e-3)


def test_two_dimensional_bowl():
    run = gd.gradient_descent(BOWL, [-5.0, -2.0], lr=0.1, steps=20)
    assert f"{run.x[0]:.6f}" == "-0.057646" and f"{run.x[1]:.6f}" == "-0.000073"
    assert np.allclose(run.x, [-5 * 0.8**20, -2 * 0.6**20], rtol=1e-12)


# --- stability limit, best step, measured rate -------------------------------------------------

def _measured_rate(lr, steps=60):
    # gdcourse's loop with a blow-up threshold high enough to measure growth too (1.4^60 ≈ 6e8)
    run = gd.iterate(BOWL, [-5.0, -2.0], lambda x, g: x - lr * g, steps, blowup=1e30)
    norms = np.linalg.norm(run.positions, axis=1)
    half = steps // 2
    return (norms[steps] / norms[half]) ** (1 / (steps - half))


def test_best_step_and_stability_limit():
    L, mu = BOWL.smoothness, BOWL.strong_convexity
    assert (L, mu) == (4.0, 2.0)
    assert 2 / (L + mu) == pytest.approx(1 / 3) and (L - mu) / (L + mu) == pytest.approx(1 / 3)
    assert _measured_rate(1 / 3) == pytest.approx(1 / 3, abs=1e-9)
    assert _measured_rate(0.49) < 1 < _measured_rate(0.51)
    with pytest.raises(gd.DivergenceError):
        gd.gradient_descent(BOWL, [-5.0, -2.0], lr=0.51, steps=2000)


def test_measured_rate_matches_theory_over_a_sweep():
    for lr in np.linspace(0.01, 0.6, 60):
        theory = max(abs(1 - 2 * lr), abs(1 - 4 * lr))
        assert _measured_rate(lr) == pytest.approx(theory, abs=1e-3), lr


# --- exercises ---------------------------------------------------------------------------------

def test_exercise_references():
    assert divergence_threshold(1.0) == 1.0 and divergence_threshold(7.5) == pytest.approx(2 / 15)
    assert best_constant_step(np.diag([2.0, 4.0])) == pytest.approx([1 / 3, 1 / 3])
    assert best_constant_step(np.diag([2.0, 20.0])) == pytest.approx([2 / 22, 9 / 11])
    assert [steps_needed(0.1, 1e-6), steps_needed(1 / 3, 1e-6), steps_needed(0.45, 1e-6)] == [70, 15, 66]


def test_exercises_check_right_wrong_and_placeholder():
    assert set(EXERCISES) == {"ex02-1", "ex02-2", "ex02-3", "ex02-6"}
    assert check("ex02-1", lambda a: 1 / a).status == "correct"
    assert check("ex02-1", lambda a: 2 / a).status == "incorrect"   # the classic factor-of-two slip
    assert check("ex02-2", lambda A: (1 / np.max(np.linalg.eigvalsh(A)), 0.5)).status == "incorrect"

    def placeholder(lr, tol):
        raise NotImplementedError()
    assert check("ex02-3", placeholder).status == "not attempted"


# --- 2-D plot helpers --------------------------------------------------------------------------

def test_contour_2d_draws_labelled_contours():
    ax = gd.plots.contour_2d(BOWL, xlim=(-5.5, 1.0), ylim=(-3.0, 1.0), levels=8)
    assert ax.get_xlabel() == "x₁" and ax.get_ylabel() == "x₂"
    assert ax.get_xlim() == (-5.5, 1.0) and ax.get_ylim() == (-3.0, 1.0)
    assert len(ax.collections) >= 1
    ax = gd.plots.contour_2d(BOWL, xlim=(-1, 1), ylim=(-1, 1), levels=[0.5, 1.0, 2.0], title="bowl")
    assert ax.get_title() == "bowl"


def test_trace_2d_draws_path_on_contours():
    run = gd.gradient_descent(BOWL, [-5.0, -2.0], lr=0.1, steps=20)
    ax = gd.plots.trace_2d(BOWL, run.positions, label="run")
    assert len(ax.lines) == 1
    xlo, xhi = ax.get_xlim()
    ylo, yhi = ax.get_ylim()
    assert xlo < -5 and xhi > 0 and ylo < -2 and yhi > 0   # the default window covers the run
    assert np.allclose(ax.lines[0].get_xydata(), run.positions)


def test_2d_plot_validation():
    with pytest.raises(TypeError, match="two-dimensional"):
        gd.plots.contour_2d(gd.objectives.square(), xlim=(-1, 1), ylim=(-1, 1))
    with pytest.raises(ValueError, match="lo < hi"):
        gd.plots.contour_2d(BOWL, xlim=(1, -1), ylim=(-1, 1))
    with pytest.raises(TypeError, match="pair"):
        gd.plots.contour_2d(BOWL, xlim=3.0, ylim=(-1, 1))
    with pytest.raises(ValueError, match="finite"):
        gd.plots.contour_2d(BOWL, xlim=(-1, np.inf), ylim=(-1, 1))
    with pytest.raises(ValueError, match="at least 10"):
        gd.plots.contour_2d(BOWL, xlim=(-1, 1), ylim=(-1, 1), resolution=5)
    with pytest.raises(TypeError, match="whole number"):
        gd.plots.contour_2d(BOWL, xlim=(-1, 1), ylim=(-1, 1), resolution=50.5)
    with pytest.raises(ValueError, match="at least 1"):
        gd.plots.contour_2d(BOWL, xlim=(-1, 1), ylim=(-1, 1), levels=0)
    with pytest.raises(ValueError, match="increasing"):
        gd.plots.contour_2d(BOWL, xlim=(-1, 1), ylim=(-1, 1), levels=[2.0, 1.0])
    with pytest.raises(ValueError, match=r"shape \(k, 2\)"):
        gd.plots.trace_2d(BOWL, [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="NaN"):
        gd.plots.trace_2d(BOWL, [[0.0, 0.0], [np.nan, 1.0]])
    with pytest.raises(TypeError, match="Axes"):
        gd.plots.trace_2d(BOWL, [[0.0, 0.0]], ax="here")


# --- the explorers -----------------------------------------------------------------------------

EXPLORERS = {"square": lambda: learning_rate_explorer("square"),
             "x_cos": lambda: learning_rate_explorer("x_cos"),
             "2d": learning_rate_explorer_2d}


def _texts(fig):
    return " ".join(t.get_text() for ax in fig.axes for t in ax.texts)


@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_render_over_the_slider_range(name):
    explorer = EXPLORERS[name]()
    lr, steps = explorer.params["lr"], explorer.params["steps"]
    others = [p for p in explorer.params.values() if p.name not in ("lr", "steps")]
    states = [{"lr": float(v)} for v in lr.values(5)]                       # both ends of the η slider
    states += [{"lr": lr.low, "steps": int(steps.low)}, {"lr": lr.high, "steps": int(steps.high)}]
    states += [{"lr": lr.high, "steps": int(steps.high), p.name: end} for p in others for end in (p.low, p.high)]
    states += [{"lr": lr.low, "steps": int(steps.high), p.name: end} for p in others for end in (p.low, p.high)]
    with np.errstate(all="raise"):   # no silent overflow or NaN anywhere in the drawing
        for state in states:
            fig = explorer.render(**state)
            if state["lr"] == lr.high:
                fig.canvas.draw()
            assert len(fig.axes) == 1 and fig.axes[0].get_title().endswith(f"η = {state['lr']:.3g}")
            plt.close(fig)


def test_diverging_runs_are_drawn_with_a_note():
    explorer = learning_rate_explorer("square")
    fig = explorer.render(lr=1.5, steps=50)
    assert "diverged at step 17" in _texts(fig)
    fig = explorer.render(lr=0.2, steps=10)
    assert "0.06047" in _texts(fig) and "factor 0.6 per step" in _texts(fig)
    fig = learning_rate_explorer_2d().render(lr=0.6, steps=60, a=10.0)
    assert "diverged" in _texts(fig)
    fig = learning_rate_explorer("x_cos").render(lr=3.0, steps=100, x0=-12.0)
    assert "50 of 101 points outside the window" in _texts(fig)
    assert fig.axes[0].get_xlim() == (-16.0, 16.0)


def test_static_twins():
    fig = learning_rate_explorer("square").grid("lr", [0.05, 0.2, 0.5, 0.9, 1.0, 1.1], steps=10)
    assert sum(ax.get_visible() for ax in fig.axes) == 6
    fig = learning_rate_explorer_2d().grid("lr", [0.05, 0.1, 1 / 3, 0.45, 0.5, 0.52], steps=20, a=2.0)
    assert "diverged" not in _texts(fig) and "factor 1.08 per step" in _texts(fig)


def test_draw_functions_validate():
    _, ax = plt.subplots()
    run = draw_run_1d(ax, gd.objectives.square(), 0.2, 10, 10.0)
    assert f"{run.x[0]:.9f}" == "0.060466176"
    run = draw_run_2d(ax, BOWL, 0.1, 20)
    assert f"{run.x[0]:.6f}" == "-0.057646"
    with pytest.raises(ValueError, match="landscape"):
        learning_rate_explorer("rosenbrock")
    with pytest.raises(TypeError, match="one-dimensional"):
        draw_run_1d(ax, BOWL, 0.1, 10, 1.0)
    with pytest.raises(TypeError, match="two-dimensional"):
        draw_run_2d(ax, gd.objectives.square(), 0.1, 10)
    with pytest.raises(TypeError, match="Axes"):
        draw_run_1d(None, gd.objectives.square(), 0.1, 10, 1.0)
    with pytest.raises(ValueError, match="positive"):
        draw_run_1d(ax, gd.objectives.square(), -0.1, 10, 1.0)
    with pytest.raises(ValueError, match="finite"):
        draw_run_2d(ax, BOWL, float("nan"), 10)
    with pytest.raises(ValueError, match="at least 1"):
        draw_run_1d(ax, gd.objectives.square(), 0.1, 0, 1.0)
    with pytest.raises(TypeError, match="window"):
        draw_run_2d(ax, BOWL, 0.1, 10, window=(-1.0, 1.0, 2.0))
    with pytest.raises(ValueError, match="span"):
        draw_run_1d(ax, gd.objectives.square(), 0.1, 10, 1.0, span=(2.0, -2.0))
    with pytest.raises(ValueError, match=r"lr must lie in \[0.01, 0.6\]"):
        learning_rate_explorer_2d().render(lr=1.0)


def test_live_widgets_have_a_log_slider_for_the_learning_rate():
    import ipywidgets as w

    for make in EXPLORERS.values():
        ui = make().show()
        sliders = {child.description: child for child in ui.children[:-1]}
        assert isinstance(sliders["η"], w.FloatLogSlider)
        assert "steps" in sliders
