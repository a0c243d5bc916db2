"""The browser stage's notebook check (tests/browser/output_check.py), without a browser: on
the stored lessons, whose outputs agree with themselves, and on planted changes that the
suite's nbval run would also fail."""

import copy
import sys
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).parent / "browser"))
from output_check import differences  # noqa: E402

LESSONS = sorted((Path(__file__).parents[1] / "notebooks").glob("*.ipynb"))


def _outputs(nb):
    return [copy.deepcopy(c.outputs) for c in nb.cells if c.cell_type == "code"]


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda path: path.stem[:2])
def test_a_stored_lesson_agrees_with_its_own_outputs(lesson):
    nb = nbformat.read(lesson, as_version=4)
    assert differences(nb, _outputs(nb)) == []


def test_a_changed_count_a_far_float_and_a_missing_cell_are_named():
    nb = nbformat.read(LESSONS[3], as_version=4)  # lesson 03
    fresh = _outputs(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    number = next(  # the first compared cell that prints
        i
        for i, (c, outs) in enumerate(zip(code, fresh, strict=True))
        if any(o.get("output_type") == "stream" for o in outs) and "NBVAL" not in c.source
    )
    stream = next(o for o in fresh[number] if o["output_type"] == "stream")
    stream["text"] = stream["text"] + "stopped at epoch 12\n"
    [found] = differences(nb, fresh)
    assert found.startswith(f"code cell {number + 1} (")
    assert differences(nb, fresh[:-1]) == [
        f"{len(fresh) - 1} code cells ran where the stored notebook has {len(fresh)}"
    ]


def test_timings_are_sanitized_and_ignored_cells_are_not_compared():
    cell = nbformat.v4.new_code_cell("print(t)")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="took 0.42 s\n")]
    ignored = nbformat.v4.new_code_cell("# NBVAL_IGNORE_OUTPUT\nprint(t)")
    ignored.outputs = [nbformat.v4.new_output("stream", name="stdout", text="anything\n")]
    nb = nbformat.v4.new_notebook(cells=[cell, ignored])
    fresh = [
        [{"output_type": "stream", "name": "stdout", "text": "took 12.5 s\n"}],
        [{"output_type": "stream", "name": "stdout", "text": "else\n"}],
    ]
    assert differences(nb, fresh) == []
    fresh[0][0]["text"] = "took 12.5 s, 3 epochs\n"
    assert len(differences(nb, fresh)) == 1
