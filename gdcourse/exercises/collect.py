"""The grading harness that runs inside a submission's kernel (part of the student edition).

The instructor's grader (``gdcourse grade``) starts a fresh Python process for each
submission, with only the student edition of gdcourse importable, and drives it through two
pipes: it sends the notebook's code cells one at a time, then asks for the answers. This module
is what runs in that process: an IPython shell that executes the cells, then calls the student's
functions on the cases the grader sends (each case in a forked copy, under a time limit) and
writes their outputs back as plain JSON data. Nothing here decides a grade: the grader scores
the outputs in its own process, so whatever the student's code does to this process (patching
``print``, ``json`` or this module, printing fake results) can at worst spoil its own answers.
"""
from __future__ import annotations

import json
import os
import resource
import signal
import sys
from typing import Any

_LIMITS = {"memory": resource.RLIMIT_AS, "cpu": resource.RLIMIT_CPU, "file_size": resource.RLIMIT_FSIZE,
           "processes": resource.RLIMIT_NPROC, "core": resource.RLIMIT_CORE}


def apply_limits(limits: dict[str, int]) -> None:
    """Set this process's resource limits (soft and hard, so they cannot be raised again)."""
    for name, value in limits.items():
        if name in _LIMITS and value is not None:
            resource.setrlimit(_LIMITS[name], (int(value), int(value)))


def _send(fd: int, message: dict[str, Any]) -> None:
    data = json.dumps(message, allow_nan=True).encode() + b"\n"
    while data:
        data = data[os.write(fd, data):]


def _error_name(result: Any) -> str | None:
    err = result.error_before_exec or result.error_in_exec
    if err is None:
        return None
    from .isolate import describe_exception
    return describe_exception(err)[:300]


def _answers(shell: Any, request: dict[str, Any]) -> dict[str, Any]:
    from .core import lookup
    from .isolate import run_cases
    label, name = request["label"], request["name"]
    func = shell.user_ns.get(name)
    if func is None:
        return {"op": "answers", "label": label, "missing": True}
    cases = [tuple(c) for c in request["cases"]]
    if not callable(func):
        outcome = {"error": f"{name} is a {type(func).__name__}, not a function"}
        return {"op": "answers", "label": label, "outcomes": [outcome] * len(cases)}
    outcomes = run_cases(func, lookup(label), cases, keep_going=True, seconds=float(request["timeout"]))
    return {"op": "answers", "label": label, "outcomes": outcomes}


def serve(cmd_fd: int, out_fd: int) -> None:
    """Execute the commands the grader sends on ``cmd_fd``; report on ``out_fd`` (one JSON line each)."""
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config
    config = Config()
    config.HistoryManager.enabled = False
    shell = InteractiveShell.instance(config=config)
    commands = os.fdopen(cmd_fd, "rb", buffering=0)
    _send(out_fd, {"op": "ready"})
    buffer = b""
    while True:
        try:
            chunk = commands.read(1 << 16)
            if not chunk:
                return
            buffer += chunk
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                command = json.loads(line)
                if command["op"] == "run":
                    result = shell.run_cell(command["source"], store_history=False, silent=False)
                    _send(out_fd, {"op": "done", "cell": command["cell"], "error": _error_name(result)})
                elif command["op"] == "collect":
                    for request in command["exercises"]:
                        _send(out_fd, _answers(shell, request))
                    _send(out_fd, {"op": "collected"})
                else:
                    return
        except KeyboardInterrupt:  # an interrupt that arrived just after a cell ended
            continue


def main() -> None:
    """Entry point of the kernel process: limits first, then the shell (the configuration is in the environment)."""
    config = json.loads(os.environ.pop("GDCOURSE_KERNEL"))
    apply_limits(config.get("limits", {}))
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        serve(config["cmd_fd"], config["out_fd"])
    except BaseException as exc:  # noqa: BLE001 - tell the grader why the harness stopped
        try:
            _send(config["out_fd"], {"op": "failed", "error": f"{type(exc).__name__}: {exc}"[:500]})
        except OSError:
            pass
        raise
    sys.exit(0)


if __name__ == "__main__":
    main()
