"""How much does a per-batch recording callback slow ``model.fit`` down, on CPU and wall time?

Trains the same seeded MLP on the 1,079 training digits with bare ``model.fit`` and with each
callback variant: the course's ``IterationHistory()`` and, as the reference, the minimal
per-batch recorder (a ``keras.callbacks.LambdaCallback`` that appends every batch's ``logs``).
``--keras-loggers`` adds Keras's ``TensorBoard(update_freq="batch")`` (only if the
``tensorboard`` package is installed) and ``CSVLogger`` (per epoch only), for scale. At each
batch size all variants train one seeded, compiled model whose training and validation steps
were traced by a warm-up fit, so tracing is never timed and the variants differ only in their
callbacks; one untimed round of every variant comes before the repeats, so first-use imports
are not timed either.

Every fit is timed on two clocks at once: the process's CPU time (all its threads; blind to
waiting, far less noisy on a shared machine) and wall-clock time (what a learner waits; a
callback's CPU can hide there while TensorFlow's other threads work). The repeats are paired and
interleaved: in every repeat each variant runs once, in an order that rotates from repeat to
repeat and is reversed every other repeat, so a slow spell of the machine hits all variants
alike. Each repeat gives one paired ratio per variant and clock: the variant's time over the
bare time of the same repeat, which shared the machine's state with it. For each clock the table
gives the median of these ratios, a 95 % confidence interval from a bootstrap over repeats (at
least 6 repeats), its half-width (at most 0.03 to resolve a 5 % cost) and the interquartile
range of the ratios. (From the same fits on a busy machine, this interval came out narrower
than the one of the ratio of the two medians in 13 of 18 comparisons, about half as wide on CPU
time at batch size 32.) ``IterationHistory``'s target (ratio at most 1.05 at batch size 32, at
most 1.10 at batch size 4) is "met" when the whole interval lies at or below it, "not met" when
it lies above, "unresolved" otherwise; it has to be met on both clocks.

Full measurement, one batch size per command (nothing else should run meanwhile; each prints
how long its repeats took, a few minutes on 2 idle cores; the half-width shrinks as one over
the square root of the repeats)::

    python benchmarks/callback_overhead.py --batch-size 32
    python benchmarks/callback_overhead.py --batch-size 4

Options: ``--repeats N`` (default 200 at batch size 32, 100 at batch size 4), ``--epochs N``
(default 1), ``--batch-size {32,4}`` (default: both), ``--keras-loggers``. Smoke test::

    python benchmarks/callback_overhead.py --repeats 3 --epochs 1
"""

from __future__ import annotations

import argparse
import gc
import importlib.metadata
import importlib.util
import os
import platform
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

import course

course.setup(seed=0)

import keras  # noqa: E402

from course.callbacks import IterationHistory  # noqa: E402
from course.datasets import DataSplit  # noqa: E402

BATCH_SIZES = (32, 4)
DEFAULT_EPOCHS = {32: 1, 4: 1}
DEFAULT_REPEATS = {32: 200, 4: 100}
TARGETS = {32: 1.05, 4: 1.10}  # IterationHistory's largest acceptable ratio per batch size
TARGET_VARIANT = "IterationHistory()"
RESOLVING_HALF_WIDTH = 0.03  # a CI this narrow tells a 5 % cost from none
# each fit is timed on both, in this order (the last axis of ``measure``'s array)
CLOCKS: dict[str, Callable[[], float]] = {"CPU": time.process_time, "wall": time.perf_counter}


@dataclass(frozen=True)
class Variant:
    """One way of calling ``fit``: a name and a factory of fresh callbacks for each fit."""

    name: str
    make_callbacks: Callable[[], list[keras.callbacks.Callback]]


def fresh_folder(path: Path) -> Path:
    """Empty ``path`` (created if missing), so that log files never pile up across fits."""
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def lambda_recorder() -> list[keras.callbacks.Callback]:
    """The minimal per-batch recorder: a ``LambdaCallback`` appending every batch's logs."""
    rows: list[dict] = []
    callback = keras.callbacks.LambdaCallback(
        on_train_batch_end=lambda batch, logs: rows.append(logs)
    )
    return [callback]


