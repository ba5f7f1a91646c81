"""Exercises with automatic feedback: ``check``, ``hint`` and ``solution``.

Each chapter's auto-checked exercises live in a module ``chNN`` of this package, as a dict
``EXERCISES`` from label (``"exNN-K"``) to :class:`Exercise`: the public half (cases, hints,
tolerances). The reference solutions, hidden cases and worked solutions live in
:mod:`gdcourse.exercises.reference`, which the student edition leaves out.
"""
from .core import Case, Exercise, lookup
from .feedback import CheckResult, check, hint, solution

__all__ = ["Case", "CheckResult", "Exercise", "check", "hint", "lookup", "solution"]
