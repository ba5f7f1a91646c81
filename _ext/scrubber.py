"""Sphinx extension: every explorer played on the static page, with no kernel.

A chapter shows an explorer's twin for the site with ``explorer.scrubber(caption, lr=[...], ...)``
(:meth:`gdcourse.widgets.Explorer.scrubber`). Its output has two parts:

- the *data*, MIME type ``application/vnd.gdcourse.scrubber+json``: the caption, the sliders and
  their values as text, one alt text per frame. It depends only on the cell's code, so nbval
  compares it strictly on every machine, and JupyterLab shows its ``text/plain`` note;
- the *metadata*: the frames, base64 PNGs drawn by ``Explorer.render``, the live widget's own
  drawing code, on every core of the machine (``gdcourse.widgets.frames``). The kernel draws
  them only when ``GDCOURSE_SCRUBBER_FRAMES=1``, which this extension sets for the kernels the
  book build starts; the stored notebooks hold none, and nbval never compares metadata.

This extension is a myst-nb MIME-render plugin for that type: it writes each frame (a 256-colour
palette PNG, as the kernel drew it) as an image of the build, then renders real
``<input type="range">`` sliders, labelled and with value readouts, over one lazily loaded
``<img>``. The one shared script, ``book/_static/scrubber.js``, swaps the picture and its alt text when a slider moves; it
is added only to pages that have a scrubber. A scrubber without frames (a notebook the build did
not execute) is a build warning, so the strict build fails rather than show an empty player.
"""
from __future__ import annotations

import base64
import hashlib
import html
import io
import json
import os
import posixpath
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxTranslator

from gdcourse.widgets import FRAMES_ENV, SCRUBBER_MIME

SCRIPT = "scrubber.js"


class scrubber(nodes.General, nodes.Element):  # noqa: N801 (docutils node names are lower case)
    """A scrubber: ``spec`` (the output's data) and one image child per frame."""


def _palette_png(png: bytes) -> tuple[bytes, int, int]:
    """The frame as a 256-colour PNG (a third of the size for line plots), with its size.

    ``Explorer.scrubber`` draws its frames so already (``gdcourse.widgets.frames.png``); they are kept as they are.
    """
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        if image.mode == "P":
            return png, image.width, image.height
        reduced = image.convert("RGB").quantize(colors=256, dither=Image.Dither.NONE)
        out = io.BytesIO()
        reduced.save(out, format="PNG", optimize=True)
        return out.getvalue(), image.width, image.height


class ScrubberMime:
    """myst-nb MIME-render plugin for ``application/vnd.gdcourse.scrubber+json``."""

    mime_priority_overrides = [(builder, SCRUBBER_MIME, 5) for builder in ("html", "dirhtml", "singlehtml")]

    @staticmethod
    def handle_mime(renderer: Any, data: Any, inline: bool) -> list[nodes.Element] | None:
        if data.mime_type != SCRUBBER_MIME:
            return None
        spec = data.content if isinstance(data.content, dict) else json.loads(data.string)
        frames = (data.output_metadata.get(SCRUBBER_MIME) or {}).get("frames") or []
        where = f"cell {data.cell_index}: scrubber {spec.get('caption', '')!r}"
        if not frames:
            renderer.logger.warning(
                f"{where} has no frames. The build draws them when it executes the notebook "
                f"({FRAMES_ENV}=1); this output was not made by the build (execution off, or a stale "
                "_build/.jupyter_cache).", subtype="scrubber", line=data.line)
            return []
        if len(frames) != len(spec["alt"]):
            renderer.logger.warning(f"{where}: {len(frames)} frames for {len(spec['alt'])} states.",
                                    subtype="scrubber", line=data.line)
            return []
        node = scrubber(spec=spec)
        for picture, alt in zip(frames, spec["alt"]):
            png, width, height = _palette_png(base64.b64decode(picture))
            name = hashlib.sha256(png).hexdigest() + ".png"
            uri = renderer.write_file([name], png, overwrite=False, exists_ok=True)
            # Pixel size under names of our own: an image with width/height would be wrapped in a link.
            node += nodes.image(uri=uri, alt=alt, pixels=(width, height))
        return [node]