def build_variants(log_root: Path, keras_loggers: bool) -> tuple[list[Variant], list[str]]:
    """The variants to time (bare first) and one note per variant that had to be skipped;
    Keras's TensorBoard and CSVLogger only with ``keras_loggers``."""
    variants = [
        Variant("bare model.fit", list),
        Variant(TARGET_VARIANT, lambda: [IterationHistory()]),
        Variant("LambdaCallback (append logs)", lambda_recorder),
    ]
    skipped: list[str] = []
    if not keras_loggers:
        return variants, skipped
    if importlib.util.find_spec("tensorboard") is None:
        skipped.append(
            'TensorBoard(update_freq="batch") skipped: the tensorboard package is not '
            "installed (pip install tensorboard)"
        )
    else:
        tb_dir = log_root / "tensorboard"
        variants.append(
            Variant(
                'TensorBoard(update_freq="batch")',
                lambda: [
                    keras.callbacks.TensorBoard(log_dir=fresh_folder(tb_dir), update_freq="batch")
                ],
            )
        )
    csv_path = log_root / "log.csv"
    variants.append(
        Variant("CSVLogger (per epoch only)", lambda: [keras.callbacks.CSVLogger(csv_path)])
    )
    return variants, skipped


def warmup_size(num_samples: int, batch_size: int) -> int:
    """Samples for a warm-up with two full batches and the data's own last partial batch."""
    return 2 * batch_size + num_samples % batch_size


def warmed_up_model(data: DataSplit, batch_size: int) -> keras.Model:
    """A seeded, compiled model whose training and validation steps are already traced.

    Every variant trains this same model in turn: the traced functions are shared, so the
    variants differ only in their callbacks (the weights keep training; speed does not depend
    on them).
    """
    keras.utils.set_random_seed(0)
    model = course.models.mlp(data.input_shape, widths=(64,), num_outputs=10)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    n_train = warmup_size(len(data.x_train), batch_size)
    n_val = warmup_size(len(data.x_val), batch_size)
    model.fit(
        data.x_train[:n_train],
        data.y_train[:n_train],
        epochs=1,
        batch_size=batch_size,
        validation_data=(data.x_val[:n_val], data.y_val[:n_val]),
        verbose=0,
    )
    return model


def timed_fit(
    model: keras.Model, data: DataSplit, variant: Variant, batch_size: int, epochs: int
) -> list[float]:
    """Seconds of one ``fit`` of ``model`` with the variant's fresh callbacks, on each clock."""
    callbacks = variant.make_callbacks()
    gc.collect()
    start = [clock() for clock in CLOCKS.values()]
    model.fit(
        data.x_train,
        data.y_train,
        epochs=epochs,
        batch_size=batch_size,
        validation_data=(data.x_val, data.y_val),
        callbacks=callbacks,
        verbose=0,
    )
    return [clock() - begun for clock, begun in zip(CLOCKS.values(), start, strict=True)]


