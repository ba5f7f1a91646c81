"""The students' environments: Binder's file, the Colab setup cell, chapters free of myst-nb at run time.

The slow test runs a chapter the Colab way: in a fresh virtual environment without ``gdcourse``,
whose setup cell installs it (from this checkout, through ``GDCOURSE_INSTALL_SOURCE``).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
CHAPTERS = sorted(BOOK.glob("[0-9][0-9]_*.ipynb"))
sys.path.insert(0, str(ROOT / "tools"))
import colab_setup  # noqa: E402
import glue_to_eval  # noqa: E402


def pins(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^([A-Za-z0-9_.-]+)==([^\s#;]+)", line)
        if m:
            found[m.group(1).lower().replace("_", "-")] = m.group(2)
    return found


def test_binder_file_pins_what_the_root_file_pins():
    binder, root = pins(ROOT / "binder" / "requirements.txt"), pins(ROOT / "requirements.txt")
    assert {"numpy", "matplotlib", "ipywidgets", "ipykernel", "jupyterlab-myst"} <= set(binder)
    assert {k: v for k, v in binder.items() if root.get(k) != v} == {}, "binder/requirements.txt pins differ from requirements.txt"
    assert "-e ." in (ROOT / "binder" / "requirements.txt").read_text().splitlines()
    assert (ROOT / "binder" / "runtime.txt").read_text() == (ROOT / "runtime.txt").read_text()
    # Nothing of the authors' tools in the students' environment.
    assert not {"jupyter-book", "pytest", "playwright", "myst-nb", "nbval", "hypothesis"} & set(binder)
    # The README's laptop route pins JupyterLab as the root file does.
    readme_pins = re.findall(r"jupyterlab==([\d.]+)", (ROOT / "README.md").read_text(encoding="utf-8"))
    assert readme_pins and set(readme_pins) == {root["jupyterlab"]}


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_setup_cell_installs_from_the_configured_repository(path):
    url, branch = colab_setup.repository()
    nb = nbformat.read(path, as_version=4)
    first_code = next(c for c in nb.cells if c.cell_type == "code")
    assert colab_setup.TAG in first_code.metadata.get("tags", []), f"{path.name}: the first code cell is not the setup cell"
    assert "remove-cell" in first_code.metadata["tags"]
    assert f"git+{url}@{branch}" in first_code.source, f"{path.name}: the setup cell and _config.yml disagree"
    assert first_code.source == colab_setup.setup_source(url, branch), f"{path.name}: run tools/colab_setup.py"
    assert not first_code.get("outputs"), f"{path.name}: the setup cell printed something where gdcourse is installed"


def test_repository_url_is_read_from_the_config(tmp_path):
    config = tmp_path / "_config.yml"
    config.write_text("title: x\nrepository:\n  url: https://example.org/me/my-course/  # mine\n  branch: dev\nhtml:\n  a: 1\n")
    assert colab_setup.repository(config) == ("https://example.org/me/my-course", "dev")
    assert "git+https://example.org/me/my-course@dev" in colab_setup.setup_source(*colab_setup.repository(config))
    config.write_text("repository:\n  url: not a url\n")
    with pytest.raises(ValueError, match="not https"):
        colab_setup.repository(config)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapters_do_not_need_myst_nb_at_run_time(path):
    nb = nbformat.read(path, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "myst_nb" not in code and not re.search(r"\bglue\(", code)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "{glue" not in text
    assert not glue_to_eval.convert(nb, path.name), "tools/glue_to_eval.py would still change it"


def test_glue_conversion():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("import numpy as np\nfrom myst_nb import glue\n\nx = 2.5\nratio = 3"),
        nbformat.v4.new_markdown_cell("Early: {glue:text}`early`."),
        nbformat.v4.new_code_cell('glue("early", f"{x:.1f}", display=False)\n'
                                  'glue("ratio", f"{ratio:.0f}", display=False)\n'
                                  'for key, v in [("a1", 1), ("a2", x)]:\n    glue(key, f"{v:g}", display=False)'),
        nbformat.v4.new_markdown_cell("{glue:text}`ratio`, {glue:text}`a1` and {glue:text}`a2`."),
    ]
    assert glue_to_eval.convert(nb, "test")
    assert nb.cells[0].source == 'import numpy as np\n\nx = 2.5\nratio = 3\nearly = f"{x:.1f}"'
    assert nb.cells[1].source == "Early: {eval}`early`."
    assert nb.cells[2].source == 'ratio_text = f"{ratio:.0f}"\na1 = f"{1:g}"\na2 = f"{x:g}"'
    assert nb.cells[3].source == "{eval}`ratio_text`, {eval}`a1` and {eval}`a2`."
    assert not glue_to_eval.convert(nb, "test")   # idempotent
    bad = nbformat.v4.new_notebook()
    bad.cells = [nbformat.v4.new_code_cell('if True:\n    glue("x", 1, display=False)')]
    with pytest.raises(glue_to_eval.ConversionError):
        glue_to_eval.convert(bad, "bad")


@pytest.mark.slow
def test_a_chapter_runs_where_gdcourse_is_missing(tmp_path):
    """Colab's situation: NumPy, matplotlib and ipywidgets but no course package. The setup cell
    installs it (from this checkout) and the chapter runs top to bottom; run again, it installs nothing."""
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    root_pins = pins(ROOT / "requirements.txt")
    deps = [f"{name}=={root_pins[name]}" for name in ("numpy", "matplotlib", "ipywidgets", "ipykernel", "nbclient")]
    subprocess.run([str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *deps], check=True)
    # (run outside the checkout, whose gdcourse/ folder would be importable from the current directory)
    assert subprocess.run([str(py), "-c", "import gdcourse"], capture_output=True, cwd=tmp_path).returncode != 0
    source = tmp_path / "checkout"   # a copy: building the package writes build/ into its source folder
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "gdcourse", source / "gdcourse", ignore=shutil.ignore_patterns("__pycache__"))
    env = dict(os.environ, GDCOURSE_INSTALL_SOURCE=str(source))
    chapter = str(BOOK / "01_gradient_descent.ipynb")
    first = subprocess.run([str(py), str(ROOT / "tools" / "run_chapters.py"), chapter],
                           capture_output=True, text=True, env=env, timeout=600, cwd=tmp_path)
    assert first.returncode == 0, first.stdout + first.stderr
    assert subprocess.run([str(py), "-c", "import gdcourse"], capture_output=True, cwd=tmp_path).returncode == 0
    again = subprocess.run([str(py), "-c", f"""
import nbformat, nbclient
nb = nbformat.read({chapter!r}, as_version=4)
nbclient.NotebookClient(nb, resources={{"metadata": {{"path": {str(BOOK)!r}}}}}).execute()
print(repr(nb.cells[[c.cell_type for c in nb.cells].index("code")].outputs))
"""], capture_output=True, text=True, env=env, timeout=600, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip().endswith("[]"), "the setup cell did something although gdcourse is installed"
