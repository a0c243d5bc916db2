"""nbval with the course's rule in place of string equality (``course.tooling.nbcheck``).

The repository's ``conftest.py`` loads this plugin. Everything nbval does stays: which cells
run, the sanitizing of timings (``tests/sanitize.cfg``), the ``NBVAL_*`` markers, the
failure on an error, on a missing or an extra output and on a changed output type. Only the
comparison of one stored output with its fresh one changes: text, counts and verdicts exactly,
measured floats within the cell's tolerance. A failure names the first difference and the
cell's tolerance, then shows both outputs as nbval does.

Example:
    >>> import nbformat
    >>> cell = nbformat.v4.new_code_cell("print(0.515)")
    >>> stored = [nbformat.v4.new_output("stream", name="stdout", text="0.515\\n")]
    >>> fresh = [nbformat.v4.new_output("stream", name="stdout", text="0.538\\n")]
    >>> compare(cell, stored, fresh) is None
    True
    >>> print(compare(cell, stored, [nbformat.v4.new_output("stream", name="stderr", text="!")]))
    output fields differ: stored ['stdout'], fresh ['stderr']
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from nbval.plugin import IPyNbCell, transform_streams_for_comparison

from course.env import PERTURB_VARIABLE
from course.tooling.nbcheck import difference, tolerance_for

PERTURB_AT_START = pytest.StashKey[str | None]()

SKIPPED = (
    "metadata",
    "traceback",
    "prompt_number",
    "output_type",
    "name",
    "execution_count",
    "application/vnd.jupyter.widget-view+json",
    "image/png",
    "image/jpeg",
)
"""What nbval leaves out of a comparison (``IPyNbFile.skip_compare``): widget ids are random,
and PNG bytes differ in their last bits too."""


def _by_field(
    outputs: Sequence[Any], skip: Sequence[str], sanitize: Callable[[Any], Any]
) -> dict[str, list[Any]]:
    """Each output field (a stream's name, a MIME type) with its values in order, as nbval."""
    fields: dict[str, list[Any]] = defaultdict(list)
    for output in transform_streams_for_comparison(outputs):
        for key, value in output.items():
            if key in skip:
                continue
            if key == "data":
                for mime, content in value.items():
                    if mime not in skip:
                        fields[mime].append(sanitize(content))
            else:
                fields[key].append(sanitize(value))
    return fields


def compare(
    cell: Any,
    stored: Sequence[Any],
    fresh: Sequence[Any],
    *,
    skip: Sequence[str] = SKIPPED,
    sanitize: Callable[[Any], Any] = lambda value: value,
) -> str | None:
    """The first way ``fresh`` outputs depart from ``stored`` ones under the cell's tolerance.

    ``None`` when they agree. ``cell`` supplies the metadata (its ``"nbcheck"`` override).
    """
    tolerance = tolerance_for(cell.get("metadata", {}))
    old, new = _by_field(stored, skip, sanitize), _by_field(fresh, skip, sanitize)
    if set(old) != set(new):
        return f"output fields differ: stored {sorted(old)}, fresh {sorted(new)}"
    for key, old_values in old.items():
        new_values = new[key]
        if len(old_values) != len(new_values):
            return (
                f"{key}: {len(new_values)} outputs where the stored notebook has {len(old_values)}"
            )
        for old_value, new_value in zip(old_values, new_values, strict=True):
            if isinstance(old_value, str) and isinstance(new_value, str):
                found = difference(old_value, new_value, tolerance)
            else:
                found = None if old_value == new_value else "the values differ"
            if found:
                return f"{key}: {found} ({tolerance})"
    return None


def _compare_outputs(self: IPyNbCell, test: Any, ref: Any, skip_compare: Any = None) -> bool:
    """``IPyNbCell.compare_outputs`` under the course's rule; the report as nbval's."""
    skip = skip_compare or self.parent.skip_compare
    self.comparison_traceback = []
    try:
        found = compare(self.cell, ref, test, skip=skip, sanitize=self.sanitize)
    except ValueError as error:  # a malformed "nbcheck" override in the cell's metadata
        self.comparison_traceback.append(f"cell metadata: {error}")
        return False
    if found is None:
        return True
    self.comparison_traceback.append(f"nbcheck: {found}")
    stored = "\n".join(map(str, (o.get("text", o.get("data", "")) for o in ref)))
    fresh = "\n".join(map(str, (o.get("text", o.get("data", "")) for o in test)))
    self.format_output_compare("outputs", stored, fresh)
    return False


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    """Put the course's comparison in nbval's cells (once per process)."""
    if not callable(getattr(IPyNbCell, "compare_outputs", None)):
        raise pytest.UsageError(
            "the notebook check needs nbval's IPyNbCell.compare_outputs (nbval 0.11); "
            "install the locked versions: pip install -e '.[dev]' -c requirements/py3.X.txt"
        )
    IPyNbCell.compare_outputs = _compare_outputs
    config.stash[PERTURB_AT_START] = os.environ.get(PERTURB_VARIABLE)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Fail a notebook cell whose kernel would start without the session's ``COURSE_PERTURB``.

    The kernels inherit this process's environment when they start; a test that removed the
    variable would silently turn CI's perturbed run into a plain one.
    """
    if not isinstance(item, IPyNbCell):
        return
    expected = item.config.stash.get(PERTURB_AT_START, None)
    if os.environ.get(PERTURB_VARIABLE) != expected:
        pytest.fail(
            f"{PERTURB_VARIABLE} was {expected!r} when the tests started and is "
            f"{os.environ.get(PERTURB_VARIABLE)!r} now: something changed the environment "
            "the notebook kernels inherit"
        )
