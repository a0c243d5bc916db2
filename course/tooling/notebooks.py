"""Execute lesson notebooks in a fresh kernel, top to bottom: how outputs are (re)generated.

The kernel is the Python running this code (the same one ``pytest --nbval-current-env``
uses), started in the notebook's folder, with ``MPLBACKEND`` removed so figures render inline
and ``COURSE_PROGRESS=text`` so progress bars are stored in their final state
(``course.progress``).

Example:
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(6 * 7)")])
    >>> path = course.paths.run_dir("examples") / "tiny.ipynb"
    >>> write(nb, path)
    >>> result = execute(path, progress=False)
    >>> result.ok, result.notebook.cells[0].outputs[0].text.strip()
    (True, '42')
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
from jupyter_client.kernelspec import KernelSpec
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from course import paths

STARTUP_REPLY_SECONDS = 30  # how long to wait for the kernel's kernel_info reply at the start
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


class CurrentPythonKernelManager(AsyncKernelManager):
    """A kernel manager that always starts ``sys.executable``, whatever kernels are installed."""

    @property
    def kernel_spec(self) -> KernelSpec:
        return KernelSpec(
            argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            display_name=KERNELSPEC["display_name"],
            language="python",
        )


@dataclass
class RunResult:
    """How one notebook's execution went."""

    path: Path
    ok: bool
    seconds: float
    error: str = ""
    notebook: nbformat.NotebookNode | None = None


