"""check / hint / solution on right, wrong, partial, raising, NaN, endless, hostile and untouched answers."""
import json
import time

import numpy as np
import pytest

import gdcourse as gd
from gdcourse.exercises import lookup
from gdcourse.exercises.core import all_labels, public_expected
from gdcourse.exercises.reference import expected, solution_of, write_public_expected
from gdcourse.exercises.reference.ch01 import gd_until


def _digits(value):
    """The ways a number could be printed in feedback."""
    return {d for d in (f"{value:.6g}", f"{value:.10g}", repr(float(value))) if len(d) >= 5}


def test_right_answers_pass_every_public_case():
    for label in all_labels():
        result = gd.check(label, solution_of(label).reference)
        assert (result.status, result.passed) == ("correct", result.total), result


def test_wrong_answer_feedback_never_shows_the_expected_value():
    result = gd.check("ex01-4", lambda x, y, w0, lr, tol: 77)
    text = repr(result)
    assert result.status == "incorrect" and "78" not in text
    assert "your output 77 is too small by 1-10 %" in text
    result = gd.check("ex01-1", lambda x: 0.1)
    assert "too small by 10-50 %" in repr(result) and "0.1333" not in repr(result)
    for label in all_labels():   # a zero answer: no public expected number appears in the feedback
        text = repr(gd.check(label, lambda *args: 0.0))
        for value in np.ravel(np.asarray(public_expected(label), dtype=object)):
            if isinstance(value, float) and abs(value) > 1e-3 and value not in (1.0, 2.0):
                assert not any(d in text for d in _digits(value)), (label, value, text)


def test_partial_credit_names_the_failing_case_and_the_wrong_entry():
    def off_by_one(x, y, w0, lr, tol, max_epochs):
        w, epochs = gd_until(x, y, w0, lr, tol, max_epochs)
        return w, epochs + (epochs < max_epochs)   # wrong count whenever the tolerance fires

    result = gd.check("ex01-2", off_by_one)
    assert result.status == "partly correct" and (result.passed, result.total) == (1, 5)
    assert repr(result).splitlines()[0] == "[ex01-2] gradient descent with a stopping rule: partly correct, 1/5 public cases"
    assert "entry [1] is too large" in repr(result)


def test_testing_after_the_update_fails_a_public_case():
    from test_exercise_audit import _gd_test_after_update   # the audit's near-miss, reused

    assert gd.check("ex01-2", _gd_test_after_update).status == "partly correct"


def test_raising_code_gets_feedback_not_a_traceback():
    def broken(x, y, w0, lr, tol, max_epochs):
        return w0 / 0

    text = repr(gd.check("ex01-2", broken))
    assert "ZeroDivisionError: float division by zero" in text
    assert "of `broken`" in text and "Traceback" not in text


class Hostile:
    """An answer whose conversion to a number raises."""

    def __float__(self):
        raise RuntimeError("no float for you")

    def __array__(self, *args, **kwargs):
        raise RuntimeError("no array either")


class Quitter:
    def __float__(self):
        raise SystemExit(1)

    __array__ = __float__


def test_hostile_outputs_get_feedback():
    for answer in (Hostile(), Quitter()):
        result = gd.check("ex01-1", lambda x, a=answer: a)
        assert result.status == "incorrect" and "cannot be read as numbers" in repr(result), result
    assert "NaN" in repr(gd.check("ex01-2", lambda *args: (np.nan, 3)))
    assert "shape (3,), but shape (2,)" in repr(gd.check("ex01-2", lambda *args: (1.0, 2, 3)))
    assert "not a number" in repr(gd.check("ex01-2", lambda *args: {"w": 2}))
    assert "far more" in repr(gd.check("ex01-1", lambda x: np.zeros(200_000)))
    assert "asks for a function, largest_stable_lr(x)" in repr(gd.check("ex01-1", 2 / 15))


def test_exits_and_kills_inside_the_answer_are_contained():
    import os
    import sys
    assert "ended the process" in repr(gd.check("ex01-1", lambda x: os._exit(3)))
    assert "raised SystemExit" in repr(gd.check("ex01-1", lambda x: sys.exit(2)))
    assert "ended the process" in repr(gd.check("ex01-1", lambda x: os.kill(os.getpid(), 9)))


