"""The ``course`` command line.

- ``course doctor``: what the course runs on (versions, backend, devices, Colab, GPU hint).
- ``course run [NOTEBOOK ...] [--inplace]``: execute notebooks in a fresh kernel, top to
  bottom, print each one's seconds, exit 1 if a cell fails. ``--inplace`` rewrites the
  committed outputs (only for notebooks that ran cleanly); without it, the executed copies go
  to ``runs/executed/``. This is the only way lesson outputs are regenerated.

Example:
    $ course doctor
    $ course run notebooks/01_epochs_iterations_batches.ipynb --inplace
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from course import paths


def _default_notebooks() -> list[Path]:
    root = paths.project_root() or Path.cwd()
    return sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def doctor(_: argparse.Namespace) -> int:
    """Print the environment report and where runs are written."""
    from course import env

    print(env.report())
    print(f"{'Runs folder':<13}{paths.runs_root()}")
    return 0


def run(args: argparse.Namespace) -> int:
    """Execute notebooks; print seconds per notebook; non-zero exit if any failed."""
    from course.tooling import notebooks

    targets = [Path(p) for p in args.notebooks] or _default_notebooks()
    missing = [str(p) for p in targets if not p.is_file() or p.suffix != ".ipynb"]
    if missing:
        print(f"course run: not a notebook file: {', '.join(missing)}", file=sys.stderr)
        return 2
    if not targets:
        print("course run: no notebooks found (looked in notebooks/)", file=sys.stderr)
        return 2
    failed = 0
    total = 0.0
    for i, path in enumerate(targets, start=1):
        print(f"[{i}/{len(targets)}] {path.name} ...", flush=True)
        result = notebooks.execute(path, timeout=args.timeout, progress=not args.no_progress)
        total += result.seconds
        if not result.ok:
            failed += 1
            print(f"  FAILED after {result.seconds:.1f} s\n{result.error}", flush=True)
            continue
        target = path if args.inplace else paths.run_dir("executed") / path.name
        notebooks.write(result.notebook, target)
        print(f"  ok  {result.seconds:6.1f} s  -> {target}", flush=True)
    print(f"{len(targets) - failed} of {len(targets)} notebooks ran cleanly in {total:.1f} s")
    return 1 if failed else 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for ``course``."""
    parser = argparse.ArgumentParser(prog="course", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("doctor", help="report Python, Keras, backend, devices, Colab").set_defaults(
        func=doctor
    )
    p = sub.add_parser("run", help="execute notebooks in a fresh kernel, top to bottom")
    p.add_argument("notebooks", nargs="*", help="notebook files (default: notebooks/NN_*.ipynb)")
    p.add_argument("--inplace", action="store_true", help="rewrite the notebooks' outputs")
    p.add_argument("--timeout", type=int, default=600, help="seconds allowed per cell")
    p.add_argument("--no-progress", action="store_true", help="no per-cell progress bar")
    p.set_defaults(func=run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``course`` command."""
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
