"""nbgrader's own pipeline on every chapter, with points that agree with `gdcourse grade` (CI: pytest -m nbgrader).

nbgrader is installed in a virtual environment of its own (it pins its own Jupyter stack): by default
`_build/nbgrader-venv`, created on first use with `pip install -e ".[nbgrader]"` (network needed), or
the one named by GDCOURSE_NBGRADER_VENV. For each chapter: `nbgrader generate_assignment`, then
`nbgrader autograde` on three submissions (the instructor's notebook as it is, the released student
copy, and a partly right one), and `gdcourse grade` on the same files; the points must agree exercise
by exercise.
"""
import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from gdcourse.editions import chapters
from gdcourse.exercises import lookup
from gdcourse.grading import grade_folder

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
pytestmark = pytest.mark.nbgrader

NEAR_MISS = '''def gd_until(x, y, w0, lr, tol, max_epochs):
    w = w0
    for epoch in range(max_epochs):
        w = w - lr * np.mean(2 * x * (w * x - y))
        if abs(np.mean(2 * x * (w * x - y))) <= tol:   # tests after the update: an off-by-one
            return w, epoch + 1
    return w, max_epochs'''

SCORES = '''
import json, sys
from nbgrader.api import Gradebook
out = {}
with Gradebook("sqlite:///gradebook.db") as gb:
    for assignment in gb.assignments:
        for submission in gb.assignment_submissions(assignment.name):
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    out.setdefault(submission.student.id + "/" + assignment.name, {})[grade.name] = grade.score
print(json.dumps(out))
'''


@pytest.fixture(scope="module")
def nbgrader_bin():
    venv = Path(os.environ.get("GDCOURSE_NBGRADER_VENV", ROOT / "_build" / "nbgrader-venv"))
    python = venv / "bin" / "python"
    if not (venv / "bin" / "nbgrader").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "-e", f"{ROOT}[nbgrader]"], check=True, timeout=1800)
    return venv / "bin"


def _partial(nb, chapter):
    """Break the chapter's first answer (NotImplementedError); in chapter 1, also an off-by-one in ex01-2."""
    answers = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]
    first = answers[0]
    first.source = first.source.split("\n")[0] + "\n    raise NotImplementedError()"
    if chapter == "01":
        (cell,) = [c for c in answers if c.source.startswith("def gd_until(")]
        cell.source = NEAR_MISS
    return nb


@pytest.fixture(scope="module")
def course(tmp_path_factory, nbgrader_bin):
    """A course folder with every chapter generated, submitted three times and autograded."""
    course = tmp_path_factory.mktemp("course")
    (course / "nbgrader_config.py").write_text('c = get_config()\nc.CourseDirectory.course_id = "gd"\n'
                                               'c.ExecutePreprocessor.timeout = 120\n')
    env = {**os.environ, "MPLBACKEND": "Agg", "PATH": f"{nbgrader_bin}{os.pathsep}{os.environ['PATH']}"}
    for path in chapters(BOOK):
        assignment = f"ch{path.name[:2]}"
        (course / "source" / assignment).mkdir(parents=True)
        shutil.copy(path, course / "source" / assignment / path.name)
        subprocess.run([str(nbgrader_bin / "nbgrader"), "generate_assignment", assignment, "--force"], cwd=course,
                       check=True, capture_output=True, env=env)
        released = course / "release" / assignment / path.name
        submissions = {"instructor": nbformat.read(path, as_version=4), "student": nbformat.read(released, as_version=4),
                       "partial": _partial(nbformat.read(path, as_version=4), path.name[:2])}
        for student, nb in submissions.items():
            folder = course / "submitted" / student / assignment
            folder.mkdir(parents=True)
            nbformat.write(nb, folder / path.name)
        result = subprocess.run([str(nbgrader_bin / "nbgrader"), "autograde", assignment, "--force"], cwd=course,
                                capture_output=True, text=True, env=env)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    scores = subprocess.run([str(nbgrader_bin / "python"), "-c", SCORES], cwd=course, check=True, capture_output=True,
                            text=True, env=env)
    return course, json.loads(scores.stdout)


@pytest.fixture(scope="module")
def gdcourse_points(course, tmp_path_factory):
    folder, _ = course
    out = tmp_path_factory.mktemp("grades") / "grades.csv"
    grades = grade_folder(folder / "submitted", BOOK, out, timeout=60)
    points = {}
    for g in grades:
        student, assignment, _ = g.student.split("/")
        points.setdefault(f"{student}/{assignment}", {})[g.exercise] = g.points
    return points


def test_released_copy_has_no_solution_and_the_same_cells(course):
    folder, _ = course
    for path in chapters(BOOK):
        released = nbformat.read(folder / "release" / f"ch{path.name[:2]}" / path.name, as_version=4)
        text = "\n".join(c.source for c in released.cells)
        assert "### BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text and "score(" not in text
        assert text.count("raise NotImplementedError()") >= 2


@pytest.mark.parametrize("path", chapters(BOOK), ids=lambda p: p.name)
def test_nbgrader_and_gdcourse_agree(course, gdcourse_points, path):
    _, nbgrader = course
    assignment = f"ch{path.name[:2]}"
    labels = [label for label in gdcourse_points[f"instructor/{assignment}"]]
    full = {label: float(lookup(label).points) for label in labels}
    for student in ("instructor", "student", "partial"):
        ours = gdcourse_points[f"{student}/{assignment}"]
        theirs = {label: nbgrader[f"{student}/{assignment}"][label] for label in labels}
        assert theirs == pytest.approx(ours, abs=0.01), (student, theirs, ours)
    assert gdcourse_points[f"instructor/{assignment}"] == full
    assert set(gdcourse_points[f"student/{assignment}"].values()) == {0.0}
    partial = gdcourse_points[f"partial/{assignment}"]
    assert 0 < sum(partial.values()) < sum(full.values())


def test_nbgrader_export(course, nbgrader_bin):
    folder, _ = course
    env = {**os.environ, "PATH": f"{nbgrader_bin}{os.pathsep}{os.environ['PATH']}"}
    subprocess.run([str(nbgrader_bin / "nbgrader"), "export", "--to", "nbgrader-grades.csv"], cwd=folder, check=True,
                   capture_output=True, env=env)
    with (folder / "nbgrader-grades.csv").open() as f:
        rows = {(r["student_id"], r["assignment"]): float(r["score"]) for r in csv.DictReader(f)}
    assert rows[("instructor", "ch01")] == 7 and rows[("student", "ch01")] == 0 and rows[("partial", "ch01")] == 5
