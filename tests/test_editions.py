"""The student edition of the notebooks: placeholders in, solutions out (fast checks, no execution)."""
from pathlib import Path

import nbformat
import pytest

from gdcourse.editions import chapters, strip_code, strip_markdown, strip_notebook, write_student_notebooks

from solution_text import found, probes

BOOK = Path(__file__).resolve().parents[1] / "book"


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
    assert "raise NotImplementedError()" in text


@pytest.mark.parametrize("path", chapters(BOOK), ids=lambda p: p.name)
def test_instructor_notebook_passes_every_check(path):
    nb = nbformat.read(path, as_version=4)
    results = [o for c in nb.cells if c.cell_type == "code" and "check(" in c.source for o in c.outputs
               if o.get("output_type") == "execute_result"]
    heads = [o["data"]["text/plain"].splitlines()[0] for o in results]
    assert len(heads) >= 2, "a chapter has at least two auto-checked exercises"
    assert all(": correct," in h for h in heads), heads


def test_write_student_notebooks_refuses_to_overwrite_the_book():
    with pytest.raises(ValueError, match="another folder"):
        write_student_notebooks(BOOK, BOOK)
    with pytest.raises(FileNotFoundError):
        write_student_notebooks(BOOK / "missing", BOOK.parent / "_build" / "x")
