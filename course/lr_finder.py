"""A learning-rate range test ("LR finder"): one short run, the learning rate growing per iteration.

The range test of Leslie Smith (*Cyclical Learning Rates for Training Neural Networks*, WACV
2017) raises the learning rate linearly during a short run. This module implements the variant of
fastai's ``lr_find`` (Howard and Gugger, *Information* 2020): the rate rises exponentially from
``start`` to ``stop``, the batch losses are smoothed, and a suggestion is read as the steepest
fall or as the rate of the lowest loss divided by 10. At first the rate is too small to move
the loss, then the loss falls, and past some rate it blows up. ``LearningRateRangeTest`` is a
Keras callback that sets the rate before every batch (``optimizer.learning_rate = ...``, as
Keras's own ``LearningRateScheduler`` does once per epoch), records the loss of that batch alone
and the learning rate the optimizer held for it (it is a ``course.callbacks.IterationHistory``),
and stops training after ``num_steps`` iterations or as soon as the loss diverges.
``suggest_learning_rate`` turns the recorded curve into one learning rate.

The run changes the model's weights: train a fresh model with the rate you pick.

Example:
    >>> finder = LearningRateRangeTest(start=1e-3, stop=1.0, num_steps=12)
    >>> _ = model.fit(x, y, epochs=3, batch_size=32, callbacks=[finder], verbose=0)
    >>> len(finder.results), finder.stopped_by          # 200 samples: 7 iterations per epoch
    (12, 'num_steps')
    >>> finder.results["learning_rate"].iloc[[0, -1]].round(4).tolist()
    [0.001, 1.0]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import keras
import numpy as np
import pandas as pd

from course.callbacks import IterationHistory
from course.validation import _short, check_choice, check_fraction, check_int, check_number

METHODS = ("steepest", "minimum")


def _smooth(losses: np.ndarray, smoothing: float) -> np.ndarray:
    """Exponential moving average of ``losses`` with bias correction (as in the fastai finder).

    ``smoothing=0`` returns the losses unchanged.

    Example:
        >>> _smooth(np.array([1.0, 0.0, 0.0]), 0.5).round(4).tolist()
        [1.0, 0.3333, 0.1429]
    """
    out, average = np.empty(len(losses)), 0.0
    for k, loss in enumerate(losses):
        average = smoothing * average + (1 - smoothing) * loss
        out[k] = average / (1 - smoothing ** (k + 1))
    return out


class LearningRateRangeTest(IterationHistory):
    """Raise the learning rate exponentially per iteration, from ``start`` to ``stop``.

    Iteration k (0-based) trains with ``start * (stop / start) ** (k / (num_steps - 1))``:
    the first batch with ``start``, batch ``num_steps`` with ``stop``, each rate a constant
    factor above the one before. Training stops after ``num_steps`` iterations (give ``fit``
    enough epochs: at least ``num_steps`` / iterations per epoch), or earlier when the loss
    diverges: a non-finite batch loss, or a smoothed loss above ``diverge_factor`` times the
    lowest smoothed loss so far. ``stopped_by`` says which (``"num_steps"``, ``"diverged"``,
    or ``None`` when ``fit`` ran out of epochs first).

    ``results`` has one row per iteration: ``iteration``, ``learning_rate`` (read back from the
    optimizer after the update), ``loss`` (that batch alone) and ``smoothed_loss``; the
    ``batches`` and ``epochs`` tables of ``IterationHistory`` are there too.

    The optimizer must have a plain learning rate (not a ``LearningRateSchedule``), and
    ``steps_per_execution`` must be 1: both are checked when training begins, before any
    update.

    Example:
        >>> finder = LearningRateRangeTest(start=0.01, stop=100.0, num_steps=60)
        >>> _ = model.fit(x, y, epochs=10, batch_size=20, callbacks=[finder], verbose=0)
        >>> finder.stopped_by, len(finder.results) < 60      # a rate of 100 makes SGD blow up
        ('diverged', True)
    """

    def __init__(
        self,
        start: float = 1e-4,
        stop: float = 10.0,
        num_steps: int = 100,
        *,
        diverge_factor: float = 4.0,
        smoothing: float = 0.9,
    ) -> None:
        super().__init__()
        self.start = check_number("start", start, minimum=0, exclusive_minimum=True)
        self.stop = check_number("stop", stop, minimum=0, exclusive_minimum=True)
        if self.stop <= self.start:
            raise ValueError(
                f"stop must be a learning rate larger than start ({self.start:g}), got "
                f"{_short(stop)}"
            )
        self.num_steps = check_int("num_steps", num_steps, minimum=2)
        self.diverge_factor = check_number(
            "diverge_factor", diverge_factor, minimum=1, exclusive_minimum=True
        )
        self.smoothing = check_fraction("smoothing", smoothing)
        self.stopped_by: str | None = None

    def learning_rate_at(self, step: int) -> float:
        """The learning rate of 0-based iteration ``step``.

        Example:
            >>> finder = LearningRateRangeTest(start=0.001, stop=1.0, num_steps=4)
            >>> [round(finder.learning_rate_at(k), 6) for k in range(4)]
            [0.001, 0.01, 0.1, 1.0]
        """
        step = check_int("step", step, minimum=0)
        exponent = step / (self.num_steps - 1)
        return float(self.start * (self.stop / self.start) ** exponent)

    def on_train_begin(self, logs: dict | None = None) -> None:
        optimizer = getattr(self.model, "optimizer", None)
        optimizer = getattr(optimizer, "inner_optimizer", optimizer)  # mixed precision
        if isinstance(
            getattr(optimizer, "_learning_rate", None),
            keras.optimizers.schedules.LearningRateSchedule,
        ):
            raise ValueError(
                "the model's optimizer must have a plain learning rate for the range test to "
                "set, such as keras.optimizers.SGD(learning_rate=0.01); got the schedule "
                f"{type(optimizer._learning_rate).__name__}"
            )
        per_execution = int(getattr(self.model, "steps_per_execution", 1) or 1)
        if per_execution != 1:
            raise ValueError(
                "steps_per_execution must be 1 for the range test (the learning rate changes "
                f"every batch), got model.compile(steps_per_execution={per_execution})"
            )
        super().on_train_begin(logs)
        self.stopped_by = None

    def on_train_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        self._optimizer.learning_rate = self.learning_rate_at(len(self._batch_rows))

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        super().on_train_batch_end(batch, logs)
        losses = np.array([row["loss"] for row in self._batch_rows])
        smoothed = _smooth(losses, self.smoothing)  # every loss so far is finite
        lowest_before = smoothed[:-1].min() if len(smoothed) > 1 else math.inf
        if not math.isfinite(losses[-1]) or smoothed[-1] > self.diverge_factor * lowest_before:
            self.stopped_by = "diverged"
        elif len(losses) >= self.num_steps:
            self.stopped_by = "num_steps"
        if self.stopped_by is not None:
            self.model.stop_training = True

    @property
    def results(self) -> pd.DataFrame:
        """One row per iteration; columns iteration, learning_rate, loss, smoothed_loss."""
        frame = self.batches[["iteration", "learning_rate", "loss"]].reset_index(drop=True)
        frame["smoothed_loss"] = _smooth(frame["loss"].to_numpy(dtype=float), self.smoothing)
        return frame

    def suggestion(self, method: str = "steepest") -> float:
        """The learning rate ``suggest_learning_rate`` picks from this run's curve.

        Example:
            >>> finder = LearningRateRangeTest(start=1e-3, stop=1.0, num_steps=20)
            >>> _ = model.fit(x, y, epochs=3, batch_size=32, callbacks=[finder], verbose=0)
            >>> 1e-3 <= finder.suggestion() <= 1.0
            True
        """
        results = self.results
        return suggest_learning_rate(
            results["learning_rate"], results["loss"], method=method, smoothing=self.smoothing
        )


def _rates_and_losses(learning_rates: Any, losses: Any) -> tuple[np.ndarray, np.ndarray]:
    """The two curves as float arrays, checked: same length, rates positive and increasing."""
    arrays = []
    for name, values in (("learning_rates", learning_rates), ("losses", losses)):
        try:
            array = np.asarray(values, dtype=float)
        except Exception as err:  # not numbers, ragged, or an object whose attributes raise
            raise ValueError(
                f"{name} must be a list of numbers, one per iteration, got {_short(values)}"
            ) from err
        if isinstance(values, str | bytes) or array.ndim != 1:
            raise ValueError(
                f"{name} must be a flat list of numbers, one per iteration, got {_short(values)}"
            )
        arrays.append(array)
    rates, loss = arrays
    if len(rates) != len(loss):
        raise ValueError(
            "learning_rates and losses must have the same length (one of each per iteration), "
            f"got {len(rates)} and {len(loss)}"
        )
    if not (np.all(np.isfinite(rates)) and np.all(rates > 0) and np.all(np.diff(rates) > 0)):
        raise ValueError(
            "learning_rates must be finite, positive and increasing (one per iteration of a "
            f"range test), got {rates.tolist()!r:.80}"
        )
    return rates, loss


def suggest_learning_rate(
    learning_rates: Sequence[float],
    losses: Sequence[float],
    *,
    method: str = "steepest",
    smoothing: float = 0.9,
) -> float:
    """One learning rate from a range test's curve of loss against learning rate.

    The losses are smoothed first (an exponential moving average, ``smoothing`` as in
    ``LearningRateRangeTest``), and the curve ends at its first non-finite loss (divergence).

    - ``method="steepest"``: the rate where the smoothed loss falls fastest against the
      logarithm of the rate, looked for up to the lowest smoothed loss;
    - ``method="minimum"``: the rate of the lowest smoothed loss, divided by 10 (the lowest
      point is already close to blowing up).

    Example:
        >>> rates = [0.001, 0.01, 0.1, 1.0, 10.0, 100.0]
        >>> losses = [2.3, 2.0, 1.0, 0.9, 0.85, 9.0]
        >>> suggest_learning_rate(rates, losses, smoothing=0.0)
        0.01
        >>> suggest_learning_rate(rates, losses, method="minimum", smoothing=0.0)
        1.0
    """
    rates, loss = _rates_and_losses(learning_rates, losses)
    check_choice("method", method, METHODS)
    smoothing = check_fraction("smoothing", smoothing)
    finite = np.isfinite(loss)
    end = len(loss) if finite.all() else int(np.argmin(finite))
    if end < 3:
        raise ValueError(
            "losses must hold at least 3 finite values before the first NaN or infinity (the "
            f"curve of a range test that ran at least 3 iterations), got {end}"
        )
    rates, smoothed = rates[:end], _smooth(loss[:end], smoothing)
    lowest = int(np.argmin(smoothed))
    if method == "minimum":
        return float(rates[lowest] / 10)
    slope = np.gradient(smoothed, np.log(rates))
    return float(rates[int(np.argmin(slope[: lowest + 1]))])


def nearest_rate(rate: float, grid: Sequence[float]) -> float:
    """The rate of ``grid`` nearest to ``rate`` on a log scale (the smaller one on a tie).

    Example:
        >>> nearest_rate(0.17, [0.01, 0.1, 0.3, 1.0])  # 1.7 times 0.1, 0.3 is 1.76 times 0.17
        0.1
        >>> nearest_rate(0.2, [0.01, 0.1, 0.3, 1.0])
        0.3
    """
    rate = check_number("rate", rate, minimum=0, exclusive_minimum=True)
    rates = _positive_grid(grid)
    return float(min(rates, key=lambda g: (abs(math.log(g / rate)), g)))


def _positive_grid(grid: Any) -> list[float]:
    """``grid`` as a non-empty list of positive finite rates, checked."""
    scalar = isinstance(grid, np.ndarray) and grid.ndim == 0
    if isinstance(grid, str | bytes) or not isinstance(grid, Sequence | np.ndarray) or scalar:
        raise ValueError(f"grid must be a list of learning rates, got {_short(grid)}")
    rates = [check_number("a rate of grid", g, minimum=0, exclusive_minimum=True) for g in grid]
    if not rates:
        raise ValueError("grid must hold at least one learning rate, got an empty list")
    return rates
