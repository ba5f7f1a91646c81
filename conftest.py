"""nbval, extended to the numbers quoted in the text.

A chapter quotes a computed number as an inline expression, ``{eval}`name```, and stores its value in
the markdown cell's metadata (``user_expressions``, written by ``tools/execute_notebooks.py``; JupyterLab
shows it from there). nbval compares code cells' outputs only, so after each code cell passes, this
hook evaluates the expressions of the markdown cells that follow it, in the same kernel (exactly what
the site's build and JupyterLab evaluate there), and fails that cell's test if a stored value differs
or an expression fails. A value computed in a cell tagged ``nbval-ignore-output`` (a timing) is
evaluated but not compared, as nbval does not compare that cell's outputs.
"""
from __future__ import annotations

import ast
import functools
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "tools"))
from inline_values import METADATA_KEY, evaluate, expressions, failures  # noqa: E402


@functools.lru_cache(maxsize=None)
def _volatile_names(path: str) -> frozenset[str]:
    """Names assigned at top level in the chapter's cells tagged nbval-ignore-output."""
    import nbformat
    names: set[str] = set()
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "code" and "nbval-ignore-output" in cell.metadata.get("tags", []):
            try:
                tree = ast.parse(cell.source)
            except SyntaxError:
                continue
            for node in tree.body:
                if isinstance(node, ast.Assign):
                    names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return frozenset(names)


def _following_markdown(item) -> list[tuple[int, object]]:
    cells = item.parent.nb.cells
    index = next(i for i, c in enumerate(cells) if c is item.cell)
    found = []
    for j in range(index + 1, len(cells)):
        if cells[j].cell_type == "code":
            break
        if cells[j].cell_type == "markdown":
            found.append((j, cells[j]))
    return found


def _check_inline_values(item) -> None:
    problems = []
    volatile = _volatile_names(str(item.fspath))
    for index, cell in _following_markdown(item):
        exprs = expressions(cell.source)
        stored = cell.metadata.get(METADATA_KEY)
        if not exprs:
            if stored:
                problems.append(f"markdown cell {index} stores inline values but has no {{eval}} expression")
            continue
        fresh = evaluate(item.parent.kernel.kc, exprs, timeout=item.config.option.nbval_cell_timeout)
        problems += [f"markdown cell {index}: {msg}" for msg in failures(fresh)]
        if stored is None or [e.get("expression") for e in stored] != exprs:
            problems.append(f"markdown cell {index}: its stored inline values do not match its expressions {exprs}")
            continue
        for new, old in zip(fresh, stored):
            if new["expression"] in volatile or new["result"].get("status") != "ok":
                continue
            now, then = new["result"]["data"].get("text/plain"), old["result"].get("data", {}).get("text/plain")
            if now != then:
                problems.append(f"markdown cell {index}: {{eval}}`{new['expression']}` is {now} here, "
                                f"but the notebook stores {then}")
    if problems:
        raise AssertionError("numbers quoted in the text after this cell:\n  " + "\n  ".join(problems) +
                             "\n(re-execute the chapter with tools/execute_notebooks.py to store the new values)")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield
    if type(item).__name__ == "IPyNbCell" and getattr(item.parent, "kernel", None) is not None:
        _check_inline_values(item)
    return result
