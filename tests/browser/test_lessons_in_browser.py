"""Every lesson, run in JupyterLab in headless Chromium as a learner would (``lesson_check``).

A lesson fails if a cell errs, an image or a widget does not render, a slider or button does
not respond, or the browser console shows an error outside ``console_log``'s allow-list.
Each lesson's screenshot is saved as ``runs/browser/<lesson>.png``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lab_server import COURSE_NOTEBOOKS, LabServer
from lesson_check import check_lesson

pytestmark = pytest.mark.browser

LESSONS = sorted(COURSE_NOTEBOOKS.glob("*.ipynb"))


def test_there_are_lessons() -> None:
    """The parametrization below is not empty (no lesson would mean no test)."""
    assert len(LESSONS) >= 11, LESSONS


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda path: path.stem)
def test_lesson_in_jupyterlab(
    lesson: Path, lab: LabServer, page: Any, report_dir: Path, record: Any
) -> None:
    report = check_lesson(page, lab, lesson.name, screenshot=report_dir / f"{lesson.stem}.png")
    record(report)
    assert report.ok, f"{lesson.name} in the browser:\n  " + "\n  ".join(report.problems)
