"""Resource limits for a submission's kernel, and the processes it started.

- :class:`Limits` holds what a grading run allows each submission (time per cell, memory,
  processes, file size) and turns it into the ``setrlimit`` values the kernel applies to itself
  before any student code runs (``gdcourse.exercises.collect.apply_limits``).
- The limit on processes is ``RLIMIT_NPROC``, which Linux does not enforce for root; when the
  grader runs as root it puts each kernel in a cgroup of its own with ``pids.max`` instead
  (:class:`PidCage`), if the cgroup file system is writable, and otherwise says so.
- :func:`family` finds a kernel's processes (its descendants, and any process that carries the
  kernel's token in its environment), so they can be counted, measured and killed at the end.
"""
from __future__ import annotations

import os
import signal
import uuid
from dataclasses import dataclass
from pathlib import Path

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
_CGROUP_BASES = (Path("/sys/fs/cgroup/pids"), Path("/sys/fs/cgroup"))


@dataclass(frozen=True)
class Limits:
    """What each submission may use.

    Parameters
    ----------
    cell_timeout : float
        Seconds each cell may run before it is interrupted (and its kernel killed if it ignores that).
    memory_mb : int
        Address space of each process of the kernel, in MB (a bigger allocation raises MemoryError),
        and the resident memory of all its processes together.
    processes : int
        Processes the kernel may start besides itself (a fork loop stops there).
    file_mb : int
        Largest file the kernel may write, in MB.
    total_seconds : float, optional
        Time for all cells of one submission together; by default 10 cell timeouts.
    """

    cell_timeout: float = 30.0
    memory_mb: int = 4096
    processes: int = 32
    file_mb: int = 64
    total_seconds: float | None = None

    def __post_init__(self) -> None:
        for name in ("cell_timeout", "memory_mb", "processes", "file_mb"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
                raise ValueError(f"{name} must be a positive number, got {value!r}.")

    @property
    def total(self) -> float:
        """Seconds for all cells of one submission together."""
        return self.total_seconds if self.total_seconds is not None else 10 * self.cell_timeout

    def rlimits(self, n_cells: int, collect_seconds: float) -> dict[str, int | None]:
        """The ``setrlimit`` values for a kernel that will run ``n_cells`` cells, then the checks."""
        cpu = int(min(n_cells * self.cell_timeout, self.total) + collect_seconds + 30)
        nproc = None if os.geteuid() == 0 else user_tasks() + self.processes + 8
        return {"memory": self.memory_mb << 20, "cpu": cpu, "file_size": self.file_mb << 20, "core": 0,
                "processes": nproc}


def _read(path: str) -> str | None:
    try:
        with open(path, "rb") as f:
            return f.read().decode(errors="replace")
    except OSError:
        return None


def _stat(pid: str) -> tuple[int, int] | None:
    """(parent pid, resident pages) of a live process, or None if it is gone (or a zombie)."""
    text = _read(f"/proc/{pid}/stat")
    if text is None:
        return None
    fields = text[text.rfind(")") + 2:].split()
    return None if fields[0] == "Z" else (int(fields[1]), int(fields[21]))


def _descendants(root: int) -> set[int] | None:
    """``root`` and its descendants through ``/proc/PID/task/TID/children`` (None where Linux lacks that file)."""
    found: set[int] = set()
    frontier = [root]
    while frontier:
        pid = frontier.pop()
        if pid in found:
            continue
        try:
            tids = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        found.add(pid)
        for tid in tids:
            text = _read(f"/proc/{pid}/task/{tid}/children")
            if text is None:
                if not os.path.exists(f"/proc/{pid}/task/{tid}"):
                    continue
                return None
            frontier += [int(c) for c in text.split()]
    return found


def user_tasks() -> int:
    """How many tasks (processes and threads) this user runs now: RLIMIT_NPROC counts them all."""
    uid, count = os.getuid(), 0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    count += len(os.listdir(entry / "task"))
            except OSError:
                continue
    return count


def _has_token(pid: str, token: bytes) -> bool:
    try:
        return token in Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:
        return False


def family(root: int, token: str = "", *, tagged: bool = False) -> dict[int, int]:
    """The processes of a kernel: ``root`` and its descendants (and, if ``tagged``, every process whose
    environment holds ``token``), mapped to their resident memory in bytes."""
    found = None if tagged else _descendants(root)
    if found is None:   # a scan of every process: for the tagged search, or without the children files
        table = {int(e): stat for e in os.listdir("/proc") if e.isdigit() and (stat := _stat(e))}
        found = {root} if root in table else set()
        grew = True
        while grew:
            before = len(found)
            found |= {pid for pid, (ppid, _) in table.items() if ppid in found}
            grew = len(found) > before
        if tagged and token:
            needle = token.encode()
            found |= {pid for pid in table if pid not in found and pid != os.getpid() and _has_token(str(pid), needle)}
    sizes = {}
    for pid in found:
        statm = _read(f"/proc/{pid}/statm")
        if statm:
            sizes[pid] = int(statm.split()[1]) * _PAGE
    return sizes


def kill_family(root: int, token: str = "") -> None:
    """SIGKILL a kernel's whole family, repeatedly, until none is left (a fork loop keeps making more)."""
    for _ in range(50):
        members = family(root, token, tagged=True)
        if not members:
            return
        for pid in members:
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass


class PidCage:
    """A cgroup with a ``pids.max`` for one kernel (only when running as root with a writable cgroup tree)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def create(cls, max_pids: int) -> PidCage | None:
        """A new cage allowing ``max_pids`` tasks, or None where cgroups cannot be used."""
        if os.geteuid() != 0:
            return None
        for base in _CGROUP_BASES:
            if not (base / "cgroup.procs").exists():
                continue
            path = base / f"gdcourse-{uuid.uuid4().hex[:12]}"
            try:
                path.mkdir()
                (path / "pids.max").write_text(str(max_pids))
                return cls(path)
            except OSError:
                try:
                    path.rmdir()
                except OSError:
                    pass
        return None

    def add(self, pid: int) -> None:
        """Move ``pid`` into the cage (its future children stay there)."""
        (self.path / "cgroup.procs").write_text(str(pid))

    def pids(self) -> list[int]:
        """The processes in the cage."""
        try:
            return [int(p) for p in (self.path / "cgroup.procs").read_text().split()]
        except OSError:
            return []

    def close(self) -> None:
        """Kill whatever is left in the cage and remove it."""
        for _ in range(50):
            pids = self.pids()
            if not pids:
                break
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        try:
            self.path.rmdir()
        except OSError:
            pass


def process_limit_enforced() -> bool:
    """Whether a fork loop in a kernel is stopped by a limit here (RLIMIT_NPROC, or a pids cgroup for root)."""
    if os.geteuid() != 0:
        return True
    cage = PidCage.create(8)
    if cage is None:
        return False
    cage.close()
    return True
