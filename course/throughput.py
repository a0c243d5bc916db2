"""Where the time of a training step goes: arithmetic counted, the machine's limit measured.

A training step costs a fixed amount (launching the step, Python and framework overhead,
callbacks) plus arithmetic that grows with the batch: ``seconds per step = fixed + per_sample
x batch_size``. This module counts the arithmetic of a network of ``Dense`` layers
(``dense_flops``), measures what the machine can do at best (``matmul_rate``: one large matrix
product), times single training steps at a batch size (``time_steps``) and splits step times
into the fixed and the per-sample part (``step_cost``: least squares; ``robust_step_cost``:
medians, which one slow step cannot pull; ``step_costs``: one robust fit per round of
repeats, so that a notebook shows the spread of the fitted costs). ``time_settings`` times whole
epochs of several compiled models in turn, round after round.

Timings vary from run to run; every timing here is repeated, and the repeats are returned so
that a notebook shows their spread. ``course.timing`` times whole epochs across batch sizes.

Example:
    >>> model = course.models.mlp((64,), widths=(32,), num_outputs=10)
    >>> dense_flops(model)                      # 2 x (64 x 32 + 32 x 10) per sample
    4736
    >>> fixed, per_sample = step_cost([8, 16, 32], [0.003, 0.005, 0.009])
    >>> f"{fixed * 1000:.2f} ms + {per_sample * 1e6:.0f} us per sample"
    '1.00 ms + 250 us per sample'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from time import perf_counter
from typing import Any

import keras
import numpy as np
import pandas as pd

from course.validation import (
    _short,
    check_finite_array,
    check_int,
    check_int_list,
    check_same_length,
)


def dense_flops(model: Any) -> int:
    """Floating-point operations of one sample's forward pass through the ``Dense`` layers,
    those of nested models (a pretrained base inside the model) included.

    A ``Dense`` layer with ``n`` inputs and ``m`` units does ``n x m`` multiplications and as
    many additions per sample: ``2 n m`` operations (the bias, the activation and every other
    layer are left out: they are a small part). A training step costs about three times the
    forward pass (the backward pass computes two products per layer), times the batch size.

    Example:
        >>> model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(5),
        ...                           keras.layers.Dense(2)])
        >>> dense_flops(model)                  # 2 x (3 x 5 + 5 x 2)
        50
    """
    if not isinstance(model, keras.Model) or not model.layers:
        raise ValueError(f"model must be a built keras.Model, got {type(model).__name__}")
    kernels = [layer.kernel.shape for layer in _dense_layers(model)]
    if not kernels:
        raise ValueError("model must contain Dense layers (only they are counted), found none")
    return int(sum(2 * int(n) * int(m) for n, m in kernels))


def _dense_layers(model: Any) -> list[Any]:
    """The ``Dense`` layers of ``model``, those of nested models included, in order."""
    found = []
    for layer in model.layers:
        if isinstance(layer, keras.layers.Dense):
            found.append(layer)
        elif isinstance(layer, keras.Model):
            found.extend(_dense_layers(layer))
    return found


def matmul_rate(size: int = 1024, *, repeats: int = 5) -> np.ndarray:
    """The machine's arithmetic speed: FLOP/s of one ``size x size`` float32 matrix product.

    One untimed product first (it allocates and warms up), then ``repeats`` timed products,
    each of ``2 x size**3`` operations, on the Keras backend's default device. Returns one
    FLOP/s value per repeat: the largest is closest to what the machine can do.

    Example:
        >>> rates = matmul_rate(64, repeats=3)
        >>> rates.shape, bool((rates > 0).all())
        ((3,), True)
    """
    size = check_int("size", size, maximum=16_384)
    repeats = check_int("repeats", repeats, maximum=1_000)
    a = keras.ops.convert_to_tensor(np.random.default_rng(0).random((size, size), "float32"))
    keras.ops.convert_to_numpy(keras.ops.matmul(a, a))  # warm-up, untimed
    rates = []
    for _ in range(repeats):
        start = perf_counter()
        keras.ops.convert_to_numpy(keras.ops.matmul(a, a))  # wait until the product is done
        rates.append(2 * size**3 / (perf_counter() - start))
    return np.array(rates)


class _StepClock(keras.callbacks.Callback):
    """The ``time.perf_counter()`` at the end of every training batch, one list per epoch."""

    def __init__(self) -> None:
        super().__init__()
        self.ends: list[list[float]] = []

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        self.ends.append([])

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        self.ends[-1].append(perf_counter())


class _EpochClock(keras.callbacks.Callback):
    """The seconds of the last epoch of ``fit``, from its start to its end."""

    def __init__(self) -> None:
        super().__init__()
        self.seconds, self._start = 0.0, 0.0

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        self._start = perf_counter()

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        self.seconds = perf_counter() - self._start


def time_steps(
    model: keras.Model, x: Any, y: Any, batch_size: int, *, steps: int = 8
) -> np.ndarray:
    """Seconds of each training step of ``model.fit`` at ``batch_size``: ``steps - 1`` repeats.

    ``fit`` runs two epochs of exactly ``steps`` steps on the first ``batch_size x steps``
    samples (the data is repeated when it has fewer). The first epoch is untimed (it builds the
    training function for this batch size); in the second, a step's time is the time between
    the ends of two consecutive batches, so the cost of starting an epoch is left out. With
    ``steps_per_execution=S`` batch callbacks run once per S steps: time whole epochs then
    (``course.timing``). The model must be compiled; it keeps training.

    Example:
        >>> model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
        >>> time_steps(model, x, y, batch_size=16, steps=4).shape
        (3,)
    """
    batch_size = check_int("batch_size", batch_size, maximum=1_000_000)
    steps = check_int("steps", steps, minimum=4, maximum=10_000)
    n = check_same_length(x=x, y=y)
    if n == 0:
        raise ValueError("x and y must hold at least one sample, got empty arrays")
    if not getattr(model, "compiled", False):
        raise ValueError("model must be compiled before timing: call model.compile(...) first")
    take = np.arange(batch_size * steps) % n
    clock = _StepClock()
    model.fit(
        np.asarray(x)[take], np.asarray(y)[take], batch_size=batch_size, epochs=2,
        shuffle=False, verbose=0, callbacks=[clock],
    )  # fmt: skip
    return np.diff(clock.ends[1])


def step_cost(batch_sizes: Sequence[int], seconds: Sequence[float]) -> tuple[float, float]:
    """Split step times into ``(fixed, per_sample)`` seconds: the least-squares line
    ``seconds = fixed + per_sample x batch_size`` through the measurements.

    ``batch_sizes[i]`` is the batch size of the step that took ``seconds[i]``; a batch size may
    appear several times (repeats), but at least two different batch sizes are needed.

    Example:
        >>> fixed, per_sample = step_cost([10, 10, 30], [0.002, 0.004, 0.007])
        >>> round(fixed * 1000, 3), round(per_sample * 1000, 3)
        (1.0, 0.2)
    """
    sizes, times = _sizes_and_times(batch_sizes, seconds)
    per_sample, fixed = np.polyfit(sizes, times, 1)
    return float(fixed), float(per_sample)


def _sizes_and_times(batch_sizes: Sequence[int], seconds: Sequence[float]) -> tuple:
    """``(batch_sizes, seconds)`` as float arrays of equal length, or the error naming which."""
    sizes = check_int_list("batch_sizes", batch_sizes, example="[16, 64, 256]")
    times = check_finite_array("seconds", seconds)
    if times.ndim != 1 or len(times) != len(sizes):
        raise ValueError(
            f"seconds must be a flat list of one time per entry of batch_sizes ({len(sizes)}), "
            f"got shape {times.shape}"
        )
    if len(set(sizes)) < 2:
        raise ValueError(
            f"batch_sizes must hold at least two different batch sizes to fit a line, got {sizes}"
        )
    return np.array(sizes, dtype=float), times.astype(float)


def robust_step_cost(batch_sizes: Sequence[int], seconds: Sequence[float]) -> tuple[float, float]:
    """Split step times into ``(fixed, per_sample)`` seconds, robustly.

    ``per_sample`` is the Theil-Sen slope: the median of the slopes between every two steps
    of different batch sizes. ``fixed`` is read off at the smallest batch size, where it is
    most of a step: the median over those steps of ``seconds - per_sample x batch_size``.
    A few slow steps (the machine busy with something else) move medians little, where they
    pull a least-squares line (``step_cost``) towards them; and reading the fixed cost next
    to batch size 0 extrapolates the line least.

    Example:
        >>> sizes = [8, 8, 64, 64, 256, 256]
        >>> ms = [1.08, 1.08, 1.64, 85.0, 3.56, 3.56]        # 1 ms + 0.01 ms per sample
        >>> fixed, per_sample = robust_step_cost(sizes, ms)  # and one slow step
        >>> round(fixed, 6), round(per_sample, 6)
        (1.0, 0.01)
    """
    sizes, times = _sizes_and_times(batch_sizes, seconds)
    i, j = np.triu_indices(len(sizes), k=1)
    apart = sizes[i] != sizes[j]
    slopes = (times[j] - times[i])[apart] / (sizes[j] - sizes[i])[apart]
    per_sample = float(np.median(slopes))
    smallest = sizes == sizes.min()
    return float(np.median(times[smallest] - per_sample * sizes[smallest])), per_sample


def step_costs(steps: pd.DataFrame, by: str = "model") -> pd.DataFrame:
    """The robust fixed and per-sample cost of every group of timed steps, with its spread.

    ``steps`` holds one row per timed step: the column ``by`` (e.g. the model), ``round`` (one
    visit of every batch size), ``batch_size`` and ``seconds``. ``robust_step_cost`` is fitted
    to each round of a group alone; ``fixed_ms`` and ``per_sample_us`` are the medians of the
    rounds' fits, ``*_low`` and ``*_high`` the lowest and highest. ``smallest_batch_ms`` and
    ``largest_batch_ms`` are the median steps at the group's smallest and largest batch size.

    Example:
        >>> steps = pd.DataFrame({"model": "m", "round": [1, 1, 2, 2],
        ...                       "batch_size": [10, 30, 10, 30],
        ...                       "seconds": [0.002, 0.006, 0.003, 0.005]})
        >>> costs = step_costs(steps)  # slopes 0.2 and 0.1 ms per sample in the rounds
        >>> costs.loc["m", ["fixed_ms", "fixed_ms_low", "fixed_ms_high"]].round(3).tolist()
        [1.0, 0.0, 2.0]
        >>> costs.loc["m", ["per_sample_us", "smallest_batch_ms"]].round(3).tolist()
        [150.0, 2.5]
    """
    if not isinstance(by, str) or not by:
        raise ValueError(
            f"by must be the name of the column that groups the steps, such as 'model', "
            f"got {_short(by)}"
        )
    needed = [by, "round", "batch_size", "seconds"]
    if not isinstance(steps, pd.DataFrame) or any(c not in steps.columns for c in needed):
        got = list(steps.columns) if isinstance(steps, pd.DataFrame) else type(steps).__name__
        raise ValueError(
            f"steps must be a table of timed steps with the columns {needed}, got {got}"
        )
    if steps.empty:
        raise ValueError("steps must hold at least one timed step, got an empty table")
    rows = []
    for name, group in steps.groupby(by, sort=False):
        fits = [
            robust_step_cost(r["batch_size"].tolist(), r["seconds"])
            for _, r in group.groupby("round", sort=False)
        ]
        fixed, per_sample = np.array(fits).T
        sizes = group["batch_size"]
        smallest = group[sizes == sizes.min()]["seconds"]
        largest = group[sizes == sizes.max()]["seconds"]
        rows.append(
            {
                by: name,
                "fixed_ms": 1e3 * float(np.median(fixed)),
                "fixed_ms_low": 1e3 * fixed.min(),
                "fixed_ms_high": 1e3 * fixed.max(),
                "per_sample_us": 1e6 * float(np.median(per_sample)),
                "per_sample_us_low": 1e6 * per_sample.min(),
                "per_sample_us_high": 1e6 * per_sample.max(),
                "smallest_batch_ms": 1e3 * float(np.median(smallest)),
                "largest_batch_ms": 1e3 * float(np.median(largest)),
            }
        )
    return pd.DataFrame(rows).set_index(by)


def time_settings(
    models: Mapping[str, keras.Model],
    x: Any,
    y: Any,
    *,
    batch_size: int,
    rounds: int = 5,
) -> pd.DataFrame:
    """Seconds of one epoch of ``fit`` for each compiled model, the models in turn, ``rounds``
    times: one row per timed epoch (``setting``, ``round``, ``seconds``, ``samples_per_s``).

    Each model first fits one untimed epoch (it builds its training function). Every second
    round visits the models in reverse order, so that a slow spell of the machine or a drift
    does not always fall on the same setting. The models keep training: this measures speed.

    Example:
        >>> other = keras.models.clone_model(model)
        >>> other.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
        >>> model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
        >>> t = time_settings({"a": model, "b": other}, x, y, batch_size=16, rounds=2)
        >>> t.groupby("setting").size().to_dict()
        {'a': 2, 'b': 2}
    """
    if not isinstance(models, Mapping) or not models:
        raise ValueError(
            "models must be a dict of setting names to compiled keras models, e.g. "
            f"{{'plain': model}}, got {_short(models)}"
        )
    for name, model in models.items():
        if not isinstance(model, keras.Model) or not getattr(model, "compiled", False):
            raise ValueError(
                f"models must hold compiled keras models; {_short(name)} is {type(model).__name__}"
                ", not compiled (call model.compile(...) first)"
            )
    batch_size = check_int("batch_size", batch_size, maximum=1_000_000)
    rounds = check_int("rounds", rounds, maximum=100)
    n = check_same_length(x=x, y=y)
    if n == 0:
        raise ValueError("x and y must hold at least one sample, got empty arrays")
    for model in models.values():  # untimed: trace the training function
        model.fit(x, y, batch_size=batch_size, epochs=1, verbose=0)
    rows, names = [], list(models)
    for r in range(rounds):
        for name in names[::-1] if r % 2 else names:
            clock = _EpochClock()  # the epoch alone, not fit's set-up
            models[name].fit(x, y, batch_size=batch_size, epochs=1, verbose=0, callbacks=[clock])
            seconds = clock.seconds
            rows.append(
                {"setting": name, "round": r + 1, "seconds": seconds, "samples_per_s": n / seconds}
            )
    return pd.DataFrame(rows)
