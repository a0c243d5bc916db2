"""Search the site as a reader does: ``search.html?q=<word>``, then read Sphinx's result list."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlsplit

from page_check import VIEWPORT

SEARCH_TIMEOUT_MS = 30_000
# Sphinx's searchtools.js fills ".search-summary" once every result is listed
FINISHED = (
    "() => (document.querySelector('#search-results .search-summary')?.innerText || '') !== ''"
)
RESULTS = (
    "() => [...document.querySelectorAll('#search-results ul.search li > a')].map(a => a.href)"
)


def search(browser: Any, base_url: str, word: str) -> tuple[str, list[str]]:
    """Search for ``word``; Sphinx's summary line and the result pages (paths in the site,
    e.g. ``notebooks/03_how_many_epochs.html``, without query or anchor)."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.goto(f"{base_url}search.html?q={quote(word)}", wait_until="networkidle")
        page.wait_for_function(FINISHED, timeout=SEARCH_TIMEOUT_MS)
        summary = page.inner_text("#search-results .search-summary")
        base_path = urlsplit(base_url).path
        pages = [urlsplit(url).path.removeprefix(base_path) for url in page.evaluate(RESULTS)]
        return summary, pages
    finally:
        context.close()
