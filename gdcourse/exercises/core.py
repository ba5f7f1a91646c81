"""What an auto-checked exercise is, and how an answer is compared with the expected one.

An :class:`Exercise` is the public half of an exercise: its label, the function the student
writes, the public test cases (inputs as plain data), hints, tolerances, and two small steps:
``build`` turns a case's data into the arguments of the student's function, ``observe`` turns
what the function returned into plain data (numbers, lists of numbers, or a word). Everything
is compared as that plain data, by :func:`compare`, in the student's notebook (``check``) and in
the grader alike. The reference solutions and the hidden cases are not here: they belong to the
instructor edition (``gdcourse.exercises.reference``).

Feedback never shows an expected value: it says what is wrong with the student's output (its
shape, NaN, a wrong word, or which entries are too large or too small and roughly by how much).
"""
from __future__ import annotations

import importlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np

_LABEL = re.compile(r"^ex(\d\d)-\d+$")
_MAX_NUMBERS = 100_000
_EXPECTED_FILE = Path(__file__).with_name("public_expected.json")


class AnswerError(Exception):
    """The student's output cannot be read as an answer; the message says why, in plain words."""


@dataclass(frozen=True)
class Case:
    """One input on which an answer is tested.

    Parameters
    ----------
    args : tuple
        The case as plain data (numbers, strings, lists): the exercise's ``build`` step turns it
        into the arguments of the student's function, so a case can be sent to another process.
    note : str
        How the case is described in feedback, e.g. ``"w0=1, lr=0.01"``.
    """

    args: tuple = ()
    note: str = ""


def float_arrays(args: tuple) -> tuple[tuple, Any]:
    """The default ``build`` step: every list becomes a float array, every other item stays."""
    return tuple(np.array(a, dtype=float) if isinstance(a, list) else a for a in args), None


@dataclass(frozen=True)
class Exercise:
    """The public half of an auto-checked exercise.

    Parameters
    ----------
    label : str
        Stable label ``exNN-K`` (chapter NN, exercise K); the same label the book uses.
    title : str
        Short title shown in feedback.
    signature : str
        The function the student writes, e.g. ``"gd_until(x, y, w0, lr, tol, max_epochs)"``.
    cases : tuple of Case
        The public cases (the grader adds hidden ones).
    points : float
        What the exercise is worth when graded.
    hints : tuple of str
        Hints, from gentle to nearly the answer.
    build : callable
        ``build(case.args) -> (arguments, context)``; by default lists become float arrays.
    observe : callable, optional
        ``observe(output, context) -> data``: what the student's output is, as plain data.
        By default numbers (see :func:`numbers`), or a word when ``words`` is given.
    words : tuple of str
        For an answer that is a word: the words an answer may be.
    unordered : bool
        Compare the answer as a set of numbers (sorted before comparing).
    rtol, atol : float
        Tolerances of the comparison (``numpy.allclose``).
    timeout : float
        Seconds allowed for the student's function on one case.
    """

    label: str
    title: str
    signature: str
    cases: tuple[Case, ...]
    points: float
    hints: tuple[str, ...] = ()
    build: Callable[[tuple], tuple[tuple, Any]] = float_arrays
    observe: Callable[[Any, Any], Any] | None = None
    words: tuple[str, ...] = ()
    unordered: bool = False
    rtol: float = 1e-6
    atol: float = 1e-9
    timeout: float = 2.0

    @property
    def reference(self) -> Callable[..., Any]:
        """Return the reference solution, which only the instructor edition has."""
        try:
            from .reference import solution_of
        except ModuleNotFoundError:
            raise AttributeError("reference solutions are not part of the student edition of gdcourse.") from None
        return solution_of(self.label).reference

    @property
    def name(self) -> str:
        """The name of the function the student writes."""
        return self.signature.split("(")[0]

    def data_of(self, output: Any, context: Any = None) -> Any:
        """The student's output as plain data; raises :class:`AnswerError` when it is no answer."""
        if self.observe is not None:
            output = self.observe(output, context)
        if self.words:
            return word(output)
        data = numbers(output)
        if self.unordered:
            data = sorted(np.ravel(data).tolist()) if np.ndim(data) else [data]
        return data


def _kind(value: Any) -> str:
    name = type(value).__name__
    return "None" if value is None else f"a {name}"


def word(value: Any) -> str:
    """``value`` as a word answer (a string); raises :class:`AnswerError` otherwise."""
    if not isinstance(value, str):
        raise AnswerError(f"returned {_kind(value)}, not a word (a string such as 'minimum')")
    return value.strip().lower()[:200]


