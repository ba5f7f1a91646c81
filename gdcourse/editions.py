"""The student edition: notebooks, package and site with no solution in them.

- :func:`strip_notebook` turns one instructor notebook into its student copy: code
  between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` becomes nbgrader's
  placeholder, hidden tests and ``{solution}`` directives disappear, cells tagged
  ``instructor-only`` are dropped and outputs are cleared.
- :func:`write_student_notebooks` does that for every chapter.
- :func:`write_student_edition` writes the notebooks and, next to them, the student
  edition of the package (a folder and a wheel without reference solutions or hidden
  cases), a ``requirements.txt`` that installs it, and a README.
- :func:`build_student_site` builds the book from student copies into a folder of
  your choice, with solutions hidden and nothing that carries them (no ``_sources``
  copies, no notebook downloads, no launch buttons pointing at the instructor
  notebooks).

Both commands write only into a folder they made (``gdcourse.outdir.prepare_output``).
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import yaml

from .outdir import prepare_output
from .student_edition import build_wheel, write_student_package

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
HIDDEN_BEGIN, HIDDEN_END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
PLACEHOLDER = ("# YOUR CODE HERE", "raise NotImplementedError()")
INSTRUCTOR_TAG = "instructor-only"
_FENCE_OPEN = re.compile(r"^(\s*)(`{3,}|:{3,})\s*\{solution(?:-start)?\}")


def strip_code(source: str) -> str:
    """Replace every solution block of a code cell by the placeholder, and drop hidden tests.

    The placeholder keeps the indentation of the ``### BEGIN SOLUTION`` line, so a
    solution inside a function body leaves a function that raises NotImplementedError.
    """
    out: list[str] = []
    skipping = None
    for line in source.splitlines():
        marker = line.strip()
        if skipping is None and marker == BEGIN:
            indent = line[: len(line) - len(line.lstrip())]
            out.extend(indent + p for p in PLACEHOLDER)
            skipping = END
        elif skipping is None and marker == HIDDEN_BEGIN:
            skipping = HIDDEN_END
        elif skipping is not None and marker == skipping:
            skipping = None
        elif skipping is None:
            out.append(line)
    if skipping is not None:
        raise ValueError(f"a code cell opens a block but never closes it with {skipping!r}.")
    return "\n".join(out)


def strip_markdown(source: str) -> str:
    """Remove every ``{solution}`` directive (backtick or colon fence) from a markdown cell."""
    out: list[str] = []
    lines = source.splitlines()
    i = 0
    while i < len(lines):
        m = _FENCE_OPEN.match(lines[i])
        if not m:
            out.append(lines[i])
            i += 1
            continue
        fence = m.group(2)
        close = re.compile(r"^\s*" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}\s*$")
        j = i + 1
        while j < len(lines) and not close.match(lines[j]):
            j += 1
        if j == len(lines):
            raise ValueError(f"a {{solution}} directive opened with {fence!r} is never closed.")
        i = j + 1
        while out and not out[-1].strip() and i < len(lines) and not lines[i].strip():
            i += 1  # do not leave a double blank line where the solution was
    return "\n".join(out).strip("\n")


def strip_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Return the student copy of an instructor notebook (the input is not changed)."""
    student = nbformat.from_dict(nb)
    cells = []
    for cell in student.cells:
        if INSTRUCTOR_TAG in cell.get("metadata", {}).get("tags", []):
            continue
        if cell.cell_type == "code":
            cell.source = strip_code(cell.source)
            cell.outputs = []
            cell.execution_count = None
        elif cell.cell_type == "markdown":
            cell.source = strip_markdown(cell.source)
            if not cell.source.strip():
                continue
        cells.append(cell)
    student.cells = cells
    student.metadata.pop("widgets", None)
    return student


def chapters(book: Path) -> list[Path]:
    """The chapter notebooks of a book folder (``NN_name.ipynb``), in order."""
    return sorted(p for p in Path(book).glob("[0-9][0-9]_*.ipynb"))


def write_student_notebooks(book: Path, out: Path) -> list[Path]:
    """Write the student copy of every chapter of ``book`` into ``out``; return their paths."""
    book, out = Path(book), Path(out)
    if not book.is_dir():
        raise FileNotFoundError(f"no book folder at {book}: pass the folder that holds the chapter notebooks.")
    if out.resolve() == book.resolve():
        raise ValueError("the student copies must go to another folder than the instructor notebooks.")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for path in chapters(book):
        target = out / path.name
        nbformat.write(strip_notebook(nbformat.read(path, as_version=4)), target)
        written.append(target)
    return written


_REQUIREMENTS = ("numpy", "matplotlib", "ipywidgets", "ipykernel", "myst-nb", "jupyterlab")


