"""``check``, ``hint`` and ``solution``: what a student calls in the notebook.

:func:`check` runs the student's function on the exercise's public cases, each in a copy of
the kernel under a time limit (:mod:`gdcourse.exercises.isolate`), and compares the outputs
with the stored expected ones. Its feedback names the case, shows the student's output and
says what is wrong with it, never the expected value. The grade itself comes later, from the
instructor's grader, on hidden cases like the public ones.
"""
from __future__ import annotations

import importlib
import textwrap
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .core import Exercise, compare, lookup, public_expected
from .isolate import run_cases

STATUSES = ("correct", "partly correct", "incorrect", "not attempted")


@dataclass(frozen=True)
class CheckResult:
    """The outcome of :func:`check`: a status, how many public cases pass, and feedback lines.

    ``status`` is one of ``"correct"``, ``"partly correct"``, ``"incorrect"`` and ``"not
    attempted"``. Its text form (shown when a notebook cell ends with the call) starts with
    ``[label] title: status, passed/total public cases``.
    """

    label: str
    title: str
    status: str
    passed: int
    total: int
    messages: tuple[str, ...] = field(default=())

    @property
    def points(self) -> int:
        """The number of public cases passed (the name older code used)."""
        return self.passed

    @property
    def max_points(self) -> int:
        """The number of public cases."""
        return self.total

    def __repr__(self) -> str:
        head = f"[{self.label}] {self.title}: {self.status}, {self.passed}/{self.total} public cases"
        return "\n".join([head, *("  " + m for m in self.messages)])

    __str__ = __repr__


def status_of(passed: int, total: int, attempted: bool) -> str:
    """The status word for ``passed`` of ``total`` cases."""
    if not attempted:
        return "not attempted"
    return "correct" if passed == total else "partly correct" if passed else "incorrect"


def judge(ex: Exercise, outcome: dict[str, Any], expected: Any, *, hidden: bool = False) -> str | None:
    """None when a case's outcome is right, else what is wrong (never the expected value; for a
    ``hidden`` case nothing about it at all)."""
    if "value" not in outcome:
        if outcome.get("todo"):
            return "your function still raises NotImplementedError"
        return str(outcome.get("error", "no output"))[:400]
    problem = compare(outcome["value"], expected, ex, hidden=hidden)
    return problem if problem is None or hidden else problem + _small_gap(outcome["value"], expected, ex)


def _small_gap(got: Any, expected: Any, ex: Exercise) -> str:
    """For an output off by less than 1 % (which looks right when printed), its largest relative difference."""
    try:
        g, e = np.asarray(got, dtype=float), np.asarray(expected, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            gap = np.abs(g - e) / np.abs(e)
        gap = np.max(gap[~np.isclose(g, e, rtol=ex.rtol, atol=ex.atol) & (e != 0)], initial=0.0)
    except (TypeError, ValueError):
        return ""
    return f"; largest relative difference {gap:.1e}, allowed {ex.rtol:g}" if 0 < gap < 0.01 else ""


def _case_name(ex: Exercise, i: int) -> str:
    note = ex.cases[i].note
    return f"case {i + 1}" + (f" ({note})" if note else "")


def check(label: str, answer: Any) -> CheckResult:
    """Check a student's function on the exercise's public cases and give feedback.

    Parameters
    ----------
    label : str
        The exercise label, e.g. ``"ex01-2"``.
    answer : callable
        The student's function. ``None``, ``...`` or a function that raises
        ``NotImplementedError`` counts as not attempted yet.

    Returns
    -------
    CheckResult
        Status, public cases passed, and feedback; its text form is shown under the cell.
    """
    ex = lookup(label)
    n = len(ex.cases)
    if answer is None or answer is Ellipsis:
        return CheckResult(label, ex.title, "not attempted", 0, n,
                           ("not attempted yet: replace the placeholder with your answer and run the cell again",))
    if not callable(answer):
        return CheckResult(label, ex.title, "incorrect", 0, n,
                           (f"this exercise asks for a function, {ex.signature}; got {type(answer).__name__}. "
                            "Pass the function's name without calling it.",))
    outcomes = run_cases(answer, ex, [c.args for c in ex.cases])
    if all(o.get("todo") for o in outcomes):
        return CheckResult(label, ex.title, "not attempted", 0, n,
                           ("not attempted yet: your function still raises NotImplementedError; "
                            "replace that line with your code",))
    messages, passed = [], 0
    for i, (outcome, expected) in enumerate(zip(outcomes, public_expected(label))):
        problem = judge(ex, outcome, expected)
        if problem is None:
            passed += 1
            messages.append(f"✓ {_case_name(ex, i)}")
        else:
            messages.append(f"✗ {_case_name(ex, i)}: {problem}")
        if outcome.get("printed"):
            printed = textwrap.shorten(" ".join(outcome["printed"].split()), 200)
            messages.append(f"    (it printed: {printed})")
    return CheckResult(label, ex.title, status_of(passed, n, True), passed, n, tuple(messages))


def hint(label: str, level: int = 1) -> None:
    """Print the exercise's hints up to ``level`` (1 = the gentlest)."""
    ex = lookup(label)
    if isinstance(level, bool) or not isinstance(level, int) or level < 1:
        raise ValueError(f"level must be a whole number >= 1, got {level!r}.")
    if not ex.hints:
        print(f"[{label}] has no hints.")
        return
    for i, text in enumerate(ex.hints[:level], 1):
        print(f"[{label}] hint {i}/{len(ex.hints)}: {text}")


def solution(label: str) -> None:
    """Print the worked solution and the reference code (instructor edition only)."""
    ex = lookup(label)
    try:
        reference = importlib.import_module("gdcourse.exercises.reference")
    except ModuleNotFoundError as exc:
        if exc.name not in ("gdcourse.exercises.reference", "gdcourse.exercises"):
            raise
        print(f"[{label}] {ex.title}: solutions are not part of the student edition of gdcourse. "
              f"Try hint({label!r}), or ask your instructor.")
        return
    print(reference.solution_text(label))


__all__ = ["CheckResult", "check", "hint", "solution"]
