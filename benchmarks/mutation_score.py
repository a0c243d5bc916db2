"""The mutation score per module, from the results `mutmut run` left in ``mutants/``.

Run ``mutmut run`` first (pyproject.toml, ``[tool.mutmut]``: which modules are mutated and which
tests run), then::

    python benchmarks/mutation_score.py            # the table, for benchmarks/RESULTS.md
    python benchmarks/mutation_score.py --list     # every survivor, with its reason if known

A mutant is *caught* when a test failed, crashed or ran past mutmut's time limit. Survivors
judged equivalent (no input can tell them from the original) or harmless are listed, each with
its reason, in ``benchmarks/mutation_survivors.toml``; the score leaves the equivalent ones
out: caught / (planted - equivalent). A survivor not listed there counts against the score.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from collections import Counter, defaultdict
from fnmatch import fnmatch
from pathlib import Path

from mutmut.stats import status_by_exit_code

ROOT = Path(__file__).resolve().parent.parent
SURVIVORS = Path(__file__).with_name("mutation_survivors.toml")
CAUGHT = {"killed", "timeout", "segfault", "caught by type check"}


def mutated(path: str, settings: dict) -> bool:
    """Whether ``[tool.mutmut]`` (``settings``) mutates the module at ``path`` (``course/x.py``).

    Example:
        >>> mutated("course/iterations.py", {"only_mutate": ["course/*.py"], "do_not_mutate": []})
        True
        >>> mutated("course/env.py", {"only_mutate": ["course/*"], "do_not_mutate": ["*/env*"]})
        False
    """
    wanted = any(fnmatch(path, pattern) for pattern in settings.get("only_mutate", ["*"]))
    skipped = any(fnmatch(path, pattern) for pattern in settings.get("do_not_mutate", []))
    return wanted and not skipped


def results(mutants: Path) -> dict[str, str]:
    """Mutant name -> mutmut's status, for every mutant of the modules mutmut mutates now.

    A module taken out of ``[tool.mutmut]`` keeps its old results in ``mutants/``; they are
    left out.
    """
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mutmut"]
    statuses = {}
    for meta in sorted(mutants.glob("course/**/*.py.meta")):
        if not mutated(meta.relative_to(mutants).as_posix().removesuffix(".meta"), settings):
            continue
        for name, code in json.loads(meta.read_text())["exit_code_by_key"].items():
            statuses[name] = status_by_exit_code[code]
    return statuses


def module_of(mutant: str) -> str:
    """``course.check.lesson01_iterations.x_f__mutmut_3`` -> ``check/lesson01_iterations``."""
    parts = mutant.split(".")
    cut = next(i for i, p in enumerate(parts) if p.startswith(("x_", "x\u01c1")))
    return "/".join(parts[1:cut])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="list every survivor")
    args = parser.parse_args()
    statuses = results(ROOT / "mutants")
    if not statuses:
        print("No results: run `mutmut run` first.", file=sys.stderr)
        return 1
    judged = tomllib.loads(SURVIVORS.read_text()) if SURVIVORS.exists() else {}
    equivalent = judged.get("equivalent", {})
    harmless = judged.get("harmless", {})
    counts: dict[str, Counter] = defaultdict(Counter)
    for name, status in statuses.items():
        row = counts[module_of(name)]
        row["planted"] += 1
        if status in CAUGHT:
            row["caught"] += 1
        elif status == "survived" and name in equivalent:
            row["equivalent"] += 1
        elif status == "survived" and name in harmless:
            row["harmless"] += 1
        else:
            row[status] += 1
    if args.list:
        for name, status in sorted(statuses.items()):
            if status not in CAUGHT:
                reason = equivalent.get(name) or harmless.get(name) or "UNJUDGED"
                print(f"{name}: {status}: {reason}")
        return 0
    print(
        "| module | planted | caught | equivalent | harmless | survived | no tests "
        "| not run | score |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    total: Counter = Counter()
    for module in sorted(counts):
        row = counts[module]
        total.update(row)
        print(_row(module, row))
    print(_row("**all**", total))
    stale = sorted(n for n in {*equivalent, *harmless} if statuses.get(n) != "survived")
    if stale:
        print(f"\nJudged but not survivors now (caught, gone or not run): {', '.join(stale)}")
    return 0


def _row(module: str, row: Counter) -> str:
    scored = row["planted"] - row["equivalent"]
    score = row["caught"] / scored if scored else 1.0
    return (
        f"| {module} | {row['planted']} | {row['caught']} | {row['equivalent']} | "
        f"{row['harmless']} | {row['survived']} | {row['no tests']} | {row['not checked']} | "
        f"{score:.1%} |"
    )


if __name__ == "__main__":
    sys.exit(main())
