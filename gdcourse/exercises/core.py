"""The machinery behind ``check``, ``hint`` and ``solution``.

An :class:`Exercise` holds a reference solution and the test cases a student's
answer is compared on. :func:`check` runs the student's answer on every case,
inside a time limit, and turns whatever happens (a right or wrong value, NaN, a
wrong shape, an exception, an endless loop, the untouched placeholder) into a
:class:`CheckResult`: plain-language feedback and points, one per case. No
exception from the student's code escapes ``check``.
"""
from __future__ import annotations

import importlib
import inspect
import re
import signal
import sysconfig
import textwrap
import threading
import traceback
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np

_PACKAGE_DIR = str(Path(__file__).resolve().parents[1])
_LIBRARY_DIRS = tuple({sysconfig.get_paths()[k] for k in ("stdlib", "platstdlib", "purelib", "platlib")})
_LABEL = re.compile(r"^ex(\d\d)-\d+$")


@dataclass(frozen=True)
class Case:
    """One input on which a function answer is tested.

    Parameters
    ----------
    args : tuple
        Positional arguments passed to the student's function (copied for each call).
    note : str
        How the case is described in feedback, e.g. ``"w0=1, lr=0.01"``.
    """

    args: tuple = ()
    note: str = ""


@dataclass(frozen=True)
class Exercise:
    """An auto-checked exercise.

    Parameters
    ----------
    label : str
        Stable label ``exNN-K`` (chapter NN, exercise K); the same label the book uses.
    title : str
        Short title shown in feedback.
    reference : callable
        The reference solution: called with each case's arguments (a function
        exercise) or with none (a value exercise) to get the expected answer.
    cases : tuple of Case
        Test inputs for a function exercise; empty for a value exercise.
    hints : tuple of str
        Hints, from gentle to nearly the answer.
    explanation : str
        The worked solution in words, shown by :func:`solution`.
    rtol, atol : float
        Tolerances of the comparison (``numpy.allclose``).
    timeout : float
        Seconds allowed for each call of the student's function.
    prepare : callable, optional
        Applied to the student's answer before comparing (e.g. ``numpy.sort`` for a set).
    """

    label: str
    title: str
    reference: Callable[..., Any]
    cases: tuple[Case, ...] = ()
    hints: tuple[str, ...] = ()
    explanation: str = ""
    rtol: float = 1e-6
    atol: float = 1e-9
    timeout: float = 2.0
    prepare: Callable[[Any], Any] | None = None

    @property
    def kind(self) -> str:
        """``"function"`` when the answer is a function tested on cases, else ``"value"``."""
        return "function" if self.cases else "value"

    @property
    def max_points(self) -> int:
        """One point per case (one for a value exercise)."""
        return max(1, len(self.cases))


@dataclass(frozen=True)
class CheckResult:
    """The outcome of :func:`check`: status, points and feedback lines.

    ``status`` is one of ``"correct"``, ``"partly correct"``, ``"incorrect"`` and
    ``"not attempted"``. Its text form (shown when a notebook cell ends with the
    call) starts with ``[label] title: status, points/max_points points``.
    """

    label: str
    title: str
    status: str
    points: int
    max_points: int
    messages: tuple[str, ...] = field(default=())

    def __repr__(self) -> str:
        unit = "point" if self.max_points == 1 else "points"
        head = f"[{self.label}] {self.title}: {self.status}, {self.points}/{self.max_points} {unit}"
        return "\n".join([head, *("  " + m for m in self.messages)])

    __str__ = __repr__


class _TimedOut(BaseException):
    """Raised inside the student's code when its time is up (a BaseException so `except Exception` cannot swallow it)."""


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


def _where(tb: Any) -> str:
    """Describe the innermost frame of the traceback that belongs to the student's code."""
    spot = None
    for frame, lineno in traceback.walk_tb(tb):
        name = frame.f_code.co_filename
        if name.startswith(_PACKAGE_DIR) or name.startswith(_LIBRARY_DIRS):
            continue
        spot = (frame.f_code.co_name, lineno)
    if spot is None:
        return ""
    func, lineno = spot
    return f" (line {lineno} of `{func}`)" if func != "<module>" else f" (line {lineno})"


