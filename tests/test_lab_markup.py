"""Citations and cross-chapter references written for JupyterLab (tools/lab_markup.py), read as roles by
the site (_ext/lab_markup.py). The site check compares the text JupyterLab shows with the built pages."""
from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
SITE = ROOT / "_build" / "html" / "book"
CHAPTERS = sorted(BOOK.glob("[0-9][0-9]_*.ipynb"))
sys.path.insert(0, str(ROOT / "tools"))
import lab_markup  # noqa: E402  (tools/)
import importlib.util  # noqa: E402

_spec = importlib.util.spec_from_file_location("lab_markup_ext", ROOT / "_ext" / "lab_markup.py")
ext = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ext)


def test_chapters_are_up_to_date():
    assert lab_markup.convert(CHAPTERS) == {}, "run tools/lab_markup.py"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_the_site_reads_the_roles_back(path):
    """What the build's source-read hook does to the notebook's JSON equals restoring each cell."""
    raw = path.read_text(encoding="utf-8")
    source = [raw]

    class App:
        class env:
            @staticmethod
            def doc2path(docname):
                return str(path)   # Sphinx 7 gives a str
    ext.restore(App, "book/x", source)
    restored = nbformat.reads(source[0], as_version=4)
    nb = nbformat.reads(raw, as_version=4)
    for cell, back in zip(nb.cells, restored.cells):
        expected = lab_markup.restore(cell.source) if cell.cell_type == "markdown" else cell.source
        assert back.source == expected
        if cell.cell_type == "markdown":
            assert not lab_markup.LINK.search(back.source)


def test_round_trip():
    text = ("As {cite:t}`robbins1951stochastic` and {cite:p}`lee2016gradient` show, see {ref}`ex01-3` "
            "and the {ref}`noise-floor figure <fig-noise-floor>`.")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(text)]
    path = BOOK / "03_test.ipynb"
    bib = lab_markup.bibliography()
    out = lab_markup.ROLE.sub(lambda m: lab_markup.render(m.group(1), m.group(2), 3, path.name, set(), {},
                                                          {"ex01-3": "01_gradient_descent.ipynb",
                                                           "fig-noise-floor": "04_minibatch_sgd.ipynb"}, bib)
                              or m.group(0), text)
    assert "Robbins and Monro [1951]" in out and "[Lee et al., 2016]" in out
    assert "[Exercise 1.3](01_gradient_descent.ipynb#ex01-3" in out and "[noise-floor figure](04_minibatch" in out
    assert lab_markup.restore(out) == text
    assert ext.LINK_IN_JSON.sub(lambda m: "{%s}`%s`" % (m.group(3), m.group(4)), json.dumps(out)) == json.dumps(text)


@pytest.mark.site
@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_jupyterlab_shows_what_the_site_shows(path):
    page = SITE / path.name.replace(".ipynb", ".html")
    if not page.exists():
        pytest.skip("no built site")
    text = page.read_text(encoding="utf-8")
    nb = nbformat.read(path, as_version=4)
    links = [m for c in nb.cells if c.cell_type == "markdown" for m in lab_markup.LINK.finditer(c.source)]
    cites = [m.group(1) for m in links if m.group(3).startswith("cite")]
    site_cites = [html.unescape(re.sub(r"<[^>]+>", "", s))
                  for s in re.findall(r'<span class="bibtex-citation" id="[^"]*">(.*?)</span>', text)]
    assert cites == site_cites
    for m in links:
        if m.group(3).startswith("cite"):
            continue
        target = m.group(2).split("#")[1]
        shown = re.findall(r'<a class="reference internal" href="[^"]*#%s"><span class="std std-\w+">([^<]*)</span>'
                           % re.escape(target), text)
        assert html.unescape(m.group(1)) in [html.unescape(s) for s in shown], (m.group(0), shown)


def test_citations_show_decoded_names_in_the_sites_order():
    # The site (sphinxcontrib-bibtex) lists the works of one citation by author and year, with accents.
    bib = lab_markup.bibliography()
    out = lab_markup.render("cite:p", "mishchenko2020random,gurbuzbalaban2021why", 4, "04_minibatch_sgd.ipynb",
                            set(), {}, {}, bib)
    assert out.startswith("[[Gürbüzbalaban et al., 2021, Mishchenko et al., 2020]]("), out
    assert out.endswith('"cite:p mishchenko2020random,gurbuzbalaban2021why")')   # the role as written
