"""Update rules and the one loop that runs them.

:func:`iterate` runs any update rule ``x_new = update(x, gradient)`` from a start
point, records the trajectory and stops on a tolerance, after ``steps`` updates,
or on divergence. :func:`gradient_descent` is that loop with the plain rule
``x ← x − lr·∇f(x)``.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

from . import _validate
from .objectives import Objective, require

Update = Callable[[np.ndarray, np.ndarray], np.ndarray]


@dataclass(frozen=True)
class Trajectory:
    """What an optimisation run visited.

    Attributes
    ----------
    positions : numpy.ndarray, shape (k + 1, dim)
        ``positions[0]`` is the start, ``positions[i]`` the point after ``i`` updates.
    values : numpy.ndarray, shape (k + 1,)
        f at each position.
    grad_norms : numpy.ndarray, shape (k + 1,)
        Euclidean norm of the gradient at each position.
    stop_reason : str
        ``"max steps"``, ``"gradient tolerance"``, ``"value tolerance"`` or ``"diverged"``.
    """

    positions: np.ndarray
    values: np.ndarray
    grad_norms: np.ndarray
    stop_reason: str

    @property
    def x(self) -> np.ndarray:
        """The last position."""
        return self.positions[-1]

    @property
    def steps(self) -> int:
        """Number of updates taken."""
        return len(self.positions) - 1

    @property
    def converged(self) -> bool:
        """True when the run stopped because a tolerance was met."""
        return self.stop_reason.endswith("tolerance")


class DivergenceError(ArithmeticError):
    """Raised when an optimisation run blows up.

    The partial run is kept in ``trajectory`` so it can still be plotted.
    """

    def __init__(self, message: str, trajectory: Trajectory) -> None:
        super().__init__(message)
        self.trajectory = trajectory


def iterate(
    objective: Objective,
    x0: object,
    update: Update,
    steps: int,
    *,
    gtol: float | None = None,
    ftol: float | None = None,
    blowup: float = 1e12,
    on_divergence: str = "raise",
    lr: float | None = None,
) -> Trajectory:
    """Run ``x ← update(x, ∇f(x))`` from ``x0`` and record the trajectory.

    Parameters
    ----------
    objective : Objective
        The function to minimise.
    x0 : float or array_like
        Start point (a scalar for one-dimensional objectives).
    update : callable
        ``update(x, g)`` returns the next point from the current point and its gradient.
    steps : int
        Maximum number of updates, at least 1.
    gtol : float, optional
        Stop as soon as the gradient norm at the current point is at most ``gtol``.
    ftol : float, optional
        Stop as soon as one update changes f by at most ``ftol``.
    blowup : float
        A run whose position or value exceeds this in absolute value, or becomes
        NaN or infinite, has diverged.
    on_divergence : {"raise", "stop"}
        Raise :class:`DivergenceError` (default), or stop and return the
        trajectory with ``stop_reason == "diverged"``.
    lr : float, optional
        The learning rate, if the update has one; only used in the divergence message.

    Returns
    -------
    Trajectory
    """
    require(objective)
    if not callable(update):
        raise TypeError(f"update must be a function update(x, g) -> new x, got {type(update).__name__}.")
    x = _validate.point(x0, objective.dim, "x0")
    steps = _validate.positive_int(steps, "steps")
    gtol = None if gtol is None else _validate.nonnegative(gtol, "gtol")
    ftol = None if ftol is None else _validate.nonnegative(ftol, "ftol")
    blowup = _validate.learning_rate(blowup, "blowup")
    if on_divergence not in ("raise", "stop"):
        raise ValueError(f"on_divergence must be 'raise' or 'stop', got {on_divergence!r}.")

    positions, values, norms = [x], [objective.value(x)], []
    reason = "max steps"
    dim, shape = objective.dim, (objective.dim,)
    grad_fn, value_fn = objective.gradient_fn, objective.value_fn

    def as_point(v: object) -> np.ndarray:
        # Fast path for what every update rule returns: a float vector of the right shape.
        if type(v) is np.ndarray and v.shape == shape and v.dtype == np.float64:
            return v
        arr = np.asarray(v, dtype=float)
        if arr.size != dim:
            raise ValueError(f"update(x, g) must return a point with {dim} coordinate(s), "
                             f"got an array of shape {arr.shape}.")
        return arr.reshape(shape)

    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(steps + 1):
            g = grad_fn(x)
            if type(g) is not np.ndarray or g.shape != shape:
                g = np.asarray(g, dtype=float).reshape(shape)
            norms.append(math.sqrt(float(g @ g)))
            if gtol is not None and norms[-1] <= gtol:
                reason = "gradient tolerance"
                break
            if k == steps:
                break
            x = as_point(update(x, g))
            fx = float(value_fn(x))
            positions.append(x)
            values.append(fx)
            # One comparison catches NaN (every comparison with NaN is false), inf and blow-up.
            if not (abs(fx) <= blowup and float(np.abs(x).max()) <= blowup):
                norms.append(float("nan"))
                reason = "diverged"
                break
            if ftol is not None and abs(values[-1] - values[-2]) <= ftol:
                reason = "value tolerance"
                g = np.asarray(grad_fn(x), dtype=float).reshape(shape)
                norms.append(math.sqrt(float(g @ g)))
                break
    trajectory = Trajectory(np.array(positions), np.array(values), np.array(norms), reason)
    if reason == "diverged" and on_divergence == "raise":
        step_text = f"with learning rate {lr:g} " if lr is not None else ""
        raise DivergenceError(
            f"The run {step_text}diverged at step {trajectory.steps}: "
            f"x = {np.array2string(trajectory.x, precision=4)}, f(x) = {trajectory.values[-1]:.4g}. "
            "Try a smaller learning rate (for a function with L-Lipschitz gradient, gradient descent "
            "is stable for lr < 2/L). The partial run is in the error's .trajectory attribute.",
            trajectory,
        )
    return trajectory


def gradient_descent(
    objective: Objective,
    x0: object,
    lr: float,
    steps: int,
    *,
    gtol: float | None = None,
    ftol: float | None = None,
    on_divergence: str = "raise",
) -> Trajectory:
    """Plain gradient descent: x ← x − lr·∇f(x).

    Parameters
    ----------
    objective : Objective
        The function to minimise.
    x0 : float or array_like
        Start point.
    lr : float
        Learning rate (step size), finite and positive.
    steps : int
        Maximum number of updates.
    gtol, ftol : float, optional
        Stopping tolerances on the gradient norm and on the change of f (see :func:`iterate`).
    on_divergence : {"raise", "stop"}
        What to do when the run blows up (see :func:`iterate`).

    Returns
    -------
    Trajectory

    Examples
    --------
    >>> from gdcourse import objectives, optimizers
    >>> run = optimizers.gradient_descent(objectives.square(), 10.0, lr=0.2, steps=10)
    >>> round(float(run.x[0]), 9)
    0.060466176
    """
    lr = _validate.learning_rate(lr)
    return iterate(objective, x0, lambda x, g: x - lr * g, steps, gtol=gtol, ftol=ftol,
                   on_divergence=on_divergence, lr=lr)


# ---------------------------------------------------------------------------------------------
# Update rules as objects (chapter 7): plain gradient descent, momentum (heavy ball and Nesterov),
# AdaGrad, RMSProp and Adam, each following the definition in the PyTorch ``torch.optim``
# documentation (defaults included). A rule is called as ``rule(x, g) -> new x``, so it runs
# through :func:`iterate` like any other update; its state (buffers, step count) lives in its
# attributes and :meth:`UpdateRule.reset` clears it.
# ---------------------------------------------------------------------------------------------


def _fraction(value: object, name: str) -> float:
    """Return ``value`` as a float after checking 0 <= value < 1 (a decay or momentum factor)."""
    value = _validate.nonnegative(value, name)
    if value >= 1:
        raise ValueError(f"{name} must be in [0, 1), got {value}. A factor of 1 or more never forgets "
                         "old gradients; typical values are 0.9 or 0.99.")
    return value


def _epsilon(value: object) -> float:
    """Return ``eps`` as a float after checking it is finite and positive."""
    eps = _validate.finite_real(value, "eps")
    if eps <= 0:
        raise ValueError(f"eps must be a small positive number such as 1e-8, got {eps}: it keeps the division "
                         "finite where a gradient coordinate is zero.")
    return eps


class UpdateRule:
    """Base class of the stateful update rules: ``rule(x, g)`` returns the next point.

    Subclasses implement ``_update(x, g)`` (the update; ``t`` is already the number of this
    step, 1 for the first) and ``_clear()`` (forget the state). A rule keeps its state between
    calls, so use a fresh rule, or call :meth:`reset`, for each new run.

    Attributes
    ----------
    lr : float
        The learning rate. It may be changed between calls (that is how a schedule
        drives a rule); a new value is checked like the one given to the constructor.
    t : int
        Number of updates made since construction or the last :meth:`reset`.
    """

    def __init__(self, lr: float) -> None:
        self.lr = lr
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

    def _clear(self) -> None:
        """Drop the state buffers (they are created at the first call, shaped like ``x``)."""

    def _state_shape(self) -> tuple[int, ...] | None:
        return None

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
        self.t += 1
        return self._update(x, g)

    def _update(self, x: np.ndarray, g: np.ndarray) -> np.ndarray:
        """The update itself; ``self.t`` is already the number of this step (1 for the first)."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}(lr={self.lr:g})"


