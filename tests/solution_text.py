"""What counts as a solution's text, for the searches that prove the student edition has none."""
from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat

from gdcourse.editions import BEGIN, END, chapters

_SOLUTION = re.compile(r"^(\s*)(`{3,}|:{3,})\s*\{solution\}.*?$(.*?)^\s*\2\s*$", re.M | re.S)
_WORDS = re.compile(r"(?:[A-Za-z][A-Za-z'’-]*[,.;:]?\s+){5,}[A-Za-z][A-Za-z'’-]*")


def normalise(text: str) -> str:
    """Markup-free, whitespace-folded text (HTML tags removed, entities decoded)."""
    text = re.sub(r"<[^>]+>", " ", text)
    return " ".join(html.unescape(text).split())


def found(probe: str, text: str) -> bool:
    """Whether ``probe`` occurs in ``text`` as a whole (not as the start of a longer name or call).

    Plain substring search first (fast on the megabytes of a built site), then a look at the
    characters on either side of each occurrence.
    """
    start = text.find(probe)
    while start != -1:
        end = start + len(probe)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() or before in "_.") and not (after.isalnum() or after in "_("):
            return True
        start = text.find(probe, start + 1)
    return False


def _split(nb: nbformat.NotebookNode) -> tuple[list[str], list[str]]:
    """The stripped code lines of a notebook inside solution blocks, and all its other lines."""
    inside, outside = [], []
    for cell in nb.cells:
        active = False
        for line in cell.source.splitlines():
            s = line.strip()
            if s == BEGIN:
                active = True
            elif s == END:
                active = False
            elif active:
                inside.append(s)
            else:
                outside.append(s)
    return inside, outside


def solution_code_lines(nb: nbformat.NotebookNode, public: str = "") -> list[str]:
    """Lines inside solution blocks that the book shows nowhere else (so finding one is a leak).

    ``public`` is text the student edition shows anyway (e.g. the other chapters); a solution line
    that also stands there, or elsewhere in this notebook, proves nothing when found.
    """
    inside, outside = _split(nb)
    public = public + "\n" + "\n".join(outside)
    return [s for s in inside if len(s) >= 12 and not s.startswith("#") and not found(s, public)]


def solution_prose(nb: nbformat.NotebookNode) -> list[str]:
    """Runs of six or more plain words from each {solution} directive."""
    runs = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for m in _SOLUTION.finditer(cell.source):
                body = "\n".join(ln for ln in m.group(3).splitlines() if not ln.strip().startswith(":"))
                runs += [" ".join(r.split()) for r in _WORDS.findall(body)]
    return runs


def probes(book: Path) -> dict[str, list[str]]:
    """Per chapter, the strings whose presence anywhere would leak a solution."""
    notebooks = {path.name: nbformat.read(path, as_version=4) for path in chapters(book)}
    public = "\n".join(line for nb in notebooks.values() for line in _split(nb)[1])
    return {name: solution_code_lines(nb, public) + solution_prose(nb) for name, nb in notebooks.items()}


def corpus(folder: Path) -> str:
    """Every readable file below ``folder``, raw and with markup removed, as one searchable text."""
    parts = []
    for p in sorted(folder.rglob("*")):
        if p.is_file() and p.suffix not in {".png", ".jpg", ".woff", ".woff2", ".ttf", ".eot", ".ico", ".gif", ".svg"}:
            raw = p.read_text(encoding="utf-8", errors="ignore")
            parts += [" ".join(raw.split()), normalise(raw)]
    return "\n".join(parts)
