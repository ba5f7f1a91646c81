"""The one loop of gdcourse: run an update rule and record what it does.

:func:`iterate` runs any update rule ``x_new = rule(x, g)`` (a rule of :mod:`gdcourse.optimizers`,
Newton's method, a line search, …) from a start point, on either

- an :class:`~gdcourse.objectives.Objective`: every update uses the full gradient; or
- a :class:`~gdcourse.objectives.DataLoss`, a loss that is a mean over a data set: every update
  uses the gradient of one batch of samples, drawn by a batch iterator
  (:class:`gdcourse.minibatch.Batches`) at the start of each epoch; without one, every update
  uses the whole data set.

It applies a learning-rate schedule (``epoch -> lr``) at the start of every epoch, records the
position, the value and the gradient norm after every update or after every epoch, stops on a
tolerance, a condition, a budget or divergence (with the rule's own advice), and returns a
:class:`~gdcourse.record.Run`. Every solver of the package is this loop with a particular rule;
:func:`gradient_descent` is the plainest.
"""
from __future__ import annotations

import math
from typing import Callable

import numpy as np

from . import _validate
from .objectives import DataLoss, Objective
from .optimizers import GradientDescent, UpdateRule
from .record import DivergenceError, Run

Rule = Callable[[np.ndarray, np.ndarray], np.ndarray]


def _check(problem: object, rule: object, steps: object, epochs: object, batches: object, schedule: object,
           record: object, blowup: object, on_divergence: object) -> tuple[int | None, int | None, float]:
    """The checks of :func:`iterate` that do not depend on the start point."""
    if not isinstance(problem, (Objective, DataLoss)):
        raise TypeError("problem must be a gdcourse Objective (see gdcourse.objectives) or a DataLoss (a loss over "
                        f"a data set, see gdcourse.objectives.data_loss), got {type(problem).__name__}.")
    _validate.function(rule, "rule", "rule(x, g) -> new x, such as gdcourse.optimizers.GradientDescent(0.1)")
    steps = None if steps is None else _validate.positive_int(steps, "steps")
    epochs = None if epochs is None else _validate.positive_int(epochs, "epochs")
    if isinstance(problem, Objective):
        if epochs is not None or batches is not None:
            raise TypeError("epochs and batches are for a DataLoss (a loss over a data set); "
                            "an Objective is run for a number of steps.")
        if steps is None:
            raise TypeError("give the number of steps, e.g. iterate(f, x0, rule, steps=100).")
    elif steps is None and epochs is None:
        raise TypeError("give steps (updates) or epochs (passes over the data), or both.")
    if batches is not None:
        _validate.function(batches, "batches", "batches(n) -> the batches of one epoch, such as Batches(32, rng=0)")
        if hasattr(batches, "check"):
            batches.check(problem.n)  # type: ignore[union-attr]
    if schedule is not None:
        _validate.function(schedule, "schedule", "schedule(epoch) -> learning rate")
        if not hasattr(rule, "lr"):
            raise TypeError(f"a schedule sets the rule's learning rate, but {rule!r} has no lr attribute.")
    _validate.choice(record, ("update", "epoch"), "record")
    _validate.choice(on_divergence, ("raise", "stop"), "on_divergence")
    return steps, epochs, _validate.positive(blowup, "blowup", "1e12") ** 2