class GradientDescent(UpdateRule):
    """Plain gradient descent as a rule: x_t = x_{t−1} − lr·g_t.

    ``iterate(f, x0, GradientDescent(lr), steps)`` is :func:`gradient_descent`.

    Parameters
    ----------
    lr : float
        Learning rate, finite and positive.
    """

    def _update(self, x: np.ndarray, g: np.ndarray) -> np.ndarray:
        return x - self.lr * g


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

    def __init__(self, lr: float, beta: float, nesterov: bool = False) -> None:
        if not isinstance(nesterov, (bool, np.bool_)):
            raise TypeError(f"nesterov must be True or False, got {type(nesterov).__name__} {nesterov!r}.")
        self.beta = _fraction(beta, "beta")
        self.nesterov = bool(nesterov)
        super().__init__(lr)

    def _clear(self) -> None:
        self.buffer: np.ndarray | None = None

    def _state_shape(self) -> tuple[int, ...] | None:
        return None if self.buffer is None else self.buffer.shape

    def _update(self, x: np.ndarray, g: np.ndarray) -> np.ndarray:
        self.buffer = g.copy() if self.buffer is None else self.beta * self.buffer + g
        direction = g + self.beta * self.buffer if self.nesterov else self.buffer
        return x - self.lr * direction

    def __repr__(self) -> str:
        return f"Momentum(lr={self.lr:g}, beta={self.beta:g}{', nesterov=True' if self.nesterov else ''})"


