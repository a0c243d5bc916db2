"""The home page links to every lesson; the API reference has a page per module of ``course/``
and ``course/check/`` (the command line's ``course.tooling`` aside), each documenting something."""

from __future__ import annotations

from pathlib import Path

import pytest
from page_check import PageReport
from site_build import Site

import course

pytestmark = pytest.mark.site

PACKAGE = Path(course.__file__).parent
MODULES = sorted(
    {"course", "course.check"}
    | {f"course.{p.stem}" for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    | {f"course.check.{p.stem}" for p in (PACKAGE / "check").glob("*.py") if p.stem != "__init__"}
)
# course.check only re-exports the checks of its lesson modules (``from ... import *``), which
# autodoc documents on those modules' pages (listed and linked on the package's), not again.
REEXPORTS_ONLY = {"course.check"}
LESSON_CHECKS = sorted(m for m in MODULES if m.startswith("course.check.lesson"))


def without_anchor(url: str) -> str:
    """``.../page.html#section`` -> ``.../page.html``."""
    return url.split("#", 1)[0]


def test_the_home_page_links_to_every_lesson(
    site: Site, pages: dict[str, PageReport], base_url: str
) -> None:
    links = {without_anchor(url) for url in pages["docs/index.html"].fact("links")}
    lessons = {base_url + lesson.page for lesson in site.lessons.values()}
    assert lessons <= links, sorted(lessons - links)


@pytest.mark.parametrize("module", MODULES)
def test_the_api_reference_documents_the_module(
    module: str, pages: dict[str, PageReport], base_url: str
) -> None:
    page = f"docs/generated/{module}.html"
    assert page in pages, f"no page {page}"
    documented = pages[page].fact("documented")
    if module in REEXPORTS_ONLY:
        assert documented == 0, f"{page} now documents objects: drop it from REEXPORTS_ONLY"
    else:
        assert documented >= 1, f"{page} documents no function or class"
    # the lesson check modules are listed on course.check's page (autosummary :recursive:)
    listing = "docs/generated/course.check.html" if module in LESSON_CHECKS else "docs/api.html"
    links = {without_anchor(url) for url in pages[listing].fact("links")}
    assert base_url + page in links, f"{listing} does not link to it"