def test_printing_is_shown_and_numpy_warnings_are_silenced():
    def chatty(x):
        print("hello from the answer")
        return np.log(0.0)

    with np.errstate(all="raise"):
        result = gd.check("ex01-1", chatty)
    assert "it printed: hello from the answer" in repr(result) and "infinity" in repr(result)


@pytest.mark.parametrize("style", ["bare", "base"])
def test_endless_loops_are_stopped_even_when_they_swallow_everything(style):
    handler = "except:" if style == "bare" else "except BaseException:"
    namespace = {}
    exec(f"def endless(x):\n    while True:\n        try:\n            while True:\n                pass\n"
         f"        {handler}\n            pass\n", namespace)
    start = time.perf_counter()
    result = gd.check("ex01-1", namespace["endless"])
    assert time.perf_counter() - start < 6
    assert "still running after 2 s" in repr(result) and "not run (earlier cases" in repr(result)


def test_placeholders_count_as_not_attempted():
    def untouched(*args):
        raise NotImplementedError()

    for answer in (None, ..., untouched):
        result = gd.check("ex01-2", answer)
        assert result.status == "not attempted" and result.passed == 0


def test_unknown_label_is_a_clear_error():
    with pytest.raises(ValueError, match="known in that chapter: ex01-1"):
        gd.check("ex01-99", 1.0)
    with pytest.raises(ValueError, match="Labels look like"):
        gd.check("chapter one", 1.0)
    with pytest.raises(TypeError, match="string"):
        gd.check(1, 1.0)


def test_hint_and_solution_print(capsys):
    gd.hint("ex01-1", level=2)
    out = capsys.readouterr().out
    assert "hint 1/2" in out and "hint 2/2" in out
    gd.solution("ex01-2")
    assert "def gd_until" in capsys.readouterr().out
    with pytest.raises(ValueError, match="level"):
        gd.hint("ex01-1", level=0)


def test_word_answers():
    result = gd.check("ex03-1", lambda H: " Saddle ")
    assert 0 < result.passed < result.total
    assert "'saddle' is not the right word here" in repr(result) and "minimum" in repr(result)
    assert "not a word" in repr(gd.check("ex03-1", lambda H: 1.0))


def _same(stored, computed, ex):
    if ex.words:
        return stored == computed
    a, b = np.asarray(stored, dtype=float), np.asarray(computed, dtype=float)
    # a tenth of the check's own tolerance: the stored outputs may differ in the last bits on another CPU
    return a.shape == b.shape and np.allclose(a, b, rtol=ex.rtol / 10, atol=ex.atol / 10)


def test_stored_public_outputs_match_the_references():
    for label in all_labels():
        ex = lookup(label)
        stored, computed = public_expected(label), expected(label)[:len(ex.cases)]
        assert len(stored) == len(computed) and all(_same(s, c, ex) for s, c in zip(stored, computed)), label


def test_exercise_points_match_the_notebooks_nbgrader_cells():
    import nbformat
    from gdcourse.editions import chapters
    from pathlib import Path
    points = {}
    for path in chapters(Path(__file__).resolve().parents[1] / "book"):
        for cell in nbformat.read(path, as_version=4).cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("grade"):
                points[meta["grade_id"]] = meta["points"]
    assert points == {label: lookup(label).points for label in all_labels()}


def test_write_public_expected_rewrites_the_stored_outputs(tmp_path, monkeypatch):
    from gdcourse.exercises import core
    target = tmp_path / "public_expected.json"
    monkeypatch.setattr("gdcourse.exercises.reference._EXPECTED_FILE", target)
    write_public_expected()
    written, stored = json.loads(target.read_text()), json.loads(core._EXPECTED_FILE.read_text())
    assert written.keys() == stored.keys()
    assert all(_same(stored[k][i], written[k][i], lookup(k)) for k in stored for i in range(len(stored[k])))


def test_without_fork_a_thread_is_abandoned_at_the_limit():
    from gdcourse.exercises import isolate
    ex = lookup("ex01-1")
    outcomes, why = isolate._thread_run(lambda x: time.sleep(1.5), ex, [c.args for c in ex.cases], 0.3)
    assert (outcomes, why) == ([], "timeout")
    outcomes, why = isolate._thread_run(lambda x: 1 / np.mean(x**2), ex, [c.args for c in ex.cases], 2.0)
    assert why == "" and [o["value"] for o in outcomes] == public_expected("ex01-1")
