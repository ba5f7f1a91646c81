"""Batch grading of submitted notebooks into a CSV.

Each submission is executed top to bottom in a fresh kernel (nbclient) with a time
limit per cell; a cell that raises or runs too long is recorded and the run goes
on. Then the grader itself calls ``check`` on every exercise of the chapter, in the
submission's kernel, with the function or value the student's notebook defined
under the name the chapter uses. A deleted cell simply leaves that name undefined:
the exercise is "not attempted".

Grading runs the students' code with your permissions. It is **not a sandbox**:
grade on a machine or account where that is acceptable.
"""
from __future__ import annotations

import ast
import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

from .exercises.core import lookup

_RESULT_MARK = "GDCOURSE-GRADES:"
_LABEL = re.compile(r"ex(\d\d)-\d+")


@dataclass(frozen=True)
class Grade:
    """One student's result on one exercise."""

    student: str
    exercise: str
    points: int
    max_points: int
    status: str
    feedback: str


def answer_names(notebook: nbformat.NotebookNode) -> dict[str, str]:
    """Map each exercise label to the name the notebook passes to ``check`` (from ``check("exNN-K", name)``)."""
    names: dict[str, str] = {}
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "check"
                    and len(node.args) == 2 and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str) and isinstance(node.args[1], ast.Name)):
                names[node.args[0].value] = node.args[1].id
    return names


def _grading_cell(names: dict[str, str]) -> str:
    return (
        "import json as _json\n"
        "from gdcourse.exercises import check as _check\n"
        f"_names = {names!r}\n"
        "_grades = {}\n"
        "for _label, _name in _names.items():\n"
        "    _r = _check(_label, globals().get(_name))\n"
        "    _grades[_label] = [_r.points, _r.max_points, _r.status, ' | '.join(_r.messages)]\n"
        f"print({_RESULT_MARK!r} + _json.dumps(_grades))\n"
    )


def grade_notebook(path: Path, names: dict[str, str], *, student: str, timeout: int = 30,
                   kernel_name: str = "python3") -> tuple[list[Grade], str]:
    """Execute one submission and check every exercise in ``names``.

    Returns the grades and a short note on what went wrong while running the
    notebook (cells that raised or timed out), empty when nothing did.
    """
    notes: list[str] = []
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as exc:  # an unreadable file is graded zero, not a crash of the whole run
        return _zero(student, names, f"could not read the notebook: {type(exc).__name__}"), "unreadable notebook"
    nb.cells.append(nbformat.v4.new_code_cell(_grading_cell(names)))
    client = NotebookClient(nb, timeout=timeout, kernel_name=kernel_name, allow_errors=True,
                            interrupt_on_timeout=True, resources={"metadata": {"path": str(Path(path).parent)}})
    try:
        client.execute()
    except (CellTimeoutError, DeadKernelError, RuntimeError) as exc:
        notes.append(f"execution stopped: {type(exc).__name__}")
    for i, cell in enumerate(nb.cells[:-1], 1):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                notes.append(f"cell {i} raised {out.get('ename')}")
    grades_out = "".join(o.get("text", "") for o in nb.cells[-1].get("outputs", []) if o.get("output_type") == "stream")
    line = next((ln for ln in grades_out.splitlines() if ln.startswith(_RESULT_MARK)), None)
    if line is None:
        return _zero(student, names, "the grader could not run the checks (the kernel stopped)"), "; ".join(notes)
    raw = json.loads(line[len(_RESULT_MARK):])
    grades = [Grade(student, label, int(p), int(m), status, fb) for label, (p, m, status, fb) in raw.items()]
    return grades, "; ".join(notes)


def _zero(student: str, names: dict[str, str], why: str) -> list[Grade]:
    return [Grade(student, label, 0, lookup(label).max_points, "not graded", why) for label in names]


def chapter_of(path: Path) -> str | None:
    """The two-digit chapter a submission belongs to, from its file name (``NN_…``) or its exercise labels."""
    m = re.match(r"(\d\d)_", Path(path).name)
    if m:
        return m.group(1)
    found = _LABEL.findall(Path(path).read_text(encoding="utf-8", errors="replace"))
    return max(set(found), key=found.count) if found else None


def grade_folder(submissions: Path, book: Path, out_csv: Path, *, timeout: int = 30) -> list[Grade]:
    """Grade every ``.ipynb`` under ``submissions`` and write the CSVs.

    Parameters
    ----------
    submissions : Path
        Folder of submitted notebooks. A student is named by the path of their
        notebook relative to this folder, without the suffix (``alice/01_gradient_descent``
        or ``alice``).
    book : Path
        The instructor's book folder; the chapter notebooks there say which name
        each exercise's answer has.
    out_csv : Path
        Where to write one row per student and exercise. A per-student summary is
        written next to it as ``<name>_summary.csv``.
    timeout : int
        Seconds allowed for each cell.

    Returns
    -------
    list of Grade
    """
    submissions, book, out_csv = Path(submissions), Path(book), Path(out_csv)
    if not submissions.is_dir():
        raise FileNotFoundError(f"no folder of submissions at {submissions}.")
    if isinstance(timeout, bool) or not isinstance(timeout, int) or timeout < 1:
        raise ValueError(f"timeout must be a whole number of seconds >= 1, got {timeout!r}.")
    instructor = {p.name[:2]: p for p in Path(book).glob("[0-9][0-9]_*.ipynb")}
    files = sorted(p for p in submissions.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    grades: list[Grade] = []
    summary: list[tuple[str, int, int, str]] = []
    for path in files:
        student = str(path.relative_to(submissions).with_suffix(""))
        chapter = chapter_of(path)
        if chapter not in instructor:
            summary.append((student, 0, 0, f"no chapter found for {path.name}"))
            continue
        names = answer_names(nbformat.read(instructor[chapter], as_version=4))
        result, note = grade_notebook(path, names, student=student, timeout=timeout)
        grades += result
        summary.append((student, sum(g.points for g in result), sum(g.max_points for g in result), note))
    out_csv.parent.mkdir(parents=True, exist_ok=True)
    with out_csv.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["student", "exercise", "points", "max_points", "status", "feedback"])
        for g in grades:
            writer.writerow([g.student, g.exercise, g.points, g.max_points, g.status, g.feedback])
    with out_csv.with_name(out_csv.stem + "_summary.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["student", "points", "max_points", "percent", "notes"])
        for student, points, maximum, note in summary:
            pct = f"{100 * points / maximum:.1f}" if maximum else ""
            writer.writerow([student, points, maximum, pct, note])
    return grades
