"""Measure the course against its budgets (COURSE.md, "Budgets") and write a Markdown table.

Run from the repository root, in the course's environment:

    .venv/bin/python tests/benchmarks/bench.py [--out _build/benchmark.md] [--quick]

It times: each chapter executed top to bottom in a fresh kernel, next to its *floor* (a fresh kernel
running only the chapter's setup and import cells) and the ratio of the two; a cold and a warm
(cached) book build; the full default ``pytest`` run; each widget's one-state redraw (median over repeats);
gdcourse's optimisation loops against minimal hand-written numpy loops doing the same arithmetic;
and the size of each built chapter page with its images. ``--quick`` skips the book builds and the
pytest run; ``--only sections`` shows instead where each chapter's time goes, section by section. Timings depend on the machine and its load: each kernel timing is the fastest of
``--repeats`` runs (load only ever adds time). This script reports, it does not assert.
"""
from __future__ import annotations

import argparse
import importlib
import inspect
import io
import os
import pkgutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import numpy as np  # noqa: E402
from nbclient import NotebookClient  # noqa: E402

import gdcourse as gd  # noqa: E402
import gdcourse.widgets  # noqa: E402
from gdcourse import adaptive, minibatch, models, objectives  # noqa: E402
from gdcourse.loop import gradient_descent, iterate  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
Row = tuple[str, str, str, str]  # what, measured, budget, verdict


def verdict(value: float, budget: float) -> str:
    return "ok" if value <= budget else "OVER"


