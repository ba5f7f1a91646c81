"""The built site, as a reader gets it: links, images, and every chapter page in a real browser.

These tests need the instructor build in ``_build/html`` (``jupyter-book build .``) and, for the
browser part, Debian's Chromium driven by Playwright. They are marked ``site`` and left out of the
default run; CI runs them after the build with ``pytest -m site`` and sets
``GDCOURSE_REQUIRE_SITE=1`` so that a missing build or browser fails instead of skipping.
"""
from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
REQUIRED = os.environ.get("GDCOURSE_REQUIRE_SITE") == "1"
pytestmark = pytest.mark.site


def _need(condition: bool, why: str) -> None:
    if not condition:
        if REQUIRED:
            pytest.fail(why)
        pytest.skip(why)


def chapter_pages() -> list[str]:
    """Site paths of the chapter pages listed in _toc.yml (``book/NN_name.html``)."""
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    return [f"{m}.html" for m in re.findall(r"file:\s*(book/\d\d_[\w-]+)", toc)]


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        for key in ("href", "src"):
            if a.get(key) and not (tag == "link" and a.get("rel") in ("preconnect", "dns-prefetch")):
                self.refs.append((tag, a[key]))


@functools.lru_cache(maxsize=None)
def _parse(page: Path) -> _Refs:
    parser = _Refs()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_no_broken_internal_link_or_missing_image():
    _need((SITE / "index.html").exists(), "no built site in _build/html: run jupyter-book build . first")
    broken = []
    # Pages, not the theme's template fragments under _static/ (they hold unrendered Jinja).
    pages = sorted(p for p in SITE.rglob("*.html") if not {"_sources", "_static"} & set(p.relative_to(SITE).parts))
    for page in pages:
        for tag, ref in _parse(page).refs:
            parts = urlsplit(ref)
            if parts.scheme or parts.netloc or ref.startswith(("mailto:", "javascript:", "data:")):
                continue
            target = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(SITE)}: <{tag}> {ref} (no such file)")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in _parse(target).ids:
                broken.append(f"{page.relative_to(SITE)}: <{tag}> {ref} (no such anchor)")
    assert len(pages) >= 4
    assert not broken, "\n".join(broken[:20])


@pytest.fixture(scope="module")
def server():
    _need((SITE / "index.html").exists(), "no built site in _build/html: run jupyter-book build . first")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(SITE))
    handler.log_message = lambda *args: None  # type: ignore[assignment]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    _need(Path(CHROMIUM).exists(), "no Chromium: apt-get install chromium")
    playwright = pytest.importorskip("playwright.sync_api") if not REQUIRED else __import__(
        "playwright.sync_api", fromlist=["sync_playwright"])
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--no-first-run", "--disable-sync", "--disable-quic"])
        yield b
        b.close()


@pytest.mark.parametrize("path", chapter_pages())
def test_chapter_page_in_a_browser(path, server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # The page is read as offline: requests that leave this machine (CDNs for MathJax, Thebe,
    # widgets) are refused, as they would be in a classroom without a network.
    page.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), lambda route: route.abort())
    response = page.goto(f"{server}/{path}", wait_until="load")
    assert response is not None and response.ok, f"{path}: HTTP {response.status if response else '?'}"
    assert page.locator("article h1").count() == 1
    images = page.evaluate("""Array.from(document.querySelectorAll('article img')).map(
        i => ({src: i.getAttribute('src'), ok: i.complete && i.naturalWidth > 0, w: i.naturalWidth}))""")
    figures = [im for im in images if "_images/" in im["src"]]
    assert figures, f"{path}: no figure on the page"
    assert all(im["ok"] for im in images), f"{path}: images that did not load: {[i for i in images if not i['ok']]}"
    assert all(im["w"] >= 200 for im in figures), f"{path}: a figure is smaller than 200 px"
    n_ex = page.locator("div.exercise").count()
    n_sol = page.locator("div.solution").count()
    assert n_ex >= 4 and n_sol == n_ex, f"{path}: {n_ex} exercises, {n_sol} solutions"
    assert page.locator("div.solution button.toggle-button").count() == n_sol, f"{path}: a solution has no toggle"
    assert page.locator(".dropdown-launch-buttons a[href*='mybinder.org']").count() == 1
    assert page.locator(".dropdown-launch-buttons a[href*='colab.research.google.com']").count() == 1
    assert page.locator(".dropdown-download-buttons a[href$='.ipynb']").count() == 1
    assert not errors, f"{path}: JavaScript errors: {errors}"
    page.close()
