"""Run a student's function on test cases in a child process, under a time limit enforced from outside.

:func:`run_cases` forks the current process (a copy of the notebook's kernel, with every
name the student defined), runs the function on each case in the copy and reads back, through
a pipe, one line of JSON per case: the output as plain data, or what went wrong. When a case
runs too long the copy is killed (``SIGKILL``: no ``try``/``except`` in the student's code can
swallow it). Nothing the function does (printing, raising, looping, ending the process,
returning an object whose ``__float__`` raises) can raise inside :func:`run_cases` or leave it
hanging. Where there is no ``fork`` (Windows), the function runs in a thread that is abandoned
when its time is up.
"""
from __future__ import annotations

import gc
import io
import json
import os
import select
import signal
import sys
import threading
import time
import traceback
import warnings
from typing import Any, Callable, Sequence

import numpy as np

from .core import AnswerError, Exercise

_MAX_LINE = 2_000_000      # bytes of JSON per case
_MAX_PRINTED = 4_000       # characters of the student's printed output kept per case
_MAX_TIMEOUTS = 2          # with keep_going, the cases left after this many time-outs are skipped
_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _where(tb: Any) -> str:
    """The innermost line of the student's own code in a traceback (not gdcourse's, not a library's)."""
    spot = None
    for frame, lineno in traceback.walk_tb(tb):
        name = frame.f_code.co_filename
        if name.startswith(_PACKAGE_DIR) or "site-packages" in name or name.startswith(sys.base_prefix):
            continue
        spot = (frame.f_code.co_name, lineno)
    if spot is None:
        return ""
    func, lineno = spot
    return f" (line {lineno} of `{func}`)" if func != "<module>" else f" (line {lineno})"


def describe_exception(exc: BaseException) -> str:
    """``"ValueError: message (line 3 of `f`)"``, safe even when the exception's ``__str__`` raises."""
    try:
        text = str(exc)
    except BaseException:  # noqa: BLE001 - a student's exception class may fail to print
        text = ""
    text = " ".join(text.split())[:300]
    return f"{type(exc).__name__}{': ' + text if text else ''}{_where(exc.__traceback__)}"


def _one_case(func: Callable[..., Any], ex: Exercise, data: tuple) -> dict[str, Any]:
    """Run ``func`` on one case in this process; return the outcome as plain data."""
    try:
        args, context = ex.build(data)
    except Exception as exc:  # noqa: BLE001 - a broken case is reported, never raised
        return {"error": f"the check could not set up this case ({type(exc).__name__}); please report it"}
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            output = func(*args)
            return {"value": ex.data_of(output, context)}
    except NotImplementedError:
        return {"todo": True}
    except AnswerError as exc:
        return {"error": f"your function {exc}"}
    except BaseException as exc:  # noqa: BLE001 - whatever the student's code raised is feedback
        return {"error": f"your code raised {describe_exception(exc)}"}


def _child(write_fd: int, func: Callable[..., Any], ex: Exercise, cases: Sequence[tuple]) -> None:
    """Body of the forked copy: run every case, write one JSON line each, never return."""
    gc.disable()   # no finalizer of the kernel's objects (a widget's comm, a ZMQ socket) may run in the copy
    status = 0
    try:
        printed = io.StringIO()
        sys.stdout = sys.stderr = printed
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        for data in cases:
            outcome = _one_case(func, ex, data)
            text = printed.getvalue()
            if text:
                outcome["printed"] = text[:_MAX_PRINTED]
                printed.seek(0)
                printed.truncate()
            try:
                line = json.dumps(outcome, allow_nan=True)
            except (TypeError, ValueError):
                line = json.dumps({"error": "the check could not record this output"})
            line = line.encode() + b"\n"
            while line:
                line = line[os.write(write_fd, line):]
    except BaseException:  # noqa: BLE001 - the copy must end here, whatever happened
        status = 1
    finally:
        os._exit(status)


