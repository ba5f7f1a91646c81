#!/usr/bin/env python3
"""Grading throughput: `gdcourse grade` with one and two workers, against the chapter's own run and nbgrader.

Usage::

    .venv/bin/python tests/benchmarks/bench_grading.py               # 100 submissions of chapter 1
    .venv/bin/python tests/benchmarks/bench_grading.py --n 20 --repeat 1 --chapter 02

It generates N submissions of one chapter (40 % the instructor's notebook as it is, 30 % the blank
student copy, 30 % broken: a cell that raises, an answer that raises, one that is a constant), then
measures, `--repeat` times each:

- the chapter's own top-to-bottom run in a fresh kernel (nbclient), the budget's yardstick;
- `gdcourse grade -j 1` and `-j 2` on the N submissions (seconds per submission, submissions per minute);
- `nbgrader autograde` on the same N submissions, if nbgrader's virtual environment exists
  (`_build/nbgrader-venv`, made by `pytest -m nbgrader`, or GDCOURSE_NBGRADER_VENV).

It prints a table (median and spread of the repeats) with the two ratios the course design budgets:
`-j 2` throughput over `-j 1` (target >= 1.7 on 2 cores) and time per submission over the chapter's
own run (target <= 1.3), and writes it to `_build/bench_grading.md`. Timings are reported, never
asserted: on a shared machine, repeat and read the spread.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
BOOK = ROOT / "book"
sys.path.insert(0, str(ROOT))

from gdcourse.editions import strip_notebook  # noqa: E402
from gdcourse.grading import grade_folder  # noqa: E402


def chapter_path(chapter: str) -> Path:
    (path,) = BOOK.glob(f"{chapter}_*.ipynb")
    return path


def broken(nb: nbformat.NotebookNode, k: int) -> nbformat.NotebookNode:
    """A student copy with some answers filled in wrongly and a cell that raises."""
    nb = strip_notebook(nb)
    answers = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]
    for i, cell in enumerate(answers):
        body = ("    raise ValueError('not yet')" if (i + k) % 3 == 0 else
                "    return 0.0" if (i + k) % 3 == 1 else "    return undefined_name")
        cell.source = cell.source.replace("    # YOUR CODE HERE\n    raise NotImplementedError()", body)
    nb.cells.insert(3, nbformat.v4.new_code_cell("print(undefined_variable)"))
    return nb


def make_submissions(chapter: str, n: int, folder: Path) -> None:
    path = chapter_path(chapter)
    instructor = nbformat.read(path, as_version=4)
    for k in range(n):
        kind = "correct" if k % 10 < 4 else "blank" if k % 10 < 7 else "broken"
        nb = (nbformat.from_dict(instructor) if kind == "correct" else
              strip_notebook(instructor) if kind == "blank" else broken(instructor, k))
        (folder / f"s{k:03d}").mkdir(parents=True)
        nbformat.write(nb, folder / f"s{k:03d}" / path.name)


def own_run(chapter: str) -> float:
    nb = nbformat.read(chapter_path(chapter), as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(BOOK)}}).execute()
    return time.perf_counter() - start


def gdcourse_run(folder: Path, jobs: int) -> float:
    out = Path(tempfile.mkdtemp()) / "grades.csv"
    start = time.perf_counter()
    grade_folder(folder, BOOK, out, timeout=60, jobs=jobs, force=True)
    elapsed = time.perf_counter() - start
    shutil.rmtree(out.parent)
    return elapsed


def nbgrader_run(folder: Path, chapter: str, venv: Path) -> float:
    course = Path(tempfile.mkdtemp(prefix="bench-nbgrader-"))
    assignment = f"ch{chapter}"
    (course / "nbgrader_config.py").write_text('c = get_config()\nc.CourseDirectory.course_id = "bench"\n')
    (course / "source" / assignment).mkdir(parents=True)
    shutil.copy(chapter_path(chapter), course / "source" / assignment)
    env = {**os.environ, "MPLBACKEND": "Agg", "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    subprocess.run([str(venv / "bin" / "nbgrader"), "generate_assignment", assignment], cwd=course, check=True,
                   capture_output=True, env=env)
    for sub in sorted(folder.iterdir()):
        target = course / "submitted" / sub.name / assignment
        target.mkdir(parents=True)
        for nb in sub.glob("*.ipynb"):
            shutil.copy(nb, target / nb.name)
    start = time.perf_counter()
    subprocess.run([str(venv / "bin" / "nbgrader"), "autograde", assignment], cwd=course, check=True,
                   capture_output=True, env=env)
    elapsed = time.perf_counter() - start
    shutil.rmtree(course)
    return elapsed


def _fmt(values: list[float]) -> str:
    med = statistics.median(values)
    return f"{med:.1f}" + (f" ({min(values):.1f}-{max(values):.1f})" if len(values) > 1 else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100, help="submissions to generate (default 100)")
    parser.add_argument("--chapter", default="01", help="two-digit chapter (default 01)")
    parser.add_argument("--repeat", type=int, default=2, help="repeats of each measurement (default 2)")
    parser.add_argument("--no-nbgrader", action="store_true", help="skip nbgrader even if it is installed")
    args = parser.parse_args(argv)
    venv = Path(os.environ.get("GDCOURSE_NBGRADER_VENV", ROOT / "_build" / "nbgrader-venv"))
    use_nbgrader = not args.no_nbgrader and (venv / "bin" / "nbgrader").exists()
    folder = Path(tempfile.mkdtemp(prefix="bench-submissions-"))
    try:
        make_submissions(args.chapter, args.n, folder)
        runs: dict[str, list[float]] = {"own": [], "j1": [], "j2": [], "nbgrader": []}
        for r in range(args.repeat):
            runs["own"] += [own_run(args.chapter) for _ in range(3)]
            runs["j1"].append(gdcourse_run(folder, 1))
            runs["j2"].append(gdcourse_run(folder, 2))
            if use_nbgrader:
                runs["nbgrader"].append(nbgrader_run(folder, args.chapter, venv))
            print(f"repeat {r + 1}: " + ", ".join(f"{k} {v[-1]:.1f} s" for k, v in runs.items() if v), flush=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    n = args.n
    own = statistics.median(runs["own"])
    lines = [f"Grading {n} submissions of chapter {args.chapter} (40 % correct, 30 % blank, 30 % broken); "
             f"{os.cpu_count()} cores; median (min-max) of {args.repeat} repeats.", "",
             "| run | total s | s / submission | submissions / min |", "| --- | --- | --- | --- |",
             f"| chapter's own run (fresh kernel) | - | {_fmt(runs['own'])} | - |"]
    for key, name in (("j1", "gdcourse grade -j 1"), ("j2", "gdcourse grade -j 2"), ("nbgrader", "nbgrader autograde")):
        if runs[key]:
            lines.append(f"| {name} | {_fmt(runs[key])} | {_fmt([t / n for t in runs[key]])} | "
                         f"{_fmt([60 * n / t for t in runs[key]])} |")
    j1, j2 = statistics.median(runs["j1"]), statistics.median(runs["j2"])
    lines += ["", f"- throughput -j 2 / -j 1: {j1 / j2:.2f} (target >= 1.7 on 2 cores; per repeat: "
              + ", ".join(f"{a / b:.2f}" for a, b in zip(runs["j1"], runs["j2"])) + ")",
              f"- time per submission (-j 1) / chapter's own run: {j1 / n / own:.2f} (target <= 1.3)"]
    if runs["nbgrader"]:
        lines.append(f"- nbgrader autograde / gdcourse -j 1: {statistics.median(runs['nbgrader']) / j1:.2f}")
    text = "\n".join(lines)
    print(text)
    (ROOT / "_build").mkdir(exist_ok=True)
    (ROOT / "_build" / "bench_grading.md").write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
