"""Slow end-to-end checks of the instructor tools (run by CI with `pytest -m slow`).

They execute notebooks and build the site, so they are kept out of the default run.
"""
import csv
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from gdcourse.editions import build_student_site, chapters, write_student_notebooks
from gdcourse.grading import grade_folder

from solution_text import corpus, found, normalise, probes

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
pytestmark = pytest.mark.slow


@pytest.mark.parametrize("path", chapters(BOOK), ids=lambda p: p.name)
def test_student_notebook_runs_and_reports_not_attempted(path, tmp_path):
    (student,) = [p for p in write_student_notebooks(BOOK, tmp_path) if p.name == path.name]
    nb = nbformat.read(student, as_version=4)
    NotebookClient(nb, timeout=60, kernel_name="python3",
                   resources={"metadata": {"path": str(BOOK)}}).execute()  # raises on any error
    heads = [o["data"]["text/plain"].splitlines()[0] for c in nb.cells if c.cell_type == "code"
             for o in c.outputs if o.get("output_type") == "execute_result" and "check(" in c.source]
    assert len(heads) >= 2
    assert all(": not attempted," in h for h in heads), heads


@pytest.fixture(scope="module")
def instructor_html(tmp_path_factory):
    built = ROOT / "_build" / "html"
    if (built / "book" / "01_gradient_descent.html").exists():
        return built
    out = tmp_path_factory.mktemp("instructor")
    subprocess.run([str(Path(sys.executable).with_name("jupyter-book")), "build", str(ROOT), "--path-output",
                    str(out), "-q"], check=True, capture_output=True)
    return out / "_build" / "html"


def test_student_site_has_no_solution_anywhere(tmp_path, instructor_html):
    html = build_student_site(ROOT, tmp_path / "student")
    assert (html / "book" / "01_gradient_descent.html").exists()
    assert not (html / "_sources").exists() and not list(tmp_path.rglob("_sources"))
    student_text = corpus(tmp_path / "student")
    instructor_text = "\n".join(normalise(p.read_text(encoding="utf-8")) for p in instructor_html.rglob("*.html"))
    checked = 0
    for chapter, strings in probes(BOOK).items():
        visible = [s for s in strings if found(s, instructor_text)]
        assert visible, f"{chapter}: no solution text found in the instructor edition: the search is broken"
        leaks = [s for s in visible if found(s, student_text)]
        assert not leaks, f"{chapter}: solution text in the student edition: {leaks[:3]}"
        checked += len(visible)
    assert checked >= 10
    page = (html / "book" / "01_gradient_descent.html").read_text(encoding="utf-8")
    instructor_page = (instructor_html / "book" / "01_gradient_descent.html").read_text(encoding="utf-8")
    assert 'id="sol01-1"' in instructor_page and 'id="sol01-1"' not in page
    assert "mybinder.org" in instructor_page and "mybinder.org" not in page
    assert ".ipynb" not in page


def _student_copy(tmp_path, name):
    (path,) = [p for p in write_student_notebooks(BOOK, tmp_path / f"_{name}") if p.name.startswith("01_")]
    return nbformat.read(path, as_version=4)


def _set_body(nb, function, body):
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.source.startswith(f"def {function}("):
            cell.source = cell.source.replace("    # YOUR CODE HERE\n    raise NotImplementedError()", body)
            return
    raise AssertionError(f"no exercise cell defines {function}")


def test_grading_a_folder(tmp_path):
    subs = tmp_path / "submissions"
    subs.mkdir()
    shutil.copy(BOOK / "01_gradient_descent.ipynb", subs / "01_full.ipynb")

    blank = _student_copy(tmp_path, "blank")
    nbformat.write(blank, subs / "01_blank.ipynb")

    raising = _student_copy(tmp_path, "raising")
    _set_body(raising, "largest_stable_lr", "    return 2 / (2 * np.mean(x**2))")
    _set_body(raising, "gd_until", "    raise ValueError('oops')")
    raising.cells.insert(3, nbformat.v4.new_code_cell("undefined_name + 1"))
    nbformat.write(raising, subs / "01_raising.ipynb")

    endless = _student_copy(tmp_path, "endless")
    _set_body(endless, "epochs_to_tolerance", "    return 78")
    _set_body(endless, "gd_until", "    while True:\n        pass")
    endless.cells.insert(3, nbformat.v4.new_code_cell("while True:\n    pass"))
    nbformat.write(endless, subs / "01_endless.ipynb")

    deleted = _student_copy(tmp_path, "deleted")
    _set_body(deleted, "seed_fixed_points", "    return np.array([0.0, 2.0])")
    deleted.cells = [c for c in deleted.cells if not c.source.startswith(("def largest_stable_lr", "def gd_until"))]
    nbformat.write(deleted, subs / "01_deleted.ipynb")

    start = time.perf_counter()
    grade_folder(subs, BOOK, tmp_path / "grades.csv", timeout=5)
    assert time.perf_counter() - start < 120
    with (tmp_path / "grades_summary.csv").open() as f:
        summary = {row["student"]: row for row in csv.DictReader(f)}
    points = {s: int(row["points"]) for s, row in summary.items()}
    assert points == {"01_full": 7, "01_blank": 0, "01_raising": 1, "01_endless": 1, "01_deleted": 1}
    assert all(row["max_points"] == "7" for row in summary.values())
    assert "raised NameError" in summary["01_raising"]["notes"]
    assert "TimeoutError" in summary["01_endless"]["notes"] or "raised" in summary["01_endless"]["notes"]
    with (tmp_path / "grades.csv").open() as f:
        rows = list(csv.DictReader(f))
    by = {(r["student"], r["exercise"]): r for r in rows}
    assert by[("01_raising", "ex01-2")]["feedback"].count("ValueError: oops") == 4
    assert "still running" in by[("01_endless", "ex01-2")]["feedback"]
    assert by[("01_deleted", "ex01-2")]["status"] == "not attempted"
    assert by[("01_blank", "ex01-1")]["status"] == "not attempted"
