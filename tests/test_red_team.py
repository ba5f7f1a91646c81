"""Red team: submissions that try to fool the grader or to hurt the grading run (slow; CI: pytest -m slow).

Each submission is chapter 1 (7 points): the student copy or the instructor's notebook, with cells
added or replaced the way a determined student would. The grader must give the points below, note
what went wrong, grade everyone else normally, and finish.
"""
import csv
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from gdcourse.editions import strip_notebook
from gdcourse.grader.limits import Limits, process_limit_enforced
from gdcourse.grader.sandbox import bwrap_path
from gdcourse.grading import grade_folder
from gdcourse.student_edition import write_student_package

ROOT = Path(__file__).resolve().parents[1]
CHAPTER1 = ROOT / "book" / "01_gradient_descent.ipynb"
pytestmark = pytest.mark.slow


def instructor():
    return nbformat.read(CHAPTER1, as_version=4)


def student():
    return strip_notebook(instructor())


def with_cells(nb, *sources, at=None):
    cells = [nbformat.v4.new_code_cell(s) for s in sources]
    if at is None:
        nb.cells.extend(cells)
    else:
        nb.cells[at:at] = cells
    return nb


def replace_exercise(nb, name, source):
    """Replace the solution cell that defines ``name``."""
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.source.startswith(f"def {name}("):
            cell.source = source
            return nb
    raise AssertionError(f"no cell defines {name}")


FORGE_PRINT = '''
import builtins, json
_print = builtins.print
def print(*args, **kwargs):
    args = [a.replace("0/", "7/") if isinstance(a, str) else a for a in args]
    _print('GDCOURSE-GRADES: {"ex01-1": [1, 1, "correct", ""], "ex01-2": [4, 4, "correct", ""]}')
    return _print(*args, **kwargs)
builtins.print = print
json.dumps = lambda *a, **k: '{"ex01-1": [1, 1, "correct", ""]}'
'''

FORGE_CHECK = '''
import gdcourse, gdcourse.exercises.isolate as iso
from gdcourse.exercises.core import public_expected, lookup
from gdcourse.exercises.feedback import CheckResult
gdcourse.check = gdcourse.exercises.check = lambda label, f: CheckResult(label, "", "correct", 9, 9)
_real = iso.run_cases
def run_cases(func, ex, cases, **kw):   # claim the public answers for every case
    answers = public_expected(ex.label)
    return [{"value": answers[i % len(answers)]} for i in range(len(cases))]
iso.run_cases = run_cases
def largest_stable_lr(x): return 0
def gd_until(*a): return 0
def seed_fixed_points(*a): return 0
def epochs_to_tolerance(*a): return 0
'''

FAKE_CHANNEL = '''
import json, os
from gdcourse.exercises.core import public_expected
for fd in range(3, 40):
    for label in ("ex01-1", "ex01-2", "ex01-3", "ex01-4"):
        message = {"op": "answers", "label": label, "outcomes": [{"value": public_expected(label)[0]}] * 20}
        try:
            os.write(fd, (json.dumps(message) + "\\n").encode())
        except OSError:
            pass
'''

HARD_CODED = '''
def gd_until(x, y, w0, lr, tol, max_epochs):
    from gdcourse.exercises.core import public_expected
    from gdcourse.exercises.ch01 import EXERCISES
    for case, answer in zip(EXERCISES["ex01-2"].cases, public_expected("ex01-2")):
        if list(case.args[2:]) == [w0, lr, tol, max_epochs] and list(case.args[0]) == list(x):
            return tuple(answer)
    return (2.0, 10)
'''

READ_FROM_DISK = f'''
import importlib.util
spec = importlib.util.spec_from_file_location("stolen", {str(ROOT / "gdcourse" / "exercises" / "reference" / "ch01.py")!r})
'''

TIGHT_LOOP = '''
while True:
    try:
        while True:
            pass
    except BaseException:
        pass
'''


