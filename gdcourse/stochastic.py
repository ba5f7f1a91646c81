"""Stochastic gradients, noisy loss curves and escaping saddle points (chapter 3).

- :func:`line_sample_gradients` and :func:`line_loss_and_grad`: the per-sample view of
  chapter 1's model ŷ = w·x (the second fits :func:`gdcourse.minibatch.minibatch_sgd`);
- :func:`ema`: the exponential moving average, with bias correction, that smooths a noisy
  loss curve;
- :class:`SampleLoss`: a loss that is the mean of per-sample losses. It gives the per-sample
  gradients SGD uses and the full-batch :class:`~gdcourse.objectives.Objective` gradient
  descent uses. :func:`saddle_landscape` builds one whose mean has a saddle that SGD escapes;
  :func:`product_landscape` one whose saddle is stationary for every sample, so SGD is stuck;
- :func:`sgd_path`, :func:`escape_time` and :func:`escape_study`: per-sample SGD on a
  :class:`SampleLoss`, recorded update by update, and whether (and when) it left the saddle.
"""
from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import Callable

import numpy as np

from . import _validate
from .minibatch import batch_indices
from .objectives import Objective
from .optimizers import DivergenceError, Trajectory

#: ``f(theta, x, y) -> array``: a per-sample quantity evaluated on a batch of samples.
SampleFn = Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]

#: Data of :func:`saddle_landscape` are rounded to multiples of this, so that their sums are exact.
QUANTUM: float = 2.0**-20


def _seed(seed: object, name: str = "seed") -> int:
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"{name} must be a whole number >= 0 such as 0, got {type(seed).__name__} {seed!r}.")
    if seed < 0:
        raise ValueError(f"{name} must be >= 0 (numpy seeds are non-negative), got {seed}.")
    return int(seed)


def _rng(rng: object) -> np.random.Generator:
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or (isinstance(rng, numbers.Integral) and not isinstance(rng, bool)):
        return np.random.default_rng(rng)  # type: ignore[arg-type]
    raise TypeError(f"rng must be a numpy Generator, an int seed or None, got {type(rng).__name__}.")


# --------------------------------------------------------------------------------------------
# The line model of chapters 1 and 3, sample by sample
# --------------------------------------------------------------------------------------------


def line_sample_gradients(w: float, x: object, y: object) -> np.ndarray:
    """The gradient of each sample's loss (w·xᵢ − yᵢ)² with respect to w: 2·xᵢ·(w·xᵢ − yᵢ).

    Their mean is the full-batch gradient of chapter 1's MSE; one of them, picked at random,
    is the stochastic gradient.

    Parameters
    ----------
    w : float
        The slope.
    x, y : array_like
        Inputs and targets, equal lengths.

    Returns
    -------
    numpy.ndarray
        One gradient per sample.
    """
    w = _validate.finite_real(w, "w")
    xs, ys = _validate.samples(x, y)
    return 2.0 * xs * (w * xs - ys)


def line_loss_and_grad(params: object, x: object, y: object) -> tuple[float, np.ndarray]:
    """Mean squared error of ŷ = w·x on a batch and its gradient, for :func:`~gdcourse.minibatch.minibatch_sgd`.

    Parameters
    ----------
    params : array_like, shape (1,)
        The slope w, as a vector of one number.
    x, y : array_like
        The batch's inputs and targets.

    Returns
    -------
    loss : float
        mean((w·xᵢ − yᵢ)²) over the batch.
    gradient : numpy.ndarray, shape (1,)
        mean(2·xᵢ·(w·xᵢ − yᵢ)) over the batch.
    """
    (w,) = _validate.point(params, 1, "params")
    xs, ys = _validate.samples(x, y)
    residual = w * xs - ys
    return float(np.mean(residual**2)), np.array([np.mean(2.0 * xs * residual)])


# --------------------------------------------------------------------------------------------
# Smoothing a noisy loss curve
# --------------------------------------------------------------------------------------------


