"""Mini-batch stochastic gradient descent over a data set.

:func:`batch_indices` splits one epoch into batches (shuffled or in order, every
sample exactly once); :func:`minibatch_sgd` runs the update
``params ← params − lr·∇L_batch(params)`` over them for a number of epochs. Batch
size 1 is per-sample SGD; batch size n (one batch) is full-batch gradient descent.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Union

import numpy as np

from . import _validate
from .optimizers import DivergenceError

# loss_and_grad(params, x_batch, y_batch) -> (mean loss over the batch, gradient)
LossAndGrad = Callable[[np.ndarray, np.ndarray, np.ndarray], tuple[float, np.ndarray]]
# A learning rate: a constant, or a schedule epoch -> lr (see gdcourse.schedules)
LearningRate = Union[float, Callable[[int], float]]


def _rng(rng: np.random.Generator | int | None) -> np.random.Generator:
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or (isinstance(rng, (int, np.integer)) and not isinstance(rng, bool)):
        return np.random.default_rng(rng)
    raise TypeError(f"rng must be a numpy Generator, an int seed or None, got {type(rng).__name__}.")


def batch_indices(n: int, batch_size: int, *, shuffle: bool = True, rng: np.random.Generator | int | None = None,
                  drop_last: bool = False) -> list[np.ndarray]:
    """The batches of one epoch, as arrays of sample indices.

    Every index in ``range(n)`` appears exactly once (with ``drop_last``, the last
    ``n % batch_size`` of the shuffled order are left out of this epoch).

    Parameters
    ----------
    n : int
        Number of samples.
    batch_size : int
        Samples per batch, between 1 and n.
    shuffle : bool
        Visit the samples in a fresh random order (drawn from ``rng``) rather than 0, 1, …, n − 1.
    rng : numpy.random.Generator or int or None
        Source of the random order; an int is a seed.
    drop_last : bool
        Leave out a last batch smaller than ``batch_size``.
    """
    n = _validate.positive_int(n, "n")
    batch_size = _validate.positive_int(batch_size, "batch_size")
    if batch_size > n:
        raise ValueError(f"batch_size must be at most the number of samples ({n}), got {batch_size}.")
    order = _rng(rng).permutation(n) if shuffle else np.arange(n)
    stop = n - n % batch_size if drop_last else n
    return [order[i:i + batch_size] for i in range(0, stop, batch_size)]


@dataclass(frozen=True)
class History:
    """What a mini-batch run did, epoch by epoch.

    Attributes
    ----------
    params : numpy.ndarray, shape (epochs + 1, p)
        ``params[0]`` is the start, ``params[e]`` the parameters after epoch e.
    epoch_loss : numpy.ndarray, shape (epochs,)
        Mean over the epoch's samples of the batch losses, each measured just before
        its batch's update (what a training loop usually prints).
    lrs : numpy.ndarray, shape (epochs,)
        Learning rate used in each epoch.
    updates : int
        Number of parameter updates made.
    stop_reason : str
        ``"max epochs"`` or ``"loss tolerance"``.
    """

    params: np.ndarray
    epoch_loss: np.ndarray
    lrs: np.ndarray
    updates: int
    stop_reason: str

    @property
    def final(self) -> np.ndarray:
        """The parameters after the last epoch."""
        return self.params[-1]


def minibatch_sgd(loss_and_grad: LossAndGrad, params0: object, x: object, y: object, *, lr: LearningRate,
                  batch_size: int, epochs: int, shuffle: bool = True, rng: np.random.Generator | int | None = None,
                  drop_last: bool = False, tol: float | None = None, blowup: float = 1e12) -> History:
    """Run mini-batch SGD for ``epochs`` passes over the data.

    Parameters
    ----------
    loss_and_grad : callable
        ``loss_and_grad(params, x_batch, y_batch)`` returns the batch's mean loss and
        its gradient with respect to ``params`` (same shape as ``params``).
    params0 : array_like
        Starting parameters (a flat vector).
    x, y : array_like
        Inputs and targets; their first axes index the samples and must match.
    lr : float or callable
        A constant learning rate, or a schedule ``epoch -> lr``.
    batch_size : int
        Samples per update; 1 is per-sample SGD, ``len(x)`` full-batch gradient descent.
    epochs : int
        Number of passes over the data.
    shuffle : bool
        Shuffle the samples at the start of every epoch (else visit them in order).
    rng : numpy.random.Generator or int or None
        Source of the shuffles; an int is a seed, so a run is reproducible.
    drop_last : bool
        Skip a last batch smaller than ``batch_size`` in each epoch.
    tol : float, optional
        Stop after an epoch whose ``epoch_loss`` is below ``tol``.
    blowup : float
        Parameters beyond this size, or NaN/inf anywhere, raise
        :class:`~gdcourse.optimizers.DivergenceError`.

    Returns
    -------
    History
    """
    if not callable(loss_and_grad):
        raise TypeError("loss_and_grad must be a function (params, x_batch, y_batch) -> (loss, gradient).")
    params = _validate.point(params0, None, "params0")
    xs, ys = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if xs.ndim == 0 or ys.ndim == 0 or xs.shape[0] != ys.shape[0] or xs.shape[0] == 0:
        raise ValueError(f"x and y must hold the same, non-zero number of samples along their first axis, "
                         f"got shapes {xs.shape} and {ys.shape}.")
    if not (np.all(np.isfinite(xs)) and np.all(np.isfinite(ys))):
        raise ValueError("x and y must be finite: remove or impute NaN and infinite values first.")
    n = xs.shape[0]
    batch_size = _validate.positive_int(batch_size, "batch_size")
    if batch_size > n:
        raise ValueError(f"batch_size must be at most the number of samples ({n}), got {batch_size}.")
    epochs = _validate.positive_int(epochs, "epochs")
    schedule = lr if callable(lr) else (lambda epoch, c=_validate.learning_rate(lr): c)
    tol = None if tol is None else _validate.nonnegative(tol, "tol")
    generator = _rng(rng) if shuffle else None

    history, losses, lrs, updates, reason = [params.copy()], [], [], 0, "max epochs"
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(epochs):
            step = _validate.learning_rate(schedule(epoch), f"the learning rate of epoch {epoch}")
            total, count = 0.0, 0
            for idx in batch_indices(n, batch_size, shuffle=shuffle, rng=generator, drop_last=drop_last):
                loss, grad = loss_and_grad(params, xs[idx], ys[idx])
                params = params - step * np.asarray(grad, dtype=float)
                total += float(loss) * len(idx)
                count += len(idx)
                updates += 1
            if not np.all(np.isfinite(params)) or np.max(np.abs(params)) > blowup or not np.isfinite(total):
                history.append(params)
                partial = History(np.array(history), np.array(losses + [total / count]), np.array(lrs + [step]),
                                  updates, "diverged")
                raise DivergenceError(
                    f"Mini-batch SGD with learning rate {step:g} diverged in epoch {epoch}: parameters "
                    f"{np.array2string(params, precision=4)}. Try a smaller learning rate or a larger batch. "
                    "The partial run is in the error's .trajectory attribute.", partial)  # type: ignore[arg-type]
            history.append(params.copy())
            losses.append(total / count)
            lrs.append(step)
            if tol is not None and losses[-1] < tol:
                reason = "loss tolerance"
                break
    return History(np.array(history), np.array(losses), np.array(lrs), updates, reason)


def sample_batches(n: int, batch_size: int, *, rng: np.random.Generator | int | None = None,
                   num_batches: int | None = None) -> list[np.ndarray]:
    """Batches of sample indices drawn independently, with replacement.

    The alternative to :func:`batch_indices`: every index of every batch is drawn
    uniformly from ``range(n)``, independently of all the others, so within one
    "epoch" some samples are drawn several times and others never (about
    (1 − 1/n)^n ≈ 37 % of them when ``num_batches·batch_size = n``).

    Parameters
    ----------
    n : int
        Number of samples.
    batch_size : int
        Indices per batch, at least 1 (it may exceed ``n``: indices repeat anyway).
    rng : numpy.random.Generator or int or None
        Source of the draws; an int is a seed.
    num_batches : int, optional
        How many batches to draw; by default ⌈n / batch_size⌉, as many updates as one
        epoch of :func:`batch_indices`.

    Returns
    -------
    list of numpy.ndarray
        ``num_batches`` arrays of ``batch_size`` indices each.
    """
    n = _validate.positive_int(n, "n")
    batch_size = _validate.positive_int(batch_size, "batch_size")
    count = -(-n // batch_size) if num_batches is None else _validate.positive_int(num_batches, "num_batches")
    return list(_rng(rng).integers(0, n, size=(count, batch_size)))


def gradient_noise(grads: object, batch_size: int, *, draws: int = 1000, replace: bool = True,
                   rng: np.random.Generator | int | None = None) -> float:
    """Measure the variance of a mini-batch gradient: the mean of ‖ĝ_B − ḡ‖² over random batches.

    ``ĝ_B`` is the mean of the per-sample gradients over a batch of ``batch_size``
    samples and ``ḡ`` their mean over all n samples (the full-batch gradient).

    With ``replace=True`` a batch is ``batch_size`` independent uniform draws; the
    expected value is then exactly v₁/B, where v₁ = mean ‖gᵢ − ḡ‖² is the
    variance of a single sample's gradient. With ``replace=False`` the batches are
    those a shuffled epoch produces (a random permutation cut into pieces of
    ``batch_size``; an incomplete last piece is not used): the samples of a batch
    are distinct and the expected value is v₁/B·(n − B)/(n − 1), which is 0 at B = n.

    Parameters
    ----------
    grads : array_like, shape (n, p) or (n,)
        One gradient per sample, all taken at the same parameters.
    batch_size : int
        Samples per batch (at most n when ``replace`` is false).
    draws : int
        Number of random batches averaged over.
    replace : bool
        Draw with replacement (independent batches) or as in a shuffled epoch.
    rng : numpy.random.Generator or int or None
        Source of the draws; an int is a seed.

    Returns
    -------
    float
        The measured mean squared deviation of the batch gradient from the full gradient.
    """
    g = np.asarray(grads, dtype=float)
    if g.ndim == 1:
        g = g[:, None]
    if g.ndim != 2 or g.shape[0] < 1:
        raise ValueError(f"grads must have shape (n, p): one gradient per sample, got shape {g.shape}.")
    if not np.all(np.isfinite(g)):
        raise ValueError("grads must be finite: compute them at parameters where the loss is finite.")
    n = g.shape[0]
    batch_size = _validate.positive_int(batch_size, "batch_size")
    draws = _validate.positive_int(draws, "draws")
    if not replace and batch_size > n:
        raise ValueError(f"without replacement a batch holds at most the {n} samples, got batch_size={batch_size}.")
    generator = _rng(rng)
    deviation = g - g.mean(axis=0)
    chunk = max(1, 2**16 // batch_size)  # batches per block, to bound memory
    total, done = 0.0, 0
    while done < draws:
        k = min(chunk, draws - done)
        if replace:
            idx = generator.integers(0, n, size=(k, batch_size))
        else:
            per_epoch = n // batch_size
            epochs = -(-k // per_epoch)
            orders = generator.permuted(np.broadcast_to(np.arange(n), (epochs, n)), axis=1)
            idx = orders[:, :per_epoch * batch_size].reshape(-1, batch_size)[:k]
        means = deviation[idx].mean(axis=1)
        total += float(np.sum(means**2))
        done += k
    return total / draws
