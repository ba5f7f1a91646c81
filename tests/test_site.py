"""The built site, as a reader gets it: links, images, and every page in a real browser, offline.

These tests need the instructor build in ``_build/html`` (``jupyter-book build .``) and, for the
browser part, Debian's Chromium driven by Playwright. They are marked ``site`` and left out of the
default run; CI runs them after the build with ``pytest -m site`` and sets
``GDCOURSE_REQUIRE_SITE=1`` so that a missing build or browser fails instead of skipping.

Pages are opened from the disk (``file://``) and the browser refuses every other request, as for a
reader with no network: whatever a page needs to render must be in the build. On every page
MathJax (served from ``_static``) must typeset every formula without an error, and axe-core must
find no serious or critical accessibility violation, in the light and in the dark theme. On every
chapter page each explorer's scrubber must show another picture when any of its sliders is moved,
by mouse and by keyboard; code never scrolls sideways at phone width; and the first paint stays
within the page-weight budget.
"""
from __future__ import annotations

import functools
import importlib.util
import json
import os
import re
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
REQUIRED = os.environ.get("GDCOURSE_REQUIRE_SITE") == "1"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run"]
# Pages the build makes besides those in _toc.yml (indexes and search), and the front door, which
# only redirects to the root page of _toc.yml.
GENERATED = ["genindex.html", "search.html", "py-modindex.html", "prf-prf.html"]
REDIRECT = "index.html"
# Console messages that are not errors of the page: the theme reports that the browser stored no
# light/dark choice yet (it then follows the system's, as intended).
HARMLESS_CONSOLE = re.compile(r"^Got invalid theme mode")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
pytestmark = pytest.mark.site


def _need(condition: bool, why: str) -> None:
    if not condition:
        if REQUIRED:
            pytest.fail(why)
        pytest.skip(why)


def _toc_files() -> list[str]:
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    return re.findall(r"(?:file|root):\s*([\w/-]+)", toc)


def chapter_pages() -> list[str]:
    """Site paths of the chapter pages listed in _toc.yml (``book/NN_name.html``)."""
    return [f"{f}.html" for f in _toc_files() if re.fullmatch(r"book/\d\d_[\w-]+", f)]


def all_pages() -> list[str]:
    """Every page a reader can open: those of _toc.yml and those the build generates."""
    return [f"{f}.html" for f in _toc_files()] + GENERATED