def ema(values: object, beta: float = 0.9, *, bias_correction: bool = True) -> np.ndarray:
    """Exponential moving average of a sequence, optionally bias-corrected.

    m₀ = 0 and mₜ = β·mₜ₋₁ + (1 − β)·vₜ for t = 1, 2, …. The weights of mₜ sum to
    1 − βᵗ, not 1, so the early averages are pulled towards the starting value 0; the
    bias-corrected average divides that out: m̂ₜ = mₜ / (1 − βᵗ).

    Parameters
    ----------
    values : array_like
        The sequence, e.g. one loss per update.
    beta : float
        Decay factor in [0, 1); the average looks back about 1/(1 − β) values.
        β = 0 returns the values themselves.
    bias_correction : bool
        Divide by 1 − βᵗ (default). Without it the average starts near 0.

    Returns
    -------
    numpy.ndarray
        One average per value.
    """
    try:
        v = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"values must be a sequence of numbers, got {type(values).__name__}.") from None
    if v.ndim != 1 or v.size == 0:
        raise ValueError(f"values must be a non-empty 1-D sequence, got shape {v.shape}.")
    if not np.all(np.isfinite(v)):
        raise ValueError("values contain NaN or infinity; average only the finite part of the curve.")
    beta = _validate.nonnegative(beta, "beta")
    if beta >= 1:
        raise ValueError(f"beta must be in [0, 1), got {beta}: with beta = 1 the average never moves. "
                         "Typical values are 0.9 or 0.99.")
    if not isinstance(bias_correction, (bool, np.bool_)):
        raise TypeError(f"bias_correction must be True or False, got {type(bias_correction).__name__}.")
    out = np.empty_like(v)
    m = 0.0
    for t, value in enumerate(v, start=1):
        m = beta * m + (1.0 - beta) * value
        out[t - 1] = m / (1.0 - beta**t) if bias_correction else m
    return out


# --------------------------------------------------------------------------------------------
# Losses that are means over samples
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SampleLoss:
    """A loss of two parameters θ = (u, v) that is the mean of one loss per sample.

    Parameters
    ----------
    name : str
        A short description used in titles.
    x, y : numpy.ndarray
        The samples (two numbers per sample).
    sample_loss : callable
        ``sample_loss(theta, x, y)``: the loss of each sample in the batch ``(x, y)``.
    sample_grad : callable
        ``sample_grad(theta, x, y)``: their gradients, shape ``(batch, 2)``.
    hessian_fn : callable
        ``hessian_fn(theta, x, y)``: the Hessian of the mean loss over ``(x, y)``, shape (2, 2).
    saddle : numpy.ndarray, shape (2,)
        The saddle point of the full-batch loss that the chapter studies.
    minima : numpy.ndarray, shape (k, 2)
        Its isolated minima (k may be 0 when the minima form a curve).
    """

    name: str
    x: np.ndarray
    y: np.ndarray
    sample_loss: SampleFn
    sample_grad: SampleFn
    hessian_fn: SampleFn
    saddle: np.ndarray
    minima: np.ndarray

    @property
    def n(self) -> int:
        """Number of samples."""
        return int(self.x.shape[0])

    def _theta(self, theta: object) -> np.ndarray:
        return _validate.point(theta, 2, "theta")

    def sample_losses(self, theta: object) -> np.ndarray:
        """The loss of every sample at θ, shape ``(n,)``."""
        return np.asarray(self.sample_loss(self._theta(theta), self.x, self.y), dtype=float)

    def sample_gradients(self, theta: object) -> np.ndarray:
        """The gradient of every sample's loss at θ, shape ``(n, 2)``; row i is a stochastic gradient."""
        return np.asarray(self.sample_grad(self._theta(theta), self.x, self.y), dtype=float)

    def loss(self, theta: object) -> float:
        """The full-batch loss: the mean of the sample losses."""
        return float(np.mean(self.sample_losses(theta)))

    def gradient(self, theta: object) -> np.ndarray:
        """The full-batch gradient: the mean of the sample gradients, shape ``(2,)``."""
        return self.sample_gradients(theta).mean(axis=0)

    def hessian(self, theta: object) -> np.ndarray:
        """The Hessian of the full-batch loss, shape ``(2, 2)``."""
        return np.asarray(self.hessian_fn(self._theta(theta), self.x, self.y), dtype=float).reshape(2, 2)

    def loss_and_grad(self, params: object, x: object, y: object) -> tuple[float, np.ndarray]:
        """Mean loss and gradient over a batch ``(x, y)``: fits :func:`~gdcourse.minibatch.minibatch_sgd`."""
        theta = self._theta(params)
        xs, ys = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        return float(np.mean(self.sample_loss(theta, xs, ys))), np.mean(self.sample_grad(theta, xs, ys), axis=0)

    def objective(self) -> Objective:
        """The full-batch loss as an :class:`~gdcourse.objectives.Objective`, for gradient descent and plots."""
        x, y, n = self.x, self.y, self.n
        return Objective(
            name=self.name,
            dim=2,
            value_fn=lambda t: float(self.sample_loss(t, x, y).sum()) / n,  # the mean, computed quickly
            gradient_fn=lambda t: self.sample_grad(t, x, y).sum(axis=0) / n,
            hessian_fn=lambda t: self.hessian_fn(t, x, y),
        )


