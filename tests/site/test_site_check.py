"""Tests of the page check itself (``page_check.check_folder``): on a tiny hand-written site,
each broken page is reported with its problem by name, and a clean page passes."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest
from page_check import PageReport, check_folder

pytestmark = pytest.mark.site

# a 1x1 PNG
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
PAGES = {
    "clean.html": '<h1>Fine</h1><p>A picture: <img src="pixel.png" alt="pixel"></p>',
    "throws.html": "<p>Script</p><script>throw new Error('thrown on purpose')</script>",
    "logs.html": "<p>Logs</p><script>console.error('logged on purpose')</script>",
    "missing_image.html": '<p>Missing</p><img src="missing.png" alt="missing">',
    "other_host.html": '<p>Elsewhere</p><img src="https://example.invalid/x.png" alt="x">',
    "sub/raw_math.html": "<p>A formula no MathJax typesets: $$x$$</p>",
}
EXPECTED = {  # page -> what its report must name (each string found in some problem)
    "throws.html": ["page error: Error: thrown on purpose"],
    "logs.html": ["console error: logged on purpose"],
    "missing_image.html": ["image not decoded: missing.png", "failed request:", "(HTTP 404)"],
    "other_host.html": [
        "request to another host: https://example.invalid/x.png",
        "image not decoded: https://example.invalid/x.png",
    ],
    "sub/raw_math.html": ["unrendered math: $$x$$"],
}


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory, chromium: Any) -> dict[str, PageReport]:
    """The hand-written site, checked (screenshots into the temporary folder)."""
    folder = tmp_path_factory.mktemp("broken_site")
    (folder / "pixel.png").write_bytes(PIXEL)
    for name, body in PAGES.items():
        path = folder / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>{body}")
    (folder / "_static").mkdir()
    (folder / "_static" / "macros.html").write_text("{% macro x() %}{% endmacro %}")
    shots = folder.parent / "broken_site_screenshots"
    return {r.page: r for r in check_folder(chromium, folder, shots)}


def test_every_page_is_checked_and_static_files_are_not(reports: dict[str, PageReport]) -> None:
    assert sorted(reports) == sorted(PAGES)


def test_a_clean_page_passes(reports: dict[str, PageReport]) -> None:
    clean = reports["clean.html"]
    assert clean.problems == []
    assert clean.facts["images"] == 1
    assert Path(clean.screenshot).stat().st_size > 0


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_a_broken_page_is_reported_by_name(page: str, reports: dict[str, PageReport]) -> None:
    problems = reports[page].problems
    for expected in EXPECTED[page]:
        assert any(expected in problem for problem in problems), (expected, problems)
