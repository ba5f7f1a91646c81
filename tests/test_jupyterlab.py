"""The chapters where students run them: JupyterLab (Binder, a laptop), driven by a real browser.

For every chapter this starts from a JupyterLab server on localhost (no token, a free port, a copy of
``book/`` so that nothing is saved into the repository, windowed rendering off so every cell is in the
page) and, in headless Chromium (Playwright with Debian's ``/usr/bin/chromium``, as the site test):
opens the chapter, runs all cells, then asserts what a student would see:

- no raw MyST left in the rendered markdown (no ``{role}`...``` or directive fence, no reference,
  citation or role the renderer could not resolve);
- every number the text quotes (``{eval}`name```) shown as its value, the value the notebook stores;
- no error and nothing on stderr in any output;
- the chapter's first explorer slider redraws its figure when moved with the keyboard.

Marked ``lab`` and left out of the default run; CI runs ``pytest -m lab``. Set
``GDCOURSE_LAB_SCREENSHOTS=DIR`` to save a screenshot of each chapter after the run.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
REQUIRED = os.environ.get("GDCOURSE_REQUIRE_SITE") == "1"
CHAPTERS = sorted(p.name for p in BOOK.glob("[0-9][0-9]_*.ipynb"))
pytestmark = pytest.mark.lab

# Raw MyST in rendered text (math removed): a role or directive name in braces, a fence or a directive
# option left as text, a target line.
RAW_MYST = re.compile(r"\{[a-z][\w:-]*\}|^\s*(`{3}|:{3})|^\s*:(label|class|name):|^\([\w-]+\)=\s*$", re.M)


def _need(condition: bool, why: str) -> None:
    if not condition:
        if REQUIRED:
            pytest.fail(why)
        pytest.skip(why)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on a copy of book/, stopped at the end."""
    lab_bin = Path(sys.executable).with_name("jupyter-lab")
    _need(lab_bin.exists(), "JupyterLab is not installed in this environment")
    work = tmp_path_factory.mktemp("lab")
    shutil.copytree(BOOK, work / "book")
    settings = work / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    notices = work / "settings" / "@jupyterlab" / "apputils-extension"   # no "Jupyter news?" pop-up
    notices.mkdir(parents=True)
    (notices / "notification.jupyterlab-settings").write_text(json.dumps({"fetchNews": "false"}))
    port = _free_port()
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(work / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(work / "workspaces"), JUPYTER_RUNTIME_DIR=str(work / "runtime"))
    log = open(work / "lab.log", "w")
    proc = subprocess.Popen([str(lab_bin), "--no-browser", "--ip=127.0.0.1", f"--port={port}", "--allow-root",
                             "--IdentityProvider.token=", "--ServerApp.password=", f"--ServerApp.root_dir={work}",
                             "--LabApp.news_url=None", "--LabApp.extension_manager=readonly",
                             "--LabApp.expose_app_in_browser=True"],
                            env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            if proc.poll() is not None:
                pytest.fail("JupyterLab exited:\n" + (work / "lab.log").read_text()[-3000:])
            try:
                urllib.request.urlopen(base + "/api/status", timeout=2)
                break
            except OSError:
                time.sleep(0.25)
        else:
            pytest.fail("JupyterLab did not start within 60 s")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
        log.close()


@pytest.fixture(scope="module")
def browser():
    _need(Path(CHROMIUM).exists(), "no Chromium: apt-get install chromium")
    playwright = pytest.importorskip("playwright.sync_api") if not REQUIRED else __import__(
        "playwright.sync_api", fromlist=["sync_playwright"])
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run"])
        yield b
        b.close()


# The rendered text of each markdown cell, without its math (KaTeX keeps the TeX source in the page),
# and the markers of what the renderer could not resolve (it flags them with a warning icon).
MARKDOWN_STATE = """() => Array.from(document.querySelectorAll('.jp-Notebook .jp-Cell')).map(cell => {
  if (!cell.classList.contains('jp-MarkdownCell')) return null;
  const myst = cell.querySelector('.myst');
  if (!myst) return {rendered: false, text: '', unresolved: [], code: []};
  const copy = myst.cloneNode(true);
  copy.querySelectorAll('.katex, .katex-display, math').forEach(e => e.remove());
  return {rendered: true, text: copy.innerText,
          unresolved: Array.from(myst.querySelectorAll('[title$="Not Found"], .text-yellow-600'))
                        .map(e => (e.getAttribute('title') || '') + ': ' + e.textContent.trim()),
          code: Array.from(copy.querySelectorAll('code')).map(e => e.textContent)};
})"""

RUN_STATE = """() => {
  const prompts = Array.from(document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')).map(p => p.textContent);
  const session = window.jupyterapp.shell.currentWidget.sessionContext.session;
  return {code: prompts.length, busy: prompts.filter(t => t.includes('*')).length,
          unrun: prompts.filter(t => !/\\d/.test(t)).length,
          kernel: session && session.kernel ? session.kernel.status : null};
}"""

KERNEL_READY = """async () => {
  const panel = window.jupyterapp.shell.currentWidget;
  await panel.context.ready;
  await panel.sessionContext.ready;
  for (let i = 0; i < 600 && panel.sessionContext.session.kernel.status !== 'idle'; i++)
    await new Promise(r => setTimeout(r, 100));
  return panel.sessionContext.session.kernel.status;
}"""


def markdown_problems(state: list, nb: nbformat.NotebookNode) -> tuple[list[str], int]:
    """What a student would see as broken in the rendered markdown; and how many quoted numbers show."""
    problems, shown = [], 0
    volatile = _volatile_names(nb)
    for index, (cell, rendered) in enumerate(zip(nb.cells, state)):
        if cell.cell_type != "markdown":
            continue
        if not rendered or not rendered["rendered"]:
            problems.append(f"cell {index}: not rendered by the MyST renderer")
            continue
        for match in RAW_MYST.finditer(rendered["text"]):
            problems.append(f"cell {index}: raw MyST {match.group(0).strip()!r}")
        problems += [f"cell {index}: unresolved {u}" for u in rendered["unresolved"]]
        for entry in cell.metadata.get("user_expressions", []):
            expr = entry["expression"]
            if expr in rendered["code"]:
                problems.append(f"cell {index}: {{eval}}`{expr}` shows its name, not its value")
                continue
            value = entry["result"]["data"]["text/plain"].strip("'\"")
            if expr in volatile:   # a timing: its own value in this run, but a number
                shown += 1
            elif value in rendered["text"]:
                shown += 1
            else:
                problems.append(f"cell {index}: the value {value} of {{eval}}`{expr}` is not in the text")
    return problems, shown


def has_explorer(nb: nbformat.NotebookNode) -> bool:
    """Whether a code cell shows a live explorer (its stored output is the ipywidgets interactive)."""
    return any("interactive(" in "".join(o.get("data", {}).get("text/plain", ""))
               for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))


