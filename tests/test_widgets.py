"""The explorer machinery: state checks, one-state render, static grid, live interface, scrubber."""
import base64
import io
import json
import os
import re
import time
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image

import gdcourse as gd
from gdcourse.widgets import FRAMES_ENV, MAX_FRAMES, SCRUBBER_MIME, Explorer, Param
from gdcourse.widgets import frames as frames_module

BOOK = Path(__file__).resolve().parent.parent / "book"


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


def test_show_puts_the_picture_in_its_output_without_capturing(explorer):
    # Output captured by `with output:` makes headless runners (nbclient) write back to the kernel on the
    # shell channel mid-cell, which intermittently stalls the cell until its timeout: show() sets the
    # Output widget's outputs itself instead.
    plt.close("all")
    ui = explorer.show()
    output = ui.children[-1]
    (first,) = output.outputs
    assert first["output_type"] == "display_data" and first["data"]["image/png"]
    ui.children[0].value = 1.1          # a slider move redraws, replacing the picture
    (second,) = output.outputs
    assert second["data"]["image/png"] != first["data"]["image/png"]
    assert plt.get_fignums() == [], "show() left a figure open (the inline backend would print it)"


# --- The scrubber: the explorer's twin on the static site (Explorer.scrubber, _ext/scrubber.py) ---


def test_scrubber_describes_sliders_states_and_alt_texts(explorer, monkeypatch):
    monkeypatch.delenv(FRAMES_ENV, raising=False)
    data, metadata = explorer.scrubber_bundle("GD on x²", lr=[0.05, 1 / 3, 1.1], steps=[3, 10])
    spec = data[SCRUBBER_MIME]
    assert metadata == {}, "no frames outside the book build"
    assert spec["caption"] == "GD on x²"
    assert spec["sliders"] == [
        {"name": "lr", "label": "lr", "values": ["0.05", "0.333", "1.1"], "start": 1},
        {"name": "steps", "label": "steps", "values": ["3", "10"], "start": 1},
    ]
    assert spec["fixed"] == ""
    assert spec["alt"][0] == "GD on x²: lr = 0.05, steps = 3"
    assert spec["alt"][3] == "GD on x²: lr = 0.333, steps = 10"   # last slider fastest
    assert len(spec["alt"]) == 6 and len(set(spec["alt"])) == 6
    assert "6 pictures" in data["text/plain"]
    json.dumps(data)   # a notebook output: JSON only


def test_scrubber_fixes_a_setting_given_one_number(explorer):
    data, _ = explorer.scrubber_bundle("GD", lr=[0.1, 0.2], steps=5, frames=False)
    spec = data[SCRUBBER_MIME]
    assert [s["name"] for s in spec["sliders"]] == ["lr"]
    assert spec["fixed"] == "steps = 5"
    assert spec["alt"] == ["GD: lr = 0.1 (steps = 5)", "GD: lr = 0.2 (steps = 5)"]


def test_scrubber_frames_are_the_render_of_each_state(explorer):
    data, metadata = explorer.scrubber_bundle("GD", lr=[0.1, 1.1], steps=[2, 5], frames=True)
    frames = metadata[SCRUBBER_MIME]["frames"]
    assert len(frames) == len(data[SCRUBBER_MIME]["alt"]) == 4
    pictures = [Image.open(io.BytesIO(base64.b64decode(f))) for f in frames]
    width, height = explorer.figsize[0] * 100, explorer.figsize[1] * 100
    assert all(p.format == "PNG" and p.mode == "P" and p.size == (round(width), round(height)) for p in pictures)
    assert len(set(frames)) == 4, "every state draws a different picture"
    # The same drawing code: the frame of (lr=1.1, steps=5), drawn in a forked copy of this
    # process or here, is what render() draws for that state.
    assert frames[3] == frames_module.png(explorer.render(lr=1.1, steps=5))
    # The palette keeps the figure's colours: pure white stays pure white, and no pixel moves far.
    rgb = np.asarray(pictures[3].convert("RGB"), dtype=float)
    fig = explorer.render(lr=1.1, steps=5)
    fig.canvas.draw()
    original = np.asarray(fig.canvas.buffer_rgba())[..., :3].astype(float)
    plt.close(fig)
    assert np.abs(rgb - original).mean() < 0.5 and (rgb == 255).all(axis=2).mean() > 0.5


