"""Update rules, callable objects ``rule(x, g) -> new x`` in the manner of PyTorch's ``torch.optim``.

Here: the protocol every rule follows (:class:`UpdateRule`), gradient descent and momentum (heavy
ball and Nesterov), each as defined in the PyTorch documentation, defaults included; the adaptive
rules (AdaGrad, RMSProp, Adam with its AMSGrad option, AdamW) are in :mod:`gdcourse.adaptive`. :func:`gdcourse.loop.iterate` runs any of them. Newton's method, backtracking line search and conjugate gradients are rules too, in
:mod:`gdcourse.newton`, :mod:`gdcourse.linesearch` and :mod:`gdcourse.conjugate_gradient`.
"""
from __future__ import annotations

import numpy as np

from . import _validate


class UpdateRule:
    """Base class of the update rules: ``rule(x, g)`` returns the next point.

    Subclasses implement ``_update(x, g)`` (``t`` is already the number of this step, 1 for the
    first) and name the attributes that hold their state in ``buffers``; :meth:`reset` forgets it
    (:func:`~gdcourse.loop.iterate` resets the rule before a run). Calling the rule checks its
    arguments; :meth:`step` is the same update without the checks, for loops that checked once.

    Attributes
    ----------
    lr : float
        The learning rate, for the rules that have one. It may be changed between calls
        (that is how a schedule drives a rule); a new value is checked like the first.
    t : int
        Number of updates made since construction or the last :meth:`reset`.
    advice : str
        What to try when a run with this rule diverges.
    """

    advice = "Try a smaller step."
    #: The names of the attributes that hold the rule's state (None until the first step).
    buffers: tuple[str, ...] = ()

    def __init__(self) -> None:
        self.t = 0
        self._clear()

    @property
    def lr(self) -> float:
        """The learning rate (finite and positive)."""
        return self._lr

    @lr.setter
    def lr(self, value: float) -> None:
        self._lr = _validate.learning_rate(value)

    def reset(self) -> None:
        """Forget all state (step count and buffers), as if the rule were new."""
        self.t = 0
        self._clear()

    def extras(self) -> dict:
        """What this rule recorded during the run, for the run record's ``extras``."""
        return {}

    def _clear(self) -> None:
        """Drop the state buffers (they are created at the first call, shaped like ``x``)."""
        for name in self.buffers:
            setattr(self, name, None)

    def _state_shape(self) -> tuple[int, ...] | None:
        state = [getattr(self, name) for name in self.buffers]
        return next((b.shape for b in state if b is not None), None)

    def __call__(self, x: object, g: object) -> np.ndarray:
        """Return the next point from the point ``x`` and the gradient ``g`` there."""
        x = np.asarray(x, dtype=float)
        g = np.asarray(g, dtype=float)
        if x.shape != g.shape:
            raise ValueError(f"x and g must have the same shape, got {x.shape} and {g.shape}.")
        shape = self._state_shape()
        if shape is not None and shape != x.shape:
            raise ValueError(f"this rule's state has shape {shape} but x has shape {x.shape}: "
                             "call reset() (or make a new rule) before using it on another problem.")
        return self.step(x, g)

    def step(self, x: np.ndarray, g: np.ndarray) -> np.ndarray:
        """The update without argument checks: ``x`` and ``g`` are float arrays of the same shape."""
        self.t += 1
        return self._update(x, g)

    def _update(self, x: np.ndarray, g: np.ndarray) -> np.ndarray:
        """The update itself; ``self.t`` is already the number of this step (1 for the first)."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}(lr={self.lr:g})"


class GradientDescent(UpdateRule):
    """Plain gradient descent as a rule: x_t = x_{t−1} − lr·g_t.

    ``iterate(f, x0, GradientDescent(lr), steps)`` is :func:`~gdcourse.loop.gradient_descent`.

    Parameters
    ----------
    lr : float
        Learning rate, finite and positive.
    """

    advice = ("Try a smaller learning rate (for a function with L-Lipschitz gradient, gradient descent "
              "is stable for lr < 2/L).")

    def __init__(self, lr: float) -> None:
        self.lr = lr
        super().__init__()

    def _update(self, x: np.ndarray, g: np.ndarray) -> np.ndarray:
        return x - self._lr * g


class Momentum(UpdateRule):
    """Gradient descent with momentum (heavy ball), or Nesterov's variant, as in ``torch.optim.SGD``.

    With learning rate γ and momentum β, at step t = 1, 2, … with gradient g_t::

        b_t = β·b_{t−1} + g_t          (b_1 = g_1: the buffer starts at zero)
        d_t = g_t + β·b_t   if nesterov  else   d_t = b_t
        x_t = x_{t−1} − γ·d_t

    This is PyTorch's convention (no dampening, no weight decay). Polyak's form
    v_t = β·v_{t−1} − γ·g_t, x_t = x_{t−1} + v_t is the same method with v = −γ·b
    while γ is constant; the two differ only when the learning rate changes during a run.

    Parameters
    ----------
    lr : float
        Learning rate γ, finite and positive.
    beta : float
        Momentum factor β in [0, 1) (PyTorch's ``momentum``); β = 0 is plain gradient descent.
    nesterov : bool
        Use Nesterov's accelerated gradient in PyTorch's form.

    Attributes
    ----------
    buffer : numpy.ndarray or None
        The momentum buffer b_t (None before the first step).
    """

    buffers = ("buffer",)
    advice = ("Try a smaller learning rate or momentum (on a quadratic with largest curvature L the heavy ball "
              "is stable only for lr < 2(1 + beta)/L, Nesterov's variant for a smaller range).")

    def __init__(self, lr: float, beta: float, nesterov: bool = False) -> None:
        _validate.boolean(nesterov, "nesterov")
        self.beta = _validate.fraction(beta, "beta")
        self.nesterov = bool(nesterov)
        self.lr = lr
        super().__init__()

    def _update(self, x: np.ndarray, g: np.ndarray) -> np.ndarray:
        self.buffer = g.copy() if self.buffer is None else self.beta * self.buffer + g
        direction = g + self.beta * self.buffer if self.nesterov else self.buffer
        return x - self.lr * direction

    def __repr__(self) -> str:
        return f"Momentum(lr={self.lr:g}, beta={self.beta:g}{', nesterov=True' if self.nesterov else ''})"

