"""Plot helpers draw labelled axes and refuse bad input with a clear message."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

import gdcourse as gd


def teardown_function():
    plt.close("all")


def test_loss_curves_have_labels_and_log_axis():
    axes = gd.plots.loss_curves([7.5, 1.0, 0.1, 0.01])
    assert axes[0].get_xlabel() == "epoch" and axes[0].get_ylabel() == "loss"
    assert axes[1].get_yscale() == "log"


def test_trace_1d_draws_curve_and_points():
    run = gd.gradient_descent(gd.objectives.square(), 10.0, lr=0.2, steps=10)
    ax = gd.plots.trace_1d(gd.objectives.square(), run.positions)
    assert ax.get_xlabel() == "x" and "x²" in ax.get_ylabel()
    assert len(ax.lines) == 2 and len(ax.collections) == 3


def test_bad_plot_input():
    with pytest.raises(ValueError, match="positive"):
        gd.plots.loss_curve([1.0, 0.0], log=True)
    with pytest.raises(ValueError, match="1-D"):
        gd.plots.loss_curve(np.ones((2, 2)))
    with pytest.raises(ValueError, match="NaN"):
        gd.plots.trace_1d(gd.objectives.square(), [1.0, np.nan])
    with pytest.raises(TypeError, match="one-dimensional"):
        gd.plots.trace_1d(gd.objectives.rosenbrock(), [1.0])
    with pytest.raises(ValueError, match="span"):
        gd.plots.trace_1d(gd.objectives.square(), None)


def test_log_axes_label_ticks_in_plain_text_after_use_style():
    # use_style() makes every log axis label its ticks without mathtext, reading as matplotlib's would.
    import matplotlib.mathtext

    gd.plots.use_style()
    parsed = []
    original = matplotlib.mathtext.MathTextParser.parse

    def spy(self, s, *args, **kwargs):
        parsed.append(s)
        return original(self, s, *args, **kwargs)

    matplotlib.mathtext.MathTextParser.parse = spy
    try:
        fig, ax = plt.subplots()
        ax.loglog([1e-3, 1e5], [0.2, 0.9])
        fig.canvas.draw()
    finally:
        matplotlib.mathtext.MathTextParser.parse = original
    assert {"10⁻³", "10⁻²", "10⁻¹", "10⁰", "10⁵"} <= {t.get_text() for t in ax.get_xticklabels()}
    minor = [t.get_text() for t in ax.get_yticklabels(minor=True) if t.get_text()]
    assert "2×10⁻¹" in minor and "6×10⁻¹" in minor
    assert parsed == []
    ax.set_xscale("log", base=2)
    fig.canvas.draw()
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert "2⁰" in labels and all(label[0] == "2" and set(label[1:]) <= set("⁻⁰¹²³⁴⁵⁶⁷⁸⁹") for label in labels)
    formatter = gd.style.PlainLogFormatter()
    assert formatter(1.0) == "10⁰" and formatter(0.001) == "10⁻³"


def test_note_places_text_and_refuses_an_unknown_place():
    _, ax = plt.subplots()
    gd.plots.note(ax, ["first", "second"], where="bottom left", alert=True)
    (text,) = ax.texts
    assert text.get_text() == "first\nsecond" and text.get_position() == (0.03, 0.03)
    assert text.get_color() == gd.plots.COLORS[1]
    with pytest.raises(ValueError, match="where must be one of"):
        gd.plots.note(ax, "x", where="middle")
