"""How far a rerun's checked outputs drift from the stored notebooks, lesson by lesson.

The notebook check (``course.tooling.nbcheck``) compares measured floats within a tolerance
and everything else exactly. This script measures what that tolerance must cover: run the
lessons somewhere else (another machine, other versions, or ``COURSE_PERTURB=1e-6``), then

    COURSE_PERTURB=1e-6 COURSE_RUNS_DIR=/tmp/perturbed/runs course run
    python benchmarks/output_drift.py /tmp/perturbed/runs/executed

(a runs folder named ``runs``, as the stored lesson 00 prints it), prints, per lesson: the
checked cells, how many printed floats differ at all, the largest relative difference of a
float (and where), and every line the check would fail on (a changed word or count, or a float
beyond the tolerance). ``ONEDNN_MAX_CPU_ISA=AVX2`` instead of ``COURSE_PERTURB`` gives
TensorFlow the arithmetic of a CPU without AVX-512. Cells nbval skips or ignores are
left out, and timings are sanitized as nbval does (``tests/sanitize.cfg``).
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import replace
from pathlib import Path

import nbformat
from nbval.plugin import (
    coalesce_streams,
    find_comment_markers,
    find_metadata_tags,
    get_sanitize_patterns,
)

from course.tooling.nbcheck import (
    TOLERANCE,
    _is_float,
    difference,
    relative_difference,
    split,
    tolerance_for,
)
from course.tooling.nbval_plugin import SKIPPED, _by_field

ROOT = Path(__file__).resolve().parents[1]


def _sanitizer():
    patterns = get_sanitize_patterns((ROOT / "tests" / "sanitize.cfg").read_text())

    def sanitize(value):
        if not isinstance(value, str):
            return value
        for regex, substitute in patterns:
            value = re.sub(regex, substitute, value)
        return value

    return sanitize


def _checked(cell) -> bool:
    if cell.cell_type != "code":
        return False
    markers = {**dict(find_comment_markers(cell.source)), **dict(find_metadata_tags(cell.metadata))}
    return not (markers.get("check") is False or markers.get("skip"))


def drift(stored_path: Path, fresh_path: Path) -> dict:
    """The drift of one notebook: checked cells, floats compared, the largest difference."""
    sanitize = _sanitizer()
    stored = nbformat.read(stored_path, as_version=4)
    fresh = nbformat.read(fresh_path, as_version=4)
    report = {"cells": 0, "floats": 0, "moved": 0, "largest": (0.0, None), "failures": []}
    for index, (old, new) in enumerate(zip(stored.cells, fresh.cells, strict=True)):
        if not _checked(old):
            continue
        report["cells"] += 1
        a = _by_field(coalesce_streams(old.outputs), SKIPPED, sanitize)
        b = _by_field(coalesce_streams(new.outputs), SKIPPED, sanitize)
        tolerance = tolerance_for(old.metadata)
        for key in set(a) | set(b):
            for x, y in zip(a.get(key, []), b.get(key, []), strict=False):
                if not (isinstance(x, str) and isinstance(y, str)):
                    continue
                found = difference(x, y, tolerance)
                x_lines, y_lines = x.splitlines(), y.splitlines()
                if found and len(x_lines) == len(y_lines) > 1:  # every failing line, not the first
                    rows = replace(tolerance, lines=None)
                    for number, (a_line, b_line) in enumerate(zip(x_lines, y_lines, strict=True)):
                        rule = (
                            rows
                            if not tolerance.lines or re.search(tolerance.lines, a_line)
                            else TOLERANCE
                        )
                        line_found = difference(a_line, b_line, rule)
                        if line_found:
                            report["failures"].append(
                                f"cell {index} {key} line {number + 1}: {line_found}"
                            )
                elif found:
                    report["failures"].append(f"cell {index} {key}: {found}")
                nx, ny = split(x)[1], split(y)[1]
                if len(nx) != len(ny):
                    continue
                for p, q in zip(nx, ny, strict=True):
                    if not (_is_float(p) and _is_float(q)):
                        continue
                    report["floats"] += 1
                    rel = relative_difference(p, q)
                    report["moved"] += rel > 0
                    if rel > report["largest"][0]:
                        report["largest"] = (rel, f"cell {index}: {p} -> {q}")
            if len(a.get(key, [])) != len(b.get(key, [])):
                report["failures"].append(f"cell {index} {key}: number of outputs differs")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("executed", type=Path, help="folder of executed notebooks")
    args = parser.parse_args(argv)
    failed = 0
    print(
        "| lesson | checked cells | floats | floats moved | largest relative difference | "
        "check failures |"
    )
    print("|---|---:|---:|---:|---|---:|")
    details = []
    for fresh_path in sorted(args.executed.glob("[0-9][0-9]_*.ipynb")):
        report = drift(ROOT / "notebooks" / fresh_path.name, fresh_path)
        rel, where = report["largest"]
        print(
            f"| {fresh_path.stem[:2]} | {report['cells']} | {report['floats']} | "
            f"{report['moved']} | {rel:.2%} ({where}) | {len(report['failures'])} |"
        )
        failed += len(report["failures"])
        details += [f"{fresh_path.stem[:2]} {line}" for line in report["failures"]]
    for line in details:
        print(line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
