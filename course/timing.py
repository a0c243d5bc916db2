"""Timing training: seconds per epoch and throughput (samples per second) against batch size.

Timings are measurements on the machine that runs them, and they vary from run to run (other
programs, CPU frequency, caches). So every batch size is timed over several epochs, the first
epoch of a batch size is thrown away (it includes building the training function and the
data pipeline) and the MEDIAN is reported; ``rounds > 1`` visits the batch sizes several
times in turn, so that a slow spell of the machine hits all of them, not one.

Example:
    >>> model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    >>> table = time_epochs(model, x, y, batch_sizes=[16, 64], epochs=2, progress=False)
    >>> table[["batch_size", "iterations"]].to_dict("list")
    {'batch_size': [16, 64], 'iterations': [13, 4]}
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import keras
import numpy as np
import pandas as pd

from course.iterations import iterations_per_epoch
from course.progress import progress_bar
from course.validation import (
    check_bool,
    check_finite_array,
    check_int,
    check_int_list,
    check_same_length,
)


class EpochTimer(keras.callbacks.Callback):
    """Record the wall-clock seconds of every epoch of ``fit`` in ``.seconds``.

    Only epoch hooks, no per-batch work: when the speed of ``fit`` itself is what is measured,
    this adds nothing per iteration (``IterationHistory`` records per-epoch seconds too, at the
    cost of one small step per batch).

    Example:
        >>> timer = EpochTimer()
        >>> _ = model.fit(x, y, epochs=3, callbacks=[timer], verbose=0)
        >>> len(timer.seconds)
        3
    """

    def __init__(self) -> None:
        super().__init__()
        self.seconds: list[float] = []
        self._start = 0.0

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        self._start = time.perf_counter()

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        self.seconds.append(time.perf_counter() - self._start)


def time_epochs(
    model: keras.Model,
    x: Any,
    y: Any,
    batch_sizes: Sequence[int],
    *,
    epochs: int = 3,
    rounds: int = 1,
    progress: bool = True,
    desc: str = "timing batch sizes",
) -> pd.DataFrame:
    """Time ``model.fit(x, y, batch_size=b)`` per epoch for every ``b`` in ``batch_sizes``.

    The model must be compiled. For each batch size one untimed warm-up epoch runs first, then
    ``rounds`` times (batch sizes in turn) a ``fit`` of ``epochs`` timed epochs. The model keeps
    training throughout: this measures speed, not accuracy.

    Returns one row per batch size: ``batch_size``, ``iterations`` (per epoch), ``seconds``
    (median seconds per epoch), ``seconds_min``, ``seconds_max``, ``step_ms`` (median
    milliseconds per iteration) and ``samples_per_s`` (training samples / median epoch time).

    Example:
        >>> t = time_epochs(model, x, y, [32, 64], epochs=2, progress=False)
        >>> list(t["batch_size"])
        [32, 64]
    """
    times = epoch_times(
        model, x, y, batch_sizes, epochs=epochs, rounds=rounds, alternate=False,
        progress=progress, desc=desc,
    )  # fmt: skip
    n, rows = check_same_length(x=x, y=y), []
    for b, group in times.groupby("batch_size", sort=False):
        t = group["seconds"].to_numpy(dtype=float)
        steps = int(group["iterations"].iloc[0])
        median = float(np.median(t))
        rows.append(
            {
                "batch_size": int(b),
                "iterations": steps,
                "seconds": median,
                "seconds_min": float(t.min()),
                "seconds_max": float(t.max()),
                "step_ms": 1000.0 * median / steps,
                "samples_per_s": n / median,
            }
        )
    return pd.DataFrame(rows)


def epoch_times(
    model: keras.Model,
    x: Any,
    y: Any,
    batch_sizes: Sequence[int],
    *,
    epochs: int = 2,
    rounds: int = 3,
    alternate: bool = True,
    progress: bool = True,
    desc: str = "timing batch sizes",
) -> pd.DataFrame:
    """Every timed epoch of ``model.fit(x, y, batch_size=b)``, one row each, for repeats.

    Like ``time_epochs`` (one untimed warm-up epoch per batch size, then ``rounds`` visits of
    every batch size with ``epochs`` timed epochs each), but nothing is summarized: the rows
    let a notebook show the spread of the repeats. With ``alternate`` every second round visits
    the batch sizes in reverse order, so that a slow spell of the machine or a drift (the CPU
    warming up) does not always fall on the same batch sizes.

    Returns one row per timed epoch: ``batch_size``, ``round`` (1-based), ``epoch`` (1-based
    within its ``fit``), ``iterations`` (per epoch), ``seconds`` and ``samples_per_s``
    (training samples / seconds of that epoch).

    Example:
        >>> t = epoch_times(model, x, y, [32, 64], epochs=2, rounds=2, progress=False)
        >>> t.groupby("batch_size").size().to_dict()
        {32: 4, 64: 4}
    """
    sizes = check_int_list("batch_sizes", batch_sizes)
    epochs = check_int("epochs", epochs, maximum=1_000)
    rounds = check_int("rounds", rounds, maximum=100)
    check_bool("alternate", alternate)
    check_bool("progress", progress)
    n = check_same_length(x=x, y=y)
    if not getattr(model, "compiled", False):
        raise ValueError("model must be compiled before timing: call model.compile(...) first")

    rows: list[dict[str, Any]] = []
    bar = progress_bar(len(sizes) * (rounds + 1), desc, unit="fit", enabled=progress)
    try:
        for b in sizes:  # warm-up: trace the training function for this shape, untimed
            model.fit(x, y, epochs=1, batch_size=b, verbose=0)
            bar.update(1)
        for r in range(rounds):
            order = sizes[::-1] if alternate and r % 2 == 1 else sizes
            for b in order:
                timer = EpochTimer()
                model.fit(x, y, epochs=epochs, batch_size=b, verbose=0, callbacks=[timer])
                steps = iterations_per_epoch(n, b)
                for e, seconds in enumerate(timer.seconds, start=1):
                    rows.append(
                        {
                            "batch_size": b,
                            "round": r + 1,
                            "epoch": e,
                            "iterations": steps,
                            "seconds": seconds,
                            "samples_per_s": n / seconds,
                        }
                    )
                bar.update(1)
    finally:
        bar.close()
    return pd.DataFrame(rows)


def summarize_times(times: pd.DataFrame) -> pd.DataFrame:
    """Per batch size of an ``epoch_times`` table: the median and the interquartile range.

    Returns one row per batch size (in the table's order): ``batch_size``, ``iterations``,
    ``epochs`` (timed epochs), ``seconds`` (median seconds per epoch), ``seconds_q1`` and
    ``seconds_q3`` (the 25th and 75th percentiles: half the epochs lie between them),
    ``samples_per_s`` (median of the epochs' throughputs) and ``samples_per_s_q1`` /
    ``samples_per_s_q3``.

    Example:
        >>> seconds = [1.0, 2.0, 3.0, 4.0]
        >>> times = pd.DataFrame({"batch_size": [8] * 4, "iterations": [2] * 4,
        ...                       "seconds": seconds, "samples_per_s": [16 / s for s in seconds]})
        >>> summarize_times(times)[["batch_size", "seconds", "seconds_q1", "seconds_q3"]]
           batch_size  seconds  seconds_q1  seconds_q3
        0           8      2.5        1.75        3.25
    """
    needed = ["batch_size", "iterations", "seconds", "samples_per_s"]
    if not isinstance(times, pd.DataFrame) or any(c not in times.columns for c in needed):
        raise ValueError(
            f"times must be a table from epoch_times with the columns {needed}, "
            f"got {type(times).__name__}"
        )
    if times.empty:
        raise ValueError("times must hold at least one timed epoch, got an empty table")
    rows = []
    for b, group in times.groupby("batch_size", sort=False):
        seconds = group["seconds"].to_numpy(dtype=float)
        speed = group["samples_per_s"].to_numpy(dtype=float)
        rows.append(
            {
                "batch_size": int(b),
                "iterations": int(group["iterations"].iloc[0]),
                "epochs": len(group),
                "seconds": float(np.median(seconds)),
                "seconds_q1": float(np.percentile(seconds, 25)),
                "seconds_q3": float(np.percentile(seconds, 75)),
                "samples_per_s": float(np.median(speed)),
                "samples_per_s_q1": float(np.percentile(speed, 25)),
                "samples_per_s_q3": float(np.percentile(speed, 75)),
            }
        )
    return pd.DataFrame(rows)


def power_of_two_verdict(summary: pd.DataFrame, power: int) -> str:
    """Whether batch size ``power`` beat both neighbours, ``power - 1`` and ``power + 1``,
    in throughput by more than the spread of the timed epochs, as one short sentence.

    ``summary`` is a ``summarize_times`` table holding the three batch sizes. A batch size
    counts as faster than another only when its ``samples_per_s_q1`` is above the other's
    ``samples_per_s_q3`` (the middle halves of the timed epochs do not overlap), and slower
    in the mirror case; otherwise the two are within the spread.

    Example:
        >>> summary = pd.DataFrame({"batch_size": [31, 32, 33],
        ...                         "samples_per_s": [90.0, 120.0, 100.0],
        ...                         "samples_per_s_q1": [85.0, 110.0, 95.0],
        ...                         "samples_per_s_q3": [95.0, 125.0, 112.0]})
        >>> power_of_two_verdict(summary, 32)
        'B=32 vs 31: faster; vs 33: within the spread. Faster than both: no.'
    """
    needed = ["batch_size", "samples_per_s", "samples_per_s_q1", "samples_per_s_q3"]
    if not isinstance(summary, pd.DataFrame) or any(c not in summary for c in needed):
        got = list(summary.columns) if isinstance(summary, pd.DataFrame) else type(summary).__name__
        raise ValueError(
            f"summary must be a table from summarize_times with the columns {needed}, got {got}"
        )
    p = check_int("power", power, minimum=2)
    repeated = summary["batch_size"][summary["batch_size"].duplicated()].tolist()
    if repeated:
        raise ValueError(
            "summary must hold one row per batch size (a table from summarize_times), got "
            f"batch sizes {repeated} more than once"
        )
    speed = summary.set_index("batch_size")
    missing = [b for b in (p - 1, p, p + 1) if b not in speed.index]
    if missing:
        raise ValueError(
            f"summary must time batch sizes {p - 1}, {p} and {p + 1} (power - 1, power and "
            f"power + 1); missing {missing}"
        )
    for column in needed[1:]:
        check_finite_array(
            f"summary's {column} column", speed.loc[[p - 1, p, p + 1], column].to_numpy()
        )
    words = []
    for q in (p - 1, p + 1):
        if speed.loc[p, "samples_per_s_q1"] > speed.loc[q, "samples_per_s_q3"]:
            words.append(f"vs {q}: faster")
        elif speed.loc[p, "samples_per_s_q3"] < speed.loc[q, "samples_per_s_q1"]:
            words.append(f"vs {q}: slower")
        else:
            words.append(f"vs {q}: within the spread")
    both = all(w.endswith("faster") for w in words)
    return f"B={p} {'; '.join(words)}. Faster than both: {'yes' if both else 'no'}."
