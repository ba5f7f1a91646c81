"""Run one submission: its cells, then its answers on the cases, whatever the notebook does.

:func:`run_submission` sends the notebook's code cells to a :class:`~gdcourse.grader.kernel.Kernel`
one at a time. A cell that raises is noted and the next one runs. A cell that runs past the
time limit is interrupted; if it ignores the interrupt (a loop inside ``try/except
BaseException``), ends the kernel (``sys.exit``, ``os._exit``, a crash, a kill), or breaks a
limit, the kernel is killed and the notebook runs again in a new one without that cell (at most
``ATTEMPTS`` runs). Then the kernel runs each answer on its cases and sends back the raw
outputs. The result is only data and notes: the scoring happens in the grader's own process.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .kernel import Kernel
from .limits import Limits

ATTEMPTS = 4
_START_SECONDS = 60.0
_GRACE = 3.0
_FLOOD = 10 << 20   # printed bytes beyond which a submission gets a note
_ALLOWED = {"value", "error", "todo", "timeout", "skipped", "printed"}


@dataclass(frozen=True)
class Request:
    """What to collect for one exercise: the function's name, the cases (plain data), seconds per case."""

    label: str
    name: str
    cases: tuple[tuple, ...]
    timeout: float


@dataclass
class Run:
    """What a submission's kernel sent back: outcomes per exercise (None: nothing usable), and notes."""

    outcomes: dict[str, list[dict[str, Any]] | None] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)


def _plain(value: Any, depth: int = 0, budget: list[int] | None = None) -> bool:
    """Whether ``value`` is plain data: a number, a short string or nested lists of them (bounded)."""
    budget = budget if budget is not None else [200_000]
    budget[0] -= 1
    if budget[0] < 0 or depth > 6:
        return False
    if isinstance(value, bool) or value is None:
        return False
    if isinstance(value, (int, float)):
        return True
    if isinstance(value, str):
        return len(value) <= 300
    if isinstance(value, list):
        return all(_plain(v, depth + 1, budget) for v in value)
    return False


def clean_outcomes(raw: Any, n: int) -> list[dict[str, Any]] | None:
    """The kernel's outcomes for one exercise, checked: ``n`` dicts of plain data, or None."""
    if not isinstance(raw, list) or len(raw) != n:
        return None
    cleaned = []
    for outcome in raw:
        if not isinstance(outcome, dict) or not set(outcome) <= _ALLOWED:
            cleaned.append({"error": "the kernel sent an unreadable outcome"})
            continue
        ok = {}
        if "value" in outcome and _plain(outcome["value"]):
            ok["value"] = outcome["value"]
        for key in ("error", "printed"):
            if isinstance(outcome.get(key), str):
                ok[key] = outcome[key][:500]
        for key in ("todo", "timeout", "skipped"):
            if outcome.get(key) is True:
                ok[key] = True
        cleaned.append(ok if ok else {"error": "the kernel sent an unreadable outcome"})
    return cleaned


def _collect_seconds(requests: list[Request]) -> float:
    return sum(len(r.cases) * r.timeout + 2 for r in requests) + 10


def _run_cells(kernel: Kernel, cells: list[tuple[int, str]], skip: set[int], limits: Limits, run: Run) -> bool:
    """Run every cell not in ``skip``; False if the kernel had to be killed (the failing cell joins ``skip``).

    ``cells`` holds (number in the notebook, source) pairs; notes name a cell by its number.
    """
    started = time.monotonic()
    for i, (number, source) in enumerate(cells):
        if i in skip:
            continue
        if time.monotonic() - started > limits.total:
            run.note(f"cells {number} and later were not run: the notebook used up its {limits.total:g} s")
            return True
        if not kernel.send({"op": "run", "cell": i, "source": source}):
            run.note(f"cell {number}: {kernel.why_dead()}; the notebook was run again without it")
            skip.add(i)
            return False
        reply = kernel.receive({"done"}, limits.cell_timeout)
        if reply == "timeout":
            kernel.interrupt()
            reply = kernel.receive({"done"}, _GRACE)
            if isinstance(reply, dict):
                run.note(f"cell {number} was stopped after {limits.cell_timeout:g} s (time limit)")
                continue
            run.note(f"cell {number} ran past the {limits.cell_timeout:g} s limit and ignored the interrupt: its kernel "
                     "was killed and the notebook run again without it")
            skip.add(i)
            return False
        if not isinstance(reply, dict):
            run.note(f"cell {number}: {kernel.why_dead()}; the notebook was run again without it")
            skip.add(i)
            return False
        if reply.get("error"):
            run.note(f"cell {number} raised {str(reply['error'])[:200]}")
    return True