@pytest.mark.parametrize("processes", [1, 2, 3])
def test_frames_drawn_in_parallel_are_the_frames_drawn_one_by_one(explorer, processes):
    states = [explorer.state(lr=lr, steps=steps) for lr in (0.1, 0.5, 1.1) for steps in (2, 5)]
    one_by_one = [frames_module.png(explorer.render(**state)) for state in states]
    assert frames_module.draw_frames(explorer.render, states, processes=processes) == one_by_one


def test_a_failing_copy_leaves_its_frames_to_the_caller(explorer, monkeypatch):
    # A forked copy that dies (here: its render raises) is noticed; its states are drawn by the caller.
    parent = os.getpid()
    calls = []

    def render(**state):
        if os.getpid() != parent:
            raise RuntimeError("a copy that fails")
        calls.append(state)
        return explorer.render(**state)

    states = [explorer.state(lr=lr) for lr in (0.1, 0.2, 0.3, 0.4)]
    frames = frames_module.draw_frames(render, states, processes=2)
    assert frames == [frames_module.png(explorer.render(**s)) for s in states]
    assert len(calls) == 4, "the caller drew its own two states and the two of the failed copy"


def test_a_stuck_copy_is_killed_and_its_frames_drawn_by_the_caller(explorer):
    parent = os.getpid()

    def render(**state):
        if os.getpid() != parent:
            time.sleep(3600)   # a copy that never finishes (a lock it inherited, say)
        return explorer.render(**state)

    states = [explorer.state(lr=lr) for lr in (0.1, 0.2, 0.3, 0.4)]
    start = time.monotonic()
    frames = frames_module.draw_frames(render, states, processes=2, patience=1.0)
    assert time.monotonic() - start < 30
    assert frames == frames_module.draw_frames(explorer.render, states, processes=1)


def test_scrubber_draws_frames_when_the_build_asks(explorer, monkeypatch):
    monkeypatch.setenv(FRAMES_ENV, "1")
    _, metadata = explorer.scrubber_bundle("GD", lr=[0.1, 0.2])
    assert len(metadata[SCRUBBER_MIME]["frames"]) == 2


def test_scrubber_bad_arguments_are_clear_errors(explorer):
    with pytest.raises(TypeError, match="caption"):
        explorer.scrubber_bundle("", lr=[0.1, 0.2])
    with pytest.raises(ValueError, match="at least one slider"):
        explorer.scrubber_bundle("GD", lr=0.1)
    with pytest.raises(TypeError, match="unknown setting"):
        explorer.scrubber_bundle("GD", momentum=[0.1, 0.9])
    with pytest.raises(ValueError, match=r"lr must lie in \[0.01, 1.1\]"):
        explorer.scrubber_bundle("GD", lr=[0.1, 5.0])
    with pytest.raises(ValueError, match="at least two values"):
        explorer.scrubber_bundle("GD", lr=[0.1])
    with pytest.raises(ValueError, match="twice"):
        explorer.scrubber_bundle("GD", lr=[0.1, 0.1])
    with pytest.raises(ValueError, match="whole number"):
        explorer.scrubber_bundle("GD", steps=[1, 2.5])
    with pytest.raises(ValueError, match=f"at most {MAX_FRAMES}"):
        explorer.scrubber_bundle("GD", lr=[0.01 * k for k in range(1, 13)], steps=list(range(1, 12)))


def test_scrubber_displays_its_bundle(explorer, monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda *a, **k: shown.append((a, k)))
    explorer.scrubber("GD", lr=[0.1, 0.2])
    ((args, kwargs),) = shown
    assert SCRUBBER_MIME in args[0] and kwargs["raw"] is True


def test_param_text():
    assert Param("lr", 0.01, 1.0, 0.1).text(1 / 3) == "0.333"
    assert Param("b", 1, 64, 8, integer=True).text(32) == "32"
    with pytest.raises(ValueError, match="lie in"):
        Param("lr", 0.01, 1.0, 0.1).text(2.0)


def _chapters():
    return sorted(BOOK.glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("path", _chapters(), ids=lambda p: p.name)
def test_every_live_explorer_has_a_scrubber_for_the_site(path):
    """A chapter that shows ``name.show()`` (live only) also calls ``name.scrubber(...)`` after it."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    for i, source in enumerate(cells):
        for name in re.findall(r"^\s*(\w+)\.show\(\)", source, flags=re.M):
            if name == "plt":
                continue
            assert any(f"{name}.scrubber(" in later for later in cells[i:]), (
                f"{path.name}: explorer {name!r} is shown live but has no {name}.scrubber(...) for the site")