class AdaGrad(UpdateRule):
    """AdaGrad as in ``torch.optim.Adagrad`` (no weight decay).

    With learning rate γ, learning-rate decay η_d and ε, at step t with gradient g_t
    (all operations per coordinate)::

        γ̃_t = γ / (1 + (t − 1)·η_d)
        s_t = s_{t−1} + g_t²            (s_0 = initial_accumulator_value)
        x_t = x_{t−1} − γ̃_t · g_t / (√s_t + ε)

    Parameters
    ----------
    lr : float
        Learning rate γ (PyTorch's default 0.01).
    lr_decay : float
        Learning-rate decay η_d >= 0 (default 0: no decay).
    eps : float
        ε > 0, added after the square root (default 1e-10).
    initial_accumulator_value : float
        Starting value s_0 >= 0 of every coordinate of the accumulator (default 0).

    Attributes
    ----------
    state_sum : numpy.ndarray or None
        The running sum of squared gradients s_t (None before the first step).
    """

    def __init__(self, lr: float = 0.01, lr_decay: float = 0.0, eps: float = 1e-10,
                 initial_accumulator_value: float = 0.0) -> None:
        self.lr_decay = _validate.nonnegative(lr_decay, "lr_decay")
        self.eps = _epsilon(eps)
        self.initial_accumulator_value = _validate.nonnegative(initial_accumulator_value, "initial_accumulator_value")
        super().__init__(lr)

    def _clear(self) -> None:
        self.state_sum: np.ndarray | None = None

    def _state_shape(self) -> tuple[int, ...] | None:
        return None if self.state_sum is None else self.state_sum.shape

    def _update(self, x: np.ndarray, g: np.ndarray) -> np.ndarray:
        if self.state_sum is None:
            self.state_sum = np.full(x.shape, self.initial_accumulator_value)
        clr = self.lr / (1.0 + (self.t - 1) * self.lr_decay)
        self.state_sum = self.state_sum + g * g
        return x - clr * g / (np.sqrt(self.state_sum) + self.eps)

    def __repr__(self) -> str:
        return f"AdaGrad(lr={self.lr:g}, lr_decay={self.lr_decay:g}, eps={self.eps:g})"


