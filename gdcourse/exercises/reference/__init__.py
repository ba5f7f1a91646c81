"""The instructor half of the exercises: reference solutions, hidden cases, worked solutions, scoring.

This package is left out of the student edition (``gdcourse student``): what a student
installs holds no reference code, no hidden case and no expected output of a hidden case.

- :func:`expected` computes the reference outputs of cases, in this process.
- :func:`score_outcomes` turns a submission's raw outputs (plain data) into points: the points
  come from the hidden cases only (the public ones are for feedback), as
  ``points × passed / hidden cases``, rounded to 2 decimals.
- :func:`score` does all of that inside a notebook: it is what nbgrader's hidden test cells call.
- ``python -m gdcourse.exercises.reference --write-public`` regenerates the public expected
  outputs stored with the package (``public_expected.json``).
"""
from __future__ import annotations

import importlib
import inspect
import json
import textwrap
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable

import numpy as np

from ..core import _EXPECTED_FILE, Case, Exercise, all_labels, lookup, public_expected, show
from ..feedback import judge, status_of


@dataclass(frozen=True)
class Solution:
    """The instructor half of an exercise: the reference function, hidden cases and the worked solution."""

    reference: Callable[..., Any]
    hidden: tuple[Case, ...]
    explanation: str = ""


@dataclass(frozen=True)
class Score:
    """A graded exercise: points out of ``max_points``, a status, and feedback lines (no expected value)."""

    label: str
    points: float
    max_points: float
    status: str
    feedback: tuple[str, ...] = field(default=())


def solution_of(label: str) -> Solution:
    """The :class:`Solution` of an exercise."""
    lookup(label)
    module = importlib.import_module(f"{__name__}.ch{label[2:4]}")
    return module.SOLUTIONS[label]


def all_cases(label: str) -> list[Case]:
    """Public cases first, then hidden ones."""
    return [*lookup(label).cases, *solution_of(label).hidden]


def _reference_output(ex: Exercise, reference: Callable[..., Any], data: tuple) -> Any:
    args, context = ex.build(data)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return ex.data_of(reference(*args), context)


@lru_cache(maxsize=None)
def _expected_json(label: str) -> str:
    ex, sol = lookup(label), solution_of(label)
    return json.dumps([_reference_output(ex, sol.reference, c.args) for c in all_cases(label)])


def expected(label: str) -> list[Any]:
    """The reference outputs (plain data) of every case of ``label``, public then hidden."""
    return json.loads(_expected_json(label))


def _case_name(ex: Exercise, i: int) -> str:
    n = len(ex.cases)
    return f"public case {i + 1}" if i < n else f"hidden case {i - n + 1}"


def score_outcomes(label: str, outcomes: list[dict[str, Any]] | None, *, note: str = "") -> Score:
    """Score raw outcomes (one per case, public then hidden, as ``run_cases`` returns them).

    ``None`` means no answer was found (the function is missing). Only well-formed outcomes
    score; anything else counts as a failed case.
    """
    ex, hidden = lookup(label), solution_of(label).hidden
    cases = all_cases(label)
    if outcomes is None or not isinstance(outcomes, list) or len(outcomes) != len(cases):
        why = note or (f"no function {ex.name} was found" if outcomes is None else "the outputs could not be read")
        return Score(label, 0.0, float(ex.points), "not attempted" if outcomes is None else "incorrect", (why,))
    reference = expected(label)
    lines, passed, public = [], 0, 0
    for i, (outcome, want) in enumerate(zip(outcomes, reference)):
        problem = judge(ex, outcome if isinstance(outcome, dict) else {}, want, hidden=i >= len(ex.cases))
        if problem is None:
            passed += i >= len(ex.cases)
            public += i < len(ex.cases)
        else:
            lines.append(f"✗ {_case_name(ex, i)}: {problem}")
    attempted = not all(isinstance(o, dict) and o.get("todo") for o in outcomes)
    points = round(ex.points * passed / len(hidden), 2)
    status = status_of(passed, len(hidden), attempted)
    head = f"{passed}/{len(hidden)} hidden cases pass ({public}/{len(ex.cases)} public)"
    return Score(label, points, float(ex.points), status, (head, *lines))


def score(label: str, answer: Any) -> float:
    """Grade ``answer`` on the public and hidden cases in this kernel; print the feedback, return the points.

    This is the hidden test of an nbgrader "autograder tests" cell: nbgrader takes the number
    this returns as the cell's partial credit. It trusts the kernel it runs in, as nbgrader does;
    ``gdcourse grade`` does not (it runs the notebook apart and scores here, in its own process).
    """
    from ..isolate import run_cases
    ex = lookup(label)
    if answer is None or answer is Ellipsis:
        result = score_outcomes(label, None)
    elif not callable(answer):
        result = score_outcomes(label, None, note=f"{ex.name} is not a function")
    else:
        result = score_outcomes(label, run_cases(answer, ex, [c.args for c in all_cases(label)], keep_going=True))
    print(f"[{label}] {ex.title}: {result.status}, {result.points:g}/{result.max_points:g} points, "
          f"{result.feedback[0]}")
    for line in result.feedback[1:]:
        print("  " + line)
    return result.points


def solution_text(label: str) -> str:
    """The worked solution and the reference code, as text."""
    ex, sol = lookup(label), solution_of(label)
    parts = [f"[{label}] {ex.title}"]
    if sol.explanation:
        parts.append(textwrap.fill(sol.explanation, 100))
    try:
        parts.append("\n" + textwrap.dedent(inspect.getsource(sol.reference)))
    except (OSError, TypeError):
        pass
    return "\n".join(parts)


def public_table() -> dict[str, list[Any]]:
    """The expected outputs of every public case, as stored in ``public_expected.json``."""
    return {label: expected(label)[:len(lookup(label).cases)] for label in all_labels()}


def write_public_expected() -> None:
    """Regenerate ``public_expected.json`` from the reference solutions."""
    table = public_table()
    lines = [f" {json.dumps(label)}: {json.dumps(table[label])}" for label in sorted(table)]
    _EXPECTED_FILE.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """``python -m gdcourse.exercises.reference --write-public``: regenerate the stored public outputs."""
    import argparse
    parser = argparse.ArgumentParser(prog="python -m gdcourse.exercises.reference", description=main.__doc__)
    parser.add_argument("--write-public", action="store_true", help="rewrite public_expected.json")
    args = parser.parse_args(argv)
    if args.write_public:
        write_public_expected()
        print(f"wrote {_EXPECTED_FILE}")
    stale = [label for label, table in public_table().items() if not _close(label, _safe_public(label), table)]
    for label in stale:
        print(f"{label}: the stored public outputs differ from the reference's")
    return 1 if stale else 0


def _close(label: str, stored: Any, computed: list[Any]) -> bool:
    """Whether stored public outputs agree with the reference's (to a tenth of the check's tolerance)."""
    ex = lookup(label)
    if stored is None or len(stored) != len(computed):
        return False
    if ex.words:
        return stored == computed
    return all(np.shape(a) == np.shape(b) and np.allclose(a, b, rtol=ex.rtol / 10, atol=ex.atol / 10)
               for a, b in zip(stored, computed))


def _safe_public(label: str) -> Any:
    try:
        return public_expected(label)
    except (ValueError, OSError):
        return None


__all__ = ["Score", "Solution", "all_cases", "expected", "score", "score_outcomes", "show", "solution_of",
           "solution_text", "write_public_expected"]
