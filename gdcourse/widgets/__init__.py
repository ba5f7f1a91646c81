"""Interactive explorers, each with a static twin for readers who run nothing.

An :class:`Explorer` wraps one drawing function ``draw(ax, **state)`` and the
sliders that set ``state``. The same function serves three purposes:

- :meth:`Explorer.render` draws one state on a new figure (what a slider move
  redraws; tests and the benchmark time it without a browser);
- :meth:`Explorer.grid` draws small multiples over one slider's values, the static
  equivalent shown on the web page;
- :meth:`Explorer.show` builds the ipywidgets interface for a live kernel;
- :meth:`Explorer.scrubber` is the explorer's twin on the static site: sliders over
  chosen values that swap pictures drawn by :meth:`Explorer.render` when the book is
  built (the book's ``_ext/scrubber.py`` turns it into the page's sliders).

The chapters' explorers live in the submodules of this package.
"""
from __future__ import annotations

import itertools
import numbers
import os
from dataclasses import dataclass
from typing import Any, Callable, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from .frames import draw_frames

#: MIME type of a scrubber's description in a notebook output (see :meth:`Explorer.scrubber`).
SCRUBBER_MIME = "application/vnd.gdcourse.scrubber+json"
#: Set to ``1`` by the book build (``_ext/scrubber.py``): :meth:`Explorer.scrubber` then draws its frames.
FRAMES_ENV = "GDCOURSE_SCRUBBER_FRAMES"
#: Most frames one scrubber may have (each is a picture the site serves).
MAX_FRAMES = 120


@dataclass(frozen=True)
class Param:
    """One slider: a named, bounded number.

    Parameters
    ----------
    name : str
        Keyword passed to the drawing function.
    low, high : float
        Slider range (inclusive).
    default : float
        Initial value.
    step : float
        Slider resolution; ignored when ``log`` is true.
    log : bool
        A logarithmic slider (for learning rates spanning decades).
    integer : bool
        A whole-number slider.
    label : str, optional
        Text shown next to the slider; defaults to ``name``.
    """

    name: str
    low: float
    high: float
    default: float
    step: float = 0.01
    log: bool = False
    integer: bool = False
    label: str | None = None

    def __post_init__(self) -> None:
        if not (np.isfinite(self.low) and np.isfinite(self.high) and self.low < self.high):
            raise ValueError(f"slider {self.name!r}: need finite low < high, got {self.low}, {self.high}.")
        if not self.low <= self.default <= self.high:
            raise ValueError(f"slider {self.name!r}: default {self.default} is outside [{self.low}, {self.high}].")
        if self.log and self.low <= 0:
            raise ValueError(f"slider {self.name!r}: a log slider needs low > 0, got {self.low}.")

    def check(self, value: object) -> float | int:
        """Return ``value`` if it is a number inside the slider's range, else raise a clear error."""
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError(f"{self.name} must be a number, got {type(value).__name__} {value!r}.")
        if not np.isfinite(value) or not self.low <= value <= self.high:
            raise ValueError(f"{self.name} must lie in [{self.low:g}, {self.high:g}], got {value!r}.")
        if self.integer:
            if value != int(value):
                raise ValueError(f"{self.name} must be a whole number, got {value!r}.")
            return int(value)
        return float(value)

    def values(self, n: int) -> np.ndarray:
        """``n`` slider positions spread over the range (geometrically for a log slider)."""
        if self.log:
            vals = np.geomspace(self.low, self.high, n)
        else:
            vals = np.linspace(self.low, self.high, n)
        return np.round(vals).astype(int) if self.integer else vals

    def text(self, value: object) -> str:
        """The value as a slider shows it: a whole number, or three significant digits."""
        value = self.check(value)
        return str(value) if self.integer else f"{value:.3g}"