def explorers_in(page: str) -> set[str]:
    """Names of the explorers whose live widget a chapter shows: ``name = ..._explorer(...)`` and ``name.show()``."""
    nb = json.loads((ROOT / page.replace(".html", ".ipynb")).read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    made = set(re.findall(r"^\s*(\w+)\s*=\s*[\w.]*explorer\w*\(", code, flags=re.M))
    return made & set(re.findall(r"^\s*(\w+)\.show\(\)", code, flags=re.M))


def _page_weight():
    spec = importlib.util.spec_from_file_location("page_weight", ROOT / "tests" / "benchmarks" / "page_weight.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module   # its dataclass looks its module up
    spec.loader.exec_module(module)
    return module


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
        if a.get("data-frames"):   # a scrubber's frames (scrubber.js shows them)
            self.refs += [("frame", frame["src"]) for frame in json.loads(a["data-frames"])]


@functools.lru_cache(maxsize=None)
def _parse(page: Path) -> _Refs:
    parser = _Refs()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def _site_pages() -> list[Path]:
    # Pages, not the theme's template fragments under _static/ (they hold unrendered Jinja).
    return sorted(p for p in SITE.rglob("*.html") if not {"_sources", "_static"} & set(p.relative_to(SITE).parts))


def test_no_broken_internal_link_or_missing_image():
    _need((SITE / "index.html").exists(), "no built site in _build/html: run jupyter-book build . first")
    broken = []
    pages = _site_pages()
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


def test_every_page_is_checked_in_the_browser():
    _need((SITE / "index.html").exists(), "no built site in _build/html: run jupyter-book build . first")
    built = {str(p.relative_to(SITE)) for p in _site_pages()}
    assert built - {REDIRECT} <= set(all_pages()), f"pages no browser test opens: {sorted(built - set(all_pages()))}"
    root = re.search(r"root:\s*([\w/-]+)", (ROOT / "_toc.yml").read_text(encoding="utf-8")).group(1)
    assert f'url={root}.html"' in (SITE / REDIRECT).read_text(encoding="utf-8"), "index.html must redirect to the root page"


def test_mathjax_is_served_by_the_site():
    _need((SITE / "index.html").exists(), "no built site in _build/html: run jupyter-book build . first")
    for page in _site_pages():
        scripts = [ref for tag, ref in _parse(page).refs if tag == "script"]
        mathjax = [s for s in scripts if "mathjax" in s.lower()]
        if mathjax:
            assert all(not urlsplit(s).netloc and "_static/mathjax/" in s for s in mathjax), (page, mathjax)
    assert (SITE / "_static" / "mathjax" / "tex-mml-chtml.js").is_file()
    assert (SITE / "_static" / "mathjax" / "LICENSE").is_file()


def test_first_paint_within_budget():
    _need((SITE / "index.html").exists(), "no built site in _build/html: run jupyter-book build . first")
    pw = _page_weight()
    weights = pw.page_weights(SITE)
    assert [w.page for w in weights] == [Path(p).name for p in chapter_pages()]
    over = [f"{w.page}: {w.eager / 1e6:.2f} MB" for w in weights if w.eager > pw.BUDGET_MB * 1e6]
    assert not over, f"first paint (HTML + eager images) over {pw.BUDGET_MB} MB: {over}"


@pytest.fixture(scope="module")
def browser():
    _need((SITE / "index.html").exists(), "no built site in _build/html: run jupyter-book build . first")
    _need(Path(CHROMIUM).exists(), "no Chromium: apt-get install chromium")
    playwright = pytest.importorskip("playwright.sync_api") if not REQUIRED else __import__(
        "playwright.sync_api", fromlist=["sync_playwright"])
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def axe_script() -> str:
    found = importlib.util.find_spec("axe_playwright_python")
    _need(found is not None, "no axe-core: pip install -r requirements.txt (axe-playwright-python)")
    return (Path(found.origin).parent / "axe.min.js").read_text(encoding="utf-8")


class Offline:
    """A page opened from the disk with every other request refused, and what went wrong on it."""

    def __init__(self, browser, path: str, viewport: dict, color_scheme: str = "light") -> None:
        self.path = path
        self.closed = False
        self.context = browser.new_context(viewport=viewport, color_scheme=color_scheme)
        self.page = self.context.new_page()
        self.refused: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("requestfailed", lambda r: r.url.startswith("file:") and self.failed.append(f"{r.url} ({r.failure})"))
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("console", lambda m: m.type == "error" and not HARMLESS_CONSOLE.match(m.text)
                     and self.errors.append(m.text))
        self.page.goto((SITE / path).as_uri(), wait_until="load")
        self.page.evaluate("() => window.MathJax && MathJax.startup ? MathJax.startup.promise : null")

    def _route(self, route) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.refused.append(route.request.url)
            route.abort()

    def check_clean(self) -> None:
        assert not self.refused, f"{self.path}: requests to other hosts: {self.refused}"
        assert not self.failed, f"{self.path}: files that did not load: {self.failed}"
        assert not self.errors, f"{self.path}: JavaScript errors: {self.errors}"

    def close(self) -> None:
        if not self.closed:
            self.context.close()
            self.closed = True


@pytest.fixture
def offline(browser):
    opened: list[Offline] = []

    def open_page(path: str, viewport: dict = DESKTOP, color_scheme: str = "light") -> Offline:
        opened.append(Offline(browser, path, viewport, color_scheme))
        return opened[-1]

    yield open_page
    for o in opened:
        o.close()


MATH_REPORT = """() => (window.MathJax ? MathJax.startup.promise : Promise.resolve()).then(() => {
    const errors = [];
    let count = 0;
    for (const item of window.MathJax ? MathJax.startup.document.math : []) {
        count += 1;
        item.root.walkTree(node => {
            if (node.isKind('merror') || (node.isKind('mtext') && node.attributes.get('mathcolor') === 'red')) {
                errors.push(item.math);
            }
        });
    }
    const untypeset = Array.from(document.querySelectorAll('.math'))
        .filter(e => !e.querySelector('mjx-container')).map(e => e.textContent.slice(0, 80));
    const prose = (document.querySelector('article') || document.body).cloneNode(true);
    // Code is not prose: code cells, inline code and API signatures (default values such as '$x_1$').
    prose.querySelectorAll('pre, code, script, style, mjx-container, mjx-assistive-mml, .highlight, .sig')
        .forEach(e => e.remove());
    return {count, errors, untypeset, text: prose.textContent};
})"""
# What TeX left untypeset looks like in the text: a control word, \( \) \[ \], or $...$.
RAW_TEX = re.compile(r"\\[A-Za-z]{2,}|\\[()\[\]]|\$\$|\$[^$\s][^$]*\$")


@pytest.mark.parametrize("path", all_pages())
def test_page_offline_math_and_accessibility(path, offline, axe_script):
    for scheme in ("light", "dark"):
        o = offline(path, DESKTOP, scheme)
        if path not in GENERATED:
            assert o.page.locator("article h1").count() == 1, f"{path}: not one <h1>"
        if scheme == "light":
            math = o.page.evaluate(MATH_REPORT)
            assert not math["errors"], f"{path}: MathJax errors in {math['errors'][:5]}"
            assert not math["untypeset"], f"{path}: formulas left untypeset: {math['untypeset'][:5]}"
            raw = RAW_TEX.findall(math["text"])
            assert not raw, f"{path}: raw TeX in the text: {raw[:10]}"
            if re.match(r"book/\d\d_", path):
                assert math["count"] > 0, f"{path}: no formula typeset"
                assert o.page.evaluate("() => MathJax.version").startswith("3."), f"{path}: not MathJax 3"
        o.check_clean()
        # Open every solution, so that axe sees their content too. (axe's own preloading of the
        # style sheets, by XHR, cannot read file:// pages; the browser has already applied them.)
        o.page.evaluate("() => document.querySelectorAll('.toggle-hidden').forEach(e => e.classList.remove('toggle-hidden'))")
        o.page.evaluate(axe_script)
        result = o.page.evaluate("() => axe.run(document, {resultTypes: ['violations'], preload: false})")
        bad = [f"{v['id']} ({v['impact']}, {len(v['nodes'])}×): {v['nodes'][0]['target']}"
               for v in result["violations"] if v["impact"] in ("serious", "critical")]
        assert not bad, f"{path} ({scheme} theme): axe violations: {bad}"
        o.close()


@pytest.mark.parametrize("path", chapter_pages())
def test_chapter_page_in_a_browser(path, offline):
    o = offline(path)
    page = o.page
    assert page.locator("article h1").count() == 1
    images = page.evaluate("""Array.from(document.querySelectorAll('article img:not([loading=lazy])')).map(
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
    o.check_clean()


def _frame(box) -> dict:
    return box.evaluate("""b => { const i = b.querySelector('img.gd-scrubber-frame');
        return {src: i.getAttribute('src'), alt: i.getAttribute('alt'), ok: i.complete && i.naturalWidth > 0}; }""")


def _wait_loaded(page, box) -> None:
    page.wait_for_function("b => { const i = b.querySelector('img.gd-scrubber-frame'); "
                           "return i.complete && i.naturalWidth > 0; }", arg=box.element_handle(), timeout=5000)


@pytest.mark.parametrize("path", chapter_pages())
def test_every_scrubber_plays_with_mouse_and_keyboard(path, offline):
    o = offline(path)
    page = o.page
    boxes = page.locator("div.gd-scrubber")
    n = boxes.count()
    assert n >= len(explorers_in(path)), f"{path}: {len(explorers_in(path))} explorers, {n} scrubbers"
    for i in range(n):
        box = boxes.nth(i)
        box.scroll_into_view_if_needed()
        _wait_loaded(page, box)
        sliders = box.locator("input[type=range]")
        assert sliders.count() >= 1
        for k in range(sliders.count()):
            slider = sliders.nth(k)
            sid = slider.get_attribute("id")
            assert slider.is_enabled(), f"{path}: scrubber {i} slider {sid} is disabled (script not run?)"
            label = box.locator(f"label[for='{sid}']")
            assert label.count() == 1 and label.inner_text().strip(), f"{path}: slider {sid} has no label"
            top = int(slider.get_attribute("max"))
            values = json.loads(slider.get_attribute("data-values"))

            # Mouse: click the far end of the track from where the thumb is.
            before, value = _frame(box), int(slider.input_value())
            goal = 0 if value > top / 2 else top
            bb = slider.bounding_box()
            page.mouse.click(bb["x"] + bb["width"] * (0.02 if goal == 0 else 0.98), bb["y"] + bb["height"] / 2)
            assert int(slider.input_value()) == goal, f"{path}: a click did not move slider {sid}"
            _wait_loaded(page, box)
            after = _frame(box)
            assert after["src"] != before["src"] and after["alt"] != before["alt"], f"{path}: {sid} (mouse)"
            assert values[goal] in after["alt"], f"{path}: alt text {after['alt']!r} does not name {values[goal]}"
            assert slider.get_attribute("aria-valuetext") == values[goal]
            assert box.locator(f"output[for='{sid}']").inner_text() == values[goal]

            # Keyboard: one step back from the end.
            slider.focus()
            page.keyboard.press("ArrowLeft" if goal == top else "ArrowRight")
            step = top - 1 if goal == top else 1
            assert int(slider.input_value()) == step, f"{path}: the arrow key did not move slider {sid}"
            _wait_loaded(page, box)
            keyed = _frame(box)
            assert keyed["src"] != after["src"] and values[step] in keyed["alt"], f"{path}: {sid} (keyboard)"
    o.check_clean()


@pytest.mark.parametrize("path", chapter_pages())
def test_nothing_scrolls_sideways_on_a_phone(path, offline):
    o = offline(path, PHONE)
    page = o.page
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{path}: the page is {width[0]} px wide on a {width[1]} px screen"
    wide = page.evaluate("""() => Array.from(document.querySelectorAll('article pre, article img, div.gd-scrubber, .prev-next-area a'))
        .filter(e => e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right > window.innerWidth + 1)
        .map(e => e.tagName + ': ' + (e.textContent || e.getAttribute('src') || '').slice(0, 60))""")
    assert not wide, f"{path}: wider than a {PHONE['width']} px screen: {wide[:5]}"
    o.check_clean()