def _volatile_names(nb: nbformat.NotebookNode) -> set[str]:
    names = set()
    for cell in nb.cells:
        if cell.cell_type == "code" and "nbval-ignore-output" in cell.metadata.get("tags", []):
            names |= set(re.findall(r"^(\w+)\s*=", cell.source, re.M))
    return names


def _wait(page, script: str, done, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(script)
        if done(value):
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"{what} (last state: {value})")
        page.wait_for_timeout(250)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_in_jupyterlab(chapter, lab, browser):
    nb = nbformat.read(BOOK / chapter, as_version=4)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(60_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # ?reset: a fresh workspace, so that the chapters opened by the tests before are not in the page
    page.goto(f"{lab}/lab/tree/book/{chapter}?reset", wait_until="domcontentloaded")
    page.wait_for_function("window.jupyterapp && document.querySelectorAll('.jp-Notebook .jp-Cell').length > 0",
                           timeout=90_000)
    n_cells = len(nb.cells)
    _wait(page, "() => document.querySelectorAll('.jp-Notebook .jp-Cell').length",
          lambda n: n == n_cells, 60, f"{chapter}: the notebook did not show its {n_cells} cells")
    page.evaluate(KERNEL_READY)   # the kernel has started (Playwright's own timeout applies)
    # Clear the stored outputs (so that every output checked below is this run's), then Run all, as the
    # student's menu does; the command's promise is not awaited (it settles at the end).
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
    _wait(page, RUN_STATE, lambda s: s["unrun"] == s["code"], 30, f"{chapter}: clearing the outputs failed")
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
    n_code = sum(c.cell_type == "code" for c in nb.cells)
    _wait(page, RUN_STATE, lambda s: s["busy"] == 0 and s["unrun"] == 0 and s["kernel"] == "idle", 180,
          f"{chapter}: Run all did not finish within 180 s")
    page.wait_for_timeout(1500)   # the last markdown cells' expressions and re-render

    state = page.evaluate(MARKDOWN_STATE)
    problems, shown = markdown_problems(state, nb)
    quoted = sum(len(c.metadata.get("user_expressions", [])) for c in nb.cells if c.cell_type == "markdown")
    assert not problems, f"{chapter}: {len(problems)} problems in the rendered markdown:\n" + "\n".join(problems)
    assert shown == quoted, f"{chapter}: {shown} of {quoted} quoted numbers shown"

    bad_outputs = page.evaluate("""() => Array.from(document.querySelectorAll(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], .jp-OutputArea-output.jp-mod-error'))
        .map(e => e.innerText.slice(0, 300))""")
    assert not bad_outputs, f"{chapter}: error or stderr output:\n" + "\n".join(bad_outputs)
    assert page.locator(".jp-CodeCell .jp-InputPrompt").count() == n_code

    shots = os.environ.get("GDCOURSE_LAB_SCREENSHOTS")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
        quoting = next(i for i, c in enumerate(nb.cells) if c.metadata.get("user_expressions"))
        page.locator(".jp-Notebook .jp-Cell").nth(quoting).scroll_into_view_if_needed()
        page.screenshot(path=str(Path(shots) / f"{chapter[:2]}_text.png"))

    # The first explorer: move its first slider with the keyboard and see its figure change.
    assert has_explorer(nb), f"{chapter}: no live explorer (COURSE.md asks one per chapter)"
    slider = page.locator(".jp-OutputArea .widget-slider .noUi-handle, .jp-OutputArea .widget-slider input[type=range]").first
    assert slider.count() == 1, f"{chapter}: no explorer slider after Run all"
    widget = page.locator(".jp-OutputArea .widget-interact").first
    figure = widget.locator("img").first
    figure.wait_for(timeout=30_000)
    before = figure.get_attribute("src")
    slider.scroll_into_view_if_needed()
    slider.focus()
    page.keyboard.press("ArrowRight")
    deadline = time.monotonic() + 15
    while figure.get_attribute("src") == before:
        assert time.monotonic() < deadline, f"{chapter}: moving the slider did not redraw the figure"
        page.wait_for_timeout(100)
    assert not errors, f"{chapter}: JavaScript errors: {errors}"

    if shots:
        widget.scroll_into_view_if_needed()
        page.screenshot(path=str(Path(shots) / f"{chapter[:2]}_explorer.png"))
    page.evaluate("() => window.jupyterapp.serviceManager.sessions.shutdownAll()")   # its kernel goes
    page.close()
