"""The notebook check: what a lesson claims compared exactly, measured floats within a tolerance.

The rule (``course.tooling.nbcheck``) is tested on strings, then the whole check end to end: a
small notebook whose stored outputs were edited, run by pytest with nbval and the course's
plugin, must fail exactly the cells whose claims changed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import nbformat
import pytest

from course.tooling.nbcheck import (
    TOLERANCE,
    Tolerance,
    difference,
    numbers_agree,
    split,
    tolerance_for,
)

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("stored", "fresh"),
    [
        ("training loss 0.518 / 0.536 / 0.549", "training loss 0.515 / 0.538 / 0.549"),
        ("validation loss 1.090", "validation loss 1.114"),  # 2.2 %: two machines, lesson 04
        ("difference 0.156, spread 0.163", "difference 0.158, spread 0.168"),
        ("gap +0.004 (within the spread)", "gap +0.006 (within the spread)"),  # near zero
        ("| 0.001 |", "|-0.001 |"),  # a column one character wider
        ("3,400.5 images", "3,391.0 images"),
        ("lr 1e-06", "lr 1.02e-06"),
        ("loss nan", "loss nan"),
    ],
)
def test_measured_floats_within_the_tolerance_agree(stored, fresh):
    assert difference(stored, fresh) is None


@pytest.mark.parametrize(
    ("stored", "fresh", "says"),
    [
        (
            "iterations per epoch: 32",
            "iterations per epoch: 33",
            "33 where the stored output has 32",
        ),
        ("shape (100, 8)", "shape (100, 9)", "9 where"),
        ("stopped at epoch 12", "stopped at epoch 13", "a count, compared exactly"),
        ("beyond the spread", "within the spread", "'within' where the stored output has 'beyond'"),
        ("True", "False", "'False' where the stored output has 'True'"),
        ("validation loss 1.090", "validation loss 1.200", "relative difference 9.2 %"),
        ("accuracy 0.50", "accuracy 0.60", "allowed 8.3 %"),
        ("Keras 3.15.1", "Keras 3.15.2", "'3.15.2' where the stored output has '3.15.1'"),
        ("12 steps", "12.0 steps", "a count"),
        ("loss 0.5", "loss nan", "'loss nan' where"),
        ("seeds 0 1 2", "seeds 0 1 2 3", "1 more number"),
        ("a b", "ab", "'ab' where the stored output has 'a'"),
    ],
)
def test_changed_claims_and_floats_beyond_the_tolerance_fail(stored, fresh, says):
    found = difference(stored, fresh)
    assert found is not None and says in found, found


def test_the_bound_is_relative_plus_units_of_the_last_printed_digit():
    # 5 % of the larger value plus 2 units of 0.001: 1.054 agrees with 1.000, 1.056 not
    assert numbers_agree("1.000", "1.054") and not numbers_agree("1.000", "1.056")
    # near zero only the units count: 0.004 +- 0.002
    assert numbers_agree("0.004", "0.006") and not numbers_agree("0.004", "0.0065")
    assert numbers_agree("12", "14", Tolerance(int_atol=2))
    assert not numbers_agree("12", "15", Tolerance(int_atol=2))


def test_an_override_on_some_lines_leaves_the_findings_exact():
    rows = Tolerance(rtol=0.5, int_atol=3, lines=r"^ +\d")
    stored = "seed  wrong  loss\n   0     30  0.40\n   1     28  0.50\nbetter in 1 of 2 seeds, 0.45"
    fresh = "seed  wrong  loss\n   0     29  0.55\n   1     30  0.40\nbetter in 1 of 2 seeds, 0.46"
    assert difference(stored, fresh, rows) is None
    flipped = fresh.replace("in 1 of 2", "in 2 of 2")
    assert difference(stored, flipped, rows) == (
        "line 4: 2 where the stored output has 1 (a count, compared exactly)"
    )
    moved = fresh.replace("0.46", "0.60")  # the summary line keeps the default 5 %
    assert "line 4: 0.60 where the stored output has 0.45" in difference(stored, moved, rows)
    assert difference(stored, fresh + "\nextra", rows) == "5 lines where the stored output has 4"


def test_split_keeps_names_and_versions_as_text():
    assert split("dense_3 on TensorFlow 2.21.0, x=-0.5") == (
        ["dense_3 on TensorFlow 2.21.0, x=", ""],
        ["-0.5"],
    )
    assert split("epochs 28-30") == (["epochs ", "-", ""], ["28", "30"])


def test_a_cell_sets_its_own_tolerance_with_a_reason():
    assert tolerance_for({}) is TOLERANCE
    loose = tolerance_for({"nbcheck": {"rtol": 0.2, "reason": "40 test images"}})
    assert loose == Tolerance(rtol=0.2, units=TOLERANCE.units, int_atol=0)
    rows = tolerance_for({"nbcheck": {"int_atol": 2, "lines": "^ *[0-9]", "reason": "per seed"}})
    assert rows.lines == "^ *[0-9]"
    for bad, says in [
        ({"nbcheck": {"rtol": 0.2}}, 'needs a "reason"'),
        ({"nbcheck": {"rtol": -1, "reason": "x"}}, "rtol must be a number >= 0, got -1"),
        ({"nbcheck": {"rtol": True, "reason": "x"}}, "rtol must be a number >= 0, got True"),
        ({"nbcheck": {"int_atol": 1.5, "reason": "x"}}, "int_atol must be a whole number"),
        ({"nbcheck": {"rtl": 0.2, "reason": "x"}}, "got ['rtl']"),
        ({"nbcheck": 0.2}, "must be a mapping"),
        ({"nbcheck": {"lines": "(", "reason": "x"}}, "lines must be a regular expression"),
    ]:
        with pytest.raises(ValueError, match=None) as error:
            tolerance_for(bad)
        assert says in str(error.value)


def test_the_plugin_is_in_place_in_this_run():
    from nbval.plugin import IPyNbCell

    from course.tooling import nbval_plugin

    assert IPyNbCell.compare_outputs is nbval_plugin._compare_outputs


def _cell(source: str, stored: str, metadata: dict | None = None) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source, metadata=metadata or {})
    cell.execution_count = 1
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=stored)]
    return cell


def test_the_check_fails_exactly_the_cells_whose_claims_changed(tmp_path):
    """End to end: pytest, nbval and the course's plugin on a notebook with edited outputs."""
    reason = "a planted loose cell"
    cells = [
        _cell("print(f'loss {0.538:.3f}')", "loss 0.515\n"),  # within 5 %: passes
        _cell("print(f'loss {0.600:.3f}')", "loss 0.515\n"),  # beyond: fails
        _cell("print('iterations per epoch:', 33)", "iterations per epoch: 32\n"),  # a count
        _cell("print('within the spread')", "beyond the spread\n"),  # a flipped verdict
        _cell("print(f'{0.600:.3f}')", "0.515\n", {"nbcheck": {"rtol": 0.2, "reason": reason}}),
        _cell("print('a'); print('b', file=__import__('sys').stderr)", "a\n"),  # an extra output
        _cell("1 / 0", "\n"),  # an error
    ]
    notebook = tmp_path / "planted.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=cells), notebook)
    report = tmp_path / "report.xml"
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_XDIST_WORKER"}
    subprocess.run(
        [sys.executable, "-m", "pytest", str(notebook), "-p", "no:cacheprovider",
         "-o", "addopts=", "-p", "course.tooling.nbval_plugin", "--nbval",
         "--nbval-current-env", f"--junitxml={report}",
         "--rootdir", str(ROOT), "-c", str(ROOT / "pyproject.toml"), "-q"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    cases = ET.parse(report).getroot().iter("testcase")
    outcome = {
        int(case.get("name").split()[-1]): "failed"
        if case.find("failure") is not None
        else "passed"
        for case in cases
    }
    assert outcome == {
        0: "passed", 1: "failed", 2: "failed", 3: "failed", 4: "passed", 5: "failed", 6: "failed"
    }  # fmt: skip


def test_a_notebook_cell_fails_when_course_perturb_changed_since_the_start(
    monkeypatch, pytestconfig
):
    from nbval.plugin import IPyNbCell

    from course.tooling import nbval_plugin

    cell = object.__new__(IPyNbCell)  # the hook reads only the item's type and config
    cell.config = pytestconfig
    at_start = pytestconfig.stash[nbval_plugin.PERTURB_AT_START]
    monkeypatch.setenv("COURSE_PERTURB", "3e-6" if at_start != "3e-6" else "1e-6")
    with pytest.raises(pytest.fail.Exception, match="when the tests started"):
        nbval_plugin.pytest_runtest_setup(cell)
    if at_start is None:
        monkeypatch.delenv("COURSE_PERTURB")
    else:
        monkeypatch.setenv("COURSE_PERTURB", at_start)
    nbval_plugin.pytest_runtest_setup(cell)  # the same as at the start: no failure
