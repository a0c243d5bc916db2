"""Every lesson, run in JupyterLab in headless Chromium as a learner would (``lesson_check``).

A lesson fails if a cell errs, an image or a widget does not render, a slider or button does
not respond, or the browser console shows an error outside ``console_log``'s allow-list.
A lesson rewritten to the reading standard (``course.tooling.reading.REWRITTEN``) also fails if
a code or output block is too wide for its box in the 1280 px window; while that list is empty,
that test has no cases (pytest lists it as skipped, "got empty parameter set"). Both tests of
a lesson share one run. Each lesson's screenshot is saved as ``runs/browser/<lesson>.png``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest
from lab_server import COURSE_NOTEBOOKS
from lesson_check import LessonReport
from output_check import differences

from course.tooling import reading

pytestmark = pytest.mark.browser

LESSONS = sorted(COURSE_NOTEBOOKS.glob("*.ipynb"))
CHECKED_FOR_WIDTH = reading.REWRITTEN


def test_there_are_lessons() -> None:
    """The parametrization below is not empty (no lesson would mean no test), and the lessons
    checked for width are lessons."""
    assert len(LESSONS) >= 11, LESSONS
    assert set(CHECKED_FOR_WIDTH) <= {p.name for p in LESSONS}, CHECKED_FOR_WIDTH


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda path: path.stem)
def test_lesson_in_jupyterlab(lesson: Path, run_lesson: Callable[[str], LessonReport]) -> None:
    report = run_lesson(lesson.name)
    assert report.ok, f"{lesson.name} in the browser:\n  " + "\n  ".join(report.problems)


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda path: path.stem)
def test_outputs_match_the_stored_lesson(
    lesson: Path, run_lesson: Callable[[str], LessonReport]
) -> None:
    """The notebook check (nbval's rule, sanitizing and markers) on the browser's run: CI's
    main stage does not run the lessons a second time for it (.ci/run)."""
    report = run_lesson(lesson.name)
    assert report.outputs, f"{lesson.name}: no outputs were read ({report.problems})"
    found = differences(nbformat.read(lesson, as_version=4), report.outputs)
    assert not found, f"{lesson.name} in the browser:\n  " + "\n  ".join(found)


@pytest.mark.parametrize("notebook", CHECKED_FOR_WIDTH, ids=lambda name: name[:2])
def test_no_code_or_output_block_is_too_wide_at_1280(
    notebook: str, run_lesson: Callable[[str], LessonReport]
) -> None:
    blocks = run_lesson(notebook).wide_blocks
    assert not blocks, f"{notebook}, {len(blocks)} block(s):\n  " + "\n  ".join(blocks)
