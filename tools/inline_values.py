"""The inline expressions of the chapters' text: how they are evaluated and stored, as JupyterLab does.

A number the prose quotes is an inline expression, ``{eval}`name```, evaluated in the chapter's
kernel where its markdown cell stands: by the site's build (myst-nb's inline execution) and by
JupyterLab's MyST renderer (jupyterlab-myst) when the student runs the cell. JupyterLab's "Run all"
evaluates a markdown cell's expressions and stores the results in the cell's metadata, under
``user_expressions``, in jupyterlab-myst's own format. ``InlineValuesClient`` does the same during a
fresh execution; ``tools/execute_notebooks.py`` (the one tool that regenerates stored outputs) uses it,
so a student who opens a chapter sees the numbers in the text before running anything, and the tests
(``conftest.py``, during nbval's run) compare every stored value with a fresh evaluation at the same
place, as nbval compares stored outputs. This module is a library, not a command.
"""
from __future__ import annotations

import re
import time

from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


EVAL_ROLE = re.compile(r"\{eval\}`([^`]+)`")
METADATA_KEY = "user_expressions"   # jupyterlab-myst's metadata key


def expressions(markdown: str) -> list[str]:
    """The inline expressions of a markdown cell, in order (repeats kept, as jupyterlab-myst keeps them)."""
    return EVAL_ROLE.findall(markdown)


def request(kc, exprs: list[str]) -> str:
    """Send ``exprs`` to the kernel as jupyterlab-myst does: an empty execute request with
    ``user_expressions``. Returns the request's message id."""
    return kc.execute("", silent=False, store_history=False,
                      user_expressions={str(i): e for i, e in enumerate(exprs)})


def entries(reply: dict, exprs: list[str]) -> list[dict]:
    """jupyterlab-myst's metadata entries (expression and result) from the kernel's reply."""
    results = reply["content"].get("user_expressions", {})
    return [{"expression": e, "result": results[str(i)]} for i, e in enumerate(exprs)]


def evaluate(kc, exprs: list[str], timeout: float = 60) -> list[dict]:
    """Evaluate ``exprs`` with the blocking kernel client ``kc``; return the metadata entries."""
    msg_id = request(kc, exprs)
    deadline = time.monotonic() + timeout
    while True:
        reply = kc.get_shell_msg(timeout=max(deadline - time.monotonic(), 0.1))
        if reply["parent_header"].get("msg_id") == msg_id:
            return entries(reply, exprs)


def failures(entries: list[dict]) -> list[str]:
    return [f"{e['expression']}: {e['result'].get('ename')}: {e['result'].get('evalue')}"
            for e in entries if e["result"].get("status") != "ok"]


class InlineValuesClient(NotebookClient):
    """A NotebookClient that also evaluates each markdown cell's inline expressions where it stands."""

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        if cell.cell_type != "markdown":
            return await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        exprs = expressions(cell.source)
        if not exprs:
            cell.metadata.pop(METADATA_KEY, None)
            return cell
        msg_id = request(self.kc, exprs)
        while True:   # the reply on the shell channel; nbclient ignores iopub messages of other requests
            reply = await self.kc.get_shell_msg(timeout=self.timeout or 60)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        found = entries(reply, exprs)
        bad = failures(found)
        if bad:
            raise CellExecutionError(f"markdown cell {cell_index}: " + "; ".join(bad), "InlineExpressionError",
                                     "; ".join(bad))
        for entry in found:   # keep only what is shown: no run-dependent metadata
            entry["result"] = {"data": entry["result"]["data"], "metadata": {}, "status": "ok"}
        cell.metadata[METADATA_KEY] = found
        return cell
