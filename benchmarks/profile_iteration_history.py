"""Where does ``IterationHistory``'s per-batch time go? Microseconds per batch, measured in a fit.

Trains the benchmark's warmed-up digits MLP (``callback_overhead.py``) and reports, per batch:

1. the fit's time per batch (wall and process CPU) bare and with ``IterationHistory()``;
2. the time spent inside ``IterationHistory``'s own ``on_train_batch_end``, wall-clock
   (``perf_counter_ns``) and the main thread's CPU time (``thread_time_ns``, which other
   processes on a busy machine do not inflate);
3. each read the recorder could make, timed alone on the thread's CPU clock right after a step
   in a fit: the loss tracker's ``count``, the optimizer's learning rate or its ``iterations``
   (``float`` of the variable, or ``keras.ops.convert_to_numpy``), a learning-rate schedule
   evaluated at the step, ``float`` of the logged loss, ``time.perf_counter``, a 10-key row;
4. ``cProfile``'s top functions of one fit with the recorder, by cumulative time.

Run::

    python benchmarks/profile_iteration_history.py --batch-size 32
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import time
from collections.abc import Callable

import numpy as np

import course

course.setup(seed=0)

import callback_overhead as bench  # noqa: E402
import keras  # noqa: E402

from course.callbacks import IterationHistory  # noqa: E402


class _Timed(IterationHistory):
    """``IterationHistory`` that keeps the nanoseconds spent in its ``on_train_batch_end``, on
    the wall clock and on the calling thread's CPU clock (which a busy machine does not
    inflate: time the thread waits for a core is not counted)."""

    def __init__(self) -> None:
        super().__init__()
        self.ns: dict[str, list[int]] = {"wall": [], "thread CPU": []}

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        wall, cpu = time.perf_counter_ns(), time.thread_time_ns()
        super().on_train_batch_end(batch, logs)
        self.ns["thread CPU"].append(time.thread_time_ns() - cpu)
        self.ns["wall"].append(time.perf_counter_ns() - wall)


class _Reads(keras.callbacks.Callback):
    """Times each candidate read once per batch, right after the step, on the thread's CPU
    clock (each read alone: their sum is not what the recorder costs)."""

    def __init__(self) -> None:
        super().__init__()
        self.ns: dict[str, list[int]] = {}

    def _time(self, name: str, read: Callable[[], object]) -> None:
        start = time.thread_time_ns()
        read()
        self.ns.setdefault(name, []).append(time.thread_time_ns() - start)

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        model = self.model
        tracker = next(m for m in model.metrics if m.name == "loss")
        optimizer = model.optimizer
        rate = optimizer._learning_rate
        self._time("float(logs['loss']) (already a float)", lambda: float(logs["loss"]))
        self._time("time.perf_counter()", time.perf_counter)
        self._time("float(tracker.count)", lambda: float(tracker.count))
        self._time(
            "convert_to_numpy(tracker.count)", lambda: keras.ops.convert_to_numpy(tracker.count)
        )
        self._time("float(learning-rate variable)", lambda: float(rate))
        self._time(
            "convert_to_numpy(optimizer.learning_rate)",
            lambda: keras.ops.convert_to_numpy(optimizer.learning_rate),
        )
        self._time("float(optimizer.iterations)", lambda: float(optimizer.iterations))
        schedule = keras.optimizers.schedules.ExponentialDecay(0.1, 10, 0.5)
        self._time(
            "a schedule at iterations - 1, to NumPy",
            lambda: keras.ops.convert_to_numpy(schedule(optimizer.iterations - 1)),
        )
        self._time("dict of 10 numbers, appended", lambda: [].append(dict.fromkeys("abcdefghij")))


def per_batch_us(fit: Callable[[], None], steps: int, repeats: int) -> tuple[float, float]:
    """Median wall and CPU microseconds per training batch of ``fit`` over ``repeats`` runs."""
    wall, cpu = [], []
    for _ in range(repeats):
        w0, c0 = time.perf_counter(), time.process_time()
        fit()
        wall.append(time.perf_counter() - w0)
        cpu.append(time.process_time() - c0)
    return float(np.median(wall)) / steps * 1e6, float(np.median(cpu)) / steps * 1e6


def main() -> None:
    """Print the four measurements for one batch size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch-size", type=int, choices=bench.BATCH_SIZES, default=32)
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    data = course.datasets.load_digits(seed=0)
    model = bench.warmed_up_model(data, args.batch_size)
    steps = course.iterations.iterations_per_epoch(len(data.x_train), args.batch_size)

    def fit(callbacks: list) -> None:
        model.fit(
            data.x_train, data.y_train, epochs=1, batch_size=args.batch_size,
            validation_data=(data.x_val, data.y_val), callbacks=callbacks, verbose=0,
        )  # fmt: skip

    for callbacks in ([], [IterationHistory()]):
        fit(callbacks)  # untimed: first-use imports
    print(
        f"batch size {args.batch_size}: {steps} training steps per fit (validation included "
        "in the per-batch time)"
    )
    for name, make in (("bare", list), ("IterationHistory()", lambda: [IterationHistory()])):
        wall, cpu = per_batch_us(lambda make=make: fit(make()), steps, args.repeats)
        print(f"  fit with {name:20s}: {wall:7.1f} us wall, {cpu:7.1f} us CPU per batch")
    timed = _Timed()
    for _ in range(args.repeats):
        fit([timed])
    for clock, ns in timed.ns.items():
        print(
            f"  inside on_train_batch_end, {clock:10s}: median {np.median(ns) / 1e3:6.1f} us, "
            f"mean {np.mean(ns) / 1e3:6.1f} us per batch"
        )
    reads = _Reads()
    for _ in range(args.repeats):
        fit([reads])
    for name, ns in reads.ns.items():
        print(f"    {name:45s} median {np.median(ns) / 1e3:6.1f} us")
    profiler = cProfile.Profile()
    recorder = IterationHistory()
    profiler.enable()
    for _ in range(args.repeats):
        fit([recorder])
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats("callbacks.py|callback_list|python_utils", 8)
    stats.print_callees("callbacks.py.*on_train_batch_end")
    print(out.getvalue())


if __name__ == "__main__":
    main()
