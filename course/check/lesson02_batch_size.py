"""Checks for lesson 02: updates per epoch, gradient noise against batch size, linear scaling,
and a training run that must reach a target within a budget of updates."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from course import iterations
from course.check._core import (
    RUN,
    CheckResult,
    correct,
    history_logs,
    is_unanswered,
    judge_number,
    logged_curve,
    wrong_form,
)
from course.validation import check_int, check_number

__all__ = ["noise_ratio", "scaled_learning_rate", "trained_within_budget", "update_ratio"]


def update_ratio(
    answer: Any, *, num_samples: int, batch_size: int, other_batch_size: int
) -> CheckResult:
    """Check "in the same epochs, how many times as many updates does ``batch_size`` make
    as ``other_batch_size``?" (answers within 0.25% count: the last, partial batch matters).

    Example:
        >>> bool(update_ratio(300, num_samples=300, batch_size=1, other_batch_size=300))
        True
    """
    mine = iterations.iterations_per_epoch(num_samples, batch_size)
    check_int("other_batch_size", other_batch_size)  # its error names it, not batch_size
    other = iterations.iterations_per_epoch(num_samples, other_batch_size)
    expected = mine / other
    return judge_number(
        answer,
        expected,
        tolerance=0.0025 * expected,
        explanation=(
            f"an epoch of {num_samples:,} samples is {mine:,} updates with batch size "
            f"{batch_size:,} and {other:,} with batch size {other_batch_size:,}: "
            f"{expected:.4g} times as many, for the same epochs."
        ),
        hint="count the iterations per epoch of each, ceil(N / B), and divide; the number of "
        "epochs cancels out.",
    )


def noise_ratio(
    answer: Any, *, batch_size: int, other_batch_size: int, num_samples: int | None = None
) -> CheckResult:
    """Check "how many times larger is the gradient noise E||g_B - g||^2 at ``batch_size``
    than at ``other_batch_size``?" (within 1%).

    Batches drawn with replacement by default; give ``num_samples`` for batches drawn
    without replacement from that many samples (the finite-population factor).

    Example:
        >>> bool(noise_ratio(4, batch_size=8, other_batch_size=32))
        True
    """
    b = check_int("batch_size", batch_size)
    b2 = check_int("other_batch_size", other_batch_size)
    if num_samples is None:
        expected = b2 / b
        how = "with replacement the noise is sigma^2 / B"
        hint = "the noise is proportional to 1 / B: divide the two 1 / B values."
    else:
        n = check_int("num_samples", num_samples, minimum=2)
        if max(b, b2) >= n:
            raise ValueError(
                f"batch_size and other_batch_size must be < num_samples ({n}) for a ratio "
                f"without replacement; got {b} and {b2}"
            )
        expected = (b2 / b) * ((n - b) / (n - b2))
        how = f"without replacement from {n:,} samples it is sigma^2 / B * (N - B) / (N - 1)"
        hint = (
            "use sigma^2 / B * (N - B) / (N - 1) for each batch size and divide: sigma^2 and "
            "N - 1 cancel."
        )
    return judge_number(
        answer,
        expected,
        tolerance=0.01 * expected,
        explanation=f"{how}, so batch size {b:,} is {expected:.4g} times as noisy as {b2:,}.",
        hint=hint,
    )


def scaled_learning_rate(
    answer: Any, *, base_learning_rate: float, base_batch_size: int, batch_size: int
) -> CheckResult:
    """Check the learning rate the linear scaling rule (lr proportional to B) gives for a new
    batch size (within 1%).

    Example:
        >>> bool(scaled_learning_rate(0.4, base_learning_rate=0.1, base_batch_size=32,
        ...                           batch_size=128))
        True
    """
    base_learning_rate = check_number(
        "base_learning_rate", base_learning_rate, minimum=0, exclusive_minimum=True
    )
    b0 = check_int("base_batch_size", base_batch_size)
    b = check_int("batch_size", batch_size)
    expected = float(base_learning_rate) * b / b0
    return judge_number(
        answer,
        expected,
        tolerance=0.01 * expected,
        explanation=(
            f"batch size {b0:,} -> {b:,} is x{b / b0:.4g}, so the learning rate goes "
            f"{base_learning_rate:g} -> {expected:.4g}."
        ),
        hint="multiply the learning rate by the same factor as the batch size.",
    )


def _updates_made(history: Any) -> int | None:
    """The optimizer's step count of the History's model (every update it ever made), else
    the steps per epoch times the epochs this History ran; None when neither is readable."""
    try:
        count = float(history.model.optimizer.iterations)
        if math.isfinite(count) and count >= 0:
            return int(count)
    except Exception:  # a History without a model, an object that is not one, ...
        pass
    try:
        steps, epochs = int(history.params["steps"]), len(history.epoch)
        return steps * epochs if steps >= 0 else None
    except Exception:
        return None


def trained_within_budget(
    history: Any, *, max_updates: int, target_val_accuracy: float
) -> CheckResult:
    """Check a training run: at most ``max_updates`` updates (optimizer steps) in all, and a
    final validation accuracy of at least ``target_val_accuracy``.

    ``history`` is what ``model.fit(..., validation_data=..., metrics=["accuracy"])`` returns.
    The updates are the model's optimizer step count (so a second ``fit`` of the same model
    counts too); the accuracy is that of the last epoch.

    Example:
        >>> model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.5),
        ...               loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        >>> history = model.fit(x, y, epochs=2, batch_size=100, validation_data=(x, y), verbose=0)
        >>> trained_within_budget(history, max_updates=3, target_val_accuracy=0.0)
        Not quite: the model made 4 updates (2 epochs of 2 iterations), over the budget of 3 ...
    """
    budget = check_int("max_updates", max_updates)
    target = check_number("target_val_accuracy", target_val_accuracy, minimum=0, maximum=1)
    hint = (
        "the updates are ceil(N / batch_size) per epoch times the epochs: a larger batch makes "
        "fewer updates per epoch, so it can afford more epochs; with few updates each one must "
        "count, and the linear scaling rule says a larger batch takes a larger learning rate "
        "(too large and training falls apart)."
    )
    if is_unanswered(history):
        return CheckResult(
            False,
            f"Not answered yet: replace None with {RUN}, history = model.fit(...). Hint: {hint}",
        )
    logs = history_logs(history)
    if not isinstance(logs, Mapping):
        return wrong_form(history, RUN, hint)
    # a list of accuracies from 0 to 1: not booleans, not a generator (perhaps endless)
    values = logged_curve(logs, "val_accuracy")
    accuracy = values[-1] if values else None
    if accuracy is None or not 0.0 <= accuracy <= 1.0:  # NaN fails too
        return wrong_form(
            history,
            "the History of a fit with validation_data=(data.x_val, data.y_val) and "
            "metrics=['accuracy'] in compile (it has no val_accuracy)",
            hint,
        )
    updates = _updates_made(history)
    if updates is None:
        return wrong_form(history, RUN + " (its updates cannot be counted)", hint)
    try:
        epochs = len(history.epoch)
        steps = int(history.params["steps"])
        per_epoch = (
            f" ({epochs} epoch{'' if epochs == 1 else 's'} of {steps:,} "
            f"iteration{'' if steps == 1 else 's'})"
            if epochs * steps == updates
            else " (all fits of this model together)"
        )
    except Exception:
        per_epoch = ""
    made = f"the model made {updates:,} updates{per_epoch}"
    reached = f"validation accuracy {accuracy:.3f}"
    if updates > budget:
        return CheckResult(
            False,
            f"Not quite: {made}, over the budget of {budget:,} ({reached}). Hint: {hint}",
        )
    if accuracy < target:
        return CheckResult(
            False,
            f"Not quite: {made}, within the budget of {budget:,}, but reached {reached}, "
            f"below the target {target:.3f}. Hint: {hint}",
        )
    return correct(
        f"{made}, within the budget of {budget:,}, and reached {reached} (target {target:.3f})."
    )
