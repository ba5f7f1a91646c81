"""`gdcourse student --out DIR` holds no reference code, no hidden case and no hidden expected output.

The search runs over every file the command writes (notebooks, the package folder, requirements, and
every file inside the wheel), and, as a control, over the instructor edition, where it must find them.
"""
import json
import zipfile
from pathlib import Path

import numpy as np
import pytest

from gdcourse.__main__ import main
from gdcourse.exercises import lookup
from gdcourse.exercises.core import all_labels
from gdcourse.exercises.reference import expected, solution_of

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "gdcourse"


def _public_text():
    """What the student edition may show: the public modules, the stored public outputs, and the chapters'
    text outside solution blocks (function signatures, the chapters' own numbers)."""
    import nbformat
    from solution_text import _split
    parts = [p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*") if p.suffix in (".py", ".json")
             and "reference" not in p.parts]
    for path in sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb")):
        parts += _split(nbformat.read(path, as_version=4))[1]
    return "\n".join(parts)


def reference_code():
    """Lines of the reference modules that nothing public holds."""
    public = _public_text()
    lines = set()
    for path in (PACKAGE / "exercises" / "reference").glob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            s = line.strip()
            if len(s) >= 20 and not s.startswith(("#", "from ", "import ", '"""')) and s not in public:
                lines.add(s)
    return lines


def hidden_notes():
    """The descriptions of the hidden cases (those no public case shares)."""
    public = _public_text()
    return {c.note for label in all_labels() for c in solution_of(label).hidden if len(c.note) >= 12
            and c.note not in public}


def hidden_cases():
    """The text forms a hidden case could take in a file: its arguments (repr, JSON) and its note."""
    public = _public_text()
    probes = set(hidden_notes())
    for label in all_labels():
        for case in solution_of(label).hidden:
            probes |= {t for t in (repr(case.args), json.dumps(list(case.args))) if len(t) >= 16 and t not in public}
    return probes


def hidden_outputs():
    """Distinctive numbers among the hidden cases' expected outputs (8 characters or more, not public)."""
    public = _public_text()
    probes = set()
    for label in all_labels():
        n = len(lookup(label).cases)
        for v in np.ravel(np.asarray(expected(label)[n:], dtype=object)).tolist():
            for x in (v if isinstance(v, list) else [v]):
                if isinstance(x, float):
                    probes |= {t for t in (repr(x), f"{x:.10g}") if len(t) >= 8 and t not in public}
    return probes


def corpus(folder: Path) -> str:
    parts = []
    for path in sorted(folder.rglob("*")):
        if path.suffix == ".whl":
            with zipfile.ZipFile(path) as zf:
                parts += [zf.read(name).decode("utf-8", "replace") for name in zf.namelist()]
        elif path.is_file():
            parts.append(path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(parts)


@pytest.fixture(scope="module")
def student_text(tmp_path_factory):
    out = tmp_path_factory.mktemp("edition") / "student"
    assert main(["student", "--book", str(ROOT / "book"), "--out", str(out)]) == 0
    return corpus(out)


def test_the_search_finds_them_where_they_are():
    """Control: the reference code and hidden notes are in the instructor's modules, the hidden outputs in a
    dump of the reference results; the probes are many and distinctive."""
    text = corpus(PACKAGE)
    for probes in (reference_code(), hidden_notes()):
        assert len(probes) > 20
        assert all(p in text for p in probes), [p for p in probes if p not in text][:5]
    dump = json.dumps({label: expected(label) for label in all_labels()})
    outputs = hidden_outputs()
    assert len(outputs) > 50 and sum(p in dump for p in outputs) >= 0.5 * len(outputs)   # the repr forms


@pytest.mark.parametrize("kind", ["reference code", "hidden cases", "hidden outputs"])
def test_student_edition_holds_none_of_it(student_text, kind):
    probes = {"reference code": reference_code, "hidden cases": hidden_cases, "hidden outputs": hidden_outputs}[kind]()
    leaks = sorted(p for p in probes if p in student_text)
    assert not leaks, f"{kind} in the student edition: {leaks[:5]}"


def test_student_edition_is_installable_as_a_wheel(tmp_path):
    out = tmp_path / "student"
    assert main(["student", "--book", str(ROOT / "book"), "--out", str(out)]) == 0
    (wheel,) = out.glob("gdcourse-*-py3-none-any.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        record = zf.read(next(n for n in names if n.endswith("RECORD"))).decode()
    assert all(name in record for name in names)
    assert "Requires-Dist: numpy" in zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("METADATA"))).decode()
    assert f"./{wheel.name}" in (out / "requirements.txt").read_text()
