"""Grading a folder of submitted notebooks, without trusting anything a notebook says.

For each submission :func:`grade_folder` starts a fresh kernel that can import only the student
edition of gdcourse (``gdcourse.grader.kernel``), under resource limits and, with
``sandbox=True``, inside bubblewrap; it runs the notebook's cells there (a cell that raises,
loops, exits or kills its kernel is noted, and the rest of the notebook still runs), then has the
kernel run the student's functions on the public and hidden cases and send back the raw outputs
as plain data. Those outputs are scored here, in the grader's own process, against the
reference solutions (``gdcourse.exercises.reference.score_outcomes``): printing, patching
``check`` or ``print``, or importing gdcourse internals earns nothing. Submissions are graded in
parallel; a re-run skips the submissions already graded (same file, same exercises).
"""
from __future__ import annotations

import ast
import hashlib
import os
import re
import shutil
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Callable

import nbformat

from .exercises.core import lookup
from .exercises.reference import all_cases, score_outcomes
from .grader import report
from .grader.limits import Limits
from .grader.report import Grade, Summary
from .grader.run import Request, remove_tree, run_submission
from .student_edition import PACKAGE_DIR, write_student_package

_LABEL = re.compile(r"ex(\d\d)-\d+")
_MAX_NOTEBOOK_BYTES = 50 << 20

__all__ = ["Grade", "Summary", "answer_names", "chapter_of", "fingerprint", "grade_folder"]


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


def without_hidden_tests(source: str) -> str:
    """A code cell without its nbgrader hidden-test blocks (they call the instructor edition, which
    the grading kernel cannot import; the grader scores the answers itself)."""
    out, hidden = [], False
    for line in source.splitlines():
        marker = line.strip()
        if marker == "### BEGIN HIDDEN TESTS":
            hidden = True
        elif marker == "### END HIDDEN TESTS":
            hidden = False
        elif not hidden:
            out.append(line)
    return "\n".join(out)


def chapter_of(path: Path) -> str | None:
    """The two-digit chapter a submission belongs to, from its file name (``NN_…``) or its exercise labels."""
    m = re.match(r"(\d\d)_", Path(path).name)
    if m:
        return m.group(1)
    found = _LABEL.findall(Path(path).read_text(encoding="utf-8", errors="replace")[:_MAX_NOTEBOOK_BYTES])
    return max(set(found), key=found.count) if found else None


def fingerprint() -> str:
    """A hash of the exercises (public and hidden cases, references): a re-run regrades when it changes."""
    digest = hashlib.sha256()
    for path in sorted((PACKAGE_DIR / "exercises").rglob("*")):
        if path.suffix in (".py", ".json"):
            digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def _prepare_edition(root: Path) -> tuple[Path, Path]:
    """The student edition the kernels import, and a matplotlib folder with a ready font cache."""
    edition = write_student_package(root / "edition")
    mplconfig = root / "mplconfig"
    mplconfig.mkdir()
    import matplotlib
    for cache in Path(matplotlib.get_cachedir()).glob("fontlist-*.json"):
        shutil.copy2(cache, mplconfig / cache.name)
    for path in [root, *root.rglob("*")]:   # readable by the sandbox, never writable by it
        path.chmod(0o755 if path.is_dir() else 0o644)
    return edition, mplconfig


def _grade_one(path: Path, student: str, chapters: dict[str, dict[str, str]], edition: Path, mplconfig: Path,
               limits: Limits, sandbox: bool) -> tuple[Summary, list[Grade]]:
    """Run and score one submission."""
    try:
        if path.stat().st_size > _MAX_NOTEBOOK_BYTES:
            raise ValueError("larger than 50 MB")
        data = path.read_bytes()
        nb = nbformat.reads(data.decode("utf-8"), as_version=4)
        chapter = chapter_of(path)
    except Exception as exc:  # noqa: BLE001 - an unreadable file is graded zero, not a crash of the run
        return Summary(student, 0.0, 0.0, f"could not read the notebook ({type(exc).__name__})"), []
    sha = hashlib.sha256(data).hexdigest()
    if chapter not in chapters:
        return Summary(student, 0.0, 0.0, f"no chapter found for {path.name}", sha), []
    names = chapters[chapter]
    requests = [Request(label, name, tuple(c.args for c in all_cases(label)), lookup(label).timeout)
                for label, name in names.items()]
    cells = [(n, without_hidden_tests(c.source)) for n, c in enumerate(nb.cells, 1)
             if c.get("cell_type") == "code" and isinstance(c.get("source"), str)]
    run = run_submission(cells, requests, edition=edition, mplconfig=mplconfig, limits=limits, sandbox=sandbox)
    grades = []
    for label in names:
        s = score_outcomes(label, run.outcomes.get(label))
        grades.append(Grade(student, label, s.points, s.max_points, s.status, " | ".join(s.feedback)))
    total = round(sum(g.points for g in grades), 2)
    return Summary(student, total, sum(g.max_points for g in grades), "; ".join(run.notes), sha), grades


