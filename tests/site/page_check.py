"""Check the HTML pages of any folder in headless Chromium, the way a reader's browser loads them.

``check_folder(browser, folder)`` serves the folder on 127.0.0.1, opens every page in a fresh
browser context, waits for the network to be idle (and MathJax, if the page loads it, to finish),
and lists what is wrong, each problem named by its kind:

- ``console error: ...`` and ``console warning: ...``: a message the page logged (warnings
  count: the site's pages log none, so a new one is worth a look);
- ``page error: ...``: an uncaught exception;
- ``failed request: <url> (...)``: a request that failed, or was answered with an HTTP error;
- ``request to another host: <url>``: the site must load nothing from elsewhere (such requests
  are aborted, never sent);
- ``image not decoded: <src>``: an ``<img>`` whose picture did not load (``naturalWidth`` 0);
- ``MathJax error: ...`` and ``unrendered math: ...``: a formula MathJax failed on, or TeX
  delimiters (``$$``, ``\\(``, ``\\[``) left in the page's text outside code.

Each page's ``PageReport`` also keeps what the lesson tests compare with the notebooks: decoded
images in the cell outputs, MathJax's formulas, the Colab, download and previous/next links, the
figures of the outputs (``figure_check``); its layout (``layout_probe.js``, fact ``layout``):
the page's width and the code and output blocks too wide for their box, and with
``phone=True`` (a 390 px phone instead of the 1280 px window) what ``layout_check`` judges the
page's readability by; with ``dark=True`` the page is seen in the theme's dark mode; with
``accessibility=True``, axe-core's violations (``axe_check``, fact ``axe``). Layout and
accessibility are judged by their own tests (``test_site_layout``, ``test_site_access``), not
listed among the page's problems.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from axe_check import IMPACTS, impact_counts, run_axe
from layout_check import PHONE, WIDE_SCREEN
from site_build import serve

PROBE_JS = (Path(__file__).parent / "page_probe.js").read_text()
LAYOUT_JS = (Path(__file__).parent / "layout_probe.js").read_text()
VIEWPORT = {"width": WIDE_SCREEN, "height": 900}
LOAD_TIMEOUT_MS = 60_000
WAIT_MS = 20_000  # for MathJax and for the images, once the network is idle
# static assets, not pages: the theme's Jinja macros copied to _static, the sources' copies
NOT_PAGES = ("_static", "_sources", "_images")


@dataclass
class PageReport:
    """One page as Chromium loaded it."""

    page: str  # its path in the folder, e.g. "notebooks/00_setup.html"
    seconds: float = 0.0  # from the request to network idle, MathJax done and images loaded
    problems: list[str] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)  # what page_probe.js read
    screenshot: str = ""

    @property
    def ok(self) -> bool:
        """True if nothing is wrong."""
        return not self.problems

    def fact(self, name: str) -> Any:
        """What ``page_probe.js`` read as ``name``; an AssertionError naming the page's
        problems if the page could not be read."""
        if name not in self.facts:
            raise AssertionError(f"{self.page} could not be read: {self.problems}")
        return self.facts[name]

    def summary_row(self) -> str:
        """The page's row in ``summary.md``."""
        images = self.facts.get("images", 0)
        decoded = images - len(self.facts.get("undecoded", []))
        verdict = "ok" if self.ok else "<br>".join(p.replace("|", "\\|") for p in self.problems)
        counts = impact_counts(self.facts["axe"]["violations"]) if "axe" in self.facts else {}
        axe = " / ".join(str(counts.get(impact, 0)) for impact in IMPACTS)
        return (
            f"| {self.page} | {self.seconds:.1f} | {decoded}/{images} "
            f"| {self.facts.get('math', 0)} | {axe} | {verdict} |"
        )


def html_pages(folder: Path) -> list[str]:
    """Every HTML page under ``folder`` (``/``-separated paths), without static assets and
    hidden folders (``.doctrees``)."""
    return sorted(
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*.html")
        if not any(
            part.startswith(".") or part in NOT_PAGES for part in path.relative_to(folder).parts
        )
    )


def is_local(url: str) -> bool:
    """True for an address this machine serves (127.0.0.1) or one that needs no host."""
    parts = urlsplit(url)
    return parts.scheme not in ("http", "https", "ws", "wss") or parts.hostname == "127.0.0.1"


def screenshot_name(page: str) -> str:
    """``notebooks/00_setup.html`` -> ``notebooks_00_setup.png``."""
    return page.removesuffix(".html").replace("/", "_") + ".png"


