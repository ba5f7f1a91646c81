"""One submission's kernel: a separate Python process that can import only the student edition.

:class:`Kernel` starts ``python -I -S`` (no user site, no ``PYTHONPATH``, no ``.pth`` files)
with ``sys.path`` set to the student edition of gdcourse and the installed third-party
packages, in a fresh scratch folder, under the limits of :class:`~gdcourse.grader.limits.Limits`
(and in the bubblewrap sandbox with ``--sandbox``). The kernel runs
``gdcourse.exercises.collect``; the grader talks to it through two pipes, one JSON line per
message, and reads at most a bounded number of bytes. Standard output and error are read and thrown away:
nothing the kernel prints is read (it is counted, so that a flood can be noted, and discarded).
"""
from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import sysconfig
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from .limits import Limits, PidCage, family, kill_family
from .sandbox import bwrap_prefix

MAX_LINE = 16 << 20          # bytes of one message from the kernel
MAX_TOTAL = 64 << 20         # bytes from one kernel in all
_WATCH_EVERY = 0.5           # seconds between two counts of a kernel's processes and memory
_BOOT = ("import sys, json, os; sys.path[:0] = json.loads(os.environ['GDCOURSE_KERNEL'])['path']; "
         "from gdcourse.exercises.collect import main; main()")


