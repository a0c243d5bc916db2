"""What a lesson costs: time, CPU and training work per notebook, measured in the kernel.

Runs every lesson (default ``notebooks/[0-9][0-9]_*.ipynb``, or the notebooks given) in a
fresh kernel, top to bottom, as ``course run`` does: the same kernel (this Python), started
in the notebook's folder, with the same environment (``course.tooling.notebooks``), and
writes no notebook. Per lesson it reports:

- **wall s**: from the kernel's start to the last cell's end, measured here (as ``course
  run`` prints it: kernel start and imports included);
- **CPU s**: the kernel process's user + system CPU time, all threads, plus that of any
  child processes it waited for (``resource.getrusage`` of ``RUSAGE_SELF`` and
  ``RUSAGE_CHILDREN``), read inside the kernel after the last cell;
- **fit s**: the wall time spent inside ``Model.fit`` (validation included);
- **fit calls**; **evaluate calls** (calls the lesson makes, directly or from a callback: the
  validation pass that ``fit`` runs for ``validation_data`` is not one, it is counted apart
  as ``validation_runs`` in the JSON); **predict calls**;
- **train functions built**: calls of Keras's ``make_train_function`` that build a new
  function, i.e. after which ``model.train_function`` is a new object. A ``fit`` of a model
  whose train function exists (the same compiled model fitted again) returns early and is
  not counted; ``compile`` drops the function, so the next ``fit`` builds one;
- **epochs**: epochs actually run, summed over ``fit`` calls (``CallbackList.on_epoch_end``
  calls inside ``fit``, so an early stop counts only the epochs it ran);
- **training steps**: batches trained by ``fit``, the optimizer's step counter after each
  ``fit`` minus before (``optimizer.iterations``; ``_iterations`` under gradient
  accumulation, where ``iterations`` counts updates). It is right under
  ``steps_per_execution`` (Keras calls the batch callbacks once per execution of S steps, and
  the JSON's ``train_executions`` counts those), under early stopping and under
  ``steps_per_epoch``.

How: two cells are added to the notebook in memory (the file is never changed). The first
loads this file in the kernel and calls ``install``, which wraps Keras's methods at class level
(``Model.fit``, ``evaluate``, ``predict``, ``train_on_batch``, the trainer's
``make_train_function`` and ``train_step``, ``CallbackList.on_epoch_end`` and
``on_train_batch_end``, the optimizer's ``apply_gradients``) as soon as Keras is imported,
without importing it itself. The last cell writes the counts and the CPU times to a JSON file
in a temporary folder (an ``atexit`` hook writes them too, if a cell fails). The JSON also
holds each ``fit``'s own numbers, the ``train_step`` traces (graph traces of the train step:
a partial last batch or a second input shape retraces a built function), and updates made
outside ``fit`` (a hand-written loop's ``apply_gradients`` calls made eagerly, and
``train_on_batch``), which are not training steps of the table.

A benchmark, not a test: nothing is asserted about times. Counts do not depend on the
machine; seconds do, and on what else runs (use a quiet machine). Usage::

    python benchmarks/lesson_cost.py  # all eleven lessons: about 4 minutes on 2 cores
    python benchmarks/lesson_cost.py notebooks/00_setup.ipynb --json runs/lesson_cost.json

Options: ``--json PATH`` (the raw numbers per lesson), ``--timeout S`` (per cell, default
600). It prints a Markdown table with a totals row; exit status 1 if a lesson failed.
"""

from __future__ import annotations

import argparse
import atexit
import functools
import importlib.abc
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_GLOB = "[0-9][0-9]_*.ipynb"
KERNEL_MODULE = "_lesson_cost_kernel"  # this file's name in the kernel's sys.modules

