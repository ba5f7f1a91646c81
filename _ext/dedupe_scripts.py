"""Sphinx extension: emit each page script once.

sphinx-thebe 0.3.1 registers its inline configuration script on the
``env-before-read-docs`` event, which Jupyter Book fires twice, so every page
declared ``const THEBE_JS_URL`` twice and the browser threw a SyntaxError. This
drops exact duplicates from a page's script list before the page is written.
"""
from __future__ import annotations

from typing import Any


def _dedupe(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for script in scripts:
        # An inline script is registered with filename None by one extension and '' by another.
        key = (str(getattr(script, "filename", script) or ""),
               repr(sorted(getattr(script, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def setup(app: Any) -> dict:
    app.connect("html-page-context", _dedupe, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