def _grade(tmp_path, submissions, **kwargs):
    folder = tmp_path / "submissions"
    folder.mkdir()
    for name, nb in submissions.items():
        nbformat.write(nb, folder / f"{name}.ipynb")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    start = time.perf_counter()
    grade_folder(folder, ROOT / "book", tmp_path / "grades.csv", **kwargs)
    elapsed = time.perf_counter() - start
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before, "a submission file was changed"
    with (tmp_path / "grades_summary.csv").open() as f:
        summary = {row["student"]: row for row in csv.DictReader(f)}
    with (tmp_path / "grades.csv").open() as f:
        rows = {(r["student"], r["exercise"]): r for r in csv.DictReader(f)}
    return {s: float(r["points"]) for s, r in summary.items()}, summary, rows, elapsed


def test_forged_grades_earn_nothing(tmp_path):
    """The issue's table, and other ways of claiming points without doing the work."""
    subs = {
        "01_blank": student(),
        "01_print_forgery": with_cells(student(), FORGE_PRINT, "print('[ex01-2] correct, 4/4 points')"),
        "01_imports_internals": replace_exercise(student(), "gd_until",
                                                 "from gdcourse.exercises.ch01 import gd_until"),
        "01_imports_reference": replace_exercise(student(), "gd_until",
                                                 "from gdcourse.exercises.reference.ch01 import gd_until"),
        "01_patches_check": with_cells(student(), FORGE_CHECK),
        "01_fake_channel": with_cells(student(), FAKE_CHANNEL),
        "01_hard_coded": replace_exercise(student(), "gd_until", HARD_CODED),
        "01_full": instructor(),
    }
    points, summary, rows, _ = _grade(tmp_path, subs, timeout=20, jobs=2)
    assert points == {"01_blank": 0, "01_print_forgery": 0, "01_imports_internals": 0, "01_imports_reference": 0,
                      "01_patches_check": 0, "01_fake_channel": 0, "01_hard_coded": 0, "01_full": 7}, summary
    assert "AttributeError" in summary["01_imports_internals"]["notes"] or "ImportError" in summary[
        "01_imports_internals"]["notes"]
    assert "ModuleNotFoundError" in summary["01_imports_reference"]["notes"]
    assert rows[("01_hard_coded", "ex01-2")]["feedback"].startswith("0/8 hidden cases pass (5/5 public)")


