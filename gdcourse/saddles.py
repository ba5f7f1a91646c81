"""Saddle points of losses that are means over samples (chapter 3): landscapes, and escaping them.

- :class:`SampleLoss`: a loss of two parameters θ = (u, v) that is the mean of one loss per sample.
  It gives the per-sample gradients SGD uses and, as a :class:`~gdcourse.objectives.DataLoss`,
  runs in :func:`gdcourse.loop.iterate` (full batch or mini-batches);
- :func:`saddle_landscape` builds one whose mean has a saddle that SGD escapes;
  :func:`product_landscape` one whose saddle is stationary for every sample, so SGD is stuck there;
- :func:`escape_time` and :func:`escape_study`: whether (and when) runs left the saddle.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from . import _validate
from .loop import iterate
from .minibatch import Batches
from .objectives import DataLoss, Objective
from .optimizers import GradientDescent

#: ``f(theta, x, y) -> array``: a per-sample quantity evaluated on a batch of samples.
SampleFn = Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]

#: Data of :func:`saddle_landscape` are rounded to multiples of this, so that their sums are exact.
QUANTUM: float = 2.0**-20


@dataclass(frozen=True, kw_only=True)
class SampleLoss(DataLoss):
    """A loss of two parameters θ = (u, v) that is the mean of one loss per sample: a DataLoss that also
    knows each sample's loss and gradient, its Hessian, its saddle and its minima.

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

    sample_loss: SampleFn
    sample_grad: SampleFn
    saddle: np.ndarray
    minima: np.ndarray

    def sample_losses(self, theta: object) -> np.ndarray:
        """The loss of every sample at θ, shape ``(n,)``."""
        return np.asarray(self.sample_loss(_validate.point(theta, 2, "theta"), self.x, self.y), dtype=float)

    def sample_gradients(self, theta: object) -> np.ndarray:
        """The gradient of every sample's loss at θ, shape ``(n, 2)``; row i is a stochastic gradient."""
        return np.asarray(self.sample_grad(_validate.point(theta, 2, "theta"), self.x, self.y), dtype=float)

    def hessian(self, theta: object) -> np.ndarray:
        """The Hessian of the full-batch loss, shape ``(2, 2)``."""
        hessian = self.hessian_fn(_validate.point(theta, 2, "theta"), self.x, self.y)  # type: ignore[misc]
        return np.asarray(hessian, dtype=float).reshape(2, 2)

    def objective(self) -> Objective:
        """The full-batch loss as an :class:`~gdcourse.objectives.Objective`, for gradient descent and plots."""
        x, y, n, loss, grad, hess = self.x, self.y, self.n, self.sample_loss, self.sample_grad, self.hessian_fn
        return Objective(name=self.name, dim=2, value_fn=lambda t: float(loss(t, x, y).sum()) / n,
                         gradient_fn=lambda t: grad(t, x, y).sum(axis=0) / n,
                         hessian_fn=lambda t: hess(t, x, y))  # type: ignore[misc]


def _sample_loss(name: str, x: np.ndarray, y: np.ndarray, loss: SampleFn, grad: SampleFn, hessian: SampleFn,
                 minima: np.ndarray) -> SampleLoss:
    def loss_and_grad(theta: np.ndarray, xb: np.ndarray, yb: np.ndarray) -> tuple[float, np.ndarray]:
        k = xb.shape[0]  # the mean over the batch, computed quickly
        return float(loss(theta, xb, yb).sum()) / k, grad(theta, xb, yb).sum(axis=0) / k

    return SampleLoss(name=name, x=x, y=y, loss_and_grad_fn=loss_and_grad, dim=2, hessian_fn=hessian,
                      sample_loss=loss, sample_grad=grad, saddle=np.zeros(2), minima=minima)


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
    rng = np.random.default_rng(_validate.seed(seed))
    half = np.round(noise * rng.normal(size=(n // 2, 2)) / QUANTUM) * QUANTUM
    pairs = np.concatenate([half, -half])
    return _sample_loss("tilted double wells", pairs[:, 0].copy(), pairs[:, 1].copy(), _double_well_loss,
                        _double_well_grad, _double_well_hessian, minima=np.array([[0.0, 1.0], [0.0, -1.0]]))


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
    if xs.ndim != 1:
        raise ValueError(f"x must be a vector, one number per sample, got shape {xs.shape}.")
    return _sample_loss("ŷ = u·v·x", xs, ys, _product_loss, _product_grad, _product_hessian, minima=np.empty((0, 2)))


def escape_time(positions: object, landscape: SampleLoss) -> int | None:
    """The first update after which a run is nearer to a minimum than to the saddle, or None.

    Parameters
    ----------
    positions : array_like, shape (k + 1, 2)
        The visited points, e.g. ``run.positions``.
    landscape : SampleLoss
        Knows the saddle and the minima; it must have isolated minima.

    Returns
    -------
    int or None
        The index k of the first such position, or None if the run never got there.
    """
    _require_minima(landscape)
    pts = _validate.points(positions, 2)
    hits = np.flatnonzero(_escaped(pts, landscape))
    return int(hits[0]) if hits.size else None


def _require_minima(landscape: object) -> SampleLoss:
    if not isinstance(landscape, SampleLoss):
        raise TypeError(f"landscape must be a SampleLoss (e.g. saddle_landscape()), got {type(landscape).__name__}.")
    if len(landscape.minima) == 0:
        raise ValueError(f"the landscape {landscape.name!r} has no isolated minima to measure an escape against.")
    return landscape


def _escaped(points: np.ndarray, landscape: SampleLoss) -> np.ndarray:
    """For each point (a row), whether it is nearer to a minimum than to the saddle."""
    to_saddle = np.linalg.norm(points - landscape.saddle, axis=1)
    to_minimum = np.min(np.linalg.norm(points[:, None, :] - landscape.minima[None, :, :], axis=2), axis=1)
    return to_minimum < to_saddle


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


def escape_study(landscape: SampleLoss, x0: object, lr: float, epochs: int, *, runs: int = 100,
                 first_seed: int = 0, batch_size: int = 1) -> EscapeStudy:
    """SGD runs with seeds ``first_seed, first_seed + 1, …`` from one start, and when each escaped.

    Each run is :func:`~gdcourse.minibatch.minibatch_sgd` recorded per update, stopped as soon as it
    escapes (see :func:`escape_time`): what it would do afterwards does not change its escape time.

    Parameters
    ----------
    landscape : SampleLoss
        The per-sample losses (with isolated minima).
    x0 : array_like, shape (2,)
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
    _require_minima(landscape)
    x0 = _validate.point(x0, 2, "x0")
    rule = GradientDescent(lr)
    epochs = _validate.positive_int(epochs, "epochs")
    runs = _validate.positive_int(runs, "runs")
    first = _validate.seed(first_seed, "first_seed")
    Batches(batch_size).check(landscape.n)

    def escaped(p: np.ndarray) -> bool:
        return bool(_escaped(p[None, :], landscape)[0])

    seeds = np.arange(first, first + runs)
    times = []
    for s in seeds:
        run = iterate(landscape, x0, rule, epochs=epochs, batches=Batches(batch_size, rng=int(s)),
                      until=escaped, blowup=1e6)
        times.append(run.steps if run.stop_reason == "condition met" else -1)
    return EscapeStudy(np.array(times, dtype=int), seeds, epochs * -(-landscape.n // batch_size))
