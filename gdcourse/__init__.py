"""gdcourse: the helper package of "Gradient descent, from scratch".

One idea per module:

- :mod:`gdcourse.objectives`: test functions with value, gradient and Hessian;
- :mod:`gdcourse.optimizers`: the loop that records a trajectory, and the update rules
  (gradient descent, momentum, Nesterov, AdaGrad, RMSProp, Adam);
- :mod:`gdcourse.minibatch`: mini-batches and the mini-batch SGD loop;
- :mod:`gdcourse.schedules`: learning-rate schedules;
- :mod:`gdcourse.stochastic`: stochastic gradients, moving averages, saddle landscapes;
- :mod:`gdcourse.models`: models with their loss and gradient;
- :mod:`gdcourse.autodiff`: a tiny reverse-mode automatic differentiation engine;
- :mod:`gdcourse.newton`, :mod:`gdcourse.linesearch`, :mod:`gdcourse.conjugate_gradient`:
  curvature-aware methods;
- :mod:`gdcourse.data`: the chapters' data sets, generated from a seed;
- :mod:`gdcourse.plots` and :mod:`gdcourse.widgets`: plots in one style, interactive explorers;
- :mod:`gdcourse.exercises`: ``check``, ``hint`` and ``solution`` for the exercises;
- :mod:`gdcourse.formatting`: ``fmt``, which prints a value at rounding level as a bound.

The instructor tools (:mod:`gdcourse.editions`, :mod:`gdcourse.grading`) are imported on demand
by the ``gdcourse`` command.
"""
from . import (autodiff, conjugate_gradient, data, exercises, formatting, linesearch, minibatch, models, newton, objectives,
               optimizers, plots, schedules, stochastic, widgets)
from .exercises import check, hint, solution
from .formatting import fmt
from .optimizers import DivergenceError, Trajectory, gradient_descent

__version__ = "0.1.0"

__all__ = ["autodiff", "conjugate_gradient", "data", "exercises", "linesearch", "minibatch", "models", "newton",
           "objectives", "optimizers", "plots", "schedules", "stochastic", "widgets", "check", "hint", "solution",
           "formatting", "fmt",
           "DivergenceError", "Trajectory", "gradient_descent", "__version__"]