def run_order(num_variants: int, repeat: int) -> list[int]:
    """Variant indices for one repeat: rotated by ``repeat // 2``, reversed on odd repeats."""
    shift = (repeat // 2) % num_variants
    order = list(range(shift, num_variants)) + list(range(shift))
    return order[::-1] if repeat % 2 else order


def measure(
    data: DataSplit, variants: Sequence[Variant], batch_size: int, epochs: int, repeats: int
) -> np.ndarray:
    """Seconds per fit, shape (repeats, variants, clocks), after one untimed round of every
    variant.

    The objects alive after that round (TensorFlow's, about 480,000) are then frozen
    (``gc.freeze``): the collection before each fit takes microseconds instead of about 0.2 s
    of CPU, and no fit pays by chance for a full pass over TensorFlow's objects. What each fit
    allocates is still collected as usual.
    """
    model = warmed_up_model(data, batch_size)
    for variant in variants:
        timed_fit(model, data, variant, batch_size, 1)
    seconds = np.empty((repeats, len(variants), len(CLOCKS)))
    gc.collect()
    gc.freeze()
    try:
        for repeat in range(repeats):
            for index in run_order(len(variants), repeat):
                seconds[repeat, index] = timed_fit(model, data, variants[index], batch_size, epochs)
            if (repeat + 1) % 10 == 0:
                print(f"  batch size {batch_size}: {repeat + 1}/{repeats} repeats", file=sys.stderr)
    finally:
        gc.unfreeze()
    return seconds


def bootstrap_ci(
    ratios: np.ndarray, confidence: float = 0.95, resamples: int = 4000
) -> tuple[float, float] | None:
    """Bootstrap percentile interval for the median of the paired ``ratios``, one per repeat
    (so each variant's time stays with the bare time it shared the machine with). None under 6
    repeats."""
    n = len(ratios)
    if n < 6:
        return None
    rng = np.random.default_rng(0)
    medians = np.median(ratios[rng.integers(0, n, size=(resamples, n))], axis=1)
    low, high = np.percentile(medians, [50 * (1 - confidence), 50 * (1 + confidence)])
    return float(low), float(high)


def verdict(ci: tuple[float, float] | None, target: float) -> str:
    """'met', 'not met' or 'unresolved': where the interval lies against a ratio target."""
    if ci is not None and ci[1] <= target:
        return "met"
    if ci is not None and ci[0] > target:
        return "not met"
    return "unresolved"


def table_rows(
    variants: Sequence[Variant], seconds: np.ndarray, batch_size: int, iterations: int
) -> tuple[list[str], list[float | None], list[str]]:
    """Markdown rows for one batch size (every variant but bare, on each clock), each CI's
    half-width, and IterationHistory's verdict on each clock."""
    rows, half_widths, verdicts = [], [], []
    for clock_index, clock in enumerate(CLOCKS):
        bare = seconds[:, 0, clock_index]
        for index, variant in enumerate(variants[1:], start=1):
            ratios = seconds[:, index, clock_index] / bare  # paired: one per repeat
            q1, q3 = np.percentile(ratios, [25, 75])
            ci = bootstrap_ci(ratios)
            half = None if ci is None else (ci[1] - ci[0]) / 2
            half_widths.append(half)
            ci_text = "n/a (< 6 repeats)" if ci is None else f"{ci[0]:.3f} - {ci[1]:.3f}"
            half_text = "n/a" if half is None else f"{half:.3f}"
            target = ""
            if variant.name == TARGET_VARIANT:
                verdicts.append(verdict(ci, TARGETS[batch_size]))
                target = f"<= {TARGETS[batch_size]:.2f}: {verdicts[-1]}"
            rows.append(
                f"| {batch_size} | {iterations} | {clock} | {variant.name} | "
                f"{np.median(ratios):.3f} | "
                f"{ci_text} | {half_text} | {q1:.3f} - {q3:.3f} | {target} |"
            )
    return rows, half_widths, verdicts


def overall(batch_size: int, verdicts: Sequence[str]) -> str:
    """One line: IterationHistory's target at ``batch_size``, met only if met on every clock."""
    if all(v == "met" for v in verdicts):
        word = "met"
    elif "not met" in verdicts:
        word = "not met"
    else:
        word = "unresolved"
    clocks = ", ".join(f"{clock} {v}" for clock, v in zip(CLOCKS, verdicts, strict=True))
    return (
        f"{TARGET_VARIANT} at batch size {batch_size} (target <= {TARGETS[batch_size]:.2f} on "
        f"both clocks): {word} ({clocks})"
    )


def resolution(half_widths: Sequence[float | None]) -> str:
    """One line saying whether every interval is narrow enough to resolve a 5 % cost."""
    if any(h is None for h in half_widths):
        return "CI half-width: n/a (at least 6 repeats needed); a 5 % cost cannot be resolved"
    widest = max(h for h in half_widths if h is not None)
    resolved = "yes" if widest <= RESOLVING_HALF_WIDTH else "no (use more --repeats)"
    return (
        f"Widest CI half-width {widest:.3f}; a 5 % cost resolved "
        f"(half-width <= {RESOLVING_HALF_WIDTH}): {resolved}"
    )


def machine() -> str:
    """CPU count, load average and the Python, TensorFlow and Keras versions."""
    try:
        tensorflow = importlib.metadata.version("tensorflow")
    except importlib.metadata.PackageNotFoundError:
        tensorflow = "not installed"
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} CPUs ({platform.machine()}), load average {load} (1, 5, 15 min), "
        f"Python {platform.python_version()}, TensorFlow {tensorflow}, Keras "
        f"{keras.__version__} ({keras.backend.backend()} backend)"
    )


