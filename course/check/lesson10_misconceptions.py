"""Checks for lesson 10: how many samples an epoch shows, the accuracy of always answering the
common class, and a line the learner fits to data with outliers.

The right answers are computed from the question: the batches of an epoch from
``course.iterations.batch_sizes`` (Keras's own count, checked in lesson 01), the accuracy by
counting, the distance of a fitted line by evaluating the learner's model on the grid.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from course.check._core import (
    RUN,
    CheckResult,
    _number,
    correct,
    is_unanswered,
    judge_number,
    not_answered,
    over_budget,
    wrong_form,
)
from course.iterations import batch_sizes
from course.validation import check_finite_array, check_int, check_number

__all__ = ["line_fit", "majority_accuracy", "samples_per_epoch"]


def samples_per_epoch(answer: Any, *, num_samples: int, batch_size: int) -> CheckResult:
    """Check "how many samples does one epoch of ``fit`` show the network?" for ``num_samples``
    training samples in batches of ``batch_size``.

    Example:
        >>> samples_per_epoch(1_079, num_samples=1_079, batch_size=32)
        Correct: one epoch shows each of the 1,079 samples once: ...
    """
    num_samples = check_int("num_samples", num_samples)
    batch_size = check_int("batch_size", batch_size)
    sizes = batch_sizes(num_samples, batch_size)
    iterations, last = len(sizes), sizes[-1]
    hint = (
        "what does one epoch mean, counted in samples rather than in batches? Section 2 "
        "counts what happens to the last batch when the batch size does not divide the samples."
    )
    value = _number(answer)
    if value is not None and value == iterations * batch_size and value != num_samples:
        return CheckResult(
            False,
            f"Not quite: {_number_text(value)} is {iterations} iterations x {batch_size}, which "
            f"counts the last batch as full; it holds {last} sample{'s' if last != 1 else ''}. "
            f"Hint: {hint}",
        )
    batches = (
        f"{iterations} batches of {batch_size}"
        if last == batch_size
        else f"{iterations} iterations, {iterations - 1} batches of {batch_size} and a last one "
        f"of {last}"
    )
    explanation = f"one epoch shows each of the {num_samples:,} samples once: {batches}."
    return judge_number(answer, num_samples, explanation=explanation, hint=hint)


def _number_text(value: float) -> str:
    return f"{int(value):,}" if value == int(value) else str(value)


def majority_accuracy(answer: Any, *, majority: int, minority: int) -> CheckResult:
    """Check "what accuracy does always answering the common class get on ``majority`` samples
    of the common class and ``minority`` of the rare one?" (a fraction between 0 and 1).

    Example:
        >>> majority_accuracy(0.95, majority=950, minority=50)
        Correct: always answering the common class is right on its 950 samples ...
    """
    majority = check_int("majority", majority)
    minority = check_int("minority", minority)
    if minority > majority:
        raise ValueError(
            f"minority must be at most majority (the rare class is the smaller one), got "
            f"majority={majority}, minority={minority}"
        )
    total = majority + minority
    expected = majority / total
    hint = (
        "accuracy is the share of right answers over all samples. Which samples does an "
        "answer that never changes get right?"
    )
    value = _number(answer)
    if value is not None and value > 1 and abs(value / 100 - expected) <= 0.0005:
        return CheckResult(
            False,
            f"Almost: {_number_text(value)} is a percentage; give the accuracy as a fraction "
            f"between 0 and 1. Hint: {hint}",
        )
    explanation = (
        f"always answering the common class is right on its {majority:,} samples and wrong on "
        f"the {minority:,} rare ones: {majority:,} / {total:,} = {expected:.3f}, without finding "
        "a single rare sample."
    )
    return judge_number(answer, expected, explanation=explanation, hint=hint, tolerance=0.0005)


def _epochs_run(history: Any) -> int | None:
    """The number of epochs a History records, or None when it is not a History."""
    try:
        epochs = history.epoch
        if isinstance(epochs, str | bytes):
            return None
        return len(list(epochs))
    except Exception:  # a learner's object may raise on any attribute
        return None


def _predictions(history: Any, x_grid: np.ndarray) -> np.ndarray | None:
    """The History's model evaluated on ``x_grid``, one number per point, or None."""
    try:
        import keras

        model = history.model
        values = np.asarray(keras.ops.convert_to_numpy(model(x_grid)), dtype=float)
    except Exception:  # no model, a model for other inputs, ...
        return None
    if values.size != len(x_grid):
        return None
    return values.reshape(-1)


def line_fit(
    history: Any,
    *,
    x_grid: Any,
    slope: float,
    intercept: float,
    max_distance: float,
    max_epochs: int = 10,
) -> CheckResult:
    """Check a line the learner fitted: at most ``max_epochs`` epochs, and on ``x_grid`` the
    model's output is on average at most ``max_distance`` from ``slope * x + intercept``.

    ``history`` is what ``model.fit(...)`` returns; the check evaluates ``history.model``.

    Example:
        >>> line = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
        >>> line.compile(optimizer=keras.optimizers.SGD(0.1), loss="mae")
        >>> xs = np.linspace(-1, 1, 50, dtype="float32")[:, None]
        >>> history = line.fit(xs, 2 * xs + 1, epochs=10, batch_size=5, verbose=0)
        >>> line_fit(history, x_grid=xs, slope=2.0, intercept=1.0, max_distance=0.2)
        Correct: the fitted line is ...
    """
    grid = check_finite_array("x_grid", x_grid).astype("float32")
    if grid.ndim == 1:
        grid = grid[:, None]
    if grid.ndim != 2 or grid.shape[1] != 1 or len(grid) < 2:
        raise ValueError(
            f"x_grid must hold at least 2 values of x, shape (n,) or (n, 1), got shape "
            f"{np.shape(x_grid)}"
        )
    slope = check_number("slope", slope)
    intercept = check_number("intercept", intercept)
    limit = check_number("max_distance", max_distance, minimum=0, exclusive_minimum=True)
    budget = check_int("max_epochs", max_epochs)
    hint = (
        "section 7 measured which of its two losses the outliers pull less. Its learning "
        f"rate and batch size are a good start; at most {budget} epochs."
    )
    if is_unanswered(history):
        return not_answered(hint, f"{RUN}, history = model.fit(...)")
    epochs = _epochs_run(history)
    if not epochs:
        return wrong_form(history, RUN, hint)
    if (verdict := over_budget(epochs, budget, hint)) is not None:
        return verdict
    predicted = _predictions(history, grid)
    if predicted is None:
        return wrong_form(history, f"{RUN} for a model of one input and one output", hint)
    if not np.all(np.isfinite(predicted)):
        return CheckResult(
            False,
            "Not quite: the model's outputs are not all numbers: training diverged (a learning "
            f"rate too large?). Hint: {hint}",
        )
    distance = float(np.mean(np.abs(predicted - (slope * grid[:, 0] + intercept))))
    if distance > limit:
        return CheckResult(
            False,
            f"Not quite: the fitted line is {distance:.3f} from the true line on average, more "
            f"than {limit:.3f}. Hint: {hint}",
        )
    return correct(
        f"the fitted line is {distance:.3f} from the true line y = {slope:g}x + {intercept:g} on "
        f"average (at most {limit:.3f}), after {epochs} epochs (budget {budget})."
    )
