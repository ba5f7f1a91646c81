"""Numbers quoted in the text look as they did when they were glued.

The chapters quote computed numbers as inline expressions, ``{eval}`name``` (myst-nb evaluates them
while it executes the notebook inline; JupyterLab's MyST renderer evaluates them too). myst-nb renders
an evaluated string as ``<span class="output text_plain">``, where ``{glue:text}`` rendered
``<span class="pasted-text">`` (bold, by myst-nb's stylesheet). This extension gives inline
expressions the glued numbers' class, so the page is the same as before the move from glue.
"""
from __future__ import annotations

from docutils import nodes

EVAL_CLASSES = ["output", "text_plain"]


def restyle(app, doctree: nodes.document) -> None:
    for node in doctree.findall(nodes.inline):
        if node.get("classes") == EVAL_CLASSES:
            node["classes"] = ["pasted-text"]


def setup(app):
    app.connect("doctree-read", restyle)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