COUNTS = (
    "fit_calls",
    "fit_seconds",
    "train_functions_built",
    "train_step_traces",
    "epochs",
    "training_steps",
    "train_executions",
    "evaluate_calls",
    "validation_runs",
    "predict_calls",
    "updates_outside_fit",
)
COLUMNS = (  # (heading, key, format)
    ("wall s", "wall_seconds", "{:.1f}"),
    ("CPU s", "cpu_seconds", "{:.1f}"),
    ("fit s", "fit_seconds", "{:.1f}"),
    ("fit calls", "fit_calls", "{}"),
    ("train functions built", "train_functions_built", "{}"),
    ("epochs", "epochs", "{}"),
    ("training steps", "training_steps", "{}"),
    ("evaluate calls", "evaluate_calls", "{}"),
    ("predict calls", "predict_calls", "{}"),
)


# --- in the kernel ------------------------------------------------------------------------


class _State:
    def __init__(self, out_path: str) -> None:
        self.out_path = out_path
        self.counts: dict = dict.fromkeys(COUNTS, 0)
        self.counts["fit_seconds"] = 0.0
        self.fits: list[dict] = []
        self.fit_depth = 0
        self.epochs_this_fit = 0
        self.executions_this_fit = 0
        self.patched = False
        self.patch_error = ""
        self.finished = False


def _step_counter(model) -> int | None:
    """The optimizer's count of batches trained, or None if it cannot be read."""
    import keras

    optimizer = getattr(model, "optimizer", None)
    if optimizer is None or isinstance(optimizer, str):
        return None
    try:
        if getattr(optimizer, "gradient_accumulation_steps", None):
            variable = optimizer._iterations  # counts batches; .iterations counts updates
        else:
            variable = optimizer.iterations
        return int(keras.ops.convert_to_numpy(variable))
    except Exception:
        return None


def _defining_class(cls: type, name: str) -> type:
    """The class in ``cls``'s MRO whose own ``__dict__`` defines ``name``."""
    return next(c for c in cls.__mro__ if name in c.__dict__)


def _patch(state: _State, keras) -> None:
    """Wrap Keras's methods at class level; every count goes to ``state``."""
    if state.patched:
        return
    state.patched = True
    counts = state.counts
    model_cls = keras.Model

    def wrap(cls: type, name: str, make):
        owner = _defining_class(cls, name)
        original = owner.__dict__[name]
        wrapper = functools.wraps(original)(make(original))
        # On the model class itself (it shadows the trainer's method for every model) or on
        # the class that defines it (the trainer, the optimizer, the callback list).
        setattr(cls if cls is model_cls else owner, name, wrapper)

    def fit(original):
        def fit(self, *args, **kwargs):
            if state.fit_depth:  # a fit inside a fit (a subclass's super().fit): counted once
                return original(self, *args, **kwargs)
            state.fit_depth += 1
            state.epochs_this_fit = state.executions_this_fit = 0
            before = _step_counter(self)
            start = time.perf_counter()
            try:
                return original(self, *args, **kwargs)
            finally:
                seconds = time.perf_counter() - start
                after = _step_counter(self)
                if before is not None and after is not None and after >= before:
                    steps = after - before
                else:  # no readable step counter: one step per batch-callback call
                    steps = state.executions_this_fit
                counts["fit_calls"] += 1
                counts["fit_seconds"] += seconds
                counts["epochs"] += state.epochs_this_fit
                counts["training_steps"] += steps
                counts["train_executions"] += state.executions_this_fit
                state.fits.append(
                    {
                        "seconds": round(seconds, 4),
                        "epochs": state.epochs_this_fit,
                        "steps": steps,
                        "executions": state.executions_this_fit,
                    }
                )
                state.fit_depth -= 1

        return fit

    def evaluate(original):
        def evaluate(self, *args, **kwargs):
            # fit's validation pass calls evaluate(..., _use_cached_eval_dataset=True)
            key = "validation_runs" if kwargs.get("_use_cached_eval_dataset") else "evaluate_calls"
            counts[key] += 1
            return original(self, *args, **kwargs)

        return evaluate

    def counting(key: str, only_outside_fit: bool = False):
        def make(original):
            def method(self, *args, **kwargs):
                if not (only_outside_fit and state.fit_depth):
                    counts[key] += 1
                return original(self, *args, **kwargs)

            return method

        return make

    def make_train_function(original):
        def make_train_function(self, *args, **kwargs):
            old = getattr(self, "train_function", None)
            result = original(self, *args, **kwargs)
            new = getattr(self, "train_function", None)
            if new is not None and new is not old:
                counts["train_functions_built"] += 1
            return result

        return make_train_function

    def train_step(original):
        def train_step(self, *args, **kwargs):
            tf = sys.modules.get("tensorflow")
            if tf is not None and tf.inside_function():  # a graph trace, not an eager step
                counts["train_step_traces"] += 1
            return original(self, *args, **kwargs)

        return train_step

    def on_epoch_end(original):
        def on_epoch_end(self, *args, **kwargs):
            if state.fit_depth:
                state.epochs_this_fit += 1
            return original(self, *args, **kwargs)

        return on_epoch_end

    def on_train_batch_end(original):
        def on_train_batch_end(self, *args, **kwargs):
            if state.fit_depth:
                state.executions_this_fit += 1
            return original(self, *args, **kwargs)

        return on_train_batch_end

    wrap(model_cls, "fit", fit)
    wrap(model_cls, "evaluate", evaluate)
    wrap(model_cls, "predict", counting("predict_calls"))
    wrap(model_cls, "train_on_batch", counting("updates_outside_fit"))
    wrap(model_cls, "make_train_function", make_train_function)
    wrap(model_cls, "train_step", train_step)
    wrap(keras.callbacks.CallbackList, "on_epoch_end", on_epoch_end)
    wrap(keras.callbacks.CallbackList, "on_train_batch_end", on_train_batch_end)
    wrap(keras.optimizers.Optimizer, "apply_gradients", counting("updates_outside_fit", True))


