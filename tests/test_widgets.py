"""The explorer machinery: state checks, one-state render, static grid, live interface."""
import matplotlib.pyplot as plt
import pytest

import gdcourse as gd
from gdcourse.widgets import Explorer, Param


def draw(ax, lr, steps):
    run = gd.gradient_descent(gd.objectives.square(), 10.0, lr=lr, steps=steps, on_divergence="stop")
    gd.plots.trace_1d(gd.objectives.square(), run.positions, ax)


@pytest.fixture
def explorer():
    return Explorer(draw, [Param("lr", 0.01, 1.1, 0.2), Param("steps", 1, 30, 10, integer=True)])


def teardown_function():
    plt.close("all")


def test_render_and_grid(explorer):
    fig = explorer.render(lr=1.1, steps=30)
    assert len(fig.axes) == 1
    fig = explorer.grid("lr", [0.05, 0.2, 0.9, 1.1], ncols=3, steps=5)
    assert sum(ax.get_visible() for ax in fig.axes) == 4


def test_bad_states_are_clear_errors(explorer):
    with pytest.raises(ValueError, match=r"lr must lie in \[0.01, 1.1\]"):
        explorer.render(lr=2.0)
    with pytest.raises(ValueError, match="whole number"):
        explorer.render(steps=2.5)
    with pytest.raises(TypeError, match="unknown setting"):
        explorer.render(momentum=0.9)
    with pytest.raises(TypeError, match="number"):
        explorer.render(lr="fast")
    with pytest.raises(ValueError, match="no slider"):
        explorer.grid("beta", [0.1])
    with pytest.raises(ValueError, match="log slider"):
        Param("lr", 0.0, 1.0, 0.1, log=True)
    with pytest.raises(ValueError, match="outside"):
        Param("lr", 0.1, 1.0, 2.0)


def test_param_values_cover_the_range():
    assert Param("lr", 1e-3, 1.0, 0.1, log=True).values(4).tolist() == pytest.approx([1e-3, 1e-2, 1e-1, 1.0])
    assert Param("b", 1, 64, 8, integer=True).values(3).tolist() == [1, 32, 64]


def test_show_builds_sliders(explorer):
    ui = explorer.show()
    names = [child.description for child in ui.children[:-1]]
    assert names == ["lr", "steps"]
