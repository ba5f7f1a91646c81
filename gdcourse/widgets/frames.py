"""A scrubber's frames: one picture per state, drawn on every core of the machine.

:meth:`gdcourse.widgets.Explorer.scrubber` needs a picture of every combination of its sliders'
values when the book is built: a chapter's scrubbers have a hundred or more. :func:`draw_frames`
draws them with the explorer's own ``render``; where the system can ``fork`` (Linux, macOS), it
splits the states over copies of the running process, one per core, so the pictures are exactly
the ones drawn one by one (each copy is the same program in the same state), in a fraction of the
time. Each copy writes its pictures to a file in a temporary folder of its own; a copy that fails
leaves its states to be drawn by the caller.
"""
from __future__ import annotations

import base64
import io
import json
import os
import signal
import sys
import tempfile
import time
import warnings
from typing import Any, Callable, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

#: Most processes that draw frames at once.
MAX_WORKERS = 4


def png(fig: Figure) -> str:
    """``fig`` as a base64 PNG with a 256-colour palette, and closed.

    A palette PNG is a third of the size of a full-colour one for line plots; the colours are those
    of the figure, found by median cut without dithering (the course's plots use far fewer than 256).
    """
    from PIL import Image

    try:
        fig.canvas.draw()
        rgba = np.asarray(fig.canvas.buffer_rgba())
        image = Image.fromarray(rgba[..., :3].copy(), mode="RGB")
    finally:
        plt.close(fig)
    out = io.BytesIO()
    image.quantize(colors=256, dither=Image.Dither.NONE).save(out, format="PNG")
    return base64.b64encode(out.getvalue()).decode("ascii")


def workers() -> int:
    """How many processes :func:`draw_frames` uses: the cores this process may run on, at most :data:`MAX_WORKERS`."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


def draw_frames(render: Callable[..., Figure], states: Sequence[dict[str, Any]],
                processes: int | None = None, patience: float = 30.0) -> list[str]:
    """``png(render(**state))`` for every state, in order, drawn by up to ``processes`` processes.

    Parameters
    ----------
    render : callable
        ``render(**state)`` returns a new figure (:meth:`~gdcourse.widgets.Explorer.render`).
    states : sequence of dict
        The states to draw.
    processes : int, optional
        How many processes draw (this one included); :func:`workers` by default. With 1, or
        where there is no ``fork``, every frame is drawn here.
    patience : float
        A copy gets three times as long as this process took for its own share, plus ``patience``
        seconds. One still running then (stuck on a lock it inherited, say) is killed, and its
        share is drawn here.

    Returns
    -------
    list of str
        One base64 PNG per state (see :func:`png`).
    """
    states = list(states)
    count = min(workers() if processes is None else max(1, int(processes)), len(states))
    frames: list[str | None] = [None] * len(states)
    if count > 1 and hasattr(os, "fork"):
        shares = [list(range(k, len(states), count)) for k in range(count)]   # interleaved: even work
        with tempfile.TemporaryDirectory(prefix="gdcourse-frames-") as folder:
            copies = {}
            for k, share in enumerate(shares[1:], start=1):
                path = os.path.join(folder, f"{k}.json")
                try:
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore", DeprecationWarning)   # "fork in a multi-threaded process"
                        pid = os.fork()
                except OSError:   # no process to spare: this share is drawn below
                    continue
                if pid == 0:
                    _draw_share(render, states, share, path)   # never returns
                copies[pid] = path
            start = time.monotonic()
            for i in shares[0]:
                frames[i] = png(render(**states[i]))
            deadline = time.monotonic() + 2 * (time.monotonic() - start) + patience
            for pid, path in copies.items():
                if _wait(pid, deadline) == 0:
                    try:
                        with open(path, encoding="ascii") as file:
                            for i, picture in json.load(file).items():
                                frames[int(i)] = picture
                    except (OSError, ValueError):
                        pass   # drawn below
    return [picture if picture is not None else png(render(**state)) for picture, state in zip(frames, states)]


def _wait(pid: int, deadline: float) -> int:
    """The exit status of the copy ``pid``, killed if it is still running at ``deadline``."""
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            return os.waitpid(pid, 0)[1]
        time.sleep(0.01)


def _draw_share(render: Callable[..., Figure], states: list[dict[str, Any]], share: list[int], path: str) -> None:
    """In a forked copy: draw the states of ``share`` into the file ``path``, then end the copy."""
    status = 1
    try:
        # The copy must not write to the kernel's streams: their sending thread is not in the copy.
        sys.stdout = sys.stderr = open(os.devnull, "w", encoding="utf-8")
        pictures = {str(i): png(render(**states[i])) for i in share}
        with open(path, "w", encoding="ascii") as file:
            json.dump(pictures, file)
        status = 0
    finally:
        os._exit(status)
