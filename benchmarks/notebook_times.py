"""Time every lesson notebook in a fresh kernel, top to bottom, as ``course run`` does.

Writes nothing into the notebooks; prints a Markdown table (target: under 60 s each on a
2-core CPU) to paste into benchmarks/RESULTS.md.

    python benchmarks/notebook_times.py [NOTEBOOK ...]
"""

from __future__ import annotations

import platform
import sys
from pathlib import Path

from course import notebooks

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 60


def main(argv: list[str]) -> int:
    paths = [Path(p) for p in argv] or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    print(f"{platform.processor() or platform.machine()}, Python {platform.python_version()}\n")
    print("| notebook | seconds | under 60 s |")
    print("| --- | ---: | --- |")
    failed = 0
    for path in paths:
        result = notebooks.execute(path, progress=False)
        ok = result.ok and result.seconds < TARGET_SECONDS
        failed += not ok
        status = "yes" if ok else ("FAILED" if not result.ok else "no")
        print(f"| {path.name} | {result.seconds:.1f} | {status} |", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
