"""The course's plot style: a colour-blind-safe palette, matplotlib settings, plain-text log labels.

A chapter calls ``gd.plots.use_style()`` once (the same function as :func:`use_style` here) and
draws with ``gd.plots.COLORS``.
"""
from __future__ import annotations

import re

import matplotlib.pyplot as plt
from matplotlib import scale as mscale
from matplotlib import ticker

from .formatting import superscript

#: The Okabe–Ito palette, safe for the common kinds of colour blindness.
COLORS: tuple[str, ...] = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")

STYLE: dict[str, object] = {
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "figure.figsize": (6.4, 4.0),
    "font.size": 11,
    "axes.titlesize": 12,
    # Titles sit just above the axes (no axes of the course has ticks on top). Left to place them itself,
    # matplotlib lays out the y axis a second time in every draw, to lift a title over an offset label.
    "axes.titley": 1.0,
    "axes.labelsize": 11,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": plt.cycler(color=list(COLORS)),
    "legend.frameon": False,
    "lines.linewidth": 2.0,
    "figure.constrained_layout.use": True,
}


class PlainLogFormatter(ticker.LogFormatterSciNotation):
    """Log-axis tick labels as plain text, ``10⁻³`` and ``2×10⁻³``, instead of mathtext.

    They read the same as matplotlib's default labels, but need no mathtext parser, which
    costs a few milliseconds for every new label and a fifth of a second for the first one.
    """

    _MATH = re.compile(r"\$\\mathdefault\{(.*)\}\$")
    _POWER = re.compile(r"\^\{([^}]*)\}")

    def __call__(self, x: float, pos: int | None = None) -> str:
        label = super().__call__(x, pos)
        match = self._MATH.fullmatch(label)
        if match is None:       # an empty label, or text without math
            return label
        text = match.group(1).replace("\\times", "×")
        return self._POWER.sub(lambda m: superscript(m.group(1)), text)


class PlainLogScale(mscale.LogScale):
    """matplotlib's ``"log"`` scale with :class:`PlainLogFormatter` tick labels (see :func:`use_style`)."""

    def __init__(self, *old_axis: object, base: float = 10, subs: object = None, nonpositive: str = "clip"):
        # No parameter named "axis": matplotlib 3.11 then builds the scale without one, as it will
        # always do from 3.15 on; older versions pass it positionally, and LogScale ignores it anyway.
        super().__init__(None, base=base, subs=subs, nonpositive=nonpositive)

    def set_default_locators_and_formatters(self, axis: object) -> None:
        super().set_default_locators_and_formatters(axis)
        axis.set_major_formatter(PlainLogFormatter(self.base))
        axis.set_minor_formatter(PlainLogFormatter(self.base, labelOnlyBase=(self.subs is not None)))


def use_style() -> None:
    """Apply the course's plot style to matplotlib (call once at the top of a chapter).

    Every figure gets constrained layout, which keeps labels inside it; so in a notebook the inline
    backend need not crop figures to a tight box, which would draw each one twice. Log axes
    (``set_yscale("log")``, ``semilogy``, ``loglog``) label their ticks in plain text, ``10⁻³``
    (:class:`~gdcourse.style.PlainLogFormatter`), which draws faster than matplotlib's mathtext labels.
    """
    plt.rcParams.update(STYLE)
    mscale.register_scale(PlainLogScale)
    try:
        from IPython import get_ipython
        from matplotlib_inline.backend_inline import InlineBackend, set_matplotlib_formats
    except ImportError:  # no IPython: nothing to tell the inline backend
        return
    if get_ipython() is not None and "inline" in plt.get_backend():
        config = InlineBackend.instance()   # what `%config InlineBackend.print_figure_kwargs = ...` sets
        config.print_figure_kwargs = {**config.print_figure_kwargs, "bbox_inches": None}
        set_matplotlib_formats(*config.figure_formats)
