"""The notebook check on a lesson run in JupyterLab: its fresh outputs against the stored ones.

The same rule as the test suite's nbval run (``course.tooling.nbval_plugin.compare``: text,
counts and verdicts exactly, measured floats within the cell's tolerance), the same
sanitizing of timings (``tests/sanitize.cfg``) and nbval's own cell markers
(``# NBVAL_IGNORE_OUTPUT``, ``# NBVAL_SKIP`` and their tags). So the one run of a lesson in
the browser serves two checks, and CI's main stage need not run the lessons again (.ci/run).

Example:
    >>> import nbformat
    >>> cell = nbformat.v4.new_code_cell("print(0.515)")
    >>> cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="0.515\\n")]
    >>> nb = nbformat.v4.new_notebook(cells=[cell])
    >>> differences(nb, [[{"output_type": "stream", "name": "stdout", "text": "0.52\\n"}]])
    []
    >>> differences(nb, [[{"output_type": "stream", "name": "stdout", "text": "0.9\\n"}]])
    ['code cell 1 (print(0.515)): stdout: 0.9 where the stored output has 0.515 (...)']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import nbformat
from nbval.plugin import (
    coalesce_streams,
    find_comment_markers,
    find_metadata_tags,
    get_sanitize_patterns,
)

from course.tooling.nbval_plugin import compare

SANITIZE = Path(__file__).resolve().parents[1] / "sanitize.cfg"  # what the suite's nbval uses


def sanitizer(config: Path = SANITIZE) -> Callable[[Any], Any]:
    """nbval's sanitizing with the patterns of ``config``: a string's timings replaced."""
    patterns = dict(get_sanitize_patterns(config.read_text()))  # as nbval keeps them

    def sanitize(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        for regex, replacement in patterns.items():
            value = re.sub(regex, replacement, value)
        return value

    return sanitize


def _checked(cell: Any) -> bool:
    """Whether nbval compares this cell's outputs (not skipped, output not ignored)."""
    options = {"check": True, "skip": False}
    options.update(find_comment_markers(cell.source))
    options.update(find_metadata_tags(cell.metadata))
    return options["check"] and not options["skip"]


def differences(
    stored: nbformat.NotebookNode, fresh: Sequence[Sequence[dict[str, Any]]]
) -> list[str]:
    """Each code cell whose ``fresh`` outputs depart from the ``stored`` notebook's, in words."""
    cells = [cell for cell in stored.cells if cell.cell_type == "code"]
    if len(cells) != len(fresh):
        return [f"{len(fresh)} code cells ran where the stored notebook has {len(cells)}"]
    sanitize = sanitizer()
    found = []
    for number, (cell, outputs) in enumerate(zip(cells, fresh, strict=True), start=1):
        if not _checked(cell):
            continue
        new = coalesce_streams([nbformat.from_dict(output) for output in outputs])
        problem = compare(cell, coalesce_streams(cell.outputs), new, sanitize=sanitize)
        if problem:
            first = cell.source.strip().splitlines()[0][:60] if cell.source.strip() else ""
            found.append(f"code cell {number} ({first}): {problem}")
    return found