def listen(page: Any, problems: list[str]) -> None:
    """Record the console's errors and warnings, uncaught exceptions and failed requests."""

    def on_console(message: Any) -> None:
        if message.type in ("error", "warning"):
            where = message.location.get("url", "")
            problems.append(
                f"console {message.type}: {message.text}" + (f" ({where})" if where else "")
            )

    def on_failed(request: Any) -> None:
        if is_local(request.url):  # another host's request was aborted and reported already
            problems.append(f"failed request: {request.url} ({request.failure})")

    def on_response(response: Any) -> None:
        if response.status >= 400:
            problems.append(f"failed request: {response.url} (HTTP {response.status})")

    page.on("console", on_console)
    page.on(
        "pageerror", lambda error: problems.append(f"page error: {error.name}: {error.message}")
    )
    page.on("requestfailed", on_failed)
    page.on("response", on_response)


def check_page(
    browser: Any,
    base_url: str,
    page_path: str,
    screenshot: Path | None = None,
    *,
    phone: bool = False,
    dark: bool = False,
    accessibility: bool = False,
) -> PageReport:
    """Load ``base_url + page_path`` in a fresh context of ``browser`` and list its problems;
    on a phone (``PHONE``, Chromium's mobile mode) instead of the 1280 px window if ``phone``;
    for a reader whose system asks for dark colours if ``dark`` (the site follows that
    preference: the theme's dark mode); axe-core run on it if ``accessibility``."""
    report = PageReport(page_path)
    screen = {"viewport": PHONE, "is_mobile": True, "has_touch": True} if phone else {}
    context = browser.new_context(
        **{"viewport": VIEWPORT, **screen}, color_scheme="dark" if dark else "light"
    )

    def block(route: Any) -> None:
        report.problems.append(f"request to another host: {route.request.url}")
        route.abort()

    context.route(lambda url: not is_local(url), block)
    try:
        page = context.new_page()
        listen(page, report.problems)
        start = time.monotonic()
        page.goto(base_url + page_path, wait_until="networkidle", timeout=LOAD_TIMEOUT_MS)
        page.wait_for_load_state("networkidle", timeout=LOAD_TIMEOUT_MS)  # after a redirect
        report.facts = probe(page)
        report.seconds = time.monotonic() - start
        report.facts["layout"] = page.evaluate(LAYOUT_JS, PHONE["width"] if phone else None)
        report.problems += [f"image not decoded: {src}" for src in report.facts["undecoded"]]
        report.problems += [f"MathJax error: {e}" for e in report.facts["mathErrors"]]
        report.problems += [f"unrendered math: {text}" for text in report.facts["rawMath"]]
        if accessibility:
            report.facts["axe"] = run_axe(page)
        if screenshot is not None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=screenshot, full_page=True)
            report.screenshot = str(screenshot)
    except Exception as err:  # a page that does not load is a problem of that page
        report.problems.append(f"page did not load: {type(err).__name__}: {err}")
    finally:
        context.close()
    return report


def probe(page: Any, attempts: int = 3) -> dict[str, Any]:
    """Run ``page_probe.js``, again if a (client-side) redirect replaced the page meanwhile."""
    for attempt in range(attempts):
        try:
            return page.evaluate(PROBE_JS, WAIT_MS)
        except Exception as err:
            if "context was destroyed" not in str(err) or attempt == attempts - 1:
                raise
            page.wait_for_load_state("networkidle", timeout=LOAD_TIMEOUT_MS)
    raise AssertionError("unreachable")


def check_folder(
    browser: Any,
    folder: Path,
    screenshots: Path | None = None,
    on_report: Callable[[PageReport], None] | None = None,
    base_url: str | None = None,
    **how: bool,
) -> list[PageReport]:
    """Check each HTML page of ``folder``, served at ``base_url`` (or, without it, by a server
    started for the check), as ``check_page`` does with the keywords ``how`` (``phone``,
    ``dark``, ``accessibility``); a full-page screenshot of each into ``screenshots`` if given."""
    if base_url is None:
        with serve(folder) as url:
            return check_folder(browser, folder, screenshots, on_report, url, **how)
    reports = []
    for page_path in html_pages(folder):
        shot = screenshots / screenshot_name(page_path) if screenshots else None
        report = check_page(browser, base_url, page_path, shot, **how)
        reports.append(report)
        if on_report:
            on_report(report)
    return reports
