"""Interactive explorers, each with a static twin for readers who run nothing.

An :class:`Explorer` wraps one drawing function ``draw(ax, **state)`` and the
sliders that set ``state``. The same function serves three purposes:

- :meth:`Explorer.render` draws one state on a new figure (what a slider move
  redraws; tests and the benchmark time it without a browser);
- :meth:`Explorer.grid` draws small multiples over one slider's values, the static
  equivalent shown on the web page;
- :meth:`Explorer.show` builds the ipywidgets interface for a live kernel.

The chapters' explorers live in the submodules of this package.
"""
from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import Any, Callable, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure


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

        def redraw(**state: float) -> None:
            # A log slider's top position, 10**log10(high), can land a hair above high: clamp it.
            state = {k: min(max(v, self.params[k].low), self.params[k].high) for k, v in state.items()}
            self.render(**state)
            plt.show()

        return w.interactive(redraw, **sliders)