def iterate(problem: Objective | DataLoss, x0: object, rule: Rule, steps: int | None = None, *,
            epochs: int | None = None, batches: Callable[[int], list] | None = None,
            schedule: Callable[[int], float] | None = None, record: str = "update", gtol: float | None = None,
            ftol: float | None = None, until: Callable[[np.ndarray], bool] | None = None,
            blowup: float = 1e12, on_divergence: str = "raise") -> Run:
    """Run ``x ← rule(x, g)`` from ``x0`` and record the run.

    Parameters
    ----------
    problem : Objective or DataLoss
        What to minimise: a function (full gradients), or a loss over a data set (batch gradients).
    x0 : float or array_like
        Start point (a scalar for one-dimensional problems).
    rule : callable
        ``rule(x, g)`` returns the next point from the current one and a gradient there; an
        :class:`~gdcourse.optimizers.UpdateRule` is reset first and supplies the divergence advice.
    steps : int, optional
        Maximum number of updates (required for an Objective).
    epochs : int, optional
        Maximum number of passes over the data (a DataLoss only).
    batches : callable, optional
        ``batches(n)`` returns the batches of one epoch (index arrays or slices), e.g.
        :class:`~gdcourse.minibatch.Batches`; called at the start of every epoch. Without it every
        update uses the whole data set, and an epoch is one update.
    schedule : callable, optional
        ``schedule(epoch) -> lr``, applied to ``rule.lr`` at the start of every epoch (epochs count
        from 0; for an Objective, or without batches, an epoch is one update).
    record : {"update", "epoch"}
        Record after every update, or after every epoch (and when the run stops).
    gtol : float, optional
        Stop at a recorded point where the gradient norm is at most ``gtol``.
    ftol : float, optional
        Stop when f changes by at most ``ftol`` between two records.
    until : callable, optional
        ``until(x) -> bool``: stop at the first recorded point (the start included) where it is true.
    blowup : float
        A recorded point farther than this from the origin, or a value beyond it in absolute value,
        or NaN or infinity in either, has diverged (the start is not judged).
    on_divergence : {"raise", "stop"}
        Raise :class:`~gdcourse.record.DivergenceError` (default), or stop and return the run
        with ``stop_reason == "diverged"``.

    Returns
    -------
    Run
        ``extras`` hold ``lrs`` (the rule's learning rate in each step, if it has one),
        ``batch_loss`` (for a DataLoss: the mean loss of the batches of each step, each measured
        just before its update) and what the rule itself records.
    """
    steps, epochs, blowup2 = _check(problem, rule, steps, epochs, batches, schedule, record, blowup, on_divergence)
    x = _validate.point(x0, problem.dim, "x0")
    gtol = None if gtol is None else _validate.nonnegative(gtol, "gtol")
    ftol = None if ftol is None else _validate.nonnegative(ftol, "ftol")
    if until is not None:
        _validate.function(until, "until", "until(x) -> bool")
    is_rule = isinstance(rule, UpdateRule)
    if is_rule:
        rule.reset()  # type: ignore[union-attr]
    update = rule.step if is_rule else rule  # type: ignore[union-attr]
    shape = x.shape

    def vector(v: object, what: str) -> np.ndarray:
        # Fast path for what the package's functions return: a float vector of the right shape.
        if type(v) is np.ndarray and v.shape == shape and v.dtype == np.float64:
            return v
        arr = np.asarray(v, dtype=float)
        if arr.size != shape[0]:
            raise ValueError(f"{what} must have {shape[0]} coordinate(s), got an array of shape {arr.shape}.")
        return arr.reshape(shape)

    if isinstance(problem, Objective):
        value_fn, grad_fn, n = problem.value_fn, problem.gradient_fn, 1

        def evaluate(p: np.ndarray) -> tuple[float, object]:
            return value_fn(p), grad_fn(p)
    else:
        X, Y, loss_fn, n = problem.x, problem.y, problem.loss_and_grad_fn, problem.n

        def evaluate(p: np.ndarray) -> tuple[float, object]:
            return loss_fn(p, X, Y)

    per_update = record == "update"
    has_lr = hasattr(rule, "lr")
    is_data = isinstance(problem, DataLoss)
    judge = gtol is not None or ftol is not None or until is not None
    max_updates = -1 if steps is None else steps
    positions: list[np.ndarray] = []
    values: list[float] = []
    norms: list[float] = []
    lrs: list[float | None] = []
    batch_loss: list[float] = []
    lr = None
    total = count = 0.0
    nfull = nbatch = updates = epoch = 0

    def save(p: np.ndarray) -> str | None:
        """Evaluate the full problem at ``p``, record it, and say why the run stops there (None: go on)."""
        nonlocal f, g, total, count, nfull
        value, grad = evaluate(p)
        f = float(value)
        # Fast path for what the package's functions return: a float vector of the right shape.
        g = grad if type(grad) is np.ndarray and grad.shape == shape and grad.dtype == np.float64 \
            else vector(grad, "the gradient")
        nfull += 1
        moved = bool(positions)   # the start is not judged, only where the rule took the run
        if moved:
            lrs.append(lr)
            if is_data:
                batch_loss.append(float(total) / count)
            total = count = 0.0
        positions.append(p)
        values.append(f)
        norms.append(math.sqrt(float(g @ g)))
        # Divergence: one comparison catches NaN (every comparison with NaN is false), inf and blow-up.
        if moved and not (f * f <= blowup2 and float(p @ p) <= blowup2):
            return "diverged"
        return _stop(p, values, norms, gtol, ftol, until) if judge else None

    with np.errstate(over="ignore", invalid="ignore"):
        f, g = 0.0, x
        reason = save(x)
        while reason is None:
            if epochs is not None and epoch == epochs:
                reason = "max epochs"
                break
            if schedule is not None:
                rule.lr = _validate.learning_rate(schedule(epoch), f"schedule({epoch})")  # type: ignore[union-attr]
            lr = rule.lr if has_lr else None  # type: ignore[union-attr]
            for idx in (None,) if batches is None else batches(n):
                if idx is None:  # the whole data set: the gradient at x is the one just recorded
                    loss, grad, size = f, g, n
                else:
                    yb = Y[idx]
                    loss, grad = loss_fn(x, X[idx], yb)
                    if type(grad) is not np.ndarray or grad.shape != shape:
                        grad = vector(grad, "the batch gradient")
                    nbatch += 1
                    size = yb.shape[0]
                new = update(x, grad)
                x = new if type(new) is np.ndarray and new.shape == shape and new.dtype == np.float64 \
                    else vector(new, "rule(x, g)")
                updates += 1
                total += loss * size
                count += size
                if per_update or idx is None:
                    reason = save(x)
                    if reason is not None:
                        break
                if updates == max_updates:
                    reason = "max steps"
                    break
            epoch += 1
            if count:  # per-epoch record: the epoch (or the part of it run before a budget stopped it) ended
                reason = save(x) or reason
    extras: dict = {}
    if has_lr:
        extras["lrs"] = np.array(lrs, dtype=float)
    if is_data:
        extras["batch_loss"] = np.array(batch_loss)
    if is_rule:
        extras.update(rule.extras())  # type: ignore[union-attr]
    nfev = ngev = nfull + nbatch
    nfev += extras.pop("nfev", 0)
    method = repr(rule) if is_rule else getattr(rule, "__name__", type(rule).__name__)
    run = Run(np.array(positions), np.array(values), np.array(norms), nfev, ngev, updates, reason, method, extras)
    if reason == "diverged" and on_divergence == "raise":
        advice = getattr(rule, "advice", UpdateRule.advice)
        raise DivergenceError(
            f"The run of {method} diverged at step {run.steps}: x = {np.array2string(run.x, precision=4)}, "
            f"f(x) = {run.values[-1]:.4g}. {advice} The partial run is in the error's .run attribute.", run)
    return run


def _stop(x: np.ndarray, values: list, norms: list, gtol: float | None, ftol: float | None,
          until: Callable | None) -> str | None:
    """Which tolerance or condition stops the run at the point just recorded, or None to go on."""
    if ftol is not None and len(values) > 1 and abs(values[-1] - values[-2]) <= ftol:
        return "value tolerance"
    if gtol is not None and norms[-1] <= gtol:
        return "gradient tolerance"
    if until is not None and until(x):
        return "condition met"
    return None


def gradient_descent(objective: Objective, x0: object, lr: float, steps: int, *, gtol: float | None = None,
                     ftol: float | None = None, on_divergence: str = "raise") -> Run:
    """Plain gradient descent, x ← x − lr·∇f(x): :func:`iterate` with :class:`~gdcourse.optimizers.GradientDescent`.

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
    Run

    Examples
    --------
    >>> from gdcourse import objectives
    >>> run = gradient_descent(objectives.square(), 10.0, lr=0.2, steps=10)
    >>> round(float(run.x[0]), 9)
    0.060466176
    """
    return iterate(objective, x0, GradientDescent(lr), steps, gtol=gtol, ftol=ftol, on_divergence=on_divergence)
