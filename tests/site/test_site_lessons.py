"""Each lesson's page against its notebook: the images of its outputs, its formulas, the Colab
and download links, the links to the neighbouring lessons, and the site's search finding it.
The expectations come from the notebook's JSON (``lesson_facts``), never from the site."""

from __future__ import annotations

import urllib.request
from typing import Any

import pytest
from lesson_facts import NOTEBOOKS, colab_url, search_words
from page_check import PageReport
from site_build import Site
from site_search import search

pytestmark = pytest.mark.site

LESSONS = sorted(p.name for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
by_lesson = pytest.mark.parametrize("notebook", LESSONS, ids=[n[:2] for n in LESSONS])


@by_lesson
def test_every_image_output_is_on_the_page(
    notebook: str, site: Site, pages: dict[str, PageReport]
) -> None:
    lesson = site.lessons[notebook]
    assert pages[lesson.page].fact("outputImages") == lesson.png_outputs


@by_lesson
def test_the_colab_link_opens_this_notebook(
    notebook: str, site: Site, pages: dict[str, PageReport]
) -> None:
    """Both the theme's launch button and the badge in the header bar."""
    report = pages[site.lessons[notebook].page]
    assert report.fact("colab") == colab_url(notebook)
    assert report.fact("colabBadge") == colab_url(notebook)


@by_lesson
def test_the_download_link_serves_the_notebook(
    notebook: str, site: Site, pages: dict[str, PageReport]
) -> None:
    """Both the theme's download button and the Download link in the header bar."""
    lesson = site.lessons[notebook]
    for fact in ("download", "downloadLink"):
        link = pages[lesson.page].fact(fact)
        assert link is not None and link.endswith(".ipynb"), (fact, link)
        with urllib.request.urlopen(link, timeout=30) as response:  # the local server
            served = response.read()
        assert served == lesson.raw, f"{link} serves {len(served)} bytes, not the notebook's"


@by_lesson
def test_previous_and_next_go_to_the_neighbouring_pages(
    notebook: str, site: Site, pages: dict[str, PageReport], base_url: str
) -> None:
    """The theme's order: home page, lessons 00 to 10, then the API reference."""
    order = ["docs/index.html", *(site.lessons[n].page for n in LESSONS), "docs/api.html"]
    at = order.index(site.lessons[notebook].page)
    report = pages[order[at]]
    assert (report.fact("prev"), report.fact("next")) == (
        base_url + order[at - 1],
        base_url + order[at + 1],
    )


@by_lesson
def test_every_formula_is_typeset(notebook: str, site: Site, pages: dict[str, PageReport]) -> None:
    lesson = site.lessons[notebook]
    report = pages[lesson.page]
    typeset = report.fact("math")
    assert typeset == lesson.math_blocks, (
        f"MathJax typeset {typeset} formula(s), the notebook has {lesson.math_blocks}"
    )
    assert report.fact("mathErrors") == []
    assert report.fact("rawMath") == []


@by_lesson
def test_the_search_finds_the_lesson(
    notebook: str, site: Site, base_url: str, chromium: Any
) -> None:
    words = search_words(list(site.lessons.values()))
    assert notebook in words, "no word of this lesson's text is in no other lesson's"
    summary, results = search(chromium, base_url, words[notebook])
    assert site.lessons[notebook].page in results, (words[notebook], summary, results)