def median_time(fn: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def paired_times(ours: Callable[[], object], hand: Callable[[], object], repeats: int) -> tuple[float, float]:
    """Median seconds of ``ours`` and ``hand``, run in turn, so that a slow spell of the machine hits both."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeats):
        for fn, out in ((ours, times[0]), (hand, times[1])):
            start = time.perf_counter()
            fn()
            out.append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def kernel_cpu(client: NotebookClient) -> float:
    """CPU seconds the client's kernel process has used so far (Linux; 0 where it cannot be read)."""
    try:
        pid = client.km.provisioner.process.pid  # type: ignore[union-attr]
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (AttributeError, OSError, ValueError, IndexError):
        return 0.0


def run_kernel(cells: list, cwd: Path) -> tuple[float, list[float], float]:
    """Execute ``cells`` in a fresh kernel; return the total seconds, the seconds of each cell (from
    the client's sending it to the kernel's reply), and the CPU seconds the kernel used (which other
    processes on the machine do not inflate much)."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c.source if hasattr(c, "source") else c) for c in cells]
    marks: dict[int, float] = {}
    cpu = [0.0]

    def done(cell: object, cell_index: int, execute_reply: object) -> None:
        marks[-1 - cell_index] = time.perf_counter()
        if cell_index == len(nb.cells) - 1:
            cpu[0] = kernel_cpu(client)

    client = NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(cwd)}},
                            on_cell_start=lambda cell, cell_index: marks.setdefault(cell_index, time.perf_counter()),
                            on_cell_executed=done)
    start = time.perf_counter()
    client.execute()
    total = time.perf_counter() - start
    return total, [marks[-1 - i] - marks[i] for i in range(len(nb.cells))], cpu[0]


def setup_and_import(cells: list) -> int:
    """How many code cells make a chapter's floor: the Colab setup cell (tagged colab-setup; it only
    imports gdcourse here), if there is one, and the import cell."""
    code = [c for c in cells if c.cell_type == "code"]
    return 1 + sum(1 for c in code[:1] if "colab-setup" in c.metadata.get("tags", []))


def chapters(repeats: int = 3, only: str = "") -> list[Row]:
    """Each chapter against the budgets: ≤ 5 s, and ≤ 3.5 times its floor (the import cell alone).

    ``only`` keeps the chapters whose file name contains it (e.g. ``"07"``).
    """
    rows = []
    for path in sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb")):
        if only not in path.name:
            continue
        code = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
        floor_cells = code[:setup_and_import(code)]
        runs, floors = [], []
        for _ in range(repeats):   # interleaved, so that a slow spell of the machine hits both alike
            runs.append(run_kernel(code, path.parent))
            floors.append(run_kernel(floor_cells, path.parent))
        full, floor = min(r[0] for r in runs), min(r[0] for r in floors)
        cpu, cpu_floor = min(r[2] for r in runs), min(r[2] for r in floors)
        ratios = sorted(r[0] / f[0] for r, f in zip(runs, floors))   # each chapter run against the floor run next to it
        name = f"chapter {path.stem}"
        rows.append((f"{name}: fresh kernel, top to bottom (fastest; median)",
                     f"{full:.1f} s; {statistics.median(r[0] for r in runs):.1f} s", "5 s", verdict(full, 5)))
        rows.append((f"{name}: floor (fresh kernel, setup and import cells only)", f"{floor:.1f} s", "–", "info"))
        rows.append((f"{name}: chapter / floor (fastest runs; median of paired runs)",
                     f"{full / floor:.2f}×; {statistics.median(ratios):.2f}×", "3.5×", verdict(full / floor, 3.5)))
        rows.append((f"{name}: kernel CPU, chapter / floor", f"{cpu:.1f} s / {cpu_floor:.1f} s", "–", "info"))
    return rows


def chapter_sections(repeats: int = 3, only: str = "") -> list[Row]:
    """Where a chapter's time goes: its code cells grouped by the section (``##`` heading) they sit in,
    each group's seconds the median over ``repeats`` fresh-kernel runs, with its share of the chapter's
    cell time; the setup and import cells (the floor, without the kernel's start) are a group of their
    own. A cell's time runs from the client's sending it to the kernel's reply, so it includes the few
    milliseconds of messaging every cell costs. Figures are counted from the stored outputs."""
    rows = []
    for path in sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb")):
        if only not in path.name:
            continue
        notebook_cells = nbformat.read(path, as_version=4).cells
        floor = setup_and_import(notebook_cells)
        section, groups = "", {}
        for cell in notebook_cells:
            if cell.cell_type == "markdown":
                headings = [line[3:].strip() for line in cell.source.splitlines() if line.startswith("## ")]
                section = headings[-1] if headings else section
            elif cell.cell_type == "code":
                figures = sum("image/png" in o.get("data", {}) for o in cell.get("outputs", []))
                name = "setup and import cells (the floor)" if floor > 0 else f"section '{section}'"
                groups.setdefault(name, []).append((cell, figures))
                floor -= 1
        code = [c for members in groups.values() for c, _ in members]
        runs = [run_kernel(code, path.parent)[1] for _ in range(repeats)]
        per_cell = [statistics.median(r[i] for r in runs) for i in range(len(code))]
        total, i = sum(per_cell), 0
        for name, members in groups.items():
            t = sum(per_cell[i:i + len(members)])
            i += len(members)
            rows.append((f"chapter {path.stem}, {name}: {len(members)} code cells, {sum(f for _, f in members)} figures",
                         f"{t:.2f} s ({100 * t / total:.0f} %)", "–", "info"))
        rows.append((f"chapter {path.stem}: all cells (median of {repeats} runs, each cell)", f"{total:.2f} s",
                     "–", "info"))
    return rows


def book_builds() -> list[Row]:
    rows = []
    with tempfile.TemporaryDirectory() as out:
        cmd = [str(BIN / "jupyter-book"), "build", str(ROOT), "--path-output", out, "-W", "-n", "--keep-going", "-q"]
        for label, budget in (("cold", 60.0), ("warm (cached)", None)):
            start = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True)
            t = time.perf_counter() - start
            rows.append((f"book build, {label}", f"{t:.1f} s", f"{budget:.0f} s" if budget else "–",
                         verdict(t, budget) if budget else "–"))
    return rows


def pytest_run() -> list[Row]:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:randomly"], cwd=ROOT, check=True,
                   capture_output=True)
    t = time.perf_counter() - start
    return [("full pytest (default run: unit tests + nbval)", f"{t:.1f} s", "45 s", verdict(t, 45))]


def explorers() -> list[tuple[str, Callable[[], gdcourse.widgets.Explorer]]]:
    """Every widget builder of the package: a function named ``*_explorer`` taking no required argument."""
    found = []
    for info in pkgutil.iter_modules(gdcourse.widgets.__path__):
        module = importlib.import_module(f"gdcourse.widgets.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if name.endswith("_explorer") and fn.__module__ == module.__name__ and all(
                    p.default is not p.empty for p in inspect.signature(fn).parameters.values()):
                found.append((f"{info.name}.{name}", fn))
    return found


def widgets(repeats: int = 25) -> list[Row]:
    """Per explorer: ``render()`` of one state (the budgeted function: compute the state and draw
    it), and the same followed by rasterising to PNG as the notebook's inline backend does (shown for
    information: most of it is matplotlib's fixed cost for a constrained-layout figure)."""
    rows = []
    for name, build in explorers():
        explorer = build()

        def render() -> None:
            plt.close(explorer.render())

        def render_png() -> None:
            fig = explorer.render()
            fig.savefig(io.BytesIO(), format="png")
            plt.close(fig)

        render_png()  # warm-up: imports, caches
        t = median_time(render, repeats)
        rows.append((f"widget {name}: render() of one state (median of {repeats})", f"{1000 * t:.1f} ms", "50 ms",
                     verdict(t, 0.05)))
        t = median_time(render_png, repeats)
        rows.append((f"widget {name}: render() + PNG rasterisation (median of {repeats})", f"{1000 * t:.1f} ms",
                     "–", "info"))
    return rows


def ratio_row(what: str, ours: float, hand: float) -> Row:
    r = ours / hand
    return (f"{what}: gdcourse / hand-written", f"{r:.2f}× ({1000 * ours:.1f} vs {1000 * hand:.1f} ms)", "1.3×",
            verdict(r, 1.3))


def loops(repeats: int = 15) -> list[Row]:
    rows = []
    f = objectives.quadratic(np.diag([2.0, 4.0]))

    def hand_gd() -> None:
        # The same arithmetic as the library loop: the objective's own value and gradient, the
        # update, and a record of positions, values and gradient norms.
        x = np.array([-5.0, -2.0])
        xs, values, norms = [x], [f.value_fn(x)], []
        for _ in range(2000):
            g = f.gradient_fn(x)
            norms.append(float(np.linalg.norm(g)))
            x = x - 0.1 * g
            xs.append(x)
            values.append(float(f.value_fn(x)))
        norms.append(float(np.linalg.norm(f.gradient_fn(x))))
        np.array(xs), np.array(values), np.array(norms)

    rows.append(ratio_row("gradient descent, 2000 steps on a 2-D quadratic", *paired_times(
        lambda: gradient_descent(f, [-5.0, -2.0], lr=0.1, steps=2000), hand_gd, repeats)))

    def hand_adam() -> None:
        # Adam (PyTorch's definition and defaults) written out, with the same records.
        x = np.array([-5.0, -2.0])
        m, v = np.zeros(2), np.zeros(2)
        xs, values, norms = [x], [f.value_fn(x)], []
        for t in range(1, 2001):
            g = f.gradient_fn(x)
            norms.append(float(np.linalg.norm(g)))
            m = 0.9 * m + 0.1 * g
            v = 0.999 * v + 0.001 * g * g
            x = x - 0.05 * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
            xs.append(x)
            values.append(float(f.value_fn(x)))
        norms.append(float(np.linalg.norm(f.gradient_fn(x))))
        np.array(xs), np.array(values), np.array(norms)

    rows.append(ratio_row("Adam through the one loop, 2000 steps on a 2-D quadratic", *paired_times(
        lambda: iterate(f, [-5.0, -2.0], adaptive.Adam(lr=0.05), 2000), hand_adam, repeats)))

    rng = np.random.default_rng(0)
    X = rng.normal(size=(4096, 8))
    y = X @ rng.normal(size=8) + 0.1 * rng.normal(size=4096)

    def loss_and_grad(w: np.ndarray, xb: np.ndarray, yb: np.ndarray) -> tuple[float, np.ndarray]:
        r = xb @ w - yb
        return float(r @ r) / len(yb), (2.0 / len(yb)) * (xb.T @ r)   # models.linear()'s arithmetic

    for b, epochs in ((1, 1), (16, 5), (256, 20)):
        def hand_sgd() -> None:
            # The same work as the loop: batches, updates, the epoch loss, and the loss and gradient
            # on all the data at the end of each epoch (the record).
            w = np.zeros(8)
            g = np.random.default_rng(1)
            for _ in range(epochs):
                order = g.permutation(len(y))
                total = 0.0
                for i in range(0, len(y), b):
                    idx = order[i:i + b]
                    loss, grad = loss_and_grad(w, X[idx], y[idx])
                    w = w - 0.01 * grad
                    total += loss * len(idx)
                loss_and_grad(w, X, y)

        def ours_sgd() -> None:
            minibatch.minibatch_sgd(models.linear(), np.zeros(8), X, y, lr=0.01, batch_size=b, epochs=epochs, rng=1)

        rows.append(ratio_row(f"mini-batch SGD, B = {b}, {epochs} epoch(s) of 4096 samples",
                              *paired_times(ours_sgd, hand_sgd, repeats)))
    return rows


def site_sizes() -> list[Row]:
    """Each chapter page's first paint against the budget, and its total (tests/benchmarks/page_weight.py)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import page_weight

    rows = page_weight.rows(ROOT / "_build" / "html")
    return rows or [("site size per page", "no build in _build/html", "1.5 MB", "–")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "benchmark.md")
    parser.add_argument("--quick", action="store_true", help="skip the book builds and the pytest run")
    parser.add_argument("--repeats", type=int, default=3, help="kernel runs per chapter timing (the fastest counts)")
    parser.add_argument("--only", choices=["chapters", "sections", "widgets", "loops"],
                        help="measure only this part (sections: where each chapter's time goes, section by section)")
    parser.add_argument("--chapter", default="", help="time only the chapters whose file name contains this, e.g. 07")
    args = parser.parse_args()
    rows: list[Row] = []

    def chapter_times() -> list[Row]:
        return chapters(args.repeats, args.chapter)

    def section_times() -> list[Row]:
        return chapter_sections(args.repeats, args.chapter)

    sections = [chapter_times, widgets, loops] + ([] if args.quick else [book_builds, pytest_run]) + [site_sizes]
    if args.only:
        sections = [{"chapters": chapter_times, "sections": section_times, "widgets": widgets,
                     "loops": loops}[args.only]]
    for section in sections:
        print(f"measuring: {section.__name__} …", file=sys.stderr)
        rows += section()
    widths = [max(len(r[i]) for r in rows + [("what", "measured", "budget", "verdict")]) for i in range(4)]
    lines = ["| what | measured | budget | verdict |", "| --- | --- | --- | --- |"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    for a, b, c, d in [("what", "measured", "budget", "verdict")] + rows:
        print(f"{a:<{widths[0]}}  {b:>{widths[1]}}  {c:>{widths[2]}}  {d}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    header = (f"# Benchmark of the course\n\nMachine: {sys.platform}, Python {sys.version.split()[0]}, "
              f"numpy {np.__version__}, gdcourse {gd.__version__}.\n\n")
    args.out.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"\nwritten to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
