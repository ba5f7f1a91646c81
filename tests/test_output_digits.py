"""Stored outputs print no more digits than the computation holds, and no value at rounding level.

The stored outputs of the chapters are nbval's baseline on every machine. A number printed with
more than 10 significant digits, or one smaller than 1e-12, shows digits that depend on the CPU,
the BLAS kernel or the summation order, so another machine fails the comparison. This test reads
every stored output (printed text, displayed values, and the inline values the text quotes) and fails on such a number,
except in cells tagged ``seed-digits``: the cells that reproduce a seed document's printed digits,
which are exact and stable (chapter 1's table, chapter 2's three runs, chapter 6's Newton values).
Cells tagged ``nbval-ignore-output`` are not compared by nbval and are skipped here too.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

BOOK = Path(__file__).resolve().parent.parent / "book"
ALLOW_TAGS = {"seed-digits", "nbval-ignore-output"}
MAX_SIGNIFICANT = 10
MIN_EXPONENT = -12

# A decimal number: optional sign, digits with an optional fraction, an optional exponent. It must not
# be glued to a letter, a digit or a point on the left (x86, v2.1.3), nor continue into a name.
NUMBER = re.compile(r"(?<![\w.])[-+]?(?P<mantissa>\d+(?:\.\d*)?|\.\d+)(?:[eE](?P<exponent>[-+]?\d+))?(?![\w.])")


def significant_digits(mantissa: str) -> int:
    """Digits from the first non-zero one to the last one printed (trailing zeros count)."""
    digits = mantissa.replace(".", "").lstrip("0")
    if "." not in mantissa:
        digits = digits.rstrip("0") or digits   # 1000 has one significant digit, 1000.0 has five
    return len(digits)


def fragile_numbers(text: str) -> list[str]:
    """The numbers in ``text`` that show more digits than a float computation reliably holds."""
    found = []
    for m in NUMBER.finditer(text):
        mantissa, exponent = m.group("mantissa"), m.group("exponent")
        too_many = significant_digits(mantissa) > MAX_SIGNIFICANT
        too_small = exponent is not None and int(exponent) < MIN_EXPONENT and mantissa.strip("0.") != ""
        if too_many or too_small:
            found.append(m.group(0))
    return found


def output_texts(output: dict) -> list[str]:
    """Every piece of text an output shows or glues: streams, text/plain, markdown, glued records."""
    if output.get("output_type") == "stream":
        text = output.get("text", "")
        return ["".join(text) if isinstance(text, list) else text]
    texts = []
    for mime, value in output.get("data", {}).items():
        if mime.startswith("image/"):
            continue
        if isinstance(value, list):
            value = "".join(value)
        if isinstance(value, str):
            texts.append(value)
    return texts


def chapters() -> list[Path]:
    return sorted(BOOK.glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("path", chapters(), ids=lambda p: p.name)
def test_no_fragile_digits_in_stored_outputs(path: Path) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    problems = []
    code_index = -1
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        code_index += 1
        if ALLOW_TAGS & set(cell.get("metadata", {}).get("tags", [])):
            continue
        for output in cell.get("outputs", []):
            for text in output_texts(output):
                for number in fragile_numbers(text):
                    problems.append(f"code cell {code_index} (nbval 'Cell {code_index}'): {number!r}")
    seed_names = {name for cell in nb["cells"] if cell["cell_type"] == "code"    # assigned in a seed-digits cell
                  and "seed-digits" in cell.get("metadata", {}).get("tags", [])
                  for name in re.findall(r"^([A-Za-z_]\w*)\s*=", "".join(cell["source"]), re.M)}
    for index, cell in enumerate(nb["cells"]):   # the numbers quoted in the text: {eval} values, stored for JupyterLab
        if cell["cell_type"] != "markdown":
            continue
        for entry in cell.get("metadata", {}).get("user_expressions", []):
            if entry.get("expression") in seed_names:
                continue
            text = entry.get("result", {}).get("data", {}).get("text/plain", "")
            for number in fragile_numbers("".join(text) if isinstance(text, list) else text):
                problems.append(f"markdown cell {index}, {{eval}}`{entry['expression']}`: {number!r}")
    assert not problems, (
        f"{path.name} stores numbers whose digits depend on the machine (more than {MAX_SIGNIFICANT} "
        f"significant digits, or below 1e{MIN_EXPONENT}). Print fewer digits or a bound such as "
        "gd.fmt(value) -> '< 1e-12'; tag a cell 'seed-digits' only where it reproduces a seed's digits:\n"
        + "\n".join(problems))


@pytest.mark.parametrize("text, expected", [
    ("w = 1.99999991   cost = 7.94e-14", ["7.94e-14"]),
    ("x = 26.834132913", ["26.834132913"]),
    ("x = 10.0000000000", ["10.0000000000"]),
    ("w = 1.9999444396553017", ["1.9999444396553017"]),
    ("|f'(x)| = 5.0e-15, 1.049e-33", ["5.0e-15", "1.049e-33"]),
    ("61.91736422 and 0.060466176 and 1e-12 and 0.000e+00 and 2048 and 100000000000", []),
    ("x86_64, v2.10.3, item_12345678901", []),
    ("< 1e-12 and 0e-20", []),
])
def test_the_detector(text: str, expected: list[str]) -> None:
    assert fragile_numbers(text) == expected
