"""Running a notebook twice gives the same checked outputs (the seeded-weights test is in
test_env.py)."""

import re
from pathlib import Path

from nbval.plugin import coalesce_streams, find_comment_markers

from course.tooling import notebooks

ROOT = Path(__file__).resolve().parents[1]
SANITIZE = re.findall(
    r"^regex: (.*)$\n^replace: (.*)$", (ROOT / "tests/sanitize.cfg").read_text(), re.M
)


def _checked_outputs(nb) -> list[str]:
    """What strict nbval compares: every output of every cell without NBVAL_IGNORE_OUTPUT,
    PNG excepted, after the timing sanitizers."""
    checked = []
    for cell in nb.cells:
        if (
            cell.cell_type != "code"
            or dict(find_comment_markers(cell.source)).get("check") is False
        ):
            continue
        for out in coalesce_streams(cell.outputs):  # as nbval: print chunks may split anywhere
            data = out.get("data", {})
            text = out.get("text", "") + "".join(
                str(v) for k, v in sorted(data.items()) if k != "image/png"
            )
            for pattern, replacement in SANITIZE:
                text = re.sub(pattern, replacement, text)
            checked.append(text)
    return checked


def test_a_notebook_run_twice_gives_identical_checked_outputs():
    path = ROOT / "notebooks/00_setup.ipynb"
    first = notebooks.execute(path, progress=False)
    second = notebooks.execute(path, progress=False)
    assert first.ok and second.ok, first.error or second.error
    a, b = _checked_outputs(first.notebook), _checked_outputs(second.notebook)
    assert a == b
    assert any("largest weight difference, run A vs run B: 0.0" in t for t in a)