def _fork_run(func: Callable[..., Any], ex: Exercise, cases: Sequence[tuple], seconds: float) -> tuple[list, str]:
    """Run ``cases`` in one forked copy. Returns the outcomes read and why it stopped early ('' if not)."""
    read_fd, write_fd = os.pipe()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # "fork in a multi-threaded process"
        pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        _child(write_fd, func, ex, cases)
    os.close(write_fd)
    outcomes: list[dict[str, Any]] = []
    buf, why = b"", ""
    deadline = time.monotonic() + seconds
    try:
        while len(outcomes) < len(cases):
            left = deadline - time.monotonic()
            if left <= 0:
                why = "timeout"
                break
            ready, _, _ = select.select([read_fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(read_fd, 1 << 16)
            if not chunk:
                why = "ended"
                break
            buf += chunk
            while b"\n" in buf and len(outcomes) < len(cases):
                line, buf = buf.split(b"\n", 1)
                try:
                    outcome = json.loads(line)
                except ValueError:
                    outcome = {"error": "the check could not read this output"}
                outcomes.append(outcome if isinstance(outcome, dict) else {"error": "unreadable output"})
                deadline = time.monotonic() + seconds
            if len(buf) > _MAX_LINE:
                why = "flood"
                break
    finally:
        os.close(read_fd)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        _, status = os.waitpid(pid, 0)
    if why == "ended" and os.WIFSIGNALED(status) and os.WTERMSIG(status) != signal.SIGKILL:
        why = f"signal {os.WTERMSIG(status)}"
    elif why == "ended" and os.WIFEXITED(status):
        why = f"exit {os.WEXITSTATUS(status)}"
    return outcomes, why


def _thread_run(func: Callable[..., Any], ex: Exercise, cases: Sequence[tuple], seconds: float) -> tuple[list, str]:
    """Fallback without fork: each case in a thread that is abandoned if it runs too long."""
    outcomes: list[dict[str, Any]] = []
    for data in cases:
        box: dict[str, Any] = {}
        worker = threading.Thread(target=lambda d=data: box.setdefault("o", _one_case(func, ex, d)), daemon=True)
        worker.start()
        worker.join(seconds)
        if "o" not in box:
            return outcomes, "timeout"
        outcomes.append(box["o"])
    return outcomes, ""


def _stopped(why: str, seconds: float) -> dict[str, Any]:
    if why == "timeout":
        return {"timeout": True, "error": f"still running after {seconds:g} s, so it was stopped: look for a loop "
                                          "whose stopping condition is never met"}
    if why == "flood":
        return {"error": "your function produced far too much output"}
    return {"error": f"your code ended the process ({why}), for example with sys.exit or os._exit"}


def run_cases(func: Callable[..., Any], ex: Exercise, cases: Sequence[tuple], *, keep_going: bool = False,
              seconds: float | None = None) -> list[dict[str, Any]]:
    """Run ``func`` on each case (plain data) with a time limit per case; return one outcome per case.

    Each outcome is a dict: ``{"value": data}`` for an output, ``{"todo": True}`` when the
    function still raises ``NotImplementedError``, ``{"error": text}`` otherwise (with
    ``"timeout": True`` when the time was up, or ``"skipped": True`` for a case not run after
    a time-out when ``keep_going`` is false, or after two time-outs), plus ``"printed"`` with what
    the function printed.
    """
    seconds = ex.timeout if seconds is None else seconds
    runner = _fork_run if hasattr(os, "fork") else _thread_run
    outcomes: list[dict[str, Any]] = []
    timeouts = 0
    while len(outcomes) < len(cases):
        try:
            got, why = runner(func, ex, cases[len(outcomes):], seconds)
        except OSError:  # no process left to fork (a limit): run in a thread instead
            got, why = _thread_run(func, ex, cases[len(outcomes):], seconds)
        outcomes += got
        if len(outcomes) < len(cases):
            outcomes.append(_stopped(why or "timeout", seconds))
            timeouts += outcomes[-1].get("timeout", False)
            if not keep_going or timeouts >= _MAX_TIMEOUTS:
                skipped = {"skipped": True, "error": "not run (earlier cases ran out of time)"}
                outcomes += [skipped] * (len(cases) - len(outcomes))
    return outcomes
