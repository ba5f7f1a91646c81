#!/usr/bin/env python3
"""Convert the chapters' glued numbers to inline expressions that the site and JupyterLab both show.

Usage::

    .venv/bin/python tools/glue_to_eval.py            # every chapter in book/
    .venv/bin/python tools/glue_to_eval.py --check    # exit 1 if a chapter still uses glue

``{glue:text}`name``` is myst-nb's: JupyterLab (with jupyterlab-myst) shows it raw, and ``glue()``
imports myst-nb in the student's kernel (about a second at the first call). An inline expression
``{eval}`name``` is shown by both: the site evaluates it while it executes the notebook (myst-nb's
inline execution mode), JupyterLab (jupyterlab-myst) when the student runs the markdown cell. So, in
each chapter, this tool rewrites

- ``glue("name", value, display=False)`` into the assignment ``name = value`` (``name_text`` when
  the chapter already uses ``name`` for something else, so that no variable changes meaning), and a
  ``for`` loop over a literal list whose body only glues into one assignment per item;
- ``{glue:text}`name``` in the text into ``{eval}`name``` (``name_text`` as above);
- ``from myst_nb import glue`` away.

A value quoted in a markdown cell above the cell that computed it is moved to the end of the last code
cell before that markdown cell, since an inline expression is evaluated where its cell stands. Any
other use of glue (another role, a directive, a call the tool cannot rewrite) is reported and the
notebook left unchanged. The tool is idempotent (a converted chapter has no glue left) and removes the
converted cells' stale glue outputs: re-execute the changed chapters with
``tools/execute_notebooks.py``, which also stores each inline value for JupyterLab and for the tests.
"""
from __future__ import annotations

import argparse
import ast
import copy
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
GLUE_TEXT = re.compile(r"\{glue:text\}`([^`]+)`")
ANY_GLUE = re.compile(r"\{glue(?::[\w-]*)?\}|`{3,}\{glue|:{3,}\{glue")
GLUE_PREFIX = "application/papermill.record/"


class ConversionError(ValueError):
    """A use of glue that this tool does not rewrite."""


@dataclass
class Definition:
    key: str          # the glue key
    cell: int         # index of the code cell that defines it
    lines: list[str]  # the assignment(s), at top level
    movable: bool     # a single top-level statement (may move up to a markdown cell that quotes it)


def _parse(source: str) -> ast.Module:
    from IPython.core.inputtransformer2 import TransformerManager   # magics -> Python, same lines
    return ast.parse(TransformerManager().transform_cell(source))


def _is_glue_call(node: ast.AST) -> bool:
    return (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Name) and node.value.func.id == "glue")


def _glue_args(call: ast.Call, where: str) -> tuple[ast.expr, ast.expr]:
    keywords = {k.arg: k.value for k in call.keywords}
    display = keywords.pop("display", None)
    if len(call.args) != 2 or keywords or not (isinstance(display, ast.Constant) and display.value is False):
        raise ConversionError(f"{where}: only glue(name, value, display=False) is converted")
    return call.args[0], call.args[1]


def _constant_string(node: ast.expr, where: str) -> str:
    if any(isinstance(n, ast.Name) for n in ast.walk(node)):
        raise ConversionError(f"{where}: the glue name {ast.unparse(node)!r} is not a constant")
    value = eval(compile(ast.Expression(node), "<name>", "eval"), {"__builtins__": {}})   # literals only
    if not isinstance(value, str) or not value.isidentifier():
        raise ConversionError(f"{where}: the glue name {value!r} is not a Python identifier")
    return value


class _Substitute(ast.NodeTransformer):
    def __init__(self, values: dict[str, ast.expr]):
        self.values = values

    def visit_Name(self, node: ast.Name) -> ast.expr:
        return self.values.get(node.id, node)


def _double_quoted(code: str) -> str:
    """ast.unparse writes f'...'; the chapters write f"..."."""
    return re.sub(r"\bf'([^'\"\\]*)'", r'f"\1"', code)