def numbers(value: Any) -> Any:
    """``value`` as plain numbers (a float or nested lists of floats); raises :class:`AnswerError` otherwise."""
    if value is None or isinstance(value, (str, bytes, dict, set)) or callable(value):
        raise AnswerError(f"returned {_kind(value)}, not a number or an array of numbers")
    try:
        arr = np.asarray(value, dtype=float)
    except Exception as exc:  # noqa: BLE001 - any failure of the student's object is feedback
        raise AnswerError(f"returned {_kind(value)} that cannot be read as numbers "
                          f"({type(exc).__name__} when converting it)") from None
    if arr.size > _MAX_NUMBERS:
        raise AnswerError(f"returned {arr.size} numbers, far more than this exercise asks for")
    return arr.tolist()


def _ratio_words(got: float, expected: float) -> str:
    """How far ``got`` is from ``expected``, in rough words that do not give ``expected`` away."""
    direction = "too large" if got > expected else "too small"
    if expected == 0 or got == 0:
        return direction
    if (got > 0) != (expected > 0):
        return "of the wrong sign"
    q = max(got / expected, expected / got)
    for bound, words in ((1.01, "by less than 1 %"), (1.1, "by 1-10 %"), (1.5, "by 10-50 %"),
                         (3, "by a factor 1.5-3"), (10, "by a factor 3-10")):
        if q < bound:
            return f"{direction} {words}"
    return f"{direction} by more than a factor 10"


def show(data: Any, limit: int = 120) -> str:
    """A short text form of plain data (a student's output) for feedback."""
    if isinstance(data, str):
        return repr(data)
    arr = np.asarray(data, dtype=float)
    text = f"{float(arr):.10g}" if arr.ndim == 0 else np.array2string(arr, precision=6, separator=", ", threshold=20)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


def compare(got: Any, expected: Any, ex: Exercise, *, hidden: bool = False) -> str | None:
    """None when the plain data ``got`` matches ``expected``, else what is wrong with ``got``, in words.

    The text never contains the expected value: for numbers it names the entries that are off
    and says whether each is too large or too small, and roughly by how much. For a ``hidden``
    case it says only which entries are off, nothing about the reference output.
    """
    if ex.words:
        if got == expected:
            return None
        return f"{show(got)} is not the right word here (the answer is one of {', '.join(map(repr, ex.words))})"
    try:
        g = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return "the output is not a number or an array of numbers"
    e = np.asarray(expected, dtype=float)
    if g.size == e.size == 1 and g.shape != e.shape:
        g = g.reshape(e.shape)  # 2.0, [2.0] and np.array(2.0) all answer a scalar question
    if g.shape != e.shape:
        return f"your output has shape {g.shape}, but shape {e.shape} is expected"
    if not np.all(np.isfinite(g)):
        return "your output contains NaN or infinity: look for a division by zero or a run that diverged"
    close = np.isclose(g, e, rtol=ex.rtol, atol=ex.atol)
    if np.all(close):
        return None
    if g.ndim == 0:
        return f"your output {show(g)} is " + ("not right" if hidden else _ratio_words(float(g), float(e)))
    wrong = np.argwhere(~close)
    first = tuple(int(i) for i in wrong[0])
    where = "[" + ", ".join(map(str, first)) + "]"
    head = f"{len(wrong)} of {g.size} entries are off" if len(wrong) > 1 else "one entry is off"
    how = "is not right" if hidden else f"is {_ratio_words(float(g[first]), float(e[first]))}"
    return f"{head}: entry {where} {how} (your output: {show(g)})"


def lookup(label: str) -> Exercise:
    """Return the exercise with this label, e.g. ``lookup("ex01-2")``."""
    if not isinstance(label, str):
        raise TypeError(f"the exercise label must be a string such as 'ex01-2', got {type(label).__name__}.")
    m = _LABEL.match(label)
    bank = None
    if m:
        try:
            bank = importlib.import_module(f"gdcourse.exercises.ch{m.group(1)}").EXERCISES
        except ModuleNotFoundError:
            bank = None
    if not bank or label not in bank:
        known = ", ".join(sorted(bank)) if bank else "none for that chapter"
        raise ValueError(f"there is no auto-checked exercise {label!r}. Labels look like 'ex01-2'; "
                         f"known in that chapter: {known}.")
    return bank[label]


def all_labels() -> list[str]:
    """Every auto-checked exercise's label, chapter by chapter."""
    labels = []
    for chapter in range(1, 100):
        try:
            labels += list(importlib.import_module(f"gdcourse.exercises.ch{chapter:02d}").EXERCISES)
        except ModuleNotFoundError:
            break
    return labels


def public_expected(label: str) -> list[Any]:
    """The expected outputs of an exercise's public cases (plain data, stored with the package)."""
    with _EXPECTED_FILE.open(encoding="utf-8") as f:
        table = json.load(f)
    if label not in table:
        raise ValueError(f"no stored expected outputs for {label!r}: regenerate {_EXPECTED_FILE.name} "
                         "with `python -m gdcourse.exercises.reference --write-public`.")
    return table[label]