def _call(func: Callable[..., Any], args: tuple, seconds: float) -> Any:
    """Call ``func(*args)`` and raise _TimedOut if it runs longer than ``seconds``."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
            def on_alarm(signum: int, frame: Any) -> None:
                raise _TimedOut()
            previous = signal.signal(signal.SIGALRM, on_alarm)
            signal.setitimer(signal.ITIMER_REAL, seconds)
            try:
                return func(*args)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)
        # No SIGALRM here (Windows, or not the main thread): run in a helper thread and stop waiting.
        box: dict[str, Any] = {}

        def run() -> None:
            try:
                box["value"] = func(*args)
            except BaseException as exc:  # handed back to the caller below
                box["error"] = exc
        worker = threading.Thread(target=run, daemon=True)
        worker.start()
        worker.join(seconds)
        if worker.is_alive():
            raise _TimedOut()
        if "error" in box:
            raise box["error"]
        return box["value"]


def _show(value: Any) -> str:
    arr = np.asarray(value, dtype=float)
    if arr.ndim == 0:
        return f"{float(arr):.10g}"
    return np.array2string(arr, precision=8, separator=", ")


def _compare(got: Any, expected: Any, ex: Exercise) -> str | None:
    """Return None when ``got`` matches ``expected``, else what is wrong, in words.

    A word answer (the reference returns a string) matches regardless of case and surrounding
    spaces; anything else is compared as numbers with the exercise's tolerances.
    """
    if isinstance(expected, str):
        if not isinstance(got, str):
            return f"got {type(got).__name__} {got!r:.60}, expected a word (a string such as {expected!r})"
        if got.strip().lower() != expected.strip().lower():
            return f"got {got.strip()!r}, expected {expected!r}"
        return None
    if isinstance(got, (str, bytes)) or callable(got):
        return f"got {type(got).__name__} {got!r:.60}, expected a number or an array of numbers"
    try:
        g = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return f"got {type(got).__name__} {got!r:.60}, which is not a number or an array of numbers"
    e = np.asarray(expected, dtype=float)
    if g.size == e.size == 1 and g.shape != e.shape:
        g = g.reshape(e.shape)  # 2.0, [2.0] and np.array(2.0) all answer a scalar question
    if g.shape != e.shape:
        return f"got an answer of shape {g.shape}, expected shape {e.shape}"
    if not np.all(np.isfinite(g)):
        return f"got {_show(g)}, which contains NaN or infinity: look for a division by zero or a run that diverged"
    if not np.allclose(g, e, rtol=ex.rtol, atol=ex.atol):
        return f"got {_show(g)}, expected {_show(e)}"
    return None


def _prepare(ex: Exercise, answer: Any) -> Any:
    """Apply the exercise's ``prepare`` step; an answer it cannot handle is passed on as it is."""
    if ex.prepare is None:
        return answer
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            return ex.prepare(answer)
    except Exception:
        return answer


def _result(ex: Exercise, points: int, messages: list[str], attempted: bool = True) -> CheckResult:
    if not attempted:
        status = "not attempted"
    elif points == ex.max_points:
        status = "correct"
    elif points > 0:
        status = "partly correct"
    else:
        status = "incorrect"
    return CheckResult(ex.label, ex.title, status, points, ex.max_points, tuple(messages))


def _copy(args: tuple) -> tuple:
    return tuple(a.copy() if isinstance(a, np.ndarray) else a for a in args)


def check(label: str, answer: Any) -> CheckResult:
    """Check a student's answer to an exercise and give feedback with partial credit.

    Parameters
    ----------
    label : str
        The exercise label, e.g. ``"ex01-2"``.
    answer : object
        The student's function. A value exercise also takes the value itself, or a
        function of no arguments that returns it. ``None``, ``...`` or a function
        that raises ``NotImplementedError`` counts as not attempted yet.

    Returns
    -------
    CheckResult
        Status, points and feedback; its text form is shown under the cell.
    """
    ex = lookup(label)
    if answer is None or answer is Ellipsis:
        return _result(ex, 0, ["not attempted yet: replace the placeholder with your answer and run the cell again"],
                       attempted=False)
    if ex.kind == "value" and not callable(answer):
        problem = _compare(_prepare(ex, answer), ex.reference(), ex)
        return _result(ex, 0 if problem else 1, [f"✗ {problem}" if problem else "✓ right"])
    if not callable(answer):
        return _result(ex, 0, [f"this exercise asks for a function, got {type(answer).__name__}: "
                               "pass the function's name without calling it"])
    points, messages = 0, []
    for i, case in enumerate(ex.cases or (Case(),), 1):
        name = "your answer" if ex.kind == "value" else f"case {i}" + (f" ({case.note})" if case.note else "")
        expected = ex.reference(*_copy(case.args))
        try:
            got = _call(answer, _copy(case.args), ex.timeout)
        except NotImplementedError:
            return _result(ex, 0, ["not attempted yet: your function still raises NotImplementedError; "
                                   "replace that line with your code"], attempted=False)
        except _TimedOut:
            messages.append(f"✗ {name}: still running after {ex.timeout:g} s, so it was stopped. Look for a loop "
                            "whose stopping condition is never met; the remaining cases were skipped")
            break
        except Exception as exc:  # the student's code failed: report it, never re-raise
            messages.append(f"✗ {name}: your code raised {type(exc).__name__}: {exc}{_where(exc.__traceback__)}")
            continue
        problem = _compare(_prepare(ex, got), expected, ex)
        if problem:
            messages.append(f"✗ {name}: {problem}")
        else:
            points += 1
            messages.append(f"✓ {name}")
    return _result(ex, points, messages)


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
    """Print the worked solution of an exercise and the reference code."""
    ex = lookup(label)
    print(f"[{label}] {ex.title}")
    if ex.explanation:
        print(textwrap.fill(ex.explanation, 100))
    try:
        print("\n" + textwrap.dedent(inspect.getsource(ex.reference)))
    except (OSError, TypeError):
        pass