def _names(tree: ast.AST) -> set[str]:
    """Every name a cell binds or reads (variables, functions, classes, imports, arguments)."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            found.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found.add(node.name)
        elif isinstance(node, ast.alias):
            found.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.arg):
            found.add(node.arg)
    return found


def _unroll(loop: ast.For, where: str) -> list[tuple[str, ast.expr]]:
    """(key, value) for each item of ``for a, b in [(...), ...]: glue(...)...``."""
    targets = loop.target.elts if isinstance(loop.target, ast.Tuple) else [loop.target]
    if not all(isinstance(t, ast.Name) for t in targets) or not isinstance(loop.iter, (ast.List, ast.Tuple)) or loop.orelse:
        raise ConversionError(f"{where}: a glue loop must run over a literal list with plain loop variables")
    pairs = []
    for item in loop.iter.elts:
        values = item.elts if isinstance(item, ast.Tuple) and len(targets) > 1 else [item]
        if len(values) != len(targets):
            raise ConversionError(f"{where}: a loop item does not match the loop variables")
        mapping = {t.id: v for t, v in zip(targets, values)}
        for statement in loop.body:
            name, value = _glue_args(statement.value, where)
            key = _constant_string(_Substitute(mapping).visit(copy.deepcopy(name)), where)
            pairs.append((key, _Substitute(mapping).visit(copy.deepcopy(value))))
    return pairs


def convert(nb: nbformat.NotebookNode, label: str) -> bool:
    """Convert ``nb`` in place; True if anything changed. Raises ConversionError, changing nothing."""
    cells = nb.cells
    trees = {i: _parse(c.source) for i, c in enumerate(cells) if c.cell_type == "code"}
    in_use: set[str] = set()
    for tree in trees.values():
        without_glue = [s for s in tree.body if not _is_glue_call(s) and not (
            isinstance(s, ast.For) and s.body and all(_is_glue_call(b) for b in s.body))]
        in_use |= _names(ast.Module(body=without_glue, type_ignores=[]))
    in_use.discard("glue")

    edits: dict[int, list[tuple[int, int, list[str]]]] = {}   # cell -> (first line, last line, new lines)
    definitions: dict[str, Definition] = {}
    glue_imports: dict[int, list[tuple[int, int]]] = {}

    def define(key: str, cell: int, lines: list[str], movable: bool, where: str) -> None:
        if key in definitions:
            raise ConversionError(f"{where}: {key!r} is glued twice")
        definitions[key] = Definition(key, cell, lines, movable)

    for i, tree in trees.items():
        source = cells[i].source
        for statement in tree.body:
            where = f"{label} cell {i} line {statement.lineno}"
            if isinstance(statement, ast.ImportFrom) and statement.module == "myst_nb":
                if [a.name for a in statement.names] != ["glue"]:
                    raise ConversionError(f"{where}: imports more than glue from myst_nb")
                glue_imports.setdefault(i, []).append((statement.lineno, statement.end_lineno))
            elif _is_glue_call(statement):
                name, value = _glue_args(statement.value, where)
                key = _constant_string(name, where)
                var = key + "_text" if key in in_use else key
                value_source = ast.get_source_segment(source, value) or ast.unparse(value)
                lines = f"{var} = {value_source}".splitlines()
                define(key, i, lines, True, where)
                edits.setdefault(i, []).append((statement.lineno, statement.end_lineno, lines))
            elif isinstance(statement, ast.For) and statement.body and all(_is_glue_call(b) for b in statement.body):
                new_lines = []
                for key, value in _unroll(statement, where):
                    var = key + "_text" if key in in_use else key
                    line = _double_quoted(f"{var} = {ast.unparse(value)}")
                    define(key, i, [line], False, where)
                    new_lines.append(line)
                edits.setdefault(i, []).append((statement.lineno, statement.end_lineno, new_lines))
        leftover = [n for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id == "glue"]
        converted = sum(1 for s in tree.body if _is_glue_call(s)) + sum(
            len(s.body) for s in tree.body if isinstance(s, ast.For) and s.body and all(_is_glue_call(b) for b in s.body))
        if len(leftover) > converted:
            raise ConversionError(f"{label} cell {i}: a glue call inside a block this tool does not rewrite")

    # The markdown: every {glue:text} must name a definition; other glue syntax is refused.
    quoted_at: dict[str, int] = {}
    for i, cell in enumerate(cells):
        if cell.cell_type != "markdown":
            continue
        for key in GLUE_TEXT.findall(cell.source):
            if key not in definitions:
                raise ConversionError(f"{label} markdown cell {i}: {{glue:text}}`{key}` has no glue(...) in a code cell")
            quoted_at.setdefault(key, i)
        rest = GLUE_TEXT.sub("", cell.source)
        if ANY_GLUE.search(rest):
            raise ConversionError(f"{label} markdown cell {i}: glue syntax other than {{glue:text}}`name`")

    if not definitions and not glue_imports:
        return False

    # Quoted above the cell that computes it: move the assignment up to the last code cell before.
    moves: dict[int, list[str]] = {}
    for key, first in quoted_at.items():
        d = definitions[key]
        if first > d.cell:
            continue
        target = max((j for j in trees if j < first), default=None)
        if target is None or not d.movable:
            raise ConversionError(f"{label}: {key!r} is quoted in cell {first}, above the cell that computes it ({d.cell}), "
                                  "and cannot be moved up; move the computation by hand")
        for n, (a, b, lines) in enumerate(edits[d.cell]):
            if lines == d.lines:
                edits[d.cell][n] = (a, b, [])
        moves.setdefault(target, []).extend(d.lines)

    for i in sorted(set(edits) | set(glue_imports) | set(moves)):
        lines = cells[i].source.split("\n")
        replaced = list(edits.get(i, []))
        for a, b in glue_imports.get(i, []):   # the import, and the blank line it would leave doubled
            blank_before = a == 1 or not lines[a - 2].strip()
            blank_after = b < len(lines) and not lines[b].strip()
            replaced.append((a, b + 1 if blank_before and blank_after else b, []))
        for a, b, new in sorted(replaced, reverse=True):
            lines[a - 1:b] = new
        while lines and not lines[-1].strip():
            lines.pop()
        lines += moves.get(i, [])
        cells[i].source = "\n".join(lines)
        cells[i].outputs = [o for o in cells[i].get("outputs", [])
                            if not any(k.startswith(GLUE_PREFIX) for k in o.get("data", {}))]

    for i, cell in enumerate(cells):
        if cell.cell_type == "markdown":
            cell.source = GLUE_TEXT.sub(lambda m: "{eval}`%s`" % _var(m.group(1), in_use), cell.source)

    # A code cell that held nothing but glue calls, now moved, goes.
    emptied = {id(cells[i]) for i in edits if not _code_lines(cells[i].source)}
    nb.cells = [c for c in cells if id(c) not in emptied]
    return True


def _var(key: str, in_use: set[str]) -> str:
    return key + "_text" if key in in_use else key


def _code_lines(source: str) -> list[str]:
    return [ln for ln in source.splitlines() if ln.strip() and not ln.strip().startswith("#")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: book/NN_*.ipynb")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a chapter still uses glue")
    args = parser.parse_args(argv)
    failed = []
    for path in args.notebooks or sorted(BOOK.glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        try:
            changed = convert(nb, path.name)
        except ConversionError as error:
            print(f"error: {error} (the notebook is unchanged)", file=sys.stderr)
            failed.append(path.name)
            continue
        if changed and args.check:
            print(f"{path.name}: still uses glue (run tools/glue_to_eval.py)", file=sys.stderr)
            failed.append(path.name)
        elif changed:
            nbformat.write(nb, path)
            print(f"{path.name}: converted (re-execute it with tools/execute_notebooks.py)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
