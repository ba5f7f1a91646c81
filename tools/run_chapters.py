#!/usr/bin/env python3
"""Run chapters top to bottom as a student's "Run all" does, and fail on any error or stderr output.

Usage::

    python tools/run_chapters.py                      # every chapter in book/
    python tools/run_chapters.py book/01_*.ipynb      # some of them

It needs only ``nbformat`` and ``nbclient`` (both come with JupyterLab), so it runs in the students'
environment (``binder/requirements.txt``) as well as in the authors' one: CI builds a fresh virtual
environment from the Binder file alone and runs every chapter in it, so that the students'
environment cannot silently miss a package. Each chapter runs in a new kernel of the Python that runs
this script, started in ``book/``; nothing is written back. A cell that fails, or that writes to
stderr (a warning, a red box in the student's notebook), fails the run.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

BOOK = Path(__file__).resolve().parent.parent / "book"


def run(path: Path, timeout: int) -> tuple[float, list[str]]:
    """Execute ``path`` in a fresh kernel; return the seconds it took and its stderr outputs."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(BOOK)}})
    start = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - start
    stderr = [f"cell {i}: {''.join(o.get('text', ''))}".strip()
              for i, cell in enumerate(nb.cells) for o in cell.get("outputs", [])
              if o.get("output_type") == "stream" and o.get("name") == "stderr"]
    return elapsed, stderr


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: book/NN_*.ipynb")
    parser.add_argument("--timeout", type=int, default=120, help="seconds allowed per cell (default 120)")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted(BOOK.glob("[0-9][0-9]_*.ipynb"))
    failed = []
    for path in paths:
        try:
            seconds, stderr = run(path.resolve(), args.timeout)
        except CellExecutionError as error:
            print(f"{path.name}: a cell failed\n{error}", file=sys.stderr)
            failed.append(path.name)
            continue
        if stderr:
            print(f"{path.name}: output on stderr\n" + "\n".join(stderr), file=sys.stderr)
            failed.append(path.name)
            continue
        print(f"{path.name}: ran top to bottom in {seconds:.1f} s")
    if not paths:
        print("no chapter to run", file=sys.stderr)
        return 1
    if failed:
        print("FAILED:", ", ".join(failed), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
