"""The student edition: placeholders in, solutions out; nbgrader metadata; output folders it may delete."""
import os
import re
import zipfile
from pathlib import Path

import nbformat
import pytest

from gdcourse.__main__ import main
from gdcourse.editions import chapters, strip_code, strip_markdown, strip_notebook, write_student_notebooks
from gdcourse.exercises import lookup
from gdcourse.exercises.core import all_labels
from gdcourse.outdir import MARKER, prepare_output
from gdcourse.student_edition import build_wheel, write_student_package

from solution_text import found, probes

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION", "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")


def test_strip_code_keeps_indentation_and_drops_hidden_tests():
    src = ("def f(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION\n\n"
           "### BEGIN HIDDEN TESTS\nassert f(1) == 2\n### END HIDDEN TESTS\ncheck('ex01-1', f)")
    assert strip_code(src) == ("def f(x):\n    # YOUR CODE HERE\n    raise NotImplementedError()\n\n"
                               "check('ex01-1', f)")
    with pytest.raises(ValueError, match="never closes"):
        strip_code("### BEGIN SOLUTION\nx = 1")


def test_strip_markdown_removes_both_fence_styles():
    src = ("Intro.\n\n```{exercise} T\n:label: ex01-1\n\nDo it.\n```\n\n```{solution} ex01-1\n:class: dropdown\n\n"
           "Secret answer.\n```\n\n::::{solution} ex01-2\nColon secret.\n::::\n\nOutro.")
    out = strip_markdown(src)
    assert "Secret" not in out and "Colon secret" not in out
    assert "Do it." in out and out.endswith("Outro.")
    with pytest.raises(ValueError, match="never closed"):
        strip_markdown("```{solution} ex01-1\nopen")


@pytest.mark.parametrize("path", chapters(BOOK), ids=lambda p: p.name)
def test_student_notebook_has_no_solution_text(path, tmp_path):
    student = tmp_path / path.name
    nbformat.write(strip_notebook(nbformat.read(path, as_version=4)), student)
    nb = nbformat.read(student, as_version=4)
    text = "\n".join(c.source for c in nb.cells)
    leaks = [p for p in probes(BOOK)[path.name] if found(p, text)]
    assert probes(BOOK)[path.name], "the search found nothing to look for: the probe extraction is broken"
    assert not leaks, f"solution text left in the student copy: {leaks[:3]}"
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
    assert "raise NotImplementedError()" in text and "exercises.reference" not in text and "HIDDEN TESTS" not in text


@pytest.mark.parametrize("path", chapters(BOOK), ids=lambda p: p.name)
def test_instructor_notebook_earns_full_points_in_every_test_cell(path):
    nb = nbformat.read(path, as_version=4)
    graded = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert len(graded) >= 2, "a chapter has at least two auto-checked exercises"
    for cell in graded:
        results = [o["data"]["text/plain"] for o in cell.outputs if o.get("output_type") == "execute_result"]
        assert results == [f"{float(cell.metadata.nbgrader.points)}"], (cell.metadata.nbgrader.grade_id, results)


@pytest.mark.parametrize("path", chapters(BOOK), ids=lambda p: p.name)
def test_nbgrader_cells(path):
    """Each auto-checked exercise: a solution cell, then a locked test cell with points and grade_id = label."""
    nb = nbformat.read(path, as_version=4)
    chapter = path.name[:2]
    ids = []
    for i, cell in enumerate(nb.cells):
        meta = cell.metadata.get("nbgrader")
        has_markers = any(m in cell.source for m in MARKERS)
        if cell.cell_type == "markdown":
            assert not has_markers and meta is None, f"markdown cell {i} names an nbgrader marker"
            continue
        if "### BEGIN SOLUTION" in cell.source:
            assert meta == {"grade": False, "solution": True, "locked": False, "task": False, "schema_version": 3,
                            "grade_id": meta["grade_id"]}, meta
            test = nb.cells[i + 1].metadata.get("nbgrader", {})
            assert meta["grade_id"] == test.get("grade_id", "") + "-answer", "the test cell follows its solution cell"
        elif meta is not None:
            label = meta["grade_id"]
            assert meta == {"grade": True, "solution": False, "locked": True, "task": False, "schema_version": 3,
                            "grade_id": label, "points": lookup(label).points}, meta
            assert re.search(rf'^check\("{label}", \w+\)$', cell.source, re.M)
            assert f'score("{label}", ' in cell.source and "### BEGIN HIDDEN TESTS" in cell.source
        else:
            assert not has_markers and not re.search(r"^check\(", cell.source, re.M), f"cell {i} needs nbgrader metadata"
        if meta is not None:
            ids.append(meta["grade_id"])
    assert len(ids) == len(set(ids))
    labels = [label for label in all_labels() if label[2:4] == chapter]
    assert sorted(i for i in ids if not i.endswith("-answer")) == labels


