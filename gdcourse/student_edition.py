"""The student edition of the package: gdcourse without its solutions, as a folder and as a wheel.

:func:`write_student_package` copies the installed ``gdcourse`` package, leaving out
everything in ``INSTRUCTOR_ONLY``: the reference solutions, hidden cases and worked
solutions (:mod:`gdcourse.exercises.reference`) and the instructor tools. The copy is a
complete project (``pyproject.toml`` included) that ``pip install`` accepts;
:func:`build_wheel` packs it as a wheel without network or build tools. The grader runs every
submission against this same copy, so a student's notebook cannot import a solution.
"""
from __future__ import annotations

import base64
import hashlib
import shutil
import zipfile
from pathlib import Path

import gdcourse

PACKAGE_DIR = Path(gdcourse.__file__).resolve().parent
INSTRUCTOR_ONLY = ("exercises/reference", "grader", "grading.py", "editions.py", "__main__.py", "student_edition.py",
                   "outdir.py")
DEPENDENCIES = ("numpy>=1.26", "matplotlib>=3.8", "ipywidgets>=8")

_PYPROJECT = """[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "gdcourse"
version = "{version}"
description = "Helper package of the course 'Gradient descent, from scratch' (student edition: no solutions)"
requires-python = ">=3.10"
dependencies = [{dependencies}]

[tool.setuptools.packages.find]
include = ["gdcourse*"]

[tool.setuptools.package-data]
gdcourse = ["exercises/*.json"]
"""


def _ignore(src: str, names: list[str]) -> list[str]:
    base = Path(src).resolve()
    skipped = []
    for name in names:
        relative = (base / name).relative_to(PACKAGE_DIR).as_posix()
        if relative in INSTRUCTOR_ONLY or name == "__pycache__" or name.endswith((".pyc", ".pyo")):
            skipped.append(name)
    return skipped


def write_student_package(out: Path) -> Path:
    """Write the student edition's project into ``out`` (``out/gdcourse``, ``out/pyproject.toml``); return ``out``.

    ``out`` must not exist yet or be empty.
    """
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise ValueError(f"{out} is not empty: the student package needs a folder of its own.")
    out.mkdir(parents=True, exist_ok=True)
    shutil.copytree(PACKAGE_DIR, out / "gdcourse", ignore=_ignore)
    deps = ", ".join(f'"{d}"' for d in DEPENDENCIES)
    (out / "pyproject.toml").write_text(_PYPROJECT.format(version=gdcourse.__version__, dependencies=deps),
                                        encoding="utf-8")
    (out / "README.md").write_text(
        "# gdcourse, student edition\n\nThe helper package of the course, without reference solutions. Install it "
        "with `pip install .` from this folder (or install the wheel next to it).\n", encoding="utf-8")
    return out


def _record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def build_wheel(project: Path, out_dir: Path) -> Path:
    """Pack the project written by :func:`write_student_package` as a pure-Python wheel in ``out_dir``."""
    project, out_dir = Path(project), Path(out_dir)
    version = gdcourse.__version__
    dist_info = f"gdcourse-{version}.dist-info"
    files: list[tuple[str, bytes]] = []
    for path in sorted((project / "gdcourse").rglob("*")):
        if path.is_file():
            files.append((path.relative_to(project).as_posix(), path.read_bytes()))
    requires = "".join(f"Requires-Dist: {d}\n" for d in DEPENDENCIES)
    files.append((f"{dist_info}/METADATA", (
        f"Metadata-Version: 2.1\nName: gdcourse\nVersion: {version}\n"
        "Summary: Helper package of the course 'Gradient descent, from scratch' (student edition)\n"
        f"Requires-Python: >=3.10\n{requires}").encode()))
    files.append((f"{dist_info}/WHEEL", b"Wheel-Version: 1.0\nGenerator: gdcourse\nRoot-Is-Purelib: true\n"
                                        b"Tag: py3-none-any\n"))
    record = "".join(f"{name},{_record_hash(data)},{len(data)}\n" for name, data in files)
    record += f"{dist_info}/RECORD,,\n"
    files.append((f"{dist_info}/RECORD", record.encode()))
    out_dir.mkdir(parents=True, exist_ok=True)
    wheel = out_dir / f"gdcourse-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return wheel
