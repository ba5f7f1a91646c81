"""The site reads citations and cross-chapter references as the roles they were written as.

In the chapters, a citation or a reference that JupyterLab cannot resolve is stored as a Markdown link
that shows what the site shows, with the role in the link's title (``tools/lab_markup.py``)::

    [[Lee et al., 2016]](references.bib "cite:p lee2016gradient")

Before a chapter is parsed, this extension turns every such link back into its role,
``{cite:p}`lee2016gradient```, so that the site is built from the same text as before (bibliography,
numbering and links by sphinxcontrib-bibtex and Sphinx, as always). It works on the notebook's JSON
text, where the title's quotes are escaped.
"""
from __future__ import annotations

import re

ROLES = ("cite:p", "cite:t", "cite", "ref", "numref", "prf:ref")
LINK_IN_JSON = re.compile(r'\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(([^\s()"\\]*) \\"(%s) ([^"\\]+)\\"\)'
                          % "|".join(re.escape(r) for r in ROLES))


def restore(app, docname: str, source: list[str]) -> None:
    if str(app.env.doc2path(docname)).endswith(".ipynb"):   # a str or a Path, by Sphinx version
        source[0] = LINK_IN_JSON.sub(lambda m: "{%s}`%s`" % (m.group(3), m.group(4)), source[0])


def setup(app):
    app.connect("source-read", restore)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