def test_write_student_notebooks_refuses_to_overwrite_the_book():
    with pytest.raises(ValueError, match="another folder"):
        write_student_notebooks(BOOK, BOOK)
    with pytest.raises(FileNotFoundError):
        write_student_notebooks(BOOK / "missing", BOOK.parent / "_build" / "x")


# -- the student edition of the package ----------------------------------------------------------------

def _reference_lines():
    """Lines of code that only the instructor half of the exercises holds."""
    lines = set()
    for path in (ROOT / "gdcourse" / "exercises" / "reference").glob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            s = line.strip()
            if len(s) >= 25 and not s.startswith(("#", '"""', "from ", "import ")):
                lines.add(s)
    public = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "gdcourse").rglob("*.py")
                       if "reference" not in p.parts)
    return {s for s in lines if s not in public}


def test_student_package_and_wheel_hold_no_reference(tmp_path):
    project = write_student_package(tmp_path / "pkg")
    wheel = build_wheel(project, tmp_path)
    names = zipfile.ZipFile(wheel).namelist()
    assert "gdcourse/exercises/ch01.py" in names and "gdcourse/exercises/public_expected.json" in names
    assert not any("reference" in n or n.endswith(("grading.py", "editions.py", "__main__.py")) for n in names)
    assert not any(n.startswith("gdcourse/grader/") for n in names)
    text = "\n".join(zipfile.ZipFile(wheel).read(n).decode("utf-8", "replace") for n in names)
    probes_ = _reference_lines()
    assert len(probes_) > 50
    assert not [p for p in probes_ if p in text]


def test_prepare_output_refuses_what_it_did_not_make(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    repo = tmp_path / "home" / "repo"
    (repo / "book").mkdir(parents=True)
    for out, why in [(Path("/"), "root of the file system"), (tmp_path / "home", "home folder"),
                     (tmp_path, "home folder"), (repo, "contains"), (repo / "book" / "x", "inside")]:
        with pytest.raises(ValueError, match=why):
            prepare_output(out, protect=[repo], keep_out_of=[repo / "book"], made_by="test")
    mine = tmp_path / "other"
    mine.mkdir()
    (mine / "notes.txt").write_text("precious")
    with pytest.raises(ValueError, match="was not made by test"):
        prepare_output(mine, protect=[repo], made_by="test")
    assert (mine / "notes.txt").read_text() == "precious"
    (mine / "notes.txt").unlink()
    made = prepare_output(mine, protect=[repo], made_by="test")   # empty: taken and marked
    (made / "old.txt").write_text("from an earlier build")
    again = prepare_output(mine, protect=[repo], made_by="test")  # marked: emptied and rebuilt
    assert sorted(p.name for p in again.iterdir()) == [MARKER]


def test_student_command_out_dotdot_leaves_everything(tmp_path, monkeypatch, capsys):
    repo = tmp_path / "repo"
    (repo / "book").mkdir(parents=True)
    nb = nbformat.read(BOOK / "01_gradient_descent.ipynb", as_version=4)
    nbformat.write(nb, repo / "book" / "01_gradient_descent.ipynb")
    (tmp_path / "keep.txt").write_text("keep me")
    before = sorted(str(p) for p in tmp_path.rglob("*"))
    monkeypatch.chdir(repo)
    assert main(["student", "--book", "book", "--out", ".."]) == 2
    assert "refusing" in capsys.readouterr().err
    assert main(["student", "--book", "book", "--out", "."]) == 2
    assert main(["student", "--book", "book", "--out", "book"]) == 2
    assert sorted(str(p) for p in tmp_path.rglob("*")) == before
    assert main(["student", "--book", "book", "--out", "student"]) == 0
    out = repo / "student"
    assert (out / MARKER).is_file() and (out / "01_gradient_descent.ipynb").is_file()
    assert (out / "gdcourse-student" / "pyproject.toml").is_file()
    assert list(out.glob("gdcourse-*-py3-none-any.whl")) and (out / "requirements.txt").is_file()
    assert main(["student", "--book", "book", "--out", "student"]) == 0   # its own folder: rebuilt
    os.remove(out / MARKER)
    assert main(["student", "--book", "book", "--out", "student"]) == 2   # no mark: left alone


def test_student_site_refuses_the_repository_and_unmarked_folders(tmp_path, monkeypatch, capsys):
    from gdcourse.editions import build_student_site
    repo = tmp_path / "repo"
    (repo / "book").mkdir(parents=True)
    (repo / "_config.yml").write_text("title: x\n")
    for out in (tmp_path, repo, repo / "book" / "site"):
        with pytest.raises(ValueError, match="refusing"):
            build_student_site(repo, out)
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("someone else's")
    with pytest.raises(ValueError, match="not made by gdcourse student-site"):
        build_student_site(repo, tmp_path / "site")
    assert (tmp_path / "site" / "index.html").read_text() == "someone else's"