class Explorer:
    """Sliders plus one drawing function, rendered live or as a static grid.

    Parameters
    ----------
    draw : callable
        ``draw(ax, **state)`` draws one state on the given axes.
    params : sequence of Param
        The sliders; their names are the keyword arguments of ``draw``.
    figsize : (float, float)
        Size of the figure :meth:`render` makes.
    """

    def __init__(self, draw: Callable[..., Any], params: Sequence[Param], figsize: tuple[float, float] = (6.4, 4.0)):
        if not callable(draw):
            raise TypeError("draw must be a function draw(ax, **state).")
        self.draw = draw
        self.params = {p.name: p for p in params}
        self.figsize = figsize

    def state(self, **changes: object) -> dict[str, float | int]:
        """The default state with ``changes`` applied, each value checked against its slider."""
        unknown = set(changes) - set(self.params)
        if unknown:
            raise TypeError(f"unknown setting(s) {sorted(unknown)}; this explorer has {sorted(self.params)}.")
        state = {name: p.default for name, p in self.params.items()}
        state.update({name: self.params[name].check(v) for name, v in changes.items()})
        return state

    def render(self, **changes: object) -> Figure:
        """Draw one state on a new figure and return it (close it when done)."""
        state = self.state(**changes)
        fig, ax = plt.subplots(figsize=self.figsize, layout="constrained")
        self.draw(ax, **state)
        return fig

    def grid(self, name: str, values: Sequence[float], ncols: int = 3, panel: tuple[float, float] = (3.2, 2.6),
             **fixed: object) -> Figure:
        """Small multiples: one panel per value of the slider ``name``, the others fixed.

        This is the static equivalent of moving that slider, for readers of the web page.
        """
        if name not in self.params:
            raise ValueError(f"no slider {name!r}; this explorer has {sorted(self.params)}.")
        values = list(values)
        if not values:
            raise ValueError("values must name at least one slider position.")
        states = [self.state(**{**fixed, name: v}) for v in values]
        ncols = min(ncols, len(values))
        nrows = -(-len(values) // ncols)
        fig, axes = plt.subplots(nrows, ncols, figsize=(panel[0] * ncols, panel[1] * nrows),
                                 layout="constrained", squeeze=False)
        for ax, state in zip(axes.flat, states):
            self.draw(ax, **state)
        for ax in axes.flat[len(states):]:
            ax.set_visible(False)
        return fig

    def show(self) -> Any:
        """Build the live interface: one slider per Param, redrawing on every move."""
        import ipywidgets as w

        sliders = {}
        for p in self.params.values():
            desc = p.label or p.name
            if p.log:
                sliders[p.name] = w.FloatLogSlider(value=p.default, base=10, min=np.log10(p.low),
                                                   max=np.log10(p.high), step=0.01, description=desc,
                                                   continuous_update=False)
            elif p.integer:
                sliders[p.name] = w.IntSlider(value=int(p.default), min=int(p.low), max=int(p.high),
                                              step=max(1, int(p.step)), description=desc, continuous_update=False)
            else:
                sliders[p.name] = w.FloatSlider(value=p.default, min=p.low, max=p.high, step=p.step,
                                                description=desc, continuous_update=False, readout_format=".3g")

        # The picture goes into the Output widget's ``outputs`` directly; nothing is printed or shown
        # while ``interactive`` holds that widget as a capture context (``with out:``). Captured output
        # makes a headless runner (nbclient: the book build, tools/execute_notebooks.py) send it back to
        # the kernel on the shell channel while it waits there for the cell's reply, and that send can
        # hide the reply until the cell timeout expires (a stall of timeout seconds, then success).
        live: dict[str, Any] = {}

        def redraw(**state: float) -> None:
            if "out" not in live:   # the call made while interactive() is being built: drawn below
                return
            # A log slider's top position, 10**log10(high), can land a hair above high: clamp it.
            state = {k: min(max(v, self.params[k].low), self.params[k].high) for k, v in state.items()}
            fig = self.render(**state)
            try:
                live["out"].outputs = (_display_data(fig),)
            finally:
                plt.close(fig)

        ui = w.interactive(redraw, clear_output=False, **sliders)
        live["out"] = ui.out
        ui.update()
        return ui

    def scrubber_bundle(self, caption: str, *, frames: bool | None = None,
                        **values: object) -> tuple[dict[str, Any], dict[str, Any]]:
        """The output :meth:`scrubber` displays, as ``(data, metadata)``.

        ``data`` holds the description (MIME type :data:`SCRUBBER_MIME`, plus a
        ``text/plain`` note for notebook front ends): the caption, the sliders with
        their values as text, and one alt text per frame. It depends only on the
        arguments, so nbval can compare it on any machine. ``metadata`` holds the
        frames, base64 PNGs drawn by :meth:`render` on every core of the machine
        (:func:`gdcourse.widgets.frames.draw_frames`; nbval never compares metadata);
        it is empty unless ``frames`` is true. By default ``frames`` is true only when
        the environment variable ``GDCOURSE_SCRUBBER_FRAMES`` is ``1``, as the book
        build sets it.

        Parameters and errors are those of :meth:`scrubber`.
        """
        if not isinstance(caption, str) or not caption.strip():
            raise TypeError("caption must be a non-empty string saying what the pictures show.")
        sliders = {name: v for name, v in values.items() if isinstance(v, (list, tuple, np.ndarray))}
        fixed = {name: v for name, v in values.items() if name not in sliders}
        if not sliders:
            raise ValueError("give at least one slider a list of values, e.g. lr=[0.05, 0.2, 0.9].")
        base = self.state(**fixed)
        positions: dict[str, list[float | int]] = {}
        for name, seq in sliders.items():
            if name not in self.params:
                raise TypeError(f"unknown setting {name!r}; this explorer has {sorted(self.params)}.")
            checked = [self.params[name].check(v) for v in seq]
            if len(checked) < 2:
                raise ValueError(f"slider {name!r} needs at least two values, got {len(checked)}.")
            if len(set(checked)) != len(checked):
                raise ValueError(f"slider {name!r} lists a value twice: {list(seq)!r}.")
            positions[name] = checked
        count = int(np.prod([len(v) for v in positions.values()]))
        if count > MAX_FRAMES:
            raise ValueError(f"{count} frames is too many for one page (at most {MAX_FRAMES}): "
                             "give the sliders fewer values.")

        def label(name: str) -> str:
            return self.params[name].label or name

        def start(name: str) -> int:
            default = self.params[name].default
            return int(np.argmin([abs(v - default) for v in positions[name]]))

        states = [dict(base, **dict(zip(positions, combo))) for combo in itertools.product(*positions.values())]
        fixed_text = ", ".join(f"{label(n)} = {self.params[n].text(base[n])}" for n in self.params if n not in positions)

        def alt(state: dict[str, float | int]) -> str:
            moving = ", ".join(f"{label(n)} = {self.params[n].text(state[n])}" for n in positions)
            return f"{caption.rstrip('.')}: {moving}" + (f" ({fixed_text})" if fixed_text else "")

        spec = {
            "caption": caption,
            "sliders": [{"name": n, "label": label(n), "values": [self.params[n].text(v) for v in vals],
                         "start": start(n)} for n, vals in positions.items()],
            "fixed": fixed_text,
            "alt": [alt(state) for state in states],
        }
        shape = " × ".join(f"{label(n)} ({len(v)} values)" for n, v in positions.items())
        note = (f"{caption}\nOn the course site this explorer is played without a kernel: {count} pictures, "
                f"one per state of {shape}, drawn by render() when the book is built. "
                "Here, use the live explorer above.")
        data = {SCRUBBER_MIME: spec, "text/plain": note}
        if frames is None:
            frames = os.environ.get(FRAMES_ENV) == "1"
        if not frames:
            return data, {}
        pictures = draw_frames(self.render, states)
        return data, {SCRUBBER_MIME: {"frames": pictures}}

    def scrubber(self, caption: str, **values: object) -> None:
        """Display this explorer's twin for readers of the static site (no kernel needed there).

        On the site the output becomes real sliders, one per keyword given a list,
        each stepping through its values and swapping pictures of every combination,
        drawn by :meth:`render` when the book is built. In a notebook it shows a
        one-line note (the live explorer is :meth:`show`).

        Parameters
        ----------
        caption : str
            What the pictures show; it starts every frame's alt text.
        **values : list of numbers, or a number
            A list gives a slider's positions on the site (at least two, each inside
            the slider's range); a single number fixes that setting. Settings not
            named keep their defaults.

        Raises
        ------
        TypeError
            For an unknown setting or a caption that is not text.
        ValueError
            For a value outside its slider, a slider with fewer than two or repeated
            values, no slider at all, or more than :data:`MAX_FRAMES` frames.
        """
        from IPython.display import display

        data, metadata = self.scrubber_bundle(caption, **values)
        display(data, metadata=metadata, raw=True)


def _display_data(fig: Figure) -> dict[str, Any]:
    """``fig`` as one notebook ``display_data`` output, formatted as the running IPython shows figures."""
    from IPython import get_ipython
    from IPython.core.pylabtools import print_figure

    shell = get_ipython()
    data, metadata = shell.display_formatter.format(fig) if shell is not None else ({"text/plain": repr(fig)}, {})
    if "image/png" not in data:   # plain Python (tests), or a shell without the inline backend
        data = {**data, "image/png": print_figure(fig, fmt="png", bbox_inches="tight", base64=True)}
    return {"output_type": "display_data", "data": data, "metadata": metadata}