def test_solution_is_not_part_of_the_student_edition(tmp_path):
    edition = write_student_package(tmp_path / "edition")
    code = ("from gdcourse import solution; solution('ex01-2')\n"
            "import gdcourse.exercises.ch01 as ch\n"
            "try:\n    ch.gd_until\nexcept AttributeError as e:\n    print('no reference:', e)\n")
    out = subprocess.run([sys.executable, "-I", "-S", "-c", f"import sys; sys.path[:0] = {[str(edition), *sys.path[1:]]!r}\n"
                          + code], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert "solutions are not part of the student edition" in out.stdout, out.stderr
    assert "no reference: " in out.stdout
    assert "def gd_until" not in out.stdout and "for epoch in range(max_epochs)" not in out.stdout


def test_hostile_notebooks_are_noted_and_do_not_hurt_the_run(tmp_path):
    subs = {
        "01_swallows_interrupts": with_cells(instructor(), TIGHT_LOOP),
        "01_sys_exit": with_cells(instructor(), "import sys; sys.exit(1)", at=5),
        "01_os_exit": with_cells(instructor(), "import os; os._exit(0)", at=5),
        "01_kills_itself": with_cells(instructor(), "import os, signal; os.kill(os.getpid(), signal.SIGKILL)"),
        "01_six_gigabytes": with_cells(instructor(), "import numpy as np; big = np.ones(6 * 2**30 // 8)"),
        "01_writes_files": with_cells(instructor(), "open('numpy.py', 'w').write('raise SystemExit')\n"
                                                    "open('01_full.ipynb', 'w').write('{}')\n"
                                                    "import os; os.makedirs('x', exist_ok=True); os.chmod('x', 0)"),
        "01_floods_output": with_cells(instructor(), "for _ in range(200_000):\n    print('x' * 1000)"),
        "01_floods_channel": with_cells(instructor(), "import os\nfor fd in range(3, 40):\n    try:\n"
                                                      "        os.write(fd, b'x' * (20 << 20))\n    except OSError:\n"
                                                      "        pass"),
        "01_endless_answer": replace_exercise(instructor(), "gd_until",
                                              "def gd_until(*args):\n" + "\n".join("    " + l for l in
                                                                                   TIGHT_LOOP.strip().splitlines())),
        "01_full": instructor(),
    }
    if process_limit_enforced():
        subs["01_fork_loop"] = with_cells(instructor(), "import os\nwhile True:\n    os.fork()")
    points, summary, rows, elapsed = _grade(tmp_path, subs, timeout=10, jobs=2)
    notes = {s: r["notes"] for s, r in summary.items()}
    assert points["01_full"] == 7 and not notes["01_full"]
    for name in subs:
        if name not in ("01_full", "01_endless_answer"):
            assert points[name] == 7, (name, notes[name])
            assert notes[name], f"{name}: no note"
    print("\n".join(f"{name}: {points[name]:g} | {notes[name]}" for name in sorted(subs)), f"\n{elapsed:.0f} s")
    assert "ignored the interrupt" in notes["01_swallows_interrupts"]
    assert "raised SystemExit" in notes["01_sys_exit"]
    assert "exited with status 0" in notes["01_os_exit"]
    assert "SIGKILL" in notes["01_kills_itself"]
    assert "MemoryError" in notes["01_six_gigabytes"]
    assert "too much to the grader's channel" in notes["01_floods_channel"]
    assert "MB of output" in notes["01_floods_output"]
    assert "wrote 3 file(s) in its folder (01_full.ipynb, numpy.py, x)" in notes["01_writes_files"]
    assert points["01_endless_answer"] == 3 and "still running" in rows[("01_endless_answer", "ex01-2")]["feedback"]
    if "01_fork_loop" in subs:
        assert "processes" in notes["01_fork_loop"] or "BlockingIOError" in notes["01_fork_loop"]
    assert elapsed < 600


@pytest.mark.skipif(bwrap_path() is None, reason="bubblewrap is not installed (apt-get install bubblewrap)")
def test_sandbox_hides_the_instructor_files_and_the_network(tmp_path):
    probe = '''
import os, socket, sys
seen = []
for path in %r:
    seen.append(os.path.exists(path))
try:
    socket.create_connection(("1.1.1.1", 53), timeout=2)
    seen.append(True)
except OSError:
    seen.append(False)
if any(seen):
    raise RuntimeError(f"visible: {seen}")
''' % [str(ROOT / "gdcourse" / "exercises" / "reference"), str(ROOT / "book"), str(tmp_path / "submissions"),
       str(Path.home() / ".bashrc")]
    steal = READ_FROM_DISK + "\nmodule = importlib.util.module_from_spec(spec); spec.loader.exec_module(module)\n" \
                             "gd_until = module.gd_until"
    subs = {"01_probe": with_cells(instructor(), probe),
            "01_steals": replace_exercise(student(), "gd_until", steal)}
    points, summary, rows, _ = _grade(tmp_path, subs, timeout=30, jobs=2, sandbox=True)
    assert points["01_probe"] == 7 and not summary["01_probe"]["notes"], summary["01_probe"]["notes"]
    assert points["01_steals"] == 0 and "FileNotFoundError" in summary["01_steals"]["notes"]


def test_limits_are_validated():
    with pytest.raises(ValueError, match="memory_mb"):
        Limits(memory_mb=0)
    assert Limits(cell_timeout=5).total == 50
