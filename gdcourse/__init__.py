"""gdcourse: the helper package of "Gradient descent, from scratch".

One idea per module, one home per idea:

- :mod:`gdcourse.objectives`: what is minimised: test functions with value, gradient and Hessian
  (:class:`~gdcourse.objectives.Objective`), and losses that are means over a data set
  (:class:`~gdcourse.objectives.DataLoss`);
- :mod:`gdcourse.models`: every model of the course (the line ŷ = w·x, the parabola
  ŷ = a·x² + b·x + c, linear regression ŷ = X·w) with its loss and gradient;
- :mod:`gdcourse.data`: the chapters' data sets, generated from a seed;
- :mod:`gdcourse.optimizers`: the update rules (gradient descent, momentum, Nesterov), each with its
  divergence advice, and :mod:`gdcourse.adaptive` the adaptive ones (AdaGrad, RMSProp, Adam with
  AMSGrad, AdamW);
- :mod:`gdcourse.loop`: the one loop, :func:`~gdcourse.loop.iterate`, that runs any rule on an
  objective or, batch by batch, on a data set, with a learning-rate schedule; and
  :func:`~gdcourse.loop.gradient_descent`;
- :mod:`gdcourse.record`: the one run record, :class:`~gdcourse.record.Run`, that every solver
  returns, and :class:`~gdcourse.record.DivergenceError`;
- :mod:`gdcourse.minibatch`: the batch iterator :class:`~gdcourse.minibatch.Batches`,
  :func:`~gdcourse.minibatch.minibatch_sgd`, and the noise of a mini-batch gradient;
- :mod:`gdcourse.schedules`: learning-rate schedules;
- :mod:`gdcourse.rates`: convergence rates of gradient descent and momentum on a quadratic;
- :mod:`gdcourse.smoothing`: the exponential moving average of a noisy curve;
- :mod:`gdcourse.saddles`: saddle landscapes built from data, and escaping them;
- :mod:`gdcourse.autodiff`: a tiny reverse-mode automatic differentiation engine;
  :mod:`gdcourse.gradcheck`: gradients against finite differences;
  :mod:`gdcourse.graph_drawing`: drawing a computational graph;
- :mod:`gdcourse.newton`, :mod:`gdcourse.linesearch`, :mod:`gdcourse.conjugate_gradient`:
  curvature-aware methods, each an update rule for the loop and a solver;
- :mod:`gdcourse.plots` and :mod:`gdcourse.widgets`: plots in one style (:mod:`gdcourse.style`), interactive explorers;
- :mod:`gdcourse.exercises`: ``check``, ``hint`` and ``solution`` for the exercises;
- :mod:`gdcourse.formatting`: ``fmt``, which prints a value at rounding level as a bound, and digits
  as superscript or subscript characters.

The instructor tools (:mod:`gdcourse.editions`, :mod:`gdcourse.grading`) are imported on demand
by the ``gdcourse`` command.
"""
from . import (adaptive, autodiff, conjugate_gradient, data, exercises, formatting, gradcheck, graph_drawing, linesearch, loop,
               minibatch, models, newton, objectives, optimizers, plots, rates, record, saddles, schedules, smoothing,
               style, widgets)
from .exercises import check, hint, solution
from .formatting import fmt
from .loop import gradient_descent, iterate
from .minibatch import minibatch_sgd
from .record import DivergenceError, Run

__version__ = "0.2.0"

__all__ = ["adaptive", "autodiff", "conjugate_gradient", "data", "exercises", "formatting", "gradcheck", "graph_drawing",
           "linesearch", "loop", "minibatch", "models", "newton", "objectives", "optimizers", "plots", "rates",
           "record", "saddles", "schedules", "smoothing", "style", "widgets", "check", "hint", "solution", "fmt",
           "DivergenceError", "Run", "gradient_descent", "iterate", "minibatch_sgd", "__version__"]
