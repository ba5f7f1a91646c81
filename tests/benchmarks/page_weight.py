#!/usr/bin/env python3
"""Page weight of the built chapter pages: what a reader downloads first, and in all.

For each chapter page in ``_build/html/book/``:

- **eager**: the HTML plus every image it loads at once (an ``<img>`` without ``loading="lazy"``).
  This is the first paint the course design budgets (≤ 1.5 MB);
- **lazy**: images loaded only when scrolled near (``loading="lazy"``) or when a scrubber's slider
  is first touched (its frames, listed in ``data-frames``);
- **total**: eager + lazy, everything the page can ever show;
- **assets**: the page's own scripts and style sheets (theme, MathJax's entry script, the scrubber
  script). They are shared by every page and cached after the first, so they are reported apart,
  not counted in the first paint; MathJax's fonts and on-demand parts are not counted.

Usage: ``.venv/bin/python tests/benchmarks/page_weight.py [SITE]`` prints the table;
:func:`page_weights` and :func:`rows` are what ``bench.py`` or a test can call.
"""
from __future__ import annotations

import html as html_lib
import json
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "_build" / "html"
BUDGET_MB = 1.5


@dataclass(frozen=True)
class Weight:
    """Bytes of one page: HTML, eager images, lazy images and frames, shared assets."""

    page: str
    html: int
    eager_images: int
    lazy: int
    assets: int
    n_eager: int
    n_lazy: int

    @property
    def eager(self) -> int:
        return self.html + self.eager_images

    @property
    def total(self) -> int:
        return self.eager + self.lazy


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.eager: set[str] = set()
        self.lazy: set[str] = set()
        self.assets: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "img" and a.get("src"):
            (self.lazy if a.get("loading") == "lazy" else self.eager).add(a["src"])
        elif tag == "script" and a.get("src"):
            self.assets.add(a["src"])
        elif tag == "link" and a.get("rel") == "stylesheet" and a.get("href"):
            self.assets.add(a["href"])
        if a.get("data-frames"):
            self.lazy.update(frame["src"] for frame in json.loads(html_lib.unescape(a["data-frames"])))


def _size(page: Path, ref: str) -> int:
    parts = urlsplit(ref)
    if parts.scheme or parts.netloc or ref.startswith("data:"):
        return 0
    target = (page.parent / unquote(parts.path)).resolve()
    return target.stat().st_size if target.is_file() else 0


def page_weight(page: Path) -> Weight:
    """The weight of one built page."""
    refs = _Refs()
    refs.feed(page.read_text(encoding="utf-8"))
    lazy = refs.lazy - refs.eager
    return Weight(page=page.name, html=page.stat().st_size,
                  eager_images=sum(_size(page, r) for r in refs.eager),
                  lazy=sum(_size(page, r) for r in lazy),
                  assets=sum(_size(page, r) for r in refs.assets),
                  n_eager=len(refs.eager), n_lazy=len(lazy))


def page_weights(site: Path = SITE) -> list[Weight]:
    """The weight of every chapter page (``book/NN_name.html``) of a built site."""
    return [page_weight(p) for p in sorted((Path(site) / "book").glob("[0-9][0-9]_*.html"))]


def rows(site: Path = SITE) -> list[tuple[str, str, str, str]]:
    """Benchmark rows (what, measured, budget, verdict): first paint against the budget, total beside it."""
    out = []
    for w in page_weights(site):
        ok = "ok" if w.eager / 1e6 <= BUDGET_MB else "OVER"
        out.append((f"page {w.page}: first paint (HTML + {w.n_eager} images); total with {w.n_lazy} lazy",
                    f"{w.eager / 1e6:.2f} MB; total {w.total / 1e6:.2f} MB", f"{BUDGET_MB} MB first paint", ok))
    return out


def table(site: Path = SITE) -> str:
    """A Markdown table of every chapter page's weight."""
    lines = ["| page | HTML | eager images | first paint | lazy (frames) | total | shared assets |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for w in page_weights(site):
        lines.append(f"| {w.page} | {w.html / 1e3:.0f} kB | {w.eager_images / 1e3:.0f} kB ({w.n_eager}) | "
                     f"{w.eager / 1e6:.2f} MB | {w.lazy / 1e3:.0f} kB ({w.n_lazy}) | {w.total / 1e6:.2f} MB | "
                     f"{w.assets / 1e6:.2f} MB |")
    return "\n".join(lines)


if __name__ == "__main__":
    site = Path(sys.argv[1]) if len(sys.argv) > 1 else SITE
    if not (site / "book").is_dir():
        sys.exit(f"no built site in {site}: run jupyter-book build . first")
    print(table(site))