def site_dirs() -> list[str]:
    """Where this interpreter's installed packages live (numpy, IPython, ...)."""
    return list(dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib")))


class Kernel:
    """A running submission kernel (see the module docstring).

    Parameters
    ----------
    edition : Path
        Folder that holds the student edition's ``gdcourse`` package.
    mplconfig : Path
        Matplotlib's configuration and font cache for the kernel (read-only in the sandbox).
    workdir : Path
        A fresh scratch folder: the kernel's current folder is ``workdir/work``, its home ``workdir/home``.
    rlimits : dict
        What ``gdcourse.exercises.collect.apply_limits`` sets.
    limits : Limits
        Memory and process limits the grader watches from outside.
    sandbox : bool
        Run inside bubblewrap.
    """

    def __init__(self, edition: Path, mplconfig: Path, workdir: Path, rlimits: dict[str, Any], limits: Limits,
                 sandbox: bool) -> None:
        self.limits, self.token = limits, uuid.uuid4().hex
        cmd_read, self._cmd = os.pipe()
        self._out, out_write = os.pipe()
        config = {"path": [str(edition), *site_dirs()], "cmd_fd": cmd_read, "out_fd": out_write, "limits": rlimits}
        home = workdir / "home"
        env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8",
               "MPLBACKEND": "Agg", "MPLCONFIGDIR": str(mplconfig), "IPYTHONDIR": str(home / ".ipython"),
               "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
               "PYTHONDONTWRITEBYTECODE": "1", "GDCOURSE_RUN": self.token, "GDCOURSE_KERNEL": json.dumps(config)}
        argv = [sys.executable, "-I", "-S", "-c", _BOOT]
        if sandbox:   # an instructor edition installed among the packages is covered up
            installed = [str(Path(d) / "gdcourse") for d in site_dirs() if (Path(d) / "gdcourse").is_dir()]
            argv = bwrap_prefix(readable=[str(edition), str(mplconfig)], writable=[str(workdir)],
                                hidden=installed) + argv
        self.cage = PidCage.create(limits.processes + 16)
        self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, pass_fds=(cmd_read, out_write), cwd=workdir / "work",
                                     env=env, start_new_session=True)
        self.printed = 0
        self._drain = threading.Thread(target=self._count_output, daemon=True)
        self._drain.start()
        if self.cage is not None:
            try:
                self.cage.add(self.proc.pid)
            except OSError:
                self.cage.close()
                self.cage = None
        os.close(cmd_read)
        os.close(out_write)
        self._buffer, self._received, self.stopped_by, self._next_watch = b"", 0, "", 0.0

    def _count_output(self) -> None:
        """Read and discard what the kernel prints, counting the bytes (a flood is noted, never kept)."""
        stream = self.proc.stdout
        while True:
            chunk = stream.read1(1 << 20) if hasattr(stream, "read1") else stream.read(1 << 20)
            if not chunk:
                return
            self.printed += len(chunk)

    # -- talking to it ---------------------------------------------------------------------------------
    def send(self, message: dict[str, Any]) -> bool:
        """Send one command; False if the kernel no longer listens."""
        data = json.dumps(message).encode() + b"\n"
        try:
            while data:
                ready = select.select([], [self._cmd], [], 5)[1]
                if not ready:
                    return False
                data = data[os.write(self._cmd, data[:1 << 16]):]
        except OSError:
            return False
        return True

    def _watch(self) -> str:
        """'' while the kernel behaves; else why it has to be stopped (too many processes, too much memory)."""
        members = family(self.proc.pid)
        if len(members) > self.limits.processes + 2:
            return f"started more than {self.limits.processes} processes (a fork loop?)"
        if sum(members.values()) > self.limits.memory_mb << 20:
            return f"used more than {self.limits.memory_mb} MB of memory"
        return ""

    def receive(self, want: set[str], seconds: float) -> dict[str, Any] | str:
        """The next message whose ``op`` is in ``want``; or 'timeout', 'dead' or 'flood' (other messages are skipped)."""
        deadline = time.monotonic() + seconds
        while True:
            while b"\n" in self._buffer:
                line, self._buffer = self._buffer.split(b"\n", 1)
                try:
                    message = json.loads(line)
                except ValueError:
                    continue
                if isinstance(message, dict) and message.get("op") in want:
                    return message
            if len(self._buffer) > MAX_LINE or self._received > MAX_TOTAL:
                self.stopped_by = "wrote too much to the grader's channel"
                return "flood"
            now = time.monotonic()
            if now >= deadline:
                return "timeout"
            if now >= self._next_watch:
                self.stopped_by = self._watch()
                if self.stopped_by:
                    return "dead"
                self._next_watch = now + _WATCH_EVERY
            ready = select.select([self._out], [], [], min(deadline - now, 0.5))[0]
            if not ready:
                if self.proc.poll() is not None:
                    return "dead"
                continue
            try:
                chunk = os.read(self._out, 1 << 20)
            except OSError:
                chunk = b""
            if not chunk:
                return "dead"
            self._received += len(chunk)
            self._buffer += chunk

    def interrupt(self) -> None:
        """Send SIGINT (KeyboardInterrupt in the running cell)."""
        try:
            os.kill(self.proc.pid, signal.SIGINT)
        except ProcessLookupError:
            pass

    def why_dead(self) -> str:
        """How the kernel ended, in words."""
        if self.stopped_by:
            return self.stopped_by
        try:
            code = self.proc.wait(timeout=2)   # its pipe closed a moment before it is reaped
        except subprocess.TimeoutExpired:
            code = None
        if code is None:
            return "it stopped answering"
        if code < 0:
            name = signal.Signals(-code).name if -code in signal.valid_signals() else str(-code)
            hint = {"SIGKILL": " (killed: out of memory, or by another process)",
                    "SIGXCPU": " (its CPU time limit)", "SIGXFSZ": " (it wrote a file larger than the limit)",
                    "SIGSEGV": " (a crash)"}.get(name, "")
            return f"the kernel died of {name}{hint}"
        return f"the kernel exited with status {code} (sys.exit or os._exit?)"

    def close(self) -> None:
        """Kill the kernel and every process it started; release the pipes."""
        for fd in (self._cmd, self._out):
            try:
                os.close(fd)
            except OSError:
                pass
        members = family(self.proc.pid)   # before the kernel dies and its children are orphaned
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        for pid in members:
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        kill_family(self.proc.pid, self.token)   # whatever escaped: a detached process with the kernel's token
        if self.cage is not None:
            self.cage.close()
        self._drain.join(timeout=5)
        if self.proc.stdout is not None:
            self.proc.stdout.close()
