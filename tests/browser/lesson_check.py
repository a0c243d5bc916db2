"""Run one notebook in JupyterLab in a real browser, as a learner would, and list what is wrong.

``check_lesson`` opens the notebook in a fresh page, waits for its kernel, runs all cells
(JupyterLab's own "Run All Cells" command), waits until every cell has run and the kernel is
idle, then checks what the page shows:

- every code cell ran, and no output is an error;
- every output JupyterLab shows as an image (its choice among the output's formats) is on the
  page as an image, and every image on the page (widget outputs included) decoded;
- no widget failed to render ("Error displaying widget", "Failed to load model class") or is
  still "Loading widget...", and no widget output shows a Python traceback;
- every slider and button responds: after a key press on the slider (ArrowRight, or ArrowLeft at
  its maximum) or a click on the button, some output area changes within ``widget_timeout``
  (a slider may instead be a setting read later: then its value must reach the kernel);
- no console error outside the allow-list (``console_log``) and no uncaught exception.

A printed table too wide for the page (JupyterLab wraps its lines, breaking the columns apart)
is a note in the report, not a failure.

At the end, in the 1280 px window, it measures which code and output blocks are too wide for
their box (``wide_blocks``; ``probe.js``, ``wideBlocks``): a code cell whose longest line does
not fit its editor (it scrolls sideways), a printed line longer than its output area
(JupyterLab wraps it instead of scrolling), a table, image or other output that scrolls its
output area or reaches past it, each by more than 1 px. They are not among ``problems``: they
fail the lessons rewritten to the reading standard only (``test_lessons_in_browser``).

The result is a ``LessonReport``: its ``problems`` are the failures, in words. "cell 12" is the
12th cell, counting every cell from 1 (as JupyterLab's status bar does).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from console_log import LessonConsole
from lab_server import LabServer

PROBE_JS = (Path(__file__).parent / "probe.js").read_text()
VIEWPORT = {"width": 1280, "height": 900}
MAX_SCREENSHOT_HEIGHT = 60_000  # px; a longer notebook is cut at the bottom
POLL_S = 0.25


@dataclass
class LessonReport:
    """What one notebook did in the browser."""

    notebook: str
    seconds: float = 0.0  # from "Run All Cells" to every cell run and the kernel idle
    widget_seconds: float = 0.0  # acting on every control and waiting for its output
    cells: int = 0  # code cells with code
    images: int = 0  # images on the page at the end (outputs and widgets)
    widgets: list[str] = field(default_factory=list)  # controls exercised, e.g. "cell 5 slider 'B'"
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # worth a look, not failures
    wide_blocks: list[str] = field(default_factory=list)  # too wide at 1280 px, in words
    allowed_console: list[str] = field(default_factory=list)
    screenshot: str = ""
    # every code cell's outputs after "Run All Cells", before any control is touched
    outputs: list[list[dict[str, Any]]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True if nothing is wrong."""
        return not self.problems

    def summary(self) -> dict[str, Any]:
        """The report as plain data (for the JSON summary; the outputs are left out)."""
        return {**asdict(self), "ok": self.ok, "outputs": len(self.outputs)}


def describe_block(block: dict[str, Any]) -> str:
    """One block of ``courseProbe.wideBlocks`` in words."""
    how = " (JupyterLab wraps its lines)" if block["wraps"] else ""
    return (
        f"cell {block['cell']}: {block['kind']} block '{block['text']}' is {block['by']} px "
        f"wider than its box at {VIEWPORT['width']} px{how}"
    )


class Timeout(Exception):
    """A wait ran out of time."""


def wait_for(
    read: Callable[[], Any], done: Callable[[Any], bool], timeout: float, what: str
) -> Any:
    """Call ``read()`` until ``done(value)``; the last value, or Timeout naming ``what``."""
    deadline = time.monotonic() + timeout
    while True:
        value = read()
        if done(value):
            return value
        if time.monotonic() > deadline:
            raise Timeout(f"{what}, for {timeout:.0f} s (last state: {value})")
        time.sleep(POLL_S)


