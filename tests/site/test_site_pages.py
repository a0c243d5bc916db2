"""The site builds without a warning, and every one of its pages loads cleanly in Chromium:
no console error or warning, no uncaught exception, no failed request, nothing from another
host, every image decoded, every formula typeset (``page_check``)."""

from __future__ import annotations

import pytest
from page_check import PageReport
from site_build import Site

pytestmark = pytest.mark.site


def test_the_site_builds_without_warnings(site: Site) -> None:
    assert site.build.returncode == 0, site.build.failure()


def test_every_page_of_the_site_was_checked(site: Site, pages: dict[str, PageReport]) -> None:
    expected = {
        "index.html", "docs/index.html", "docs/api.html",
        "genindex.html", "py-modindex.html", "search.html",
        *(lesson.page for lesson in site.lessons.values()),
    }  # fmt: skip
    assert expected <= set(pages), sorted(expected - set(pages))


def test_every_page_loads_cleanly(pages: dict[str, PageReport]) -> None:
    problems = [f"{page}: {problem}" for page, r in pages.items() for problem in r.problems]
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)


def test_the_root_sends_the_reader_to_the_home_page(
    pages: dict[str, PageReport], base_url: str
) -> None:
    assert pages["index.html"].fact("url") == base_url + "docs/index.html"
