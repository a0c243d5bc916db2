"""The ``course`` command line.

- ``course doctor``: what the course runs on (versions, backend, devices, Colab, GPU hint).
- ``course run [NOTEBOOK ...] [--inplace]``: execute notebooks in a fresh kernel, top to
  bottom, print each one's seconds, exit 1 if a cell fails. ``--inplace`` rewrites the
  committed outputs (only for notebooks that ran cleanly); without it, the executed copies go
  to ``runs/executed/``. This is the only way lesson outputs are regenerated.
- ``course reading [NOTEBOOK ...] [--strict] [--detail] [--offences]``: how each lesson reads
  against the reading standard (``docs/lesson-style.md``; ``course.tooling.reading``).

Example:
    $ course doctor
    $ course run notebooks/01_epochs_iterations_batches.ipynb --inplace
"""

from __future__ import annotations

import argparse
import os
import platform
import signal
import sys
import threading
from collections import Counter
from pathlib import Path

from course import paths


def _default_notebooks() -> list[Path]:
    root = paths.project_root() or Path.cwd()
    return sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def doctor(_: argparse.Namespace) -> int:
    """Print the environment report and where runs are written; never crash: report what is
    wrong and what to do (exit 1 if something is)."""
    from course import env

    problems = 0
    try:
        print(env.report())
    except Exception as err:  # a broken install is exactly when a learner runs this
        problems += 1
        backend = os.environ.get("KERAS_BACKEND")
        print(f"{'Python':<13}{platform.python_version()}")
        print(f"Problem: Keras could not start ({type(err).__name__}: {err}).")
        if backend and backend != "tensorflow":
            print(
                f"  KERAS_BACKEND is set to {backend!r}. The lessons use 'tensorflow': unset it "
                "(unset KERAS_BACKEND) or install that backend's package."
            )
        else:
            print("  Reinstall the course: pip install -e '.[dev]' (never on Colab).")
    folder = paths.runs_root(create=False)
    if paths.is_writable(folder):
        print(f"{'Runs folder':<13}{folder}")
    else:
        problems += 1
        print(f"{'Runs folder':<13}{folder} (NOT writable)")
        print(
            "Problem: the runs folder cannot be written. Set COURSE_RUNS_DIR to a folder you "
            "can write, e.g. export COURSE_RUNS_DIR=$HOME/course-runs"
        )
    return 1 if problems else 0


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
    names = Counter(p.name for p in targets)
    clash = sorted(str(p) for p in targets if names[p.name] > 1)
    if not args.inplace and clash:
        print(
            "course run: these notebooks would be written to the same file in "
            f"{paths.runs_root(create=False) / 'executed'}: {', '.join(clash)}; run them "
            "one at a time, or rename one",
            file=sys.stderr,
        )
        return 2
    blocked = _unwritable(targets, inplace=args.inplace)
    if blocked:
        print(f"course run: nothing was run: {blocked}", file=sys.stderr)
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
        try:
            notebooks.write(result.notebook, target)
        except OSError as err:
            failed += 1
            print(f"  ran, but {target} could not be written ({err.strerror or err})", flush=True)
            continue
        print(f"  ok  {result.seconds:6.1f} s  -> {target}", flush=True)
    print(f"{len(targets) - failed} of {len(targets)} notebooks ran cleanly in {total:.1f} s")
    return 1 if failed else 0


def _unwritable(targets: list[Path], *, inplace: bool) -> str:
    """Why the results of running ``targets`` could not be written, or ``""``: checked before
    any notebook runs, so that a long run never ends in a failed write."""
    if inplace:
        locked = [str(p) for p in targets if not os.access(p, os.W_OK)]
        return f"cannot write {', '.join(locked)} (--inplace rewrites them)" if locked else ""
    folder = paths.runs_root(create=False) / "executed"
    if not paths.is_writable(folder) or (folder.exists() and not folder.is_dir()):
        return (
            f"cannot write the runs folder {folder}: set COURSE_RUNS_DIR to a folder you can "
            "write, e.g. export COURSE_RUNS_DIR=$HOME/course-runs"
        )
    taken = [str(folder / p.name) for p in targets if (folder / p.name).is_dir()]
    if taken:
        return f"a folder stands where the executed copy goes: {', '.join(taken)}"
    return ""


def reading(args: argparse.Namespace) -> int:
    """Print one row per notebook against the reading standard; exit 1 with ``--strict`` when
    a lesson is over a limit."""
    from course.tooling import reading as standard

    targets = [str(p) for p in args.notebooks or _default_notebooks()]
    flags = [f"--{name}" for name in ("strict", "detail", "offences") if getattr(args, name)]
    return standard.main([*targets, *flags])


def _positive_seconds(text: str) -> int:
    """``--timeout``: a whole number of seconds >= 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of seconds >= 1, got {text!r}")
    return value


_stopped = threading.Event()


def _stop_on_sigterm(signum: int, frame: object) -> None:
    """SIGTERM ends ``course run`` like Ctrl-C: the running kernel is shut down on the way out."""
    _stopped.set()
    raise KeyboardInterrupt


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
    p.add_argument(
        "--timeout", type=_positive_seconds, default=600, help="seconds allowed per cell (>= 1)"
    )
    p.add_argument("--no-progress", action="store_true", help="no per-cell progress bar")
    p.set_defaults(func=run)
    p = sub.add_parser("reading", help="how each lesson reads, against the reading standard")
    p.add_argument("notebooks", nargs="*", help="notebook files (default: notebooks/NN_*.ipynb)")
    p.add_argument("--strict", action="store_true", help="exit 1 when over any limit")
    p.add_argument("--detail", action="store_true", help="list long sentences and paragraphs")
    p.add_argument("--offences", action="store_true", help="list every offence with its text")
    p.set_defaults(func=reading)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``course`` command."""
    args = build_parser().parse_args(argv)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        return args.func(args)
    except BaseException as err:
        # Stopped by Ctrl-C or SIGTERM: nbclient shuts the kernel down, and its own clean-up
        # can fail on the way out; either way the run is over, with the usual exit code.
        if _stopped.is_set() or isinstance(err, KeyboardInterrupt):
            print("course: stopped", file=sys.stderr)
            return 130
        if not isinstance(err, Exception):
            raise
        print(
            f"course {args.command}: failed ({type(err).__name__}: {err}); nothing you wrote "
            "was changed. Run `course doctor` to check the installation.",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