def kernel_environment() -> dict[str, str]:
    """The environment for the kernel: ours, minus what would change the outputs.

    Example:
        >>> env = kernel_environment()
        >>> "MPLBACKEND" in env, env["COURSE_PROGRESS"]
        (False, 'text')
    """
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # no debugger warning on Python >= 3.11
    # No front end will ever draw a progress widget in this run: store each bar's final line.
    env["COURSE_PROGRESS"] = "text"
    return env


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def clean(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop metadata that changes from run to run or machine to machine; keep counts and tags.

    Each picture's alt text (in its output's metadata) is copied into its cell's metadata,
    where MyST-NB reads it for the website.

    A widget that also carries a static picture (``course.widgets``) is stored as that
    picture: a stored notebook has no kernel to drive the widget, and its view would show an
    error or an empty box where GitHub, nbviewer or JupyterLab can show the picture.

    Example:
        >>> nb = clean(nbformat.v4.new_notebook())
        >>> nb.metadata.kernelspec.name
        'python3'
        >>> view = {WIDGET_VIEW: {"model_id": "0f3c"}, "text/plain": "Epoch explorer"}
        >>> cell = nbformat.v4.new_code_cell(outputs=[
        ...     nbformat.v4.new_output("display_data", {**view, "image/png": "iVBORw0K"}),
        ...     nbformat.v4.new_output("display_data", view)])
        >>> [sorted(o.data) for o in clean(nbformat.v4.new_notebook(cells=[cell])).cells[0].outputs]
        [['image/png', 'text/plain'], ['application/vnd.jupyter.widget-view+json', 'text/plain']]
        >>> alt, png = {"image/png": {"alt": "Curves"}}, {"image/png": "iVBORw0K"}
        >>> picture = nbformat.v4.new_output("display_data", png, metadata=alt)
        >>> cell = nbformat.v4.new_code_cell(outputs=[picture])
        >>> clean(nbformat.v4.new_notebook(cells=[cell])).cells[0].metadata
        {'mystnb': {'image': {'alt': 'Curves'}}}
    """
    nb.metadata = nbformat.from_dict(
        {
            "kernelspec": KERNELSPEC,
            "language_info": {"name": "python"},
            **({"colab": nb.metadata["colab"]} if "colab" in nb.metadata else {}),
        }
    )
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("ExecuteTime", None)
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_VIEW in data and "image/png" in data:
                del data[WIDGET_VIEW]
        if cell.cell_type == "code":
            _store_alt_text(cell)
    return nb


def _store_alt_text(cell: nbformat.NotebookNode) -> None:
    """Copy the alt text of the cell's pictures into ``cell.metadata.mystnb.image.alt``.

    The kernel gives each figure's PNG its alt text in the output's metadata
    (``course.plots.add_alt_text_to_inline_figures``); MyST-NB, which builds the website,
    reads an image's alt text only from the cell's metadata, one text for every picture of
    the cell. A cell of several pictures with different texts gets them all, numbered
    ("Figure 1 of 2: ..."), so each picture's alt says what the cell shows. A cell whose
    pictures have none loses a stored one (it described an earlier run).
    """
    alts = [
        output.metadata["image/png"]["alt"]
        for output in cell.get("outputs", [])
        if "image/png" in output.get("data", {})
        and output.get("metadata", {}).get("image/png", {}).get("alt")
    ]
    alts = list(dict.fromkeys(alts))
    mystnb = cell.metadata.get("mystnb", {})
    image = mystnb.get("image", {})
    if len(alts) == 1:
        image["alt"] = alts[0]
    elif alts:
        image["alt"] = " ".join(
            f"Figure {i} of {len(alts)}: {alt}" for i, alt in enumerate(alts, start=1)
        )
    else:
        image.pop("alt", None)
    if image:
        mystnb["image"] = image
    else:
        mystnb.pop("image", None)
    if mystnb:
        cell.metadata["mystnb"] = mystnb
    else:
        cell.metadata.pop("mystnb", None)


def execute(path: Path, *, timeout: int = 600, progress: bool = True) -> RunResult:
    """Run every cell of the notebook at ``path`` in a fresh kernel; do not write anything.

    Example:
        >>> path = course.paths.run_dir("examples") / "broken.ipynb"
        >>> write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 / 0")]), path)
        >>> result = execute(path, progress=False)
        >>> result.ok, "ZeroDivisionError" in result.error
        (False, True)
        >>> path.write_text("{not json")
        9
        >>> execute(path, progress=False).error.startswith("cannot read")
        True
    """
    from tqdm.auto import tqdm

    try:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
    except Exception as err:  # not JSON, not a notebook, unreadable: that notebook's failure
        return RunResult(path, False, 0.0, f"cannot read {path} as a notebook: {err}")
    code_cells = sum(cell.cell_type == "code" for cell in nb.cells)
    bar = tqdm(total=code_cells, desc=path.name, unit="cell", disable=not progress, leave=False)
    started = [0]  # code cells started: the one that fails is named by its number

    def on_start(cell: Any, **_: Any) -> None:
        started[0] += cell.cell_type == "code"

    client = NotebookClient(
        nb,
        # the cells get `timeout` each; nbclient's own wait for the kernel_info reply after the
        # start gets the default: one lost reply (seen once in CI) stalled a run 600 s before
        # nbclient went on without it
        timeout=STARTUP_REPLY_SECONDS,
        timeout_func=lambda cell: timeout,
        kernel_manager_class=CurrentPythonKernelManager,  # the client owns it, so shuts it down
        resources={"metadata": {"path": str(path.parent.resolve())}},
        record_timing=False,
        on_cell_start=on_start,
        on_cell_executed=lambda **_: bar.update(1),
    )
    start = time.perf_counter()

    def failed(why: str) -> RunResult:
        where = f"code cell {started[0]} of {code_cells}"
        return RunResult(path, False, time.perf_counter() - start, f"{where} {why}")

    log_path, kernel_log = _kernel_log(path)
    try:
        # the kernel's own stderr (its start-up warnings, TensorFlow's C++ logs, ipykernel's
        # errors while it is shut down after a timeout) goes to a log, not into our output
        client.execute(env=kernel_environment(), stderr=kernel_log)
    except CellTimeoutError:
        return failed(f"ran longer than {timeout} s: allow more with --timeout SECONDS")
    except DeadKernelError:
        return failed(f"killed the kernel (out of memory?); the kernel's log: {log_path}")
    except CellExecutionError as err:
        if err.ename == "KeyboardInterrupt":  # nbclient interrupts the cell on SIGINT/SIGTERM
            raise KeyboardInterrupt("stopped by a signal") from err
        so_far = _save_failed(nb, path)
        return failed(f"raised {err.ename}: {_first_line(err.evalue)}; {so_far}")
    except (Exception, asyncio.CancelledError) as err:
        # On SIGINT/SIGTERM nbclient shuts the kernel down itself (km becomes None); a signal
        # during kernel start-up cancels the start instead. Either way: stopped, not failed.
        if client.km is None or isinstance(err, asyncio.CancelledError):
            raise KeyboardInterrupt("stopped by a signal") from err
        raise
    finally:
        bar.close()
        kernel_log.close()
    return RunResult(path, True, time.perf_counter() - start, notebook=clean(nb))


def _kernel_log(path: Path) -> tuple[str, Any]:
    """Where the kernel's stderr goes: ``runs/kernel-logs/<name>.log``, or nowhere when the
    runs folder cannot be written (``course run --inplace`` does not need it)."""
    try:
        log_path = paths.run_dir("kernel-logs") / f"{path.stem}.log"
        return str(log_path), open(log_path, "wb")  # noqa: SIM115 (closed by execute)
    except OSError:
        return "(none: the runs folder cannot be written)", open(os.devnull, "wb")  # noqa: SIM115


def _first_line(text: str) -> str:
    """The first line of an error's message, so that a failure reads as one line."""
    lines = str(text).strip().splitlines()
    return lines[0] if lines else ""


def _save_failed(nb: nbformat.NotebookNode, path: Path) -> str:
    """Keep a failed run's outputs (the traceback included) under ``runs/failed/``: nothing the
    learner wrote is overwritten, and the one-line failure says where to look."""
    try:
        target = paths.run_dir("failed") / path.name
        write(clean(nb), target)
    except OSError:
        return "its outputs could not be kept (the runs folder cannot be written)"
    return f"the notebook with its outputs so far: {target}"


def write(nb: nbformat.NotebookNode, path: Path) -> None:
    """Write a notebook as Jupyter does (one-space indent, trailing newline).

    Example:
        >>> write(nbformat.v4.new_notebook(), course.paths.run_dir("examples") / "empty.ipynb")
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
