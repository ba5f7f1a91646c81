#!/usr/bin/env python3
"""Regenerate the stored outputs of chapter notebooks: execute each fresh, top to bottom.

Usage::

    .venv/bin/python tools/execute_notebooks.py                     # every chapter in book/
    .venv/bin/python tools/execute_notebooks.py book/03_*.ipynb     # some of them

Each notebook runs in a new kernel started in ``book/`` (as nbval and the book build run it), with a
per-cell timeout. The file is written only when every cell ran without an error. Nothing that
changes from one run to the next is stored: no execution timestamps and no widget state (its model
ids are random), so executing an unchanged chapter again leaves its file byte for byte the same and
a diff shows only what a change really changed.

It also does what JupyterLab's "Run all" does to a markdown cell: it evaluates the cell's inline
expressions (``{eval}`name```, the numbers the text quotes) where the cell stands and stores the
results in the cell's metadata (``user_expressions``, jupyterlab-myst's format; see
``tools/inline_values.py``). A chapter whose expression fails is not written.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import nbformat
from nbclient.exceptions import CellExecutionError

sys.path.insert(0, str(Path(__file__).resolve().parent))
from inline_values import InlineValuesClient  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def strip_volatile(nb: nbformat.NotebookNode) -> None:
    """Remove what differs between two runs of the same code: timings, widget model ids, and where
    the kernel happened to split a cell's printed text into pieces."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if "outputs" in cell:
            cell.outputs = coalesce_streams(cell.outputs)
        for output in cell.get("outputs", []):
            data = output.get("data")
            if data and WIDGET_VIEW in data:
                del data[WIDGET_VIEW]   # a live widget's id; its text/plain stays (nbval ignores the cell)


def coalesce_streams(outputs: list) -> list:
    """Merge consecutive pieces of the same stream (nbval compares them merged too)."""
    merged: list = []
    for output in outputs:
        if (output.get("output_type") == "stream" and merged and merged[-1].get("output_type") == "stream"
                and merged[-1].get("name") == output.get("name")):
            merged[-1]["text"] = "".join(merged[-1]["text"]) + "".join(output["text"])
        else:
            merged.append(output)
    return merged


def execute(path: Path, timeout: int) -> float:
    """Execute ``path`` in place; return the seconds it took. Raises CellExecutionError on failure."""
    nb = nbformat.read(path, as_version=4)
    client = InlineValuesClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                                resources={"metadata": {"path": str(BOOK)}})
    start = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - start
    strip_volatile(nb)
    nbformat.write(nb, path)
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to execute (default: book/NN_*.ipynb)")
    parser.add_argument("--timeout", type=int, default=120, help="seconds allowed per cell (default 120)")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted(BOOK.glob("[0-9][0-9]_*.ipynb"))
    failed = 0
    for path in paths:
        path = path.resolve()
        if path.suffix != ".ipynb" or not path.is_file():
            print(f"{path}: not a notebook file", file=sys.stderr)
            failed += 1
            continue
        try:
            seconds = execute(path, args.timeout)
        except CellExecutionError as error:
            print(f"{path.name}: a cell failed; the file is unchanged.\n{error}", file=sys.stderr)
            failed += 1
            continue
        print(f"{path.name}: executed in {seconds:.1f} s, inline values stored")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
