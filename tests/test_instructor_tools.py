"""Slow end-to-end checks of the instructor tools (run by CI with `pytest -m slow`).

They execute notebooks, build the site and grade submissions, so they are kept out of the default run.
"""
import csv
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from gdcourse.__main__ import main
from gdcourse.editions import build_student_site, chapters, write_student_notebooks
from gdcourse.student_edition import write_student_package

from solution_text import corpus, found, normalise, probes

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def student_package(tmp_path_factory):
    return write_student_package(tmp_path_factory.mktemp("package") / "edition")


@pytest.mark.parametrize("path", chapters(BOOK), ids=lambda p: p.name)
def test_student_notebook_runs_on_the_student_edition(path, tmp_path, student_package, monkeypatch):
    """The student copy runs top to bottom with only the student edition of gdcourse, and says 'not attempted'."""
    (student,) = [p for p in write_student_notebooks(BOOK, tmp_path) if p.name == path.name]
    nb = nbformat.read(student, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("import gdcourse, os; print(os.path.dirname(gdcourse.__file__))"))
    monkeypatch.setenv("PYTHONPATH", str(student_package))
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(BOOK)}}).execute()  # raises on any error
    assert nb.cells[-1].outputs[0]["text"].strip() == str(student_package / "gdcourse")
    heads = [o["data"]["text/plain"].splitlines()[0] for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")
             for o in c.outputs if o.get("output_type") == "execute_result"]
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
    assert ".ipynb" not in page and "from gdcourse.exercises.reference import score" not in student_text


def _student_copy(tmp_path, name):
    (path,) = [p for p in write_student_notebooks(BOOK, tmp_path / f"_{name}") if p.name.startswith("01_")]
    return nbformat.read(path, as_version=4)


def _set_body(nb, function, body):
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.source.startswith(f"def {function}("):
            cell.source = cell.source.replace("    # YOUR CODE HERE\n    raise NotImplementedError()", body)
            return
    raise AssertionError(f"no exercise cell defines {function}")


def _read(path):
    with path.open(newline="") as f:
        return list(csv.DictReader(f))


def test_grading_a_folder_from_the_command_line(tmp_path, capsys):
    subs = tmp_path / "submissions"
    (subs / "alice").mkdir(parents=True)
    nbformat.write(nbformat.read(BOOK / "01_gradient_descent.ipynb", as_version=4),
                   subs / "alice" / "01_gradient_descent.ipynb")
    nbformat.write(nbformat.read(BOOK / "02_learning_rate.ipynb", as_version=4), subs / "alice" / "02_learning_rate.ipynb")
    nbformat.write(_student_copy(tmp_path, "blank"), subs / "01_blank.ipynb")

    partial = _student_copy(tmp_path, "partial")
    _set_body(partial, "largest_stable_lr", "    return 2 / (2 * np.mean(x**2))")
    _set_body(partial, "gd_until", "    raise ValueError('oops')")
    _set_body(partial, "epochs_to_tolerance", "    return 78")                        # a constant: no hidden case
    partial.cells.insert(3, nbformat.v4.new_code_cell("undefined_name + 1"))
    partial.cells = [c for c in partial.cells if not c.source.startswith("def seed_fixed_points")]
    nbformat.write(partial, subs / "01_partial.ipynb")

    assert main(["grade", str(subs), "--book", str(BOOK), "--out", str(tmp_path / "grades.csv"),
                 "--timeout", "30", "-j", "2"]) == 0
    out = capsys.readouterr().out
    assert "alice/01_gradient_descent: 7/7 points" in out and "01_partial: 1/7 points (cell 4 raised NameError" in out
    summary = {r["student"]: r for r in _read(tmp_path / "grades_summary.csv")}
    assert {s: float(r["points"]) for s, r in summary.items()} == {
        "alice/01_gradient_descent": 7, "alice/02_learning_rate": 16, "01_blank": 0, "01_partial": 1}
    rows = {(r["student"], r["exercise"]): r for r in _read(tmp_path / "grades.csv")}
    assert rows[("01_partial", "ex01-2")]["feedback"].count("ValueError: oops") == 13
    assert rows[("01_partial", "ex01-3")]["status"] == "not attempted"
    assert rows[("01_partial", "ex01-4")]["feedback"].startswith("0/4 hidden cases pass (1/1 public)")
    assert rows[("01_blank", "ex01-1")]["status"] == "not attempted"
    wide = _read(tmp_path / "grades_wide.csv")
    assert [r["student"] for r in wide] == ["01_blank", "01_partial", "alice"]
    alice = wide[2]
    assert alice["total"] == "23" and alice["ex01-2"] == "4" and alice["ex02-3"] == "4"
    assert wide[0]["ex02-1"] == ""

    # a second run skips what it graded; --force grades again
    assert main(["grade", str(subs), "--book", str(BOOK), "--out", str(tmp_path / "grades.csv")]) == 0
    assert capsys.readouterr().out.count("already graded") == 4
    assert {r["student"]: r["points"] for r in _read(tmp_path / "grades_summary.csv")} == {
        s: r["points"] for s, r in summary.items()}
    nbformat.write(_student_copy(tmp_path, "changed"), subs / "01_partial.ipynb")
    assert main(["grade", str(subs), "--book", str(BOOK), "--out", str(tmp_path / "grades.csv"), "--force"]) == 0
    out = capsys.readouterr().out
    assert "already graded" not in out and "01_partial: 0/7 points" in out


def test_grade_refuses_bad_arguments(tmp_path, capsys):
    assert main(["grade", str(tmp_path / "missing"), "--book", str(BOOK)]) == 2
    assert "no folder of submissions" in capsys.readouterr().err
    assert main(["grade", str(tmp_path), "--book", str(tmp_path)]) == 2
    assert "no chapter notebooks" in capsys.readouterr().err
    assert main(["grade", str(tmp_path), "--book", str(BOOK), "-j", "0"]) == 2
