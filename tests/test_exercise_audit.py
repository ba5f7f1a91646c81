"""Audit of every auto-checked exercise: the reference earns full marks; a constant, a hard-coded public
answer and the near-misses a student is likely to write each lose points on the hidden cases.

Scored as the grader scores: the answer runs on the public and hidden cases (in a forked copy of this
process), its outputs are compared with the reference's, and only the hidden cases give points.
"""
import math

import numpy as np
import pytest

from gdcourse.autodiff import Value
from gdcourse.newton import modified_hessian
from gdcourse.exercises import lookup
from gdcourse.exercises.core import all_labels, public_expected
from gdcourse.exercises.isolate import run_cases
from gdcourse.exercises.reference import all_cases, score_outcomes, solution_of


def points(label, answer):
    ex = lookup(label)
    return score_outcomes(label, run_cases(answer, ex, [c.args for c in all_cases(label)], keep_going=True)).points


def _key(args):
    """A fingerprint of a case's arguments (numbers only), to recognise the public cases."""
    parts = []
    for a in args:
        if isinstance(a, Value):
            parts.append(round(a.data, 9))
        elif isinstance(a, (int, float, np.ndarray, list)):
            parts.append(tuple(np.round(np.ravel(np.asarray(a, dtype=float)), 9)))
    return tuple(parts)


def _as_answer(label, data):
    """Turn an expected output (plain data) back into something the student's function could return."""
    if label == "ex05-1":
        return Value(float(data[0]))
    return data


def constant(label):
    first = public_expected(label)[0]
    return lambda *args: _as_answer(label, first)


def hard_coded(label):
    """Returns the stored answer of a public case when it recognises the input, else the first one."""
    ex = lookup(label)
    table = {_key(ex.build(c.args)[0]): out for c, out in zip(ex.cases, public_expected(label))}
    first = public_expected(label)[0]
    return lambda *args: _as_answer(label, table.get(_key(args), first))


# -- near-misses, per exercise ------------------------------------------------------------------------------

def _gd_test_after_update(x, y, w0, lr, tol, max_epochs):
    w = w0
    for epoch in range(max_epochs):
        w = w - lr * np.mean(2 * x * (w * x - y))
        if abs(np.mean(2 * x * (w * x - y))) <= tol:
            return w, epoch + 1
    return w, max_epochs


def _gd_counts_the_test(x, y, w0, lr, tol, max_epochs):
    w, epochs = solution_of("ex01-2").reference(x, y, w0, lr, tol, max_epochs)
    return w, min(epochs + 1, max_epochs)


def _gd_strict(x, y, w0, lr, tol, max_epochs):
    w = w0
    for epoch in range(max_epochs):
        grad = np.mean(2 * x * (w * x - y))
        if abs(grad) < tol:
            return w, epoch
        w = w - lr * grad
    return w, max_epochs


def _gd_returns_after_step(x, y, w0, lr, tol, max_epochs):
    w = w0
    for epoch in range(max_epochs):
        grad = np.mean(2 * x * (w * x - y))
        w = w - lr * grad
        if abs(grad) <= tol:
            return w, epoch
    return w, max_epochs


def _epochs_closed_form(x, y, w0, lr, tol):
    return math.ceil(math.log(7.5 / tol) / (2 * math.log(1 / 0.85)))   # the chapter's numbers, hard-coded


def _classify_no_tol(H):
    eig = np.linalg.eigvalsh(H)
    if np.any(eig > 0) and np.any(eig < 0):
        return "saddle"
    if np.any(eig == 0):
        return "inconclusive"
    return "minimum" if np.all(eig > 0) else "maximum"


def _classify_absolute_tol(H):
    eig = np.linalg.eigvalsh(H)
    eig = np.where(np.abs(eig) <= 1e-8, 0.0, eig)
    return _classify_no_tol(np.diag(eig))