def grade_folder(submissions: Path, book: Path, out_csv: Path, *, timeout: int = 30, jobs: int | None = None,
                 force: bool = False, sandbox: bool = False, limits: Limits | None = None,
                 report_to: Callable[[Summary, int, int], None] | None = None) -> list[Grade]:
    """Grade every ``.ipynb`` under ``submissions`` and write the CSVs.

    Parameters
    ----------
    submissions : Path
        Folder of submitted notebooks. A submission is named by its path relative to this
        folder, without the suffix (``alice/01_gradient_descent`` or ``alice``).
    book : Path
        The instructor's book folder; the chapter notebooks there say which name each
        exercise's answer has.
    out_csv : Path
        Where to write one row per submission and exercise. ``<name>_summary.csv`` (one row per
        submission) and ``<name>_wide.csv`` (one row per student, one column per exercise) are
        written next to it.
    timeout : int
        Seconds allowed for each cell.
    jobs : int, optional
        Submissions graded at the same time (default: one per core).
    force : bool
        Grade again the submissions an earlier run in ``out_csv`` already graded.
    sandbox : bool
        Run each kernel in a bubblewrap sandbox (no network, read-only view of the student edition).
    limits : Limits, optional
        Memory, process and file limits (``timeout`` sets its time per cell).
    report_to : callable, optional
        Called as ``report_to(summary, done, total)`` after each submission.

    Returns
    -------
    list of Grade
    """
    submissions, book, out_csv = Path(submissions), Path(book), Path(out_csv)
    if not submissions.is_dir():
        raise FileNotFoundError(f"no folder of submissions at {submissions}.")
    if isinstance(timeout, bool) or not isinstance(timeout, int) or timeout < 1:
        raise ValueError(f"timeout must be a whole number of seconds >= 1, got {timeout!r}.")
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be a whole number >= 1, got {jobs!r}.")
    limits = replace(limits or Limits(), cell_timeout=timeout)
    if sandbox:
        from .grader.sandbox import bwrap_prefix
        bwrap_prefix(readable=[], writable=[])   # raises a clear error when bubblewrap is missing
    chapters = {p.name[:2]: answer_names(nbformat.read(p, as_version=4)) for p in Path(book).glob("[0-9][0-9]_*.ipynb")}
    if not chapters:
        raise FileNotFoundError(f"no chapter notebooks (NN_name.ipynb) in {book}: pass the instructor's book folder.")
    files = sorted(p for p in submissions.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    named = [(p, p.relative_to(submissions).with_suffix("").as_posix()) for p in files]
    previous = {} if force else report.read_previous(out_csv)
    stamp = fingerprint()
    results: dict[str, tuple[Summary, list[Grade]]] = {}
    todo = []
    for path, student in named:
        old = previous.get(student)
        if old and old[0].fingerprint == stamp and old[0].sha256 == hashlib.sha256(path.read_bytes()).hexdigest():
            results[student] = old
        else:
            todo.append((path, student))
    lock, done = threading.Lock(), [len(results)]
    if report_to is not None:
        for i, (summary, _) in enumerate(results.values(), 1):
            report_to(replace(summary, notes="already graded, not run again (--force to grade it again)"), i, len(named))

    def work(item: tuple[Path, str]) -> None:
        summary, grades = _grade_one(*item, chapters, edition, mplconfig, limits, sandbox)
        summary = Summary(summary.student, summary.points, summary.max_points, summary.notes, summary.sha256, stamp)
        with lock:
            results[item[1]] = (summary, grades)
            done[0] += 1
            if report_to is not None:
                report_to(summary, done[0], len(named))

    root = Path(tempfile.mkdtemp(prefix="gdcourse-grade-"))
    try:
        edition, mplconfig = _prepare_edition(root)
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            list(pool.map(work, todo))
    finally:
        remove_tree(root)
    ordered = [results[student] for _, student in named]
    grades = [g for _, gs in ordered for g in gs]
    report.write(out_csv, [s for s, _ in ordered], grades)
    return grades
