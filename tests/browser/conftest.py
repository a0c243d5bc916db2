"""Fixtures for the browser tests: one JupyterLab server and one headless Chromium for the
session, a fresh page (browser context) per test, and the summary of every lesson's run.

Needs the Playwright Python package, JupyterLab, ipywidgets and Debian's Chromium
(``tests/headless_chromium.py``; Playwright never downloads a browser here); without them the
tests fail, naming what is missing. They are collected only with ``COURSE_BROWSER_TESTS=1``
(``tests/conftest.py``; the CI stage ``.ci/browser`` sets it).

Screenshots and ``summary.json`` / ``summary.md`` go to ``runs/browser/`` (the course's runs
folder, ``course.paths.runs_root()``, taken before the tests point it at a temporary folder).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import course

sys.path.insert(0, str(Path(__file__).parent))  # the helper modules, whatever the import mode
sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/headless_chromium.py

from headless_chromium import launch, missing_requirements  # noqa: E402
from lab_server import COURSE_NOTEBOOKS, LabServer, start_lab  # noqa: E402
from lesson_check import VIEWPORT, LessonReport, check_lesson  # noqa: E402

REPORT_DIR = course.paths.runs_root(create=False) / "browser"  # before any test changes it
REPORTS = pytest.StashKey[list[LessonReport]]()


def pytest_configure(config: pytest.Config) -> None:
    """Register the marker (``-m browser``) and the list of lesson reports."""
    config.addinivalue_line("markers", "browser: runs lessons in JupyterLab in Chromium")
    config.stash[REPORTS] = []


@pytest.fixture(scope="session")
def requirements() -> None:
    """Fail, naming it, when something the tests need is missing: they run only when asked."""
    missing = missing_requirements(("playwright", "jupyterlab", "ipywidgets"))
    if missing:
        pytest.fail("browser tests need " + ", ".join(missing), pytrace=False)


@pytest.fixture(scope="session")
def lab(requirements: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    """JupyterLab over a temporary copy of the lessons, stopped at the end of the session."""
    server = start_lab(tmp_path_factory.mktemp("jupyterlab"), COURSE_NOTEBOOKS)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def chromium(requirements: None) -> Iterator[Any]:
    """Headless Chromium (Debian's), closed at the end of the session."""
    with launch() as browser:
        yield browser


@pytest.fixture()
def page(chromium: Any) -> Iterator[Any]:
    """A fresh page in a fresh browser context (no cookies or storage from other tests)."""
    context = chromium.new_context(viewport=VIEWPORT)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture(scope="session")
def report_dir() -> Path:
    """Where screenshots and the summary go."""
    REPORT_DIR.mkdir(parents=True, exist_ok=True)
    return REPORT_DIR


@pytest.fixture(scope="session")
def run_lesson(
    lab: LabServer, chromium: Any, report_dir: Path, pytestconfig: pytest.Config
) -> Callable[[str], LessonReport]:
    """``run_lesson(notebook)``: the lesson run and checked in JupyterLab (``check_lesson``) in
    a fresh page, its screenshot saved and its report added to the summary files; once a
    session: the tests of one lesson share its run, and later calls return the same report."""
    runs: dict[str, LessonReport] = {}

    def run(notebook: str) -> LessonReport:
        if notebook not in runs:
            context = chromium.new_context(viewport=VIEWPORT)
            try:
                shot = report_dir / f"{Path(notebook).stem}.png"
                runs[notebook] = check_lesson(context.new_page(), lab, notebook, screenshot=shot)
            finally:
                context.close()
            print(format_line(runs[notebook]))
            reports = pytestconfig.stash[REPORTS]
            reports.append(runs[notebook])
            write_summary(reports, report_dir)
        return runs[notebook]

    return run


def format_line(report: LessonReport) -> str:
    """One line per lesson: time, cells, images, widgets, verdict."""
    verdict = "ok" if report.ok else f"{len(report.problems)} problem(s)"
    if report.notes:
        verdict += f", {len(report.notes)} note(s)"
    if report.wide_blocks:
        verdict += f", {len(report.wide_blocks)} block(s) too wide"
    return (
        f"{report.notebook:<40} {report.seconds:6.1f} s run + {report.widget_seconds:5.1f} s "
        f"widgets  {report.cells:3d} cells {report.images:3d} images "
        f"{len(report.widgets):2d} widgets  {verdict}"
    )


def write_summary(reports: list[LessonReport], folder: Path) -> None:
    """``summary.json`` (every report) and ``summary.md`` (a table) in ``folder``."""
    (folder / "summary.json").write_text(
        json.dumps([r.summary() for r in reports], indent=1) + "\n"
    )
    rows = [
        f"| {r.notebook} | {r.seconds:.1f} | {r.widget_seconds:.1f} | {r.cells} | {r.images} "
        f"| {len(r.widgets)} | {'ok' if r.ok else '; '.join(r.problems)} | {len(r.notes)} "
        f"| {len(r.wide_blocks)} |"
        for r in reports
    ]
    notes = [f"- {r.notebook}, {note}" for r in reports for note in r.notes]
    wide = [f"- {r.notebook}, {block}" for r in reports for block in r.wide_blocks]
    (folder / "summary.md").write_text(
        "| lesson | run (s) | widgets (s) | cells | images | widgets exercised | result | notes "
        "| too wide at 1280 px |\n"
        "|---|---|---|---|---|---|---|---|---|\n"
        + "\n".join(rows)
        + ("\n\nNotes (not failures):\n\n" + "\n".join(notes) if notes else "")
        + (
            "\n\nBlocks too wide for their box at 1280 px (failures of the lessons rewritten "
            "to the reading standard only):\n\n" + "\n".join(wide)
            if wide
            else ""
        )
        + "\n"
    )


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """Every lesson's time in the browser, at the end of the run."""
    reports = config.stash.get(REPORTS, [])
    if reports:
        terminalreporter.section("lessons in JupyterLab (headless Chromium)")
        for report in reports:
            terminalreporter.write_line(format_line(report))
            for note in report.notes:
                terminalreporter.write_line(f"    note: {note}")
        terminalreporter.write_line(f"screenshots and summary: {REPORT_DIR}")