class _PatchKerasOnImport(importlib.abc.MetaPathFinder):
    """Finds ``keras`` as the other finders do, and patches it right after it is executed."""

    def __init__(self, state: _State) -> None:
        self.state = state

    def find_spec(self, name, path, target=None):
        if name != "keras" or self.state.patched:
            return None
        spec = None
        for finder in sys.meta_path:
            found = getattr(finder, "find_spec", None) if finder is not self else None
            spec = found(name, path, target) if found else None
            if spec is not None:
                break
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return None
        exec_module = spec.loader.exec_module
        state = self.state

        def exec_and_patch(module):
            exec_module(module)
            _patch_safely(state, module)

        spec.loader.exec_module = exec_and_patch
        return spec


def _patch_safely(state: _State, keras) -> None:
    """``_patch``, but a failure only marks the counts as missing: the lesson still runs."""
    try:
        _patch(state, keras)
    except Exception as err:
        state.patch_error = f"{type(err).__name__}: {err}"


def finish() -> dict:
    """Write the counts and the kernel's CPU time to the JSON file; return what was written."""
    import resource

    state = sys.modules[KERNEL_MODULE]._state
    state.finished = True
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = {
        **state.counts,
        "fit_seconds": round(state.counts["fit_seconds"], 4),
        "cpu_seconds": round(
            own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime, 3
        ),
        "cpu_seconds_children": round(children.ru_utime + children.ru_stime, 3),
        "keras_patched": state.patched and not state.patch_error,
        "patch_error": state.patch_error,
        "fits": state.fits,
    }
    tmp = state.out_path + ".tmp"
    with open(tmp, "w") as file:
        json.dump(result, file)
    os.replace(tmp, state.out_path)
    return result


def install(out_path: str) -> None:
    """In the kernel: count Keras's work from now on; ``finish()`` (or exit) writes it."""
    state = _State(out_path)
    sys.modules[KERNEL_MODULE]._state = state
    if "keras" in sys.modules:
        _patch_safely(state, sys.modules["keras"])
    else:
        sys.meta_path.insert(0, _PatchKerasOnImport(state))
    atexit.register(_at_exit)


def _at_exit() -> None:
    """If the last cell never ran (a cell failed), write what was counted when the kernel exits."""
    if not sys.modules[KERNEL_MODULE]._state.finished:
        finish()


