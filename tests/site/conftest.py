"""Fixtures for the website tests: the site built once (README's command, into a temporary
folder), served on 127.0.0.1, one headless Chromium, and every page checked once.

Needs the ``docs`` and ``browser`` extras (``pip install -e '.[docs,browser]'``) and Debian's
Chromium (``tests/headless_chromium.py``; Playwright never downloads a browser here); without
them the tests fail, naming what is missing. Collected only with ``COURSE_SITE_TESTS=1``
(``tests/conftest.py``).

Screenshots (``screenshots/<page>.png``; the lessons at 390 px in the theme's dark mode,
``phone/<page>.png``) and ``summary.md`` (with axe-core's violations by impact) go to
``runs/site-check/`` (the course's runs folder, ``course.paths.runs_root()``, taken before
the tests point it at a temporary folder).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import course

sys.path.insert(0, str(Path(__file__).parent))  # the helper modules, whatever the import mode
sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/headless_chromium.py

from axe_check import IMPACTS, impact_counts  # noqa: E402
from headless_chromium import launch, missing_requirements  # noqa: E402
from lesson_facts import lesson_facts, snapshot  # noqa: E402
from page_check import PageReport, check_folder, check_page, screenshot_name  # noqa: E402
from site_build import Site, build_site, serve  # noqa: E402

REPORT_DIR = course.paths.runs_root(create=False) / "site-check"  # before any test changes it
SCREENSHOTS = REPORT_DIR / "screenshots"
TIMES = pytest.StashKey[dict[str, float]]()
AXE = pytest.StashKey[str]()


def pytest_configure(config: pytest.Config) -> None:
    """Register the marker (``-m site``) and the timings shown at the end."""
    config.addinivalue_line("markers", "site: the website checked in headless Chromium")
    config.stash[TIMES] = {}


@pytest.fixture(scope="session")
def requirements() -> None:
    """Fail, naming it, when something the tests need is missing: they run only when asked."""
    missing = missing_requirements(
        (
            "playwright",
            "axe_playwright_python",
            "sphinx",
            "myst_nb",
            "sphinx_book_theme",
            "sphinx-mathjax-offline",
        )
    )
    if missing:
        pytest.fail("site tests need " + ", ".join(missing), pytrace=False)


@pytest.fixture(scope="session")
def site(
    requirements: None, tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config
) -> Site:
    """The site, built once. A build with warnings still yields pages (``--keep-going``), checked
    like the others; ``test_the_site_builds_without_warnings`` fails on the warnings. The
    notebooks' bytes are read before the build (rewriting a lesson during it is not supported)."""
    before = snapshot()
    build = build_site(tmp_path_factory.mktemp("site", numbered=True))
    pytestconfig.stash[TIMES]["sphinx-build"] = build.seconds
    if not (build.folder / "docs" / "index.html").exists():
        pytest.fail("the site was not built: " + build.failure(), pytrace=False)
    return Site(build, {name: lesson_facts(name, raw) for name, raw in before.items()})


@pytest.fixture(scope="session")
def base_url(site: Site) -> Iterator[str]:
    """The site served on 127.0.0.1 (``http://127.0.0.1:<port>/``), stopped at the end."""
    with serve(site.folder) as url:
        yield url


@pytest.fixture(scope="session")
def chromium(requirements: None) -> Iterator[Any]:
    """Headless Chromium (Debian's), closed at the end of the session."""
    with launch() as browser:
        yield browser


@pytest.fixture(scope="session")
def phone_pages(
    site: Site, base_url: str, chromium: Any, pytestconfig: pytest.Config
) -> dict[str, PageReport]:
    """Every lesson's page checked once more, on a 390 px phone in the theme's dark mode, by its
    path in the site; its screenshot in ``runs/site-check/phone/`` (emptied first: pages the
    site may no longer have)."""
    folder = REPORT_DIR / "phone"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    start = time.monotonic()
    reports = {
        lesson.page: check_page(
            chromium,
            base_url,
            lesson.page,
            folder / screenshot_name(lesson.page),
            phone=True,
            dark=True,
        )
        for lesson in site.lessons.values()
    }
    pytestconfig.stash[TIMES]["the lessons at 390 px in dark mode"] = time.monotonic() - start
    return reports


@pytest.fixture(scope="session")
def pages(
    site: Site, base_url: str, chromium: Any, pytestconfig: pytest.Config
) -> dict[str, PageReport]:
    """Every HTML page of the site checked once (``page_check``), by its path in the site;
    screenshots and ``summary.md`` written to ``runs/site-check/`` as the pages are checked."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob("*.png"):  # pages the site may no longer have
        old.unlink()
    reports: list[PageReport] = []

    def add(report: PageReport) -> None:
        reports.append(report)
        write_summary(reports, REPORT_DIR / "summary.md")

    start = time.monotonic()
    check_folder(chromium, site.folder, SCREENSHOTS, add, base_url, accessibility=True)
    pytestconfig.stash[TIMES]["every page in Chromium, axe-core included"] = (
        time.monotonic() - start
    )
    pytestconfig.stash[AXE] = axe_totals(reports)
    write_summary(reports, REPORT_DIR / "summary.md", time.monotonic() - start)
    return {report.page: report for report in reports}


def write_summary(reports: list[PageReport], path: Path, total: float | None = None) -> None:
    """A table of the pages: load time, images, MathJax's formulas, axe-core's violations by
    impact, problems."""
    rows = "\n".join(report.summary_row() for report in reports)
    failing = sum(not r.ok for r in reports)
    footer = f"\n{len(reports)} pages, {failing} with problems" + (
        f", {total:.0f} s in all (screenshots included)\n" if total is not None else " so far\n"
    )
    counts = axe_totals(reports)
    if counts:
        footer += f"{counts}\n"
    path.write_text(
        "| page | load (s) | images decoded | math elements | axe-core violations "
        f"({' / '.join(IMPACTS)}) | problems |\n"
        "|---|---|---|---|---|---|\n" + rows + "\n" + footer
    )


def axe_totals(reports: list[PageReport]) -> str:
    """axe-core's version and its violations on all the pages, by impact (a rule violated on
    two pages counts twice); empty if axe-core ran on none."""
    results = [r.facts["axe"] for r in reports if "axe" in r.facts]
    if not results:
        return ""
    counts = impact_counts([v for result in results for v in result["violations"]])
    return f"axe-core {results[0]['version']} on {len(results)} pages: " + ", ".join(
        f"{counts.get(impact, 0)} {impact}" for impact in IMPACTS
    )


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """How long the build and the browser took, axe-core's counts, and where the screenshots
    are."""
    times = config.stash.get(TIMES, {})
    if times:
        terminalreporter.section("the website")
        for what, seconds in times.items():
            terminalreporter.write_line(f"{what}: {seconds:.0f} s")
        if config.stash.get(AXE, ""):
            terminalreporter.write_line(config.stash[AXE])
        terminalreporter.write_line(f"screenshots and summary: {REPORT_DIR}")
