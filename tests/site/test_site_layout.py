"""The pages of the lessons rewritten to the reading standard fit the screen: no code or output
block scrolls sideways at 1280 px, and the page reads on a 390 px phone (``layout_check`` says
exactly what is measured and where the thresholds are).

The lessons are ``course.tooling.reading.REWRITTEN``; while it is empty, the tests by lesson have
no cases (pytest lists each as skipped, "got empty parameter set"). On the phone the page is
in the theme's dark mode (``phone_pages``: one visit for this and ``test_site_access``'s dark
figures); each phone screenshot is saved as ``runs/site-check/phone/<page>.png``.
"""

from __future__ import annotations

import pytest
from layout_check import phone_problems, wide_block_problems
from page_check import PageReport
from site_build import Site

from course.tooling import reading

pytestmark = pytest.mark.site

LESSONS = reading.REWRITTEN
by_lesson = pytest.mark.parametrize("notebook", LESSONS, ids=[n[:2] for n in LESSONS])


def test_the_lessons_checked_are_on_the_site(site: Site) -> None:
    assert set(LESSONS) <= set(site.lessons), sorted(set(LESSONS) - set(site.lessons))


@by_lesson
def test_no_code_or_output_block_scrolls_sideways_at_1280(
    notebook: str, site: Site, pages: dict[str, PageReport]
) -> None:
    report = pages[site.lessons[notebook].page]
    problems = wide_block_problems(report.fact("layout"))
    assert not problems, f"{notebook}, {len(problems)} block(s):\n" + "\n".join(problems)


@by_lesson
def test_the_page_reads_on_a_phone(
    notebook: str, site: Site, phone_pages: dict[str, PageReport]
) -> None:
    report = phone_pages[site.lessons[notebook].page]
    problems = report.problems + phone_problems(report.fact("layout"))
    assert not problems, f"{notebook} at 390 px:\n" + "\n".join(problems)
