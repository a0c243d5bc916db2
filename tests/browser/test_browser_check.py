"""Tests of the browser check itself: it passes a notebook that works, and it fails notebooks
that run without error in a kernel (nbclient, as the rest of the test suite runs them) but are
broken in the front end (``control_notebooks``); it names each code or output block too wide
for its box in the 1280 px window.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from console_log import LessonConsole
from control_notebooks import BROKEN, TOO_WIDE, WIDE_TABLE, WORKING, Broken, write_notebook
from lab_server import LabServer
from lesson_check import check_lesson
from output_check import differences

from course.tooling.notebooks import execute

pytestmark = pytest.mark.browser


def test_a_working_notebook_passes(lab: LabServer, page: Any) -> None:
    path = write_notebook(lab.root_dir / "controls", "working", WORKING)
    kernel_run = execute(path, progress=False)
    assert kernel_run.ok
    stored = kernel_run.notebook  # as `course run` would store it

    report = check_lesson(page, lab, "controls/working.ipynb")

    # the outputs JupyterLab holds agree with the kernel run's, and a planted change is named
    assert differences(stored, report.outputs) == []
    stored.cells[1].outputs[0]["data"]["text/plain"] = "<Figure size 999x200 with 1 Axes>"
    [found] = differences(stored, report.outputs)
    assert found.startswith(
        "code cell 2 (fig, ax = plt.subplots(figsize=(3, 2))): text/plain: '300x200' where the "
        "stored output has '999x200'"
    )

    assert report.problems == []
    assert report.notes == []
    assert report.wide_blocks == []  # figures, widgets and outputs all fit at 1280 px
    assert report.cells == len(WORKING)
    assert report.widgets == [
        "cell 4 slider 'power'",
        "cell 5 slider 'n'",
        "cell 6 slider 'rate' (a setting: no output changed)",
        "cell 7 button 'count'",
    ]
    # the figure and the slider's figure; not the picture beside the widget in cell 3
    assert report.images == 2, report


def test_a_table_too_wide_for_the_page_is_a_note(lab: LabServer, page: Any) -> None:
    write_notebook(lab.root_dir / "controls", "wide", (WIDE_TABLE,))

    report = check_lesson(page, lab, "controls/wide.ipynb")

    assert report.problems == []
    assert len(report.notes) == 1, report.notes
    assert "2 line(s) of a printed table wrap" in report.notes[0]
    assert "the longest line has 273" in report.notes[0]
    # and the printed output is a block too wide for its box (for a rewritten lesson, a failure)
    assert len(report.wide_blocks) == 1, report.wide_blocks
    assert report.wide_blocks[0].startswith("cell 1: output block 'column_00 column_01")
    assert report.wide_blocks[0].endswith("(JupyterLab wraps its lines)")


@pytest.mark.parametrize("case", TOO_WIDE, ids=lambda case: case.name)
def test_a_block_too_wide_at_1280_is_named(case: Broken, lab: LabServer, page: Any) -> None:
    write_notebook(lab.root_dir / "controls", case.name, case.cells)

    report = check_lesson(page, lab, f"controls/{case.name}.ipynb")

    assert report.problems == []
    assert len(report.wide_blocks) == 1, report.wide_blocks  # the other cell fits
    assert report.wide_blocks[0].startswith(case.expected), report.wide_blocks
    assert re.search(r"' is \d+ px wider than its box at 1280 px", report.wide_blocks[0])


@pytest.mark.parametrize("case", BROKEN, ids=lambda case: case.name)
def test_a_notebook_broken_in_the_front_end_fails(case: Broken, lab: LabServer, page: Any) -> None:
    path = write_notebook(lab.root_dir / "controls", case.name, case.cells)
    kernel_run = execute(path, progress=False)
    assert kernel_run.ok, kernel_run.error  # a kernel-only run sees nothing wrong

    report = check_lesson(page, lab, f"controls/{case.name}.ipynb", widget_timeout=15)

    assert not report.ok
    assert any(case.expected in problem for problem in report.problems), report.problems


BADGE = "https://colab.research.google.com/assets/colab-badge.svg"
NOT_RESOLVED = "Failed to load resource: net::ERR_NAME_NOT_RESOLVED"


@pytest.mark.parametrize(
    ("text", "url", "allowed"),
    [
        pytest.param(NOT_RESOLVED, BADGE, True, id="offline-image"),
        pytest.param(NOT_RESOLVED, "https://cdn.example.org/widgets.js", False, id="script"),
        pytest.param(
            "Failed to load resource: the server responded with a status of 404 (Not Found)",
            "http://127.0.0.1:8888/files/figure.png",
            False,
            id="local-image",
        ),
        pytest.param("Failed to load model class 'X' from module 'y'", BADGE, False, id="other"),
    ],
)
def test_console_allow_list(text: str, url: str, allowed: bool) -> None:
    assert LessonConsole().is_allowed(text, url) is allowed
