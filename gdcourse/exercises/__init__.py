"""Exercises with automatic feedback: ``check``, ``hint`` and ``solution``.

Each chapter's auto-checked exercises live in a module ``chNN`` of this package,
as a dict ``EXERCISES`` from label (``"exNN-K"``) to :class:`Exercise`.
"""
from .core import Case, CheckResult, Exercise, check, hint, lookup, solution

__all__ = ["Case", "CheckResult", "Exercise", "check", "hint", "lookup", "solution"]
