"""The reference solutions under their chapter module's name, in the instructor edition only.

``gdcourse.exercises.ch02.best_constant_step`` was where the reference solutions lived; they
now live in :mod:`gdcourse.exercises.reference` (left out of the student edition). A chapter
module forwards unknown names there, so instructor code and tests that use the old names keep
working; in the student edition the same name says that solutions are not part of it.
"""
from __future__ import annotations

import importlib
from typing import Any, Callable


def instructor_names(module: str) -> Callable[[str], Any]:
    """A module ``__getattr__`` that finds ``name`` in the reference module of the same chapter."""
    chapter = module.rsplit(".", 1)[1]

    def __getattr__(name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        try:
            reference = importlib.import_module(f"gdcourse.exercises.reference.{chapter}")
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith("gdcourse.exercises.reference"):
                raise AttributeError(f"{module} has no {name!r}: reference solutions are not part of the "
                                     "student edition.") from None
            raise
        try:
            return getattr(reference, name)
        except AttributeError:
            raise AttributeError(f"module {module!r} has no attribute {name!r}") from None

    return __getattr__
