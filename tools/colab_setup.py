#!/usr/bin/env python3
"""Insert or update the setup cell that makes every chapter run where the course package is missing.

Usage::

    .venv/bin/python tools/colab_setup.py            # every chapter in book/
    .venv/bin/python tools/colab_setup.py --check    # exit 1 if a chapter's cell is missing or stale

Colab opens a chapter with NumPy and matplotlib but without ``gdcourse``. The setup cell, the first
code cell of every chapter, installs the course package from the repository named in ``_config.yml``
(``repository: url:`` and ``branch:``) when it cannot be imported, quietly and once (afterwards it is
importable, so the cell does nothing); on Binder or a local install it does nothing at all. A notebook
on Colab cannot read ``_config.yml``, so the URL is written into the cell: run this tool again after
changing the repository URL (``tests/test_environments.py`` fails until you do). The environment
variable ``GDCOURSE_INSTALL_SOURCE`` replaces the install source (a local checkout, for the test).

The cell is tagged ``remove-cell`` (the site does not show it) and ``colab-setup`` (this tool finds
it again). The tool is idempotent: a chapter whose cell is up to date is not rewritten. Re-execute
changed chapters afterwards with ``tools/execute_notebooks.py`` (which also stores the inline values).
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
TAG = "colab-setup"
ENV_VAR = "GDCOURSE_INSTALL_SOURCE"

TEMPLATE = '''\
# Colab has no course package: install it (once) if it is missing. On Binder or a local install this does nothing.
import importlib.util
import os
import subprocess
import sys

if importlib.util.find_spec("gdcourse") is None:
    source = os.environ.get("{env_var}",
                            "gdcourse @ {source}")
    print("Installing the course package (once):", source)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "--root-user-action=ignore", source], check=True)
    importlib.invalidate_caches()
    if "google.colab" in sys.modules:
        from google.colab import output
        output.enable_custom_widget_manager()   # Colab shows ipywidgets 8 through this manager'''


def repository(config_path: Path = ROOT / "_config.yml") -> tuple[str, str]:
    """The ``repository: url:`` and ``branch:`` of ``_config.yml`` (read without a YAML library, so the
    tool runs in the students' environment too)."""
    text = config_path.read_text(encoding="utf-8")
    block = re.search(r"^repository:\s*\n((?:[ \t]+.*\n?)+)", text, re.M)
    if not block:
        raise ValueError(f"{config_path}: no 'repository:' section")
    fields = dict(re.findall(r"^[ \t]+(\w+):[ \t]*\"?([^\"\n#]*?)\"?[ \t]*(?:#.*)?$", block.group(1), re.M))
    url, branch = fields.get("url", "").rstrip("/"), fields.get("branch", "") or "main"
    if not re.fullmatch(r"https://[\w.-]+/[\w.-]+/[\w.-]+", url):
        raise ValueError(f"{config_path}: repository url {url!r} is not https://HOST/OWNER/NAME")
    return url, branch


def setup_source(url: str, branch: str) -> str:
    """The source of the setup cell for the repository ``url`` at ``branch``."""
    return TEMPLATE.format(env_var=ENV_VAR, source=f"git+{url}@{branch}")


def apply(path: Path, source: str) -> bool:
    """Insert the setup cell before the first code cell of ``path``, or update it; True if changed."""
    nb = nbformat.read(path, as_version=4)
    cells = [c for c in nb.cells if TAG in c.metadata.get("tags", [])]
    if len(cells) > 1:
        raise ValueError(f"{path.name}: {len(cells)} cells tagged {TAG!r}; keep one")
    if cells:
        cell = cells[0]
        if cell.source == source and nb.cells.index(cell) == _first_code(nb):
            return False
        nb.cells.remove(cell)
        cell.source = source
    else:
        cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["remove-cell", TAG]})
        if (nb.nbformat, nb.nbformat_minor) >= (4, 5):
            cell.id = TAG   # a fixed id, so that applying the tool twice gives the same file
        else:
            cell.pop("id", None)
    nb.cells.insert(_first_code(nb), cell)
    nbformat.write(nb, path)
    return True


def _first_code(nb: nbformat.NotebookNode) -> int:
    return next((i for i, c in enumerate(nb.cells) if c.cell_type == "code"), len(nb.cells))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: book/NN_*.ipynb")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a chapter needs the tool")
    args = parser.parse_args(argv)
    source = setup_source(*repository())
    stale = []
    for path in args.notebooks or sorted(BOOK.glob("[0-9][0-9]_*.ipynb")):
        if args.check:
            nb = nbformat.read(path, as_version=4)
            cells = [c for c in nb.cells if TAG in c.metadata.get("tags", [])]
            if len(cells) != 1 or cells[0].source != source or nb.cells.index(cells[0]) != _first_code(nb):
                stale.append(path.name)
        elif apply(path, source):
            print(f"{path.name}: setup cell written (re-execute it with tools/execute_notebooks.py)")
    if stale:
        print("setup cell missing or stale (run tools/colab_setup.py):", ", ".join(stale), file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