def _first_cell(out_path: Path) -> str:
    return (
        "import importlib.util as _lc_util, sys as _lc_sys\n"
        f"_lc_spec = _lc_util.spec_from_file_location({KERNEL_MODULE!r}, {str(Path(__file__))!r})\n"
        f"_lc_sys.modules[{KERNEL_MODULE!r}] = _lc_util.module_from_spec(_lc_spec)\n"
        "_lc_spec.loader.exec_module(_lc_sys.modules[_lc_spec.name])\n"
        f"_lc_sys.modules[_lc_spec.name].install({str(out_path)!r})\n"
        "del _lc_util, _lc_sys, _lc_spec\n"
    )


LAST_CELL = f"__import__('sys').modules[{KERNEL_MODULE!r}].finish();"


# --- here ---------------------------------------------------------------------------------


def measure(path: Path, workdir: Path, *, timeout: int = 600) -> dict:
    """Run the notebook at ``path`` instrumented; its numbers (and ``error``, "" if it ran)."""
    import nbformat
    from nbclient import NotebookClient

    from course.tooling.notebooks import CurrentPythonKernelManager, kernel_environment

    path = Path(path)
    out_path = workdir / f"{path.stem}.json"
    out_path.unlink(missing_ok=True)
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(_first_cell(out_path)))
    nb.cells.append(nbformat.v4.new_code_cell(LAST_CELL))
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_manager_class=CurrentPythonKernelManager,
        resources={"metadata": {"path": str(path.parent.resolve())}},
        record_timing=False,
    )
    error = ""
    start = time.perf_counter()
    try:
        client.execute(env=kernel_environment())
    except Exception as err:  # a failing cell, a timeout, a dead kernel: that lesson's error
        error = f"{type(err).__name__}: {str(err).strip().splitlines()[-1] if str(err) else ''}"
    wall = time.perf_counter() - start
    try:
        numbers = json.loads(out_path.read_text())
    except (OSError, ValueError):
        numbers = {}
        error = error or "the kernel wrote no counts"
    if numbers.get("patch_error"):
        error = error or f"Keras could not be instrumented: {numbers['patch_error']}"
    return {"lesson": path.stem, "wall_seconds": round(wall, 3), **numbers, "error": error}


def table(rows: list[dict]) -> str:
    """The Markdown table, one row per lesson and a totals row.

    Example:
        >>> row = dict.fromkeys([key for _, key, _ in COLUMNS], 1)
        >>> rows = [{**row, "lesson": "00_setup"}, {**row, "lesson": "01_x"}]
        >>> print(table(rows).splitlines()[-1])
        | total | 2.0 | 2.0 | 2.0 | 2 | 2 | 2 | 2 | 2 | 2 |
    """
    head = "| lesson | " + " | ".join(h for h, _, _ in COLUMNS) + " |"
    rule = "|---|" + "---:|" * len(COLUMNS)
    lines = [head, rule]
    for row in rows:
        cells = [fmt.format(row[key]) if key in row else "?" for _, key, fmt in COLUMNS]
        lines.append(f"| {row['lesson']} | " + " | ".join(cells) + " |")
    totals = [fmt.format(sum(row.get(key, 0) for row in rows)) for _, key, fmt in COLUMNS]
    lines.append("| total | " + " | ".join(totals) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every lesson")
    parser.add_argument("--json", type=Path, help="write the raw numbers per lesson here")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted((ROOT / "notebooks").glob(DEFAULT_GLOB))
    missing = [str(p) for p in paths if not p.is_file()]
    if missing or not paths:
        parser.error(f"no such notebook: {', '.join(missing)}" if missing else "no notebooks")
    rows = []
    with tempfile.TemporaryDirectory(prefix="lesson_cost_") as workdir:
        for path in paths:
            print(f"{path.name} ...", file=sys.stderr, flush=True)
            row = measure(path, Path(workdir), timeout=args.timeout)
            failed = f"  FAILED: {row['error']}" if row["error"] else ""
            print(
                f"  {row['wall_seconds']:.1f} s{failed}",
                file=sys.stderr,
                flush=True,
            )
            rows.append(row)
    print(table(rows))
    for row in rows:
        if row["error"]:
            print(f"\n{row['lesson']} FAILED: {row['error']}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(rows, indent=1) + "\n")
    return 1 if any(row["error"] for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
