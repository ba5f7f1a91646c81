"""Sphinx extension: the site serves everything it needs to render; no page asks another host.

- **MathJax 3** comes from the PyPI package ``django-static-mathjax`` (MathJax 3.2.2 as MathJax
  publishes it, Apache-2.0; the package needs no Django to install or to be read from), which
  ``requirements.txt`` pins. After an HTML build the combined component named by ``mathjax_path``
  (``_config.yml``) and the parts it loads on demand (TeX extensions, CHTML fonts, menu,
  accessibility) are copied into the build's ``_static/mathjax/`` with MathJax's licence.
- **Widget scripts**: the live explorers' outputs are removed from the site (their cells are
  tagged ``remove-output``), yet myst-nb still embeds the notebook's widget state and loads
  require.js and the ipywidgets embedder from CDNs on every page that had a widget. Both are
  dropped: ``nb_ipywidgets_js`` is empty in ``_config.yml``, and the state script is removed
  here. (Explorers are played on the site by ``scrubber.py`` instead.)
- **References**: docutils marks each entry of the bibliography ``role="doc-biblioentry"``
  inside a ``role="list"`` container; that role is deprecated and not a list item, which axe
  reports as a critical ``aria-required-children`` violation. The entries become list items.

Launch buttons (Binder, Colab, Thebe) still point at other hosts, on purpose: they go there only
when the reader asks to run the chapter.
"""
from __future__ import annotations

import importlib.metadata
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.fileutil import copy_asset

PACKAGE = "django-static-mathjax"
# What the combined component loads on demand, relative to its folder.
ON_DEMAND = ("input", "output", "ui", "a11y", "adaptors", "sre")
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def mathjax_source() -> Path:
    """MathJax's ``es5`` folder as the installed package ships it."""
    try:
        dist = importlib.metadata.distribution(PACKAGE)
    except importlib.metadata.PackageNotFoundError as err:
        raise ExtensionError(f"{PACKAGE} is not installed: run pip install -r requirements.txt.") from err
    es5 = Path(str(dist.locate_file("mathjax/static/mathjax/es5")))
    if not (es5 / "tex-mml-chtml.js").is_file():
        raise ExtensionError(f"{PACKAGE} has no MathJax es5 folder at {es5}.")
    return es5


def _check_path(app: Sphinx, config: Any) -> None:
    path = config.mathjax_path
    if "://" in path or path.startswith("//") or not path.startswith("mathjax/"):
        raise ExtensionError(f"mathjax_path must be served from _static/mathjax/ (got {path!r}).")
    if not (mathjax_source() / path.removeprefix("mathjax/")).is_file():
        raise ExtensionError(f"mathjax_path {path!r}: no such file in {PACKAGE}.")


def _copy_mathjax(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    es5 = mathjax_source()
    target = Path(app.outdir) / "_static" / "mathjax"
    entry = app.config.mathjax_path.removeprefix("mathjax/")
    target.mkdir(parents=True, exist_ok=True)
    copy_asset(str(es5 / entry), str(target))
    for part in ON_DEMAND:
        copy_asset(str(es5 / part), str(target / part))
    copy_asset(str(es5.parent / "LICENSE"), str(target))


def _drop_widget_state(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    scripts = context.get("script_files")
    if scripts:
        context["script_files"] = [s for s in scripts
                                   if getattr(s, "attributes", {}).get("type") != WIDGET_STATE]


def _bibliography_list_items(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    body = context.get("body")
    if body and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _check_path)
    app.connect("html-page-context", _drop_widget_state, priority=800)
    app.connect("html-page-context", _bibliography_list_items)
    app.connect("build-finished", _copy_mathjax)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