def _collect(kernel: Kernel, requests: list[Request], run: Run) -> list[Request]:
    """Ask for the answers; return the requests still without an answer (the kernel died on the first of them)."""
    message = {"op": "collect", "exercises": [
        {"label": r.label, "name": r.name, "cases": [list(c) for c in r.cases], "timeout": r.timeout}
        for r in requests]}
    if not kernel.send(message):
        return requests
    pending = list(requests)
    while pending:
        reply = kernel.receive({"answers", "collected"}, len(pending[0].cases) * pending[0].timeout * 1.5 + 10)
        if not isinstance(reply, dict):
            first = pending.pop(0)
            run.outcomes[first.label] = None
            run.note(f"{first.label}: checking {first.name} stopped the kernel ({kernel.why_dead()})")
            return pending
        if reply["op"] == "collected":
            break
        match = [r for r in pending if r.label == reply.get("label")]
        if not match:
            continue
        request = match[0]
        pending.remove(request)
        if reply.get("missing"):
            run.outcomes[request.label] = None
        else:
            run.outcomes[request.label] = clean_outcomes(reply.get("outcomes"), len(request.cases))
            if run.outcomes[request.label] is None:
                run.note(f"{request.label}: the kernel sent outputs the grader could not read")
    return []


def run_submission(cells: list[tuple[int, str]], requests: list[Request], *, edition: Path, mplconfig: Path, limits: Limits,
                   sandbox: bool = False) -> Run:
    """Run a notebook's code ``cells`` ((number in the notebook, source) pairs) and collect the outputs of its
    answers (see the module docstring)."""
    run, skip, pending = Run(), set(), list(requests)
    rlimits = limits.rlimits(len(cells), _collect_seconds(requests))
    workdir = Path(tempfile.mkdtemp(prefix="gdcourse-submission-"))
    (workdir / "work").mkdir()
    (workdir / "home").mkdir()
    try:
        for _ in range(ATTEMPTS):
            kernel = Kernel(edition, mplconfig, workdir, rlimits, limits, sandbox)
            try:
                ready = kernel.receive({"ready", "failed"}, _START_SECONDS)
                if not isinstance(ready, dict) or ready["op"] == "failed":
                    detail = ready.get("error", "") if isinstance(ready, dict) else kernel.why_dead()
                    run.note(f"the grading kernel did not start: {detail}")
                    break
                if not _run_cells(kernel, cells, skip, limits, run):
                    continue
                pending = _collect(kernel, pending, run)
                if not pending:
                    break
            finally:
                kernel.close()
                if kernel.printed > _FLOOD:
                    run.note(f"the notebook printed {kernel.printed >> 20} MB of output (discarded: nothing printed "
                             "is read)")
        else:
            run.note(f"gave up after {ATTEMPTS} runs of the notebook")
        written = sorted(p.name for p in (workdir / "work").iterdir())
        if written:
            shown = ", ".join(written[:5]) + (", ..." if len(written) > 5 else "")
            run.note(f"the notebook wrote {len(written)} file(s) in its folder ({shown}): discarded")
    finally:
        remove_tree(workdir)
    for request in requests:
        run.outcomes.setdefault(request.label, None)
    return run


def remove_tree(path: Path) -> None:
    """Delete a scratch folder, even one whose permissions a notebook changed."""
    def retry(function: Any, name: str, _: Any) -> None:
        try:
            os.chmod(os.path.dirname(name), 0o700)
            os.chmod(name, 0o700)
            function(name)
        except OSError:
            pass
    shutil.rmtree(path, onerror=retry)