def _classify_raw_saddle(H):
    eig = np.linalg.eigvalsh(H)
    if np.any(eig > 0) and np.any(eig < 0):
        return "saddle"
    return _classify_absolute_tol(H) if np.max(np.abs(eig)) < 1 else solution_of("ex03-1").reference(H)


def _pgd(kick):
    def run(grad, x0, lr, steps, radius, gtol, seed):
        rng = np.random.default_rng(seed)
        x = np.array(x0, dtype=float)
        for _ in range(steps):
            g = grad(x)
            if np.linalg.norm(g) <= gtol:
                x, g = kick(x, g, grad, rng, radius, seed)
            x = x - lr * g
        return x
    return run


def _kick_stale_gradient(x, g, grad, rng, radius, seed):
    d = rng.normal(size=x.shape)
    return x + radius * d / np.linalg.norm(d), g


def _kick_new_rng(x, g, grad, rng, radius, seed):
    d = np.random.default_rng(seed).normal(size=x.shape)
    x = x + radius * d / np.linalg.norm(d)
    return x, grad(x)


def _kick_unscaled(x, g, grad, rng, radius, seed):
    x = x + radius * rng.normal(size=x.shape)
    return x, grad(x)


def _no_kick(x, g, grad, rng, radius, seed):
    return x, g


def _sgd(normalise_by_batch_size=False, reshuffle=False, shuffle=True):
    def run(X, y, w, lr, batch_size, seed):
        rng = np.random.default_rng(seed)
        order = rng.permutation(len(y)) if shuffle else np.arange(len(y))
        for start in range(0, len(y), batch_size):
            if reshuffle:
                order = rng.permutation(len(y))
            idx = order[start:start + batch_size]
            size = batch_size if normalise_by_batch_size else len(idx)
            w = w - lr * (2 / size) * (X[idx].T @ (X[idx] @ w - y[idx]))
        return w
    return run


def _backtrack(clamp):
    def run(f, x, g, d, t0, c):
        phi0, slope, t = f(x), g @ d, t0
        phi_t = f(x + t * d)
        while phi_t > phi0 + c * t * slope:
            t_q = -slope * t**2 / (2 * (phi_t - phi0 - slope * t))
            t = clamp(t_q, t)
            phi_t = f(x + t * d)
        return t
    return run


def _adam(eps_inside=False, correct=True):
    def run(grads, lr, beta1, beta2, eps):
        grads = np.asarray(grads, dtype=float)
        m = v = np.zeros(grads.shape[1])
        out = []
        for t, g in enumerate(grads, start=1):
            m = beta1 * m + (1 - beta1) * g
            v = beta2 * v + (1 - beta2) * g**2
            mh, vh = (m / (1 - beta1**t), v / (1 - beta2**t)) if correct else (m, v)
            out.append(-lr * mh / (np.sqrt(vh + eps) if eps_inside else np.sqrt(vh) + eps))
        return np.array(out)
    return run


def _amsgrad_corrected_max(grads, lr, beta1, beta2, eps):
    # AMSGrad as torch <= 1.13's documentation wrote it: the maximum of the bias-corrected second moment.
    grads = np.asarray(grads, dtype=float)
    m = v = v_max = np.zeros(grads.shape[1])
    out = []
    for t, g in enumerate(grads, start=1):
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g**2
        v_max = np.maximum(v_max, v / (1 - beta2**t))
        out.append(-lr * m / (1 - beta1**t) / (np.sqrt(v_max) + eps))
    return np.array(out)


def _epoch05(no_zeroing=False, factor=1.0, divide_by_batch_size=False):
    def run(params, x, y, lr, batch_size):
        p, stale = np.array(params, dtype=float), np.zeros(3)
        for first in range(0, len(x), batch_size):
            xb, yb = x[first:first + batch_size], y[first:first + batch_size]
            r = p[0] * xb**2 + p[1] * xb + p[2] - yb
            g = factor * np.array([r @ xb**2, r @ xb, r.sum()]) / (batch_size if divide_by_batch_size else len(xb))
            stale = stale + g if no_zeroing else g     # no_zeroing: gradients accumulate across batches
            p = p - lr * stale
        return p
    return run


