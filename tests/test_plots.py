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
