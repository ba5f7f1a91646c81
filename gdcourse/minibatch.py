"""Mini-batches: which samples each update of a mini-batch method uses, and mini-batch SGD.

- :class:`Batches` is the batch iterator of :func:`gdcourse.loop.iterate`: called at the start of
  every epoch, it returns that epoch's batches of sample indices, shuffled afresh, in order, or
  drawn independently with replacement; :func:`batch_indices` and :func:`sample_batches` give
  one epoch of them;
- :func:`minibatch_sgd` is the loop with plain SGD updates ``params ← params − lr·∇L_batch(params)``
  (batch size 1 is per-sample SGD, batch size n full-batch gradient descent);
- :func:`gradient_noise` measures the variance of a mini-batch gradient.
"""
from __future__ import annotations

from typing import Callable, Union

import numpy as np

from . import _validate
from .loop import iterate
from .objectives import DataLoss, data_loss
from .optimizers import GradientDescent
from .record import Run

# A learning rate: a constant, or a schedule epoch -> lr (see gdcourse.schedules).
LearningRate = Union[float, Callable[[int], float]]


class Batches:
    """The batch iterator: ``batches(n)`` returns the batches of one epoch over ``n`` samples.

    Parameters
    ----------
    batch_size : int
        Samples per batch (at most n unless ``replace``).
    shuffle : bool
        Visit the samples in a fresh random order each epoch (drawn from ``rng``) rather than in
        their stored order. Every sample is used exactly once per epoch either way.
    rng : numpy.random.Generator or int or None
        Source of the random orders; an int is a seed, so a run is reproducible.
    drop_last : bool
        Leave out a last batch smaller than ``batch_size``.
    replace : bool
        Draw every index of every batch independently and uniformly instead (``shuffle`` and
        ``drop_last`` then do not apply): some samples are used several times in an epoch, about
        (1 − 1/n)^n ≈ 37 % never, when ``num_batches·batch_size = n``.
    num_batches : int, optional
        With ``replace``, the batches per epoch; by default ⌈n / batch_size⌉, as many as without.
    """

    def __init__(self, batch_size: int, *, shuffle: bool = True, rng: np.random.Generator | int | None = None,
                 drop_last: bool = False, replace: bool = False, num_batches: int | None = None) -> None:
        self.batch_size = _validate.positive_int(batch_size, "batch_size", "32")
        self.shuffle = _validate.boolean(shuffle, "shuffle")
        self.drop_last = _validate.boolean(drop_last, "drop_last")
        self.replace = _validate.boolean(replace, "replace")
        self.num_batches = None if num_batches is None else _validate.positive_int(num_batches, "num_batches")
        self.rng = _validate.rng(rng) if self.shuffle or self.replace else None

    def check(self, n: int) -> None:
        """Refuse a batch size larger than the ``n`` samples (where the samples are not drawn with replacement)."""
        if not self.replace and self.batch_size > n:
            raise ValueError(f"batch_size must be at most the number of samples ({n}), got {self.batch_size}.")

    def __call__(self, n: int) -> list[np.ndarray] | list[slice]:
        """The batches of the next epoch over ``n`` samples: arrays of sample indices (slices when in order)."""
        size = self.batch_size
        if self.replace:
            count = -(-n // size) if self.num_batches is None else self.num_batches
            return list(self.rng.integers(0, n, size=(count, size)))  # type: ignore[union-attr]
        stop = n - n % size if self.drop_last else n
        if not self.shuffle:  # a slice takes its samples without copying them
            return [slice(i, min(i + size, stop)) for i in range(0, stop, size)]
        order = self.rng.permutation(n)  # type: ignore[union-attr]
        return [order[i:i + size] for i in range(0, stop, size)]

    def __repr__(self) -> str:
        kind = "with replacement" if self.replace else "shuffled" if self.shuffle else "in order"
        return f"Batches({self.batch_size}, {kind})"


def batch_indices(n: int, batch_size: int, *, shuffle: bool = True, rng: np.random.Generator | int | None = None,
                  drop_last: bool = False) -> list[np.ndarray]:
    """The batches of one epoch, as arrays of sample indices: each index in ``range(n)`` exactly once.

    With ``drop_last``, the last ``n % batch_size`` of the order are left out. The arguments are
    those of :class:`Batches`.
    """
    batches = Batches(batch_size, shuffle=shuffle, rng=rng, drop_last=drop_last)
    batches.check(_validate.positive_int(n, "n"))
    return [np.arange(n)[b] if isinstance(b, slice) else b for b in batches(n)]


def sample_batches(n: int, batch_size: int, *, rng: np.random.Generator | int | None = None,
                   num_batches: int | None = None) -> list[np.ndarray]:
    """One epoch of batches drawn with replacement: every index uniform on ``range(n)``, independently.

    ``num_batches`` (default ⌈n / batch_size⌉) arrays of ``batch_size`` indices each; see :class:`Batches`.
    """
    return Batches(batch_size, replace=True, rng=rng, num_batches=num_batches)(_validate.positive_int(n, "n"))


def minibatch_sgd(loss: object, x0: object, x: object = None, y: object = None, *, lr: LearningRate, batch_size: int,
                  epochs: int, shuffle: bool = True, rng: np.random.Generator | int | None = None,
                  drop_last: bool = False, record: str = "epoch", on_divergence: str = "raise",
                  blowup: float = 1e12) -> Run:
    """Mini-batch SGD for ``epochs`` passes over the data: :func:`~gdcourse.loop.iterate` with plain SGD steps.

    Parameters
    ----------
    loss : Model or callable or DataLoss
        A model of :mod:`gdcourse.models`, or ``loss_and_grad(params, x_batch, y_batch) ->
        (mean loss, gradient)`` (see :func:`~gdcourse.objectives.data_loss`); or a DataLoss, such as
        a landscape of :mod:`gdcourse.saddles`, which holds its own data (then leave out ``x`` and ``y``).
    x0 : array_like
        Starting parameters (a flat vector).
    x, y : array_like, optional
        Inputs and targets; their first axes index the samples and must match.
    lr : float or callable
        A constant learning rate, or a schedule ``epoch -> lr`` (epochs count from 0).
    batch_size : int
        Samples per update; 1 is per-sample SGD, ``len(y)`` full-batch gradient descent.
    epochs : int
        Number of passes over the data.
    shuffle, rng, drop_last
        How each epoch's batches are drawn (see :class:`Batches`).
    record : {"epoch", "update"}
        Record the parameters after every epoch (default) or after every update.
    on_divergence, blowup
        See :func:`~gdcourse.loop.iterate`.

    Returns
    -------
    Run
        ``positions[e]`` holds the parameters after epoch e (``record="epoch"``), ``updates`` the
        number of updates; ``extras``: ``lrs`` (rate of each epoch) and ``batch_loss`` (the epoch
        loss a training loop prints: the mean of the batch losses, each measured before its update).
    """
    if isinstance(loss, DataLoss):
        if x is not None or y is not None:
            raise TypeError(f"the loss {loss.name!r} holds its own data: leave out x and y.")
        problem = loss
    else:
        problem = data_loss(loss, x, y)
    schedule = lr if callable(lr) else None
    first = _validate.learning_rate(lr(0) if schedule else lr, "schedule(0)" if schedule else "lr")  # type: ignore[operator]
    return iterate(problem, x0, GradientDescent(first), epochs=epochs, schedule=schedule, record=record,
                   batches=Batches(batch_size, shuffle=shuffle, rng=rng, drop_last=drop_last),
                   on_divergence=on_divergence, blowup=blowup)


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
    generator = _validate.rng(rng)
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