def _double_well_loss(theta: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    u, v = theta.tolist()  # Python floats are faster here; products (not **) overflow to inf, not an error
    well = v * v - 1.0
    return 0.5 * (u - a) ** 2 + 0.25 * well * well + b * v


def _double_well_grad(theta: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    u, v = theta.tolist()
    grad = np.empty((a.shape[0], 2))
    grad[:, 0] = u - a
    grad[:, 1] = v * v * v - v + b
    return grad


def _double_well_hessian(theta: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.array([[1.0, 0.0], [0.0, 3.0 * theta[1] ** 2 - 1.0]])


def saddle_landscape(n: int = 20, noise: float = 0.3, seed: int = 0) -> SampleLoss:
    """A data set whose mean loss has a saddle at (0, 0) and minima at (0, ±1).

    Sample i is a pair (aᵢ, bᵢ) and its loss is a tilted double well,

        ℓᵢ(u, v) = ½(u − aᵢ)² + ¼(v² − 1)² + bᵢ·v.

    The pairs are drawn from a normal distribution of standard deviation ``noise``, rounded
    to multiples of :data:`QUANTUM` and completed by their mirror images (−aᵢ, −bᵢ), so the
    means of a and b are exactly 0 in floating point. The mean loss is then
    ½u² + ¼(v² − 1)² + ½·mean(a²): its gradient vanishes exactly at the saddle (0, 0), where
    the Hessian is diag(1, −1), while each sample's gradient there is (−aᵢ, bᵢ), noise of
    size ``noise``. With ``noise = 0`` all samples are the same and SGD is gradient descent.

    Parameters
    ----------
    n : int
        Number of samples, even (they come in mirror pairs), at least 2.
    noise : float
        Standard deviation of the samples, >= 0.
    seed : int
        Seed of ``np.random.default_rng``.

    Returns
    -------
    SampleLoss
    """
    n = _validate.positive_int(n, "n")
    if n % 2:
        raise ValueError(f"n must be even (the samples come in mirror pairs), got {n}. Try {n + 1}.")
    noise = _validate.nonnegative(noise, "noise")
    rng = np.random.default_rng(_seed(seed))
    half = np.round(noise * rng.normal(size=(n // 2, 2)) / QUANTUM) * QUANTUM
    pairs = np.concatenate([half, -half])
    return SampleLoss(
        name="tilted double wells",
        x=pairs[:, 0].copy(),
        y=pairs[:, 1].copy(),
        sample_loss=_double_well_loss,
        sample_grad=_double_well_grad,
        hessian_fn=_double_well_hessian,
        saddle=np.zeros(2),
        minima=np.array([[0.0, 1.0], [0.0, -1.0]]),
    )


def _product_loss(theta: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    u, v = theta
    return (u * v * x - y) ** 2


def _product_grad(theta: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    u, v = theta
    r = u * v * x - y
    return np.column_stack([2.0 * r * v * x, 2.0 * r * u * x])


def _product_hessian(theta: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    u, v = theta
    off = np.mean(2.0 * x * (2.0 * u * v * x - y))
    return np.array([[np.mean(2.0 * v * v * x * x), off], [off, np.mean(2.0 * u * u * x * x)]])


def product_landscape(x: object, y: object) -> SampleLoss:
    """The line model with its slope split into two factors, ŷ = u·v·x, on data (x, y).

    Each sample's loss is (u·v·xᵢ − yᵢ)². At (0, 0) every sample's gradient is zero, so
    neither gradient descent nor SGD moves from there, although the point is a saddle: the
    Hessian of the mean loss is [[0, −2·mean(xy)], [−2·mean(xy), 0]], with eigenvalues
    ±2·mean(xy). The minima form the curve u·v = Σxᵢyᵢ / Σxᵢ² (so ``minima`` is empty).

    Parameters
    ----------
    x, y : array_like
        Inputs and targets, equal lengths.

    Returns
    -------
    SampleLoss
    """
    xs, ys = _validate.samples(x, y)
    return SampleLoss(
        name="ŷ = u·v·x",
        x=xs,
        y=ys,
        sample_loss=_product_loss,
        sample_grad=_product_grad,
        hessian_fn=_product_hessian,
        saddle=np.zeros(2),
        minima=np.empty((0, 2)),
    )


# --------------------------------------------------------------------------------------------
# Per-sample SGD on a SampleLoss, and escaping the saddle
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SGDPath:
    """What a run of :func:`sgd_path` did, update by update.

    Attributes
    ----------
    positions : numpy.ndarray, shape (updates + 1, 2)
        ``positions[0]`` is the start, ``positions[k]`` the point after k updates.
    sample_losses : numpy.ndarray, shape (updates,)
        The loss of the batch used by update k, measured just before it: the noisy curve a
        training loop prints.
    batch_size : int
        Samples per update.
    """

    positions: np.ndarray
    sample_losses: np.ndarray
    batch_size: int

    @property
    def updates(self) -> int:
        """Number of updates made."""
        return len(self.positions) - 1


def sgd_path(landscape: SampleLoss, theta0: object, lr: float, epochs: int, *, rng: object = None,
             batch_size: int = 1, blowup: float = 1e6) -> SGDPath:
    """Run SGD on a :class:`SampleLoss`, visiting the samples in a fresh random order each epoch.

    Every update is θ ← θ − lr·(mean gradient of the batch); with ``batch_size=1`` (the
    default) that is one sample's gradient. Every position is recorded.

    Parameters
    ----------
    landscape : SampleLoss
        The per-sample losses.
    theta0 : array_like, shape (2,)
        Start point.
    lr : float
        Learning rate, finite and positive.
    epochs : int
        Passes over the data; the run makes ``epochs · ceil(n / batch_size)`` updates.
    rng : numpy.random.Generator or int or None
        Source of the sample orders; an int is a seed, so a run is reproducible.
    batch_size : int
        Samples per update, between 1 and n.
    blowup : float
        A coordinate beyond this size, or NaN/inf, raises :class:`~gdcourse.optimizers.DivergenceError`.

    Returns
    -------
    SGDPath
    """
    if not isinstance(landscape, SampleLoss):
        raise TypeError(f"landscape must be a SampleLoss (e.g. saddle_landscape()), got {type(landscape).__name__}.")
    theta = _validate.point(theta0, 2, "theta0")
    lr = _validate.learning_rate(lr)
    epochs = _validate.positive_int(epochs, "epochs")
    batch_size = _validate.positive_int(batch_size, "batch_size")
    if batch_size > landscape.n:
        raise ValueError(f"batch_size must be at most the number of samples ({landscape.n}), got {batch_size}.")
    blowup = _validate.learning_rate(blowup, "blowup")
    generator = _rng(rng)
    x, y = landscape.x, landscape.y
    positions, losses = [theta], []
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(epochs):
            for idx in batch_indices(landscape.n, batch_size, shuffle=True, rng=generator):
                xb, yb, k = x[idx], y[idx], len(idx)
                losses.append(float(landscape.sample_loss(theta, xb, yb).sum()) / k)
                theta = theta - lr * (landscape.sample_grad(theta, xb, yb).sum(axis=0) / k)
                positions.append(theta)
            if not np.all(np.isfinite(theta)) or np.max(np.abs(theta)) > blowup:
                pts = np.array(positions)
                raise DivergenceError(
                    f"SGD with learning rate {lr:g} diverged after {len(pts) - 1} updates: theta = "
                    f"{np.array2string(theta, precision=4)}. Try a smaller learning rate. "
                    "The partial run is in the error's .trajectory attribute.",
                    Trajectory(pts, np.full(len(pts), np.nan), np.full(len(pts), np.nan), "diverged"))
    return SGDPath(np.array(positions), np.array(losses), batch_size)


def escape_time(positions: object, landscape: SampleLoss) -> int | None:
    """The first update after which a run is nearer to a minimum than to the saddle, or None.

    Parameters
    ----------
    positions : array_like, shape (k + 1, 2)
        The visited points (``SGDPath.positions`` or ``Trajectory.positions``).
    landscape : SampleLoss
        Knows the saddle and the minima; it must have isolated minima.

    Returns
    -------
    int or None
        The index k of the first such position, or None if the run never got there.
    """
    if not isinstance(landscape, SampleLoss):
        raise TypeError(f"landscape must be a SampleLoss, got {type(landscape).__name__}.")
    if len(landscape.minima) == 0:
        raise ValueError(f"the landscape {landscape.name!r} has no isolated minima to measure an escape against.")
    try:
        pts = np.array(positions, dtype=float)
    except (TypeError, ValueError):
        raise TypeError("positions must be an array of points of shape (k, 2).") from None
    if pts.ndim != 2 or pts.shape[1] != 2 or pts.shape[0] == 0:
        raise ValueError(f"positions must have shape (k, 2) with k >= 1, got {pts.shape}.")
    to_saddle = np.linalg.norm(pts - landscape.saddle, axis=1)
    to_minimum = np.min(np.linalg.norm(pts[:, None, :] - landscape.minima[None, :, :], axis=2), axis=1)
    hits = np.flatnonzero(to_minimum < to_saddle)
    return int(hits[0]) if hits.size else None


@dataclass(frozen=True)
class EscapeStudy:
    """Many seeded SGD runs from one start: which escaped the saddle, and after how many updates.

    Attributes
    ----------
    times : numpy.ndarray of int, shape (runs,)
        Updates until escape (see :func:`escape_time`), −1 for a run that did not escape.
    seeds : numpy.ndarray of int, shape (runs,)
        The seed of each run.
    budget : int
        Updates each run was allowed.
    """

    times: np.ndarray
    seeds: np.ndarray
    budget: int

    @property
    def escaped(self) -> np.ndarray:
        """True for each run that escaped within the budget."""
        return self.times >= 0

    @property
    def fraction(self) -> float:
        """The fraction of runs that escaped."""
        return float(np.mean(self.escaped))

    @property
    def escaped_times(self) -> np.ndarray:
        """The escape times of the runs that escaped."""
        return self.times[self.escaped]


def escape_study(landscape: SampleLoss, theta0: object, lr: float, epochs: int, *, runs: int = 100,
                 first_seed: int = 0, batch_size: int = 1) -> EscapeStudy:
    """Run :func:`sgd_path` with seeds ``first_seed, first_seed + 1, …`` and record each escape time.

    Parameters
    ----------
    landscape : SampleLoss
        The per-sample losses (with isolated minima).
    theta0 : array_like, shape (2,)
        The common start point.
    lr : float
        Learning rate.
    epochs : int
        Epochs per run (the budget).
    runs : int
        Number of seeded runs.
    first_seed : int
        Seed of the first run.
    batch_size : int
        Samples per update.

    Returns
    -------
    EscapeStudy
    """
    runs = _validate.positive_int(runs, "runs")
    first = _seed(first_seed, "first_seed")
    if len(getattr(landscape, "minima", ())) == 0:
        escape_time(np.zeros((1, 2)), landscape)  # raises the informative error
    seeds = np.arange(first, first + runs)
    times, budget = [], 0
    for s in seeds:
        path = sgd_path(landscape, theta0, lr, epochs, rng=int(s), batch_size=batch_size)
        t = escape_time(path.positions, landscape)
        times.append(-1 if t is None else t)
        budget = path.updates
    return EscapeStudy(np.array(times, dtype=int), seeds, budget)
