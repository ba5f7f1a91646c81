"""check / hint / solution on right, wrong, partial, raising, NaN, endless and untouched answers."""
import time

import numpy as np
import pytest

import gdcourse as gd
from gdcourse.exercises import ch01


def test_right_answers_get_full_marks():
    for label, answer in [("ex01-1", ch01.largest_stable_lr), ("ex01-1", 2 / 15), ("ex01-2", ch01.gd_until),
                          ("ex01-3", [2.0, 0.0]), ("ex01-4", 78), ("ex01-4", np.int64(78))]:
        result = gd.check(label, answer)
        assert (result.status, result.points) == ("correct", result.max_points), (label, result)


def test_wrong_value_says_what_was_expected():
    result = gd.check("ex01-4", 77)
    assert result.status == "incorrect" and result.points == 0
    assert "got 77, expected 78" in repr(result)


def test_partial_credit_per_case():
    def off_by_one(x, y, w0, lr, tol, max_epochs):
        w, epochs = ch01.gd_until(x, y, w0, lr, tol, max_epochs)
        return w, epochs + (epochs < max_epochs)  # wrong count whenever the tolerance fires

    result = gd.check("ex01-2", off_by_one)
    assert result.status == "partly correct"
    assert result.points == 1 and result.max_points == 4
    assert repr(result).splitlines()[0] == "[ex01-2] gradient descent with a stopping rule: partly correct, 1/4 points"


def test_raising_code_gets_feedback_not_a_traceback():
    def broken(x, y, w0, lr, tol, max_epochs):
        return w0 / 0

    result = gd.check("ex01-2", broken)
    text = repr(result)
    assert result.points == 0 and "ZeroDivisionError: float division by zero" in text
    assert "of `broken`" in text and "Traceback" not in text


def test_nan_and_wrong_shape_and_wrong_type():
    assert "NaN" in repr(gd.check("ex01-2", lambda *args: (np.nan, 3)))
    assert "shape (3,), expected shape (2,)" in repr(gd.check("ex01-2", lambda *args: (1.0, 2, 3)))
    assert "not a number" in repr(gd.check("ex01-2", lambda *args: {"w": 2}))
    assert "str" in repr(gd.check("ex01-4", "78"))
    assert "asks for a function" in repr(gd.check("ex01-2", 2.0))


def test_student_numpy_warnings_are_silenced():
    with np.errstate(all="raise"):
        result = gd.check("ex01-4", lambda: np.log(0.0))
    assert result.points == 0 and "infinity" in repr(result)


def test_endless_loop_is_stopped():
    def endless(x, y, w0, lr, tol, max_epochs):
        while True:
            pass

    start = time.perf_counter()
    result = gd.check("ex01-2", endless)
    assert time.perf_counter() - start < 5
    assert result.points == 0 and "still running after 2 s" in repr(result)
    assert "remaining cases were skipped" in repr(result)


def test_placeholders_count_as_not_attempted():
    def untouched(*args):
        raise NotImplementedError()

    for answer in (None, ..., untouched):
        result = gd.check("ex01-2", answer)
        assert result.status == "not attempted" and result.points == 0
    assert gd.check("ex01-1", untouched).status == "not attempted"


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
    out = capsys.readouterr().out
    assert "def gd_until" in out
    with pytest.raises(ValueError, match="level"):
        gd.hint("ex01-1", level=0)


def test_word_answers():
    def words(H):
        return " Saddle "

    result = gd.check("ex03-1", words)
    assert 0 < result.points < result.max_points  # right on the saddles only, whatever the case
    assert "got 'Saddle', expected 'minimum'" in repr(result)
    assert "expected a word" in repr(gd.check("ex03-1", lambda H: 1.0))
