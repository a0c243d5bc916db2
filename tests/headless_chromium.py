"""Debian's Chromium, headless, through Playwright's Python package: the one browser setup of
the lessons' browser test (``tests/browser``) and the website's (``tests/site``). Playwright
never downloads a browser here.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


def missing_requirements(packages: Iterable[str]) -> list[str]:
    """The Python packages among ``packages``, and Chromium, that this machine lacks."""
    missing = [
        f"the Python package {name}" for name in packages if importlib.util.find_spec(name) is None
    ]
    if not os.access(CHROMIUM, os.X_OK):
        missing.append(f"Chromium at {CHROMIUM} (apt-get install chromium)")
    return missing


@contextmanager
def launch() -> Iterator[Any]:
    """Headless Chromium (Debian's), closed when the block ends."""
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()
