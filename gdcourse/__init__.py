"""gdcourse: the helper package of "Gradient descent, from scratch".

One idea per module:

- :mod:`gdcourse.objectives`: test functions with value, gradient and Hessian;
- :mod:`gdcourse.optimizers`: update rules and the loop that records a trajectory;
- :mod:`gdcourse.models`: models with their loss and gradient;
- :mod:`gdcourse.data`: the chapters' data sets, generated from a seed;
- :mod:`gdcourse.plots`: plots in one consistent style;
- :mod:`gdcourse.exercises`: ``check``, ``hint`` and ``solution`` for the exercises.
"""
from . import data, exercises, models, objectives, optimizers, plots
from .exercises import check, hint, solution
from .optimizers import DivergenceError, Trajectory, gradient_descent

__version__ = "0.1.0"

__all__ = ["data", "exercises", "models", "objectives", "optimizers", "plots", "check", "hint", "solution",
           "DivergenceError", "Trajectory", "gradient_descent", "__version__"]
