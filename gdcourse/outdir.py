"""Output folders the instructor commands may delete: only the ones they made.

:func:`prepare_output` is called by ``gdcourse student`` and ``gdcourse student-site`` before
they write anything. It refuses an output folder that is ``/``, the home folder, or a folder
that contains the repository (or anything else it is told to protect), and it deletes an
existing folder only when an earlier build marked it with ``MARKER``; an existing folder
without the mark must be empty. ``--out ..`` therefore leaves everything in place.
"""
from __future__ import annotations

import shutil
from pathlib import Path

MARKER = ".gdcourse-edition"


def _contains(folder: Path, other: Path) -> bool:
    return folder == other or folder in other.parents


def prepare_output(out: Path, *, protect: list[Path], keep_out_of: list[Path] = (), made_by: str) -> Path:
    """Make ``out`` an empty folder marked as ``made_by``'s, or raise ValueError if that could destroy anything.

    Parameters
    ----------
    out : Path
        The output folder the user asked for.
    protect : list of Path
        Folders that must survive (the repository, the current folder): ``out`` may not contain them.
    keep_out_of : list of Path
        Folders ``out`` may not lie inside (the book's sources).
    made_by : str
        The command writing the folder, e.g. ``"gdcourse student"`` (written into the mark).

    Returns
    -------
    Path
        ``out``, resolved, existing and empty except for the mark.
    """
    out = Path(out).expanduser().resolve()
    for place, what in [(Path("/"), "the root of the file system"), (Path.home().resolve(), "your home folder"),
                        *((Path(p).resolve(), str(Path(p).resolve())) for p in protect)]:
        if _contains(out, place):
            raise ValueError(f"refusing to write to {out}: it is or contains {what}, which this command must not "
                             "delete. Choose a new folder, e.g. _build/student.")
    for place in keep_out_of:
        if _contains(Path(place).resolve(), out):
            raise ValueError(f"refusing to write to {out}: it lies inside {Path(place).resolve()}. Choose a folder "
                             "outside it, e.g. _build/student.")
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise ValueError(f"refusing to write to {out}: it exists and is not a folder.")
    if out.exists():
        if (out / MARKER).is_file():
            shutil.rmtree(out)
        elif any(out.iterdir()):
            raise ValueError(f"refusing to write to {out}: it exists, is not empty, and was not made by {made_by} "
                             f"(no {MARKER} file in it). Choose a new folder, or empty this one yourself.")
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text(f"Made by {made_by}. It deletes and rebuilds this folder; nothing else here is kept.\n",
                              encoding="utf-8")
    return out