def workspace_name(notebook: str) -> str:
    """A JupyterLab workspace name for a notebook (one per notebook: no state carried over)."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", notebook)


def check_lesson(
    page: Any,
    server: LabServer,
    notebook: str,
    *,
    screenshot: Path | None = None,
    run_timeout: float = 240,
    widget_timeout: float = 60,
) -> LessonReport:
    """Open ``notebook`` (a path under the server's root) in ``page``, run it, check it.

    ``page`` is a fresh Playwright page. The screenshot is taken and the kernel shut down
    whatever happens; an error of the page or of Playwright itself propagates.
    """
    report = LessonReport(notebook)
    console = LessonConsole().attach(page)
    probe = Probe(page, notebook)
    try:
        open_notebook(page, server, probe, timeout=120)
        run_and_check(page, probe, report, run_timeout, widget_timeout)
    except Timeout as err:
        report.problems.append(f"timed out waiting for {err}")
    finally:
        if screenshot is not None and not page.is_closed():
            take_screenshot(page, probe, screenshot)
            report.screenshot = str(screenshot)
        report.problems += console.errors
        report.allowed_console = console.allowed
        server.shutdown_kernels()
    return report


def run_and_check(
    page: Any, probe: Probe, report: LessonReport, run_timeout: float, widget_timeout: float
) -> None:
    """Run all cells, check the outputs, act on the controls, check again, read the log."""
    try:
        run_all(probe, report, run_timeout)
        wait_for(
            probe.pending,
            lambda p: p["images"] == 0 and p["loadingWidgets"] == 0,
            30,
            "images and widgets to finish rendering",
        )
    except Timeout as err:  # still worth saying which cells ran and what they show
        report.problems.append(f"timed out waiting for {err}")
    check_cells(probe.call("report"), report)
    report.outputs = probe.call("outputs")  # compared with the stored ones (output_check.py)
    if report.ok:
        start = time.monotonic()
        exercise_controls(page, probe, report, widget_timeout)
        report.widget_seconds = round(time.monotonic() - start, 1)
        check_cells(probe.call("report"), report, after="after acting on the widgets")
    logged = probe.call("loggedErrors")
    if logged is None:
        report.problems.append("cannot read JupyterLab's log (its logger registry was not found)")
    else:
        report.problems += [f"error in JupyterLab's log (a widget callback?): {e}" for e in logged]
    report.wide_blocks = [describe_block(block) for block in probe.call("wideBlocks")]


class Probe:
    """Calls into ``probe.js`` (``window.courseProbe``) for one notebook."""

    def __init__(self, page: Any, notebook: str) -> None:
        self.page, self.notebook = page, notebook

    def install(self) -> None:
        """Define ``window.courseProbe`` in the page (after JupyterLab has started)."""
        self.page.evaluate(PROBE_JS)

    def installed(self) -> bool:
        """True once ``install`` has run in the page shown now."""
        return self.page.evaluate("() => window.courseProbe !== undefined")

    def call(self, name: str, *args: Any) -> Any:
        """``courseProbe.<name>(notebook, *args)``."""
        return self.page.evaluate(
            f"(args) => window.courseProbe.{name}(...args)", [self.notebook, *args]
        )

    def status(self) -> dict[str, Any]:
        """Whether the notebook is open, its kernel status, any dialog."""
        return self.call("status")

    def progress(self) -> dict[str, Any]:
        """How far "Run All Cells" is."""
        return self.call("progress")

    def pending(self) -> dict[str, Any]:
        """Images and widgets still loading."""
        return self.call("pending")

    def changes(self) -> dict[str, Any]:
        """Output changes and busy kernel turns since ``watch``, and the kernel status."""
        return self.call("changes")

    def to_top(self) -> int:
        """Scroll the notebook to its top; its height beyond the window (0 if not open)."""
        return self.call("toTop") if self.installed() else 0


def open_notebook(page: Any, server: LabServer, probe: Probe, timeout: float) -> None:
    """Load JupyterLab with the notebook open; wait until its kernel is idle."""
    page.goto(server.page_url(probe.notebook, workspace_name(probe.notebook)))
    page.wait_for_function("() => window.jupyterapp !== undefined", timeout=timeout * 1000)
    page.evaluate("() => window.jupyterapp.restored")
    probe.install()
    status = wait_for(
        probe.status,
        lambda s: (s["open"] and s["kernel"] == "idle") or s["dialog"] or s["kernel"] == "dead",
        timeout,
        "the notebook to open with an idle kernel",
    )
    if status["dialog"]:
        raise Timeout(f"the notebook to open (a dialog is in the way: {status['dialog']!r})")
    if status["kernel"] != "idle":
        raise Timeout(f"the notebook to open (its kernel is {status['kernel']})")


def run_all(probe: Probe, report: LessonReport, timeout: float) -> None:
    """Run all cells; wait until the run is over (all done, or stopped at an error)."""
    start = time.monotonic()
    probe.call("runAll")
    try:
        state = wait_for(
            probe.progress,
            lambda p: (
                (p["settled"] and p["running"] == 0 and p["kernel"] == "idle")
                or p["kernel"] in ("dead", "disconnected")
                or p["dialog"]
            ),
            timeout,
            "Run All Cells to finish",
        )
    finally:
        report.seconds = round(time.monotonic() - start, 1)
    if state["kernel"] != "idle":
        report.problems.append(f"the kernel is {state['kernel']} after Run All Cells")
    if state["dialog"]:
        report.problems.append(f"a dialog opened during the run: {state['dialog']!r}")
    if state["runError"]:
        report.problems.append(f"Run All Cells failed: {state['runError']}")


def check_cells(cells: list[dict[str, Any]], report: LessonReport, after: str = "") -> None:
    """Turn ``courseProbe.report`` (one entry per code cell) into problems."""
    when = f" {after}" if after else ""
    report.cells = sum(c["hasSource"] for c in cells)
    not_run = [c["index"] for c in cells if c["hasSource"] and c["executionCount"] is None]
    if not_run and not after:
        report.problems.append(f"cells {not_run} did not run (no execution count)")
    report.images = sum(c["imagesShown"] + c["widgetImages"] for c in cells)
    for c in cells:
        where = f"cell {c['index']} ({c['source'].splitlines()[0] if c['source'] else ''!r})"
        problems = [f"error output {e}" for e in c["errors"] if not after]
        if c["imageOutputs"] != c["imagesShown"] and not after:
            problems.append(f"{c['imageOutputs']} image outputs but {c['imagesShown']} shown")
        if c["undecodedImages"]:
            problems.append(f"{c['undecodedImages']} image(s) that did not decode")
        problems += [f"widget failed to render: {text}" for text in c["widgetFailures"]]
        if c["loadingWidgets"]:
            problems.append("a widget still shows 'Loading widget...'")
        problems += [f"a widget output shows a traceback: {t}" for t in c["widgetTracebacks"]]
        report.problems += [f"{where}{when}: {p}" for p in problems]
        wide = c["wrappedTables"]
        if wide["lines"] and not after:
            report.notes.append(
                f"{where}: {wide['lines']} line(s) of a printed table wrap in a "
                f"{VIEWPORT['width']} px window ({wide['fits']} characters fit, the longest line "
                f"has {wide['longest']})"
            )


def exercise_controls(page: Any, probe: Probe, report: LessonReport, timeout: float) -> None:
    """Act on every slider and button, one at a time; see that each one responds.

    A button responds when some output area changes within ``timeout`` (a button that changes
    nothing on the page does nothing a learner can see). A slider responds the same way, or,
    for a setting read later (a learning rate for the next Train, say), when the kernel has
    received its new value: it turned busy and back to idle. Then the outputs must settle:
    kernel idle, no change for 1 s.
    """
    for control in probe.call("controls"):
        name = f"cell {control['cell']} {control['kind']} {control['label']!r}"
        probe.call("watch", control["id"])
        act(page, control)

        def responded(c: dict[str, Any], slider: bool = control["kind"] == "slider") -> bool:
            return c["count"] > 0 or (slider and c["busy"] > 0 and c["kernel"] == "idle")

        try:
            state = wait_for(probe.changes, responded, timeout, "a response")
        except Timeout:
            report.widgets.append(name)
            report.problems.append(f"{name} does not respond: no output changed in {timeout:.0f} s")
            continue
        report.widgets.append(name if state["count"] else f"{name} (a setting: no output changed)")
        try:
            wait_for(
                probe.changes,
                lambda c: c["kernel"] == "idle" and c["quietMs"] > 1000,
                timeout,
                "the outputs to settle (kernel idle, no change for 1 s)",
            )
        except Timeout as err:
            report.problems.append(f"{name}: timed out waiting for {err}")


def act(page: Any, control: dict[str, Any]) -> None:
    """Click a button; press ArrowRight on a slider's handle (ArrowLeft at its maximum)."""
    locator = page.locator(f'[data-course-control="{control["id"]}"]')
    locator.scroll_into_view_if_needed()
    if control["kind"] == "button":
        locator.click()
        return
    locator.focus()
    at_max = locator.evaluate(
        "h => h.hasAttribute('aria-valuemax') && "
        "h.getAttribute('aria-valuenow') === h.getAttribute('aria-valuemax')"
    )
    page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")


def take_screenshot(page: Any, probe: Probe, path: Path) -> None:
    """Screenshot the whole notebook: the window is made as tall as the notebook first.

    Whatever the page shows if the notebook never opened (the window's size then).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    height = min(VIEWPORT["height"] + probe.to_top(), MAX_SCREENSHOT_HEIGHT)
    page.set_viewport_size({"width": VIEWPORT["width"], "height": height})
    time.sleep(1)  # JupyterLab lays itself out again
    probe.to_top()
    page.screenshot(path=str(path))
    page.set_viewport_size(VIEWPORT)