def _html(translator: SphinxTranslator, node: scrubber) -> str:
    """The scrubber's HTML: a title, a labelled slider per setting, one lazily loaded picture."""
    translator._gd_scrubbers = getattr(translator, "_gd_scrubbers", 0) + 1
    prefix = f"gd-scrubber-{translator._gd_scrubbers}"
    spec = node["spec"]
    builder = translator.builder
    images = list(node.findall(nodes.image))
    frames = [{"src": posixpath.join(builder.imgpath, builder.images[img["uri"]]), "alt": img["alt"]}
              for img in images]
    sliders = spec["sliders"]
    index = 0
    for slider in sliders:
        index = index * len(slider["values"]) + slider["start"]
    (first, (width, height)) = frames[index], images[index]["pixels"]
    controls = []
    for slider in sliders:
        sid = f"{prefix}-{slider['name']}"
        value = slider["values"][slider["start"]]
        controls.append(
            f'<div class="gd-scrubber-slider"><label for="{sid}">{html.escape(slider["label"])}</label>'
            f'<input type="range" id="{sid}" min="0" max="{len(slider["values"]) - 1}" step="1" '
            f'value="{slider["start"]}" aria-valuetext="{html.escape(value)}" '
            f"data-values='{html.escape(json.dumps(slider['values'], ensure_ascii=False), quote=True)}' disabled>"
            f'<output for="{sid}" aria-hidden="true">{html.escape(value)}</output></div>')
    fixed = f' <span class="gd-scrubber-fixed">({html.escape(spec["fixed"])})</span>' if spec["fixed"] else ""
    frames_json = html.escape(json.dumps(frames, ensure_ascii=False), quote=True)
    # A group, not a <figure>: a chapter usually wraps the cell's output in a numbered MyST
    # figure with the long caption; the scrubber's own title names what the pictures show.
    return (
        f'<div class="gd-scrubber" id="{prefix}" role="group" aria-labelledby="{prefix}-title" '
        f"data-frames='{frames_json}'>"
        f'<p class="gd-scrubber-title" id="{prefix}-title">{html.escape(spec["caption"])}{fixed}</p>'
        f'<div class="gd-scrubber-controls">' + "".join(controls) + "</div>"
        f'<img class="gd-scrubber-frame" src="{html.escape(first["src"])}" alt="{html.escape(first["alt"])}" '
        f'width="{width}" height="{height}" loading="lazy" decoding="async"></div>\n')


def visit_scrubber_html(translator: SphinxTranslator, node: scrubber) -> None:
    translator.body.append(_html(translator, node))
    raise nodes.SkipNode


def visit_scrubber_other(translator: SphinxTranslator, node: scrubber) -> None:
    raise nodes.SkipNode   # other builders pick the text/plain note (see mime_priority_overrides)


def _add_script(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if doctree is not None and next(iter(doctree.findall(scrubber)), None) is not None:
        app.add_js_file(SCRIPT, loading_method="defer")


def _frames_in_build_kernels(app: Sphinx, config: Any) -> None:
    # Kernels started by this build inherit the variable; nbval, JupyterLab and
    # tools/execute_notebooks.py do not set it, so what they run draws no frames.
    os.environ[FRAMES_ENV] = "1"


def _register_plugin() -> None:
    """Put :class:`ScrubberMime` among myst-nb's MIME-render plugins.

    myst-nb finds such plugins through the ``myst_nb.mime_renderers`` entry-point group, which
    only an installed distribution can declare; this book-local extension is not one, so it
    wraps the function that lists them (myst-nb calls it from the same module at render time).
    """
    from myst_nb.core import render

    listed = render.load_mime_renders
    if getattr(listed, "gdcourse_scrubber", False):
        return

    def load_mime_renders() -> list:
        return [*listed(), ScrubberMime]

    load_mime_renders.gdcourse_scrubber = True  # type: ignore[attr-defined]
    render.load_mime_renders = load_mime_renders


def setup(app: Sphinx) -> dict:
    _register_plugin()
    app.add_node(scrubber, html=(visit_scrubber_html, None), latex=(visit_scrubber_other, None),
                 text=(visit_scrubber_other, None), man=(visit_scrubber_other, None),
                 texinfo=(visit_scrubber_other, None))
    app.connect("config-inited", _frames_in_build_kernels)
    app.connect("html-page-context", _add_script)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
