"""The optional bubblewrap sandbox of a submission's kernel (``gdcourse grade --sandbox``).

:func:`bwrap_prefix` returns the ``bwrap`` command line that runs the kernel in new
namespaces: no network, its own process tree, a private ``/tmp``, and a file system that shows
only the system's programs and libraries (``/usr``), the Python installation, its installed
packages, the student edition of gdcourse (all read-only) and the submission's scratch folder
(writable, emptied after grading). The instructor's files, including the instructor edition of
gdcourse and the other submissions, are not there. ``bwrap`` is Debian's package
``bubblewrap``.
"""
from __future__ import annotations

import os
import shutil
import sys
import sysconfig
from pathlib import Path

_ETC = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "passwd", "group", "nsswitch.conf")


def bwrap_path() -> str | None:
    """The ``bwrap`` program, or None when bubblewrap is not installed."""
    return shutil.which("bwrap")


def _python_dirs() -> list[str]:
    """Folders the interpreter and its packages live in (to be visible, read-only, in the sandbox)."""
    dirs = {sys.base_prefix, sys.prefix, *(sysconfig.get_paths()[k] for k in ("stdlib", "platstdlib", "purelib",
                                                                           "platlib"))}
    exe = Path(sys.executable)
    dirs |= {str(exe.parent), str(exe.resolve().parent)}
    # keep only the outermost folders, and never the whole file system or /usr (bound anyway)
    kept = sorted(d for d in dirs if Path(d).exists())
    out: list[str] = []
    for d in kept:
        if d in ("/", "/usr") or d.startswith("/usr/"):
            continue
        if not any(d == o or d.startswith(o.rstrip("/") + "/") for o in out):
            out.append(d)
    return out


def bwrap_prefix(*, readable: list[str], writable: list[str], hidden: list[str] = (), tmp_mb: int = 256) -> list[str]:
    """The command line that runs a program inside the sandbox.

    Parameters
    ----------
    readable : list of str
        Folders to show read-only (besides the system and Python), e.g. the student edition.
    writable : list of str
        Folders to show writable (the scratch folder), at the same paths.
    hidden : list of str
        Folders inside the readable ones to cover with an empty one (an installed instructor edition).
    tmp_mb : int
        Size of the private ``/tmp``.
    """
    bwrap = bwrap_path()
    if bwrap is None:
        raise RuntimeError("--sandbox needs bubblewrap, which is not installed (Debian/Ubuntu: "
                           "apt-get install bubblewrap).")
    argv = [bwrap, "--unshare-all", "--die-with-parent", "--new-session", "--ro-bind", "/usr", "/usr"]
    for link in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        path = Path("/") / link
        if path.is_symlink():
            argv += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir():
            argv += ["--ro-bind", str(path), str(path)]
    for name in _ETC:
        if (Path("/etc") / name).exists():
            argv += ["--ro-bind", f"/etc/{name}", f"/etc/{name}"]
    argv += ["--proc", "/proc", "--dev", "/dev", "--size", str(tmp_mb << 20), "--tmpfs", "/tmp"]
    for d in [*_python_dirs(), *readable]:   # after /tmp, so that a folder under /tmp is not hidden by it
        argv += ["--ro-bind", d, d]
    for d in writable:
        argv += ["--bind", d, d]
    for d in hidden:
        argv += ["--tmpfs", d, "--remount-ro", d]
    return argv