def _requirements(wheel: Path) -> str:
    from importlib import metadata
    lines = ["# The student edition: install with  pip install -r requirements.txt  (Binder reads this file too)."]
    for name in _REQUIREMENTS:
        try:
            lines.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            lines.append(name)
    lines.append(f"./{wheel.name}")
    return "\n".join(lines) + "\n"


def write_student_edition(book: Path, out: Path) -> list[Path]:
    """Write the student edition into ``out``: notebooks, the package (folder and wheel), requirements, README.

    ``out`` is emptied first only if an earlier run of this command made it; it may not contain
    the book, its repository or the current folder, nor lie inside the book.
    """
    book = Path(book)
    if not book.is_dir():
        raise FileNotFoundError(f"no book folder at {book}: pass the folder that holds the chapter notebooks.")
    out = prepare_output(out, protect=[book, book.resolve().parent, Path.cwd()], keep_out_of=[book],
                         made_by="gdcourse student")
    written = write_student_notebooks(book, out)
    project = write_student_package(out / "gdcourse-student")
    wheel = build_wheel(project, out)
    (out / "requirements.txt").write_text(_requirements(wheel), encoding="utf-8")
    (out / "README.md").write_text(
        "# Student edition\n\nThe chapter notebooks, with the exercises to do, and the course's helper package "
        "`gdcourse` without solutions.\n\n```bash\npython3 -m venv .venv && .venv/bin/pip install -r "
        "requirements.txt\n.venv/bin/jupyter lab\n```\n\nIn each notebook, `check(\"exNN-K\", your_function)` "
        "tests your function on the public cases and `hint(\"exNN-K\")` gives a hint. Your grade comes from hidden "
        "cases like the public ones.\n", encoding="utf-8")
    return [*written, project, wheel, out / "requirements.txt", out / "README.md"]


def _student_config(config: dict) -> dict:
    config = dict(config)
    sphinx = dict(config.get("sphinx") or {})
    sphinx_config = dict(sphinx.get("config") or {})
    sphinx_config.update({
        "hide_solutions": True,          # sphinx-exercise: no {solution} in the pages
        "html_copy_source": False,       # no _sources/ copies of the notebooks
        "html_show_sourcelink": False,
        # Replaces the theme options Jupyter Book derives from _config.yml: no download button
        # (it serves the sources), no launch/Thebe/repository buttons (they open the instructor
        # notebooks in the repository).
        "html_theme_options": {"use_download_button": False, "home_page_in_toc": True},
    })
    sphinx["config"] = sphinx_config
    config["sphinx"] = sphinx
    config.pop("launch_buttons", None)
    config["title"] = f"{config.get('title', 'Course')} (student edition)"
    return config


def build_student_site(root: Path, out: Path, *, quiet: bool = True) -> Path:
    """Build the student edition of the book at ``root`` into ``out``; return the HTML folder.

    The book is copied to a temporary folder, its chapters replaced by their student
    copies and its configuration switched to hide solutions, drop source copies and
    downloads, and remove launch buttons; then Jupyter Book builds it with ``-W -n``.
    ``out`` must lie outside the book's source folder ``root/book``; it is emptied first only if
    an earlier build made it, and it may not contain the repository, the home folder or ``/``.
    """
    root = Path(root).resolve()
    if not (root / "_config.yml").is_file():
        raise FileNotFoundError(f"no _config.yml in {root}: pass the repository root.")
    out = prepare_output(out, protect=[root, Path.cwd()], keep_out_of=[root / "book"], made_by="gdcourse student-site")
    with tempfile.TemporaryDirectory(prefix="gdcourse-student-") as tmp:
        src = Path(tmp) / "book-src"
        shutil.copytree(root / "book", src / "book", ignore=shutil.ignore_patterns("*.ipynb", ".ipynb_checkpoints"))
        write_student_notebooks(root / "book", src / "book")
        shutil.copy2(root / "_toc.yml", src / "_toc.yml")
        config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
        for folder in set(((config.get("sphinx") or {}).get("local_extensions") or {}).values()):
            shutil.copytree(root / folder, src / folder, ignore=shutil.ignore_patterns("__pycache__"))
        config = _student_config(config)
        (src / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
        cmd = [str(Path(sys.executable).with_name("jupyter-book")), "build", str(src), "--path-output", str(out),
               "-W", "-n", "--keep-going"]
        if not Path(cmd[0]).exists():
            cmd[0] = "jupyter-book"
        result = subprocess.run(cmd, capture_output=quiet, text=True)
        if result.returncode != 0:
            detail = (result.stdout or "")[-3000:] + (result.stderr or "")[-3000:] if quiet else ""
            raise RuntimeError(f"the student edition did not build (exit {result.returncode}).\n{detail}")
    html = out / "_build" / "html"
    for leftover in [html / "_sources", *html.rglob("*.ipynb")]:
        if leftover.is_dir():
            shutil.rmtree(leftover)
        elif leftover.exists():
            leftover.unlink()
    return html
