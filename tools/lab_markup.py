#!/usr/bin/env python3
"""Write citations and cross-chapter references so that JupyterLab shows them as the site does.

Usage::

    .venv/bin/python tools/lab_markup.py            # every chapter in book/
    .venv/bin/python tools/lab_markup.py --check    # exit 1 if a chapter needs the tool

JupyterLab's MyST renderer (jupyterlab-myst) reads one notebook at a time and no bibliography: a
citation ``{cite:p}`key``` shows as "key" with a warning icon, and a reference to a target in another
chapter or to a figure made by a code cell (myst-nb's ``mystnb: figure:`` metadata) shows as
"Cross Reference Not Found". This tool writes each of them as a Markdown link that shows what the
site shows, with the original role kept in the link's title::

    {cite:p}`lee2016gradient`   ->  [[Lee et al., 2016]](references.bib "cite:p lee2016gradient")
    {ref}`ex01-3`               ->  [Exercise 1.3](01_gradient_descent.ipynb#ex01-3 "ref ex01-3")

and the site's build turns every such link back into its role before parsing (``_ext/lab_markup.py``),
so the site is built from exactly the text it was built from before. References JupyterLab resolves
(targets in the same notebook's text, equations) are left as roles. The tool is idempotent and
refreshes the shown text (a renumbered figure, an edited reference) from the roles in the titles.
"""
from __future__ import annotations

import argparse
import codecs
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
BIB = BOOK / "references.bib"
ROLES = ("cite:p", "cite:t", "cite", "ref", "numref", "prf:ref")
# The link form: [shown](target "role content"); shown may hold one level of brackets.
LINK = re.compile(r'\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(([^\s()"]*) "(%s) ([^"]+)"\)' % "|".join(re.escape(r) for r in ROLES))
ROLE = re.compile(r"\{(%s)\}`([^`]+)`" % "|".join(re.escape(r) for r in ROLES))
LABEL_DEF = re.compile(r"^\s*:label:\s*(\S+)|^\((\S+)\)=\s*$|^\$\$\s*\((\S+)\)\s*$|\$\$\s*\((\S+)\)\s*$", re.M)


class MarkupError(ValueError):
    """A citation or reference this tool cannot write for JupyterLab."""


def restore(markdown: str) -> str:
    """The text with every link form turned back into its role (what the site's build does)."""
    return LINK.sub(lambda m: "{%s}`%s`" % (m.group(3), m.group(4)), markdown)


def bibliography(path: Path = BIB) -> dict[str, tuple[list[str], str]]:
    """key -> (last names of the authors, year), from references.bib."""
    import latexcodec  # noqa: F401  (registers the ulatex codec; comes with pybtex)
    from pybtex.database import parse_file   # comes with sphinxcontrib-bibtex
    data = parse_file(str(path))
    found = {}
    for key, entry in data.entries.items():
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        names = [codecs.decode(" ".join(p.prelast_names + p.last_names), "ulatex").replace("{", "").replace("}", "")
                 for p in people]   # G{\"u}rb{\"u}zbalaban -> Gürbüzbalaban, as the site shows it
        found[key] = (names, entry.fields.get("year", "n.d."))
    return found


def _authors(names: list[str]) -> str:
    # sphinxcontrib-bibtex's author_year style, as the site shows it
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return f"{names[0]} et al."


def chapter_targets(nb: nbformat.NotebookNode) -> tuple[set[str], dict[str, int]]:
    """Labels defined in the markdown (JupyterLab resolves those) and the figures made by code cells
    (name -> number within the chapter, counting every numbered figure in order)."""
    labels, figures, n = set(), {}, 0
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for m in LABEL_DEF.finditer(cell.source):
                labels.add(next(g for g in m.groups() if g))
            n += len(re.findall(r"^\s*(?:`{3,}|:{3,})\{figure\}", cell.source, re.M))
        elif cell.cell_type == "code":
            figure = cell.metadata.get("mystnb", {}).get("figure")
            if figure:
                n += 1
                if figure.get("name"):
                    figures[figure["name"]] = n
    return labels, figures


def render(role: str, content: str, chapter: int, here: str, local: set[str], figures: dict[str, int],
           elsewhere: dict[str, str], bib: dict) -> str | None:
    """The link form of one role, or None when JupyterLab resolves the role itself."""
    if role.startswith("cite"):
        keys = [k.strip() for k in content.split(",")]
        missing = [k for k in keys if k not in bib]
        if missing:
            raise MarkupError(f"citation keys not in references.bib: {missing}")
        keys.sort(key=lambda k: ([n.lower() for n in bib[k][0]], bib[k][1]))   # the site lists them by author, year
        if role == "cite:t":
            shown = ", ".join(f"{_authors(bib[k][0])} [{bib[k][1]}]" for k in keys)
        else:
            shown = "[" + ", ".join(f"{_authors(bib[k][0])}, {bib[k][1]}" for k in keys) + "]"
        return f'[{shown}](references.bib "{role} {content}")'
    m = re.fullmatch(r"(.*\S)\s*<([^<>]+)>", content)
    text, target = (m.group(1), m.group(2)) if m else (None, content)
    if target in local and target not in figures:
        return None
    where = "" if target in local or target in figures else elsewhere.get(target)
    if where is None:
        raise MarkupError(f"{{{role}}}`{content}`: no target {target!r} in any chapter")
    if text is None:
        ex = re.fullmatch(r"ex(\d\d)-(\d+)", target)
        if ex:
            text = f"Exercise {int(ex.group(1))}.{ex.group(2)}"
        elif target in figures:
            text = f"Fig. {chapter}.{figures[target]}"
        else:
            raise MarkupError(f"{{{role}}}`{content}`: give the reference a text, {{{role}}}`text <{target}>`")
    return f'[{text}]({where}#{target} "{role} {content}")'


def convert(paths: list[Path]) -> dict[Path, nbformat.NotebookNode]:
    """The chapters that change, converted (all chapters are read: references cross them)."""
    notebooks = {p: nbformat.read(p, as_version=4) for p in paths}
    for nb in notebooks.values():   # start from the roles, so the shown text is always fresh
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                cell.source = restore(cell.source)
    elsewhere = {}
    targets = {}
    for path, nb in notebooks.items():
        targets[path] = chapter_targets(nb)
        for name in targets[path][0] | set(targets[path][1]):
            elsewhere.setdefault(name, path.name)
    bib = bibliography()
    changed = {}
    for path, nb in notebooks.items():
        original = nbformat.read(path, as_version=4)
        chapter = int(path.name[:2])
        local, figures = targets[path]
        for cell in nb.cells:
            if cell.cell_type != "markdown":
                continue

            def replace(m: re.Match) -> str:
                try:
                    link = render(m.group(1), m.group(2), chapter, path.name, local, figures, elsewhere, bib)
                except MarkupError as error:
                    raise MarkupError(f"{path.name}: {error}") from None
                return m.group(0) if link is None else link
            cell.source = ROLE.sub(replace, cell.source)
        if [c.source for c in nb.cells] != [c.source for c in original.cells]:
            changed[path] = nb
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a chapter needs the tool")
    args = parser.parse_args(argv)
    paths = sorted(BOOK.glob("[0-9][0-9]_*.ipynb"))
    try:
        changed = convert(paths)
    except MarkupError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for path, nb in changed.items():
        if args.check:
            print(f"{path.name}: citations or references not written for JupyterLab (run tools/lab_markup.py)",
                  file=sys.stderr)
        else:
            nbformat.write(nb, path)
            print(f"{path.name}: citations and references written for JupyterLab")
    return 1 if changed and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