def parse_args() -> argparse.Namespace:
    """Command-line options (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--repeats", type=int, help="paired repeats (default: 200 at batch size 32, 100 at 4)"
    )
    parser.add_argument("--epochs", type=int, help="epochs per timed fit (default: 1)")
    parser.add_argument(
        "--batch-size", type=int, choices=BATCH_SIZES, help="only this batch size (default: both)"
    )
    parser.add_argument(
        "--keras-loggers",
        action="store_true",
        help='also time TensorBoard(update_freq="batch") and CSVLogger, for scale',
    )
    args = parser.parse_args()
    if any(value is not None and value < 1 for value in (args.repeats, args.epochs)):
        parser.error("--repeats and --epochs must be at least 1")
    return args


def main() -> None:
    """Time every variant at each batch size and print the table for benchmarks/RESULTS.md."""
    args = parse_args()
    data = course.datasets.load_digits(seed=0)
    log_root = course.paths.run_dir("callback_overhead")
    variants, skipped = build_variants(log_root, args.keras_loggers)
    batch_sizes = (args.batch_size,) if args.batch_size else BATCH_SIZES
    print(f"Machine: {machine()}")
    print(
        f"Data: digits, {len(data.x_train)} training and {len(data.x_val)} validation samples; "
        "each fit timed on process CPU time and on wall-clock time; ratio = the variant's time / "
        "the bare time of the same repeat; its median over repeats, 95 % CI by a bootstrap over "
        "repeats, IQR"
    )
    for note in skipped:
        print(f"Note: {note}")
    if args.keras_loggers:
        print("Note: CSVLogger writes one row per epoch, never per batch; it is there for scale.")
    rows, half_widths, verdict_lines = [], [], []
    for batch_size in batch_sizes:
        epochs = args.epochs or DEFAULT_EPOCHS[batch_size]
        repeats = args.repeats or DEFAULT_REPEATS[batch_size]
        iterations = course.iterations.iterations_per_epoch(len(data.x_train), batch_size)
        begun = time.perf_counter()
        seconds = measure(data, variants, batch_size, epochs, repeats)
        medians = ", ".join(
            f"{clock} {np.median(seconds[:, 0, i]):.3f} s" for i, clock in enumerate(CLOCKS)
        )
        print(
            f"Batch size {batch_size}: {iterations} iterations/epoch, {epochs} epochs per fit, "
            f"{repeats} paired repeats in {time.perf_counter() - begun:.0f} s, bare fit median "
            f"{medians}"
        )
        new_rows, new_half_widths, verdicts = table_rows(variants, seconds, batch_size, iterations)
        rows += new_rows
        half_widths += new_half_widths
        verdict_lines.append(overall(batch_size, verdicts))
    print(f"Load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print()
    print(
        "| batch size | iterations/epoch | clock | variant | median ratio | 95 % CI "
        "| CI half-width | IQR | target |"
    )
    print("| ---: | ---: | --- | --- | ---: | ---: | ---: | ---: | --- |")
    print("\n".join(rows))
    print()
    print("\n".join(verdict_lines))
    print(resolution(half_widths))


if __name__ == "__main__":
    main()