def _ex03_7(shift=0, constant_step=False):
    def answer(x, y, w0, c, t0, idx):
        w, ws = float(w0), []
        for t, i in enumerate(idx):
            lr = c / t0 if constant_step else c / (t + t0 + shift)   # shift=1: the schedule one update late
            w = w - lr * 2 * x[i] * (w * x[i] - y[i])
            ws.append(w)
        return np.array(ws)
    return answer


NEAR_MISSES = {
    "ex01-1": [lambda x: 2 / np.mean(x**2), lambda x: 1 / np.mean(x) ** 2],
    "ex01-2": [_gd_test_after_update, _gd_counts_the_test, _gd_strict, _gd_returns_after_step],
    "ex01-3": [lambda x, y: [0.0, np.sum(x * y) / np.sum(x * x)], lambda x, y: [np.mean(y) / np.mean(x)]],
    "ex01-4": [lambda *a: solution_of("ex01-4").reference(*a) + 1, _epochs_closed_form],
    "ex02-1": [lambda a: 2 / a, lambda a: 1 / (2 * a)],
    "ex02-2": [lambda A: (2 / (np.max(np.diag(A)) + np.min(np.diag(A))),
                          (np.max(np.diag(A)) - np.min(np.diag(A))) / (np.max(np.diag(A)) + np.min(np.diag(A)))),
               lambda A: (1 / np.max(np.linalg.eigvalsh(A)), 1 - np.min(np.linalg.eigvalsh(A)) / np.max(np.linalg.eigvalsh(A)))],
    "ex02-3": [lambda lr, tol: solution_of("ex02-3").reference(lr, tol) + 1],
    "ex02-6": [lambda A, x0, lr, k: solution_of("ex02-6").reference(A, x0, lr, k + 1),   # one step too many
               lambda A, x0, lr, k: (lambda l, Q: Q @ ((1 - 2 * lr * l) ** k * (Q.T @ np.asarray(x0, float))))(
                   *np.linalg.eigh(np.asarray(A, float)))],   # the factor of f = x·Ax, not ½x·Ax
    "ex03-1": [_classify_no_tol, _classify_absolute_tol, _classify_raw_saddle],
    "ex03-2": [_pgd(_no_kick), _pgd(_kick_stale_gradient), _pgd(_kick_new_rng), _pgd(_kick_unscaled)],
    "ex03-3": [lambda x, y: [-np.mean(x * y), np.mean(x * y)], lambda x, y: [-2 * np.sum(x * y), 2 * np.sum(x * y)]],
    "ex03-4": [lambda v, b: solution_of("ex03-4").reference(v, b) * (1 - b ** np.arange(1, len(v) + 1)),
               lambda v, b: np.array([sum((1 - b) * b ** (t - k) * v[k] for k in range(t + 1)) / (1 - b ** (t + 2))
                                      for t in range(len(v))])],
    "ex04-1": [_sgd(normalise_by_batch_size=True), _sgd(reshuffle=True), _sgd(shuffle=False)],
    "ex04-2": [lambda e, lr0, f, k: lr0 * f ** ((e + 1) // k), lambda e, lr0, f, k: lr0 * f ** (e / k)],
    "ex04-3": [lambda n, k: np.arange(9, n, 10), lambda n, k: np.arange(0, n, k)[1:]],
    "ex04-4": [lambda n: 1 / np.e, lambda n: np.exp(-1 - 1 / (2 * n)), lambda n: (1 - 1 / n) ** (n - 1)],
    "ex05-1": [lambda v: Value(math.sin(v.data), parents=(v,), local_grads=(-math.cos(v.data),)),
               lambda v: Value(math.sin(v.data), parents=(v,), local_grads=(math.sin(v.data),)),
               lambda v: Value(math.sin(v.data))],
    "ex05-2": [lambda p, x, y: np.array([np.mean(2 * (p[0] * x**2 + p[1] * x + p[2] - y) * x**2),
                                         np.mean(2 * (p[0] * x**2 + p[1] * x + p[2] - y)) * np.mean(x),
                                         np.mean(2 * (p[0] * x**2 + p[1] * x + p[2] - y))]),
               lambda p, x, y: solution_of("ex05-2").reference(p, x, y) / 2],
    "ex05-3": [lambda w, b, x, y: [2 * (np.tanh(w * x + b) - y) * x, 2 * (np.tanh(w * x + b) - y)],
               lambda w, b, x, y: -solution_of("ex05-3").reference(w, b, x, y)],
    "ex06-1": [lambda a, x0, s: solution_of("ex06-1").reference(a, x0, s)[-1],
               lambda a, x0, s: solution_of("ex06-1").reference(a, x0, s)[1:]],
    "ex06-2": [lambda e: np.diff(np.asarray(e))[1:] / np.diff(np.asarray(e))[:-1],
               lambda e: 1 / solution_of("ex06-2").reference(e)],
    "ex06-3": [_backtrack(lambda tq, t: 0.5 * t), _backtrack(lambda tq, t: min(tq, 0.5 * t)),
               _backtrack(lambda tq, t: max(tq, 0.1 * t))],
    "ex07-1": [lambda L, mu: [4 / (np.sqrt(L) + np.sqrt(mu)) ** 2, *[(np.sqrt(L) - np.sqrt(mu)) / (np.sqrt(L) + np.sqrt(mu))] * 2],
               lambda L, mu: [2 / (L + mu), ((np.sqrt(L) - np.sqrt(mu)) / (np.sqrt(L) + np.sqrt(mu))) ** 2,
                              (np.sqrt(L) - np.sqrt(mu)) / (np.sqrt(L) + np.sqrt(mu))]],
    "ex07-2": [_adam(eps_inside=True), _adam(correct=False)],
    "ex07-3": [lambda betas: np.floor(np.log(0.01) / np.log(betas)), lambda betas: np.round(np.log(0.01) / np.log(betas))],
    "ex07-6": [_adam(), _amsgrad_corrected_max],
    "ex03-7": [_ex03_7(shift=1), _ex03_7(constant_step=True)],
    "ex05-7": [_epoch05(no_zeroing=True), _epoch05(factor=2.0), _epoch05(divide_by_batch_size=True)],
    "ex06-6": [lambda g, H, lam: np.linalg.solve(H + lam * np.eye(len(g)), -g),
               lambda g, H, lam: np.linalg.solve(modified_hessian(H) + lam * np.eye(len(g)), -g)],
}


@pytest.mark.parametrize("label", all_labels())
def test_reference_earns_full_marks(label):
    assert points(label, solution_of(label).reference) == lookup(label).points


@pytest.mark.parametrize("label", all_labels())
def test_constant_and_hard_coded_answers_lose_points(label):
    best = lookup(label).points
    assert points(label, constant(label)) <= best / 3, "a constant earns too much"
    assert points(label, hard_coded(label)) <= best / 3, "the public answers, hard-coded, earn too much"


@pytest.mark.parametrize("label", all_labels())
def test_near_misses_lose_points(label):
    assert NEAR_MISSES.get(label), f"{label}: no near-miss audited"
    for i, answer in enumerate(NEAR_MISSES[label]):
        assert points(label, answer) < lookup(label).points, f"{label}: near-miss {i} earns full marks"


def test_every_exercise_has_hidden_cases_unlike_its_public_ones():
    for label in all_labels():
        ex, hidden = lookup(label), solution_of(label).hidden
        assert len(hidden) >= 3, label
        public = {repr(c.args) for c in ex.cases}
        assert not any(repr(c.args) in public for c in hidden), f"{label}: a hidden case is a public one"