class RMSProp(UpdateRule):
    """RMSProp as in ``torch.optim.RMSprop`` (not centered, no momentum, no weight decay).

    With learning rate γ, smoothing constant α and ε, at step t with gradient g_t
    (per coordinate)::

        v_t = α·v_{t−1} + (1 − α)·g_t²     (v_0 = 0; there is no bias correction)
        x_t = x_{t−1} − γ · g_t / (√v_t + ε)

    Parameters
    ----------
    lr : float
        Learning rate γ (PyTorch's default 0.01).
    alpha : float
        Smoothing constant α in [0, 1) (default 0.99).
    eps : float
        ε > 0, added after the square root (default 1e-8).

    Attributes
    ----------
    square_avg : numpy.ndarray or None
        The moving average of squared gradients v_t (None before the first step).
    """

    def __init__(self, lr: float = 0.01, alpha: float = 0.99, eps: float = 1e-8) -> None:
        self.alpha = _fraction(alpha, "alpha")
        self.eps = _epsilon(eps)
        super().__init__(lr)

    def _clear(self) -> None:
        self.square_avg: np.ndarray | None = None

    def _state_shape(self) -> tuple[int, ...] | None:
        return None if self.square_avg is None else self.square_avg.shape

    def _update(self, x: np.ndarray, g: np.ndarray) -> np.ndarray:
        previous = np.zeros_like(x) if self.square_avg is None else self.square_avg
        self.square_avg = self.alpha * previous + (1.0 - self.alpha) * g * g
        return x - self.lr * g / (np.sqrt(self.square_avg) + self.eps)

    def __repr__(self) -> str:
        return f"RMSProp(lr={self.lr:g}, alpha={self.alpha:g}, eps={self.eps:g})"


class Adam(UpdateRule):
    """Adam as in ``torch.optim.Adam`` (no weight decay, no AMSGrad).

    With learning rate γ, betas (β₁, β₂) and ε, at step t with gradient g_t (per coordinate)::

        m_t = β₁·m_{t−1} + (1 − β₁)·g_t          (m_0 = 0)
        v_t = β₂·v_{t−1} + (1 − β₂)·g_t²         (v_0 = 0)
        m̂_t = m_t / (1 − β₁^t),   v̂_t = v_t / (1 − β₂^t)      (bias correction)
        x_t = x_{t−1} − γ · m̂_t / (√v̂_t + ε)

    The first step is therefore γ·g₁/(abs(g₁) + ε) ≈ γ·sign(g₁) in every coordinate.

    Parameters
    ----------
    lr : float
        Learning rate γ (PyTorch's default 0.001).
    betas : (float, float)
        Decay rates (β₁, β₂), each in [0, 1) (default (0.9, 0.999)).
    eps : float
        ε > 0, added after the square root of v̂_t (default 1e-8).

    Attributes
    ----------
    m, v : numpy.ndarray or None
        The moving averages of the gradient and of its square, before bias correction
        (None before the first step).
    """

    def __init__(self, lr: float = 0.001, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8) -> None:
        if isinstance(betas, (str, bytes)) or not hasattr(betas, "__len__") or len(betas) != 2:
            raise TypeError(f"betas must be a pair (beta1, beta2) such as (0.9, 0.999), got {betas!r}.")
        self.betas = (_fraction(betas[0], "beta1"), _fraction(betas[1], "beta2"))
        self.eps = _epsilon(eps)
        super().__init__(lr)

    def _clear(self) -> None:
        self.m: np.ndarray | None = None
        self.v: np.ndarray | None = None

    def _state_shape(self) -> tuple[int, ...] | None:
        return None if self.m is None else self.m.shape

    def _update(self, x: np.ndarray, g: np.ndarray) -> np.ndarray:
        beta1, beta2 = self.betas
        m = np.zeros_like(x) if self.m is None else self.m
        v = np.zeros_like(x) if self.v is None else self.v
        self.m = beta1 * m + (1.0 - beta1) * g
        self.v = beta2 * v + (1.0 - beta2) * g * g
        m_hat = self.m / (1.0 - beta1**self.t)
        v_hat = self.v / (1.0 - beta2**self.t)
        return x - self.lr * m_hat / (np.sqrt(v_hat) + self.eps)

    def __repr__(self) -> str:
        return f"Adam(lr={self.lr:g}, betas=({self.betas[0]:g}, {self.betas[1]:g}), eps={self.eps:g})"
