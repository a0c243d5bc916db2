"""Checks for lesson 06: when a schedule written in iterations halves the learning rate, how
much state an optimizer keeps, and a run the learner trains to a target within a budget.

The right answers come from Keras itself: ``halved_rate_epoch`` evaluates Keras's own
``ExponentialDecay`` at every step, ``optimizer_state_size`` builds the Keras optimizer on a
variable of the given size and counts its variables.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from course.check._core import (
    RUN,
    CheckResult,
    _number,
    correct,
    history_logs,
    is_unanswered,
    judge_number,
    logged_curve,
    not_answered,
    over_budget,
    wrong,
    wrong_form,
)
from course.history import epochs_to_target
from course.iterations import batch_sizes
from course.validation import check_choice, check_int, check_number

__all__ = ["halved_rate_epoch", "optimizer_state_size", "reached_target_run"]


def halved_rate_epoch(
    answer: Any,
    *,
    num_samples: int,
    batch_size: int,
    decay_steps: int,
    initial_learning_rate: float = 0.1,
) -> CheckResult:
    """Check "in which epoch (1-based) is the first update made at half the learning rate?".

    The schedule is ``keras.optimizers.schedules.ExponentialDecay(initial_learning_rate,
    decay_steps, decay_rate=0.5, staircase=True)``; the model trains on ``num_samples`` samples
    in batches of ``batch_size``. The answer comes from evaluating that Keras schedule at every
    step.

    Example:
        >>> halved_rate_epoch(7, num_samples=1_000, batch_size=64, decay_steps=100)
        Correct: the schedule counts updates: ...
    """
    num_samples = check_int("num_samples", num_samples)
    batch_size = check_int("batch_size", batch_size)
    decay_steps = check_int("decay_steps", decay_steps, maximum=100_000)
    initial = check_number(
        "initial_learning_rate", initial_learning_rate, minimum=0, exclusive_minimum=True
    )
    import keras

    schedule = keras.optimizers.schedules.ExponentialDecay(
        initial, decay_steps=decay_steps, decay_rate=0.5, staircase=True
    )
    rates = keras.ops.convert_to_numpy(schedule(np.arange(decay_steps + 1)))
    step = int(np.argmax(rates < 0.75 * initial))  # 0-based optimizer step: update step + 1
    sizes = batch_sizes(num_samples, batch_size)
    per_epoch = len(sizes)
    epoch = step // per_epoch + 1
    last = f", the last one of {sizes[-1]} samples" if sizes[-1] != batch_size else ", all full"
    hint = (
        "the schedule counts updates (optimizer.iterations), not epochs: the rate halves at "
        "optimizer step decay_steps, i.e. the update number decay_steps + 1. An epoch makes "
        "ceil(samples / batch_size) updates (the last batch may be smaller): in which epoch "
        "does that update fall?"
    )
    explanation = (
        f"the schedule counts updates: the first update at half the rate is number "
        f"{step + 1:,} (optimizer step {step:,}); with {num_samples:,} samples in batches of "
        f"{batch_size} an epoch makes {per_epoch} updates{last}, so update {step + 1:,} falls "
        f"in epoch {epoch} (updates {(epoch - 1) * per_epoch + 1:,} to {epoch * per_epoch:,})."
    )
    value = _number(answer)
    if value is not None and value != int(value):
        return wrong(answer, "answer with a whole epoch number (1-based); " + hint)
    return judge_number(answer, epoch, explanation=explanation, hint=hint)


OPTIMIZERS = (
    "sgd",
    "sgd_momentum",
    "rmsprop",
    "rmsprop_centered",
    "adam",
    "adam_amsgrad",
    "adamw",
)


def _state_size(optimizer: str, num_weights: int) -> int:
    """Numbers in a Keras optimizer's state (slots), built for ``num_weights`` weights; its step
    counter and learning rate are not counted."""
    import keras

    make = {
        "sgd": lambda: keras.optimizers.SGD(),
        "sgd_momentum": lambda: keras.optimizers.SGD(momentum=0.9),
        "rmsprop": lambda: keras.optimizers.RMSprop(),
        "rmsprop_centered": lambda: keras.optimizers.RMSprop(centered=True),
        "adam": lambda: keras.optimizers.Adam(),
        "adam_amsgrad": lambda: keras.optimizers.Adam(amsgrad=True),
        "adamw": lambda: keras.optimizers.AdamW(),
    }[optimizer]()
    weights = keras.Variable(np.zeros(num_weights, "float32"))
    make.build([weights])
    slots = [v for v in make.variables if v.name not in ("iteration", "learning_rate")]
    return sum(int(np.prod(v.shape)) for v in slots)


def optimizer_state_size(answer: Any, *, optimizer: str, num_weights: int) -> CheckResult:
    """Check "how many numbers does this optimizer keep in its state for a model with
    ``num_weights`` weights?" (its step counter and learning rate not counted).

    ``optimizer`` is one of ``"sgd"``, ``"sgd_momentum"`` (momentum=0.9), ``"rmsprop"``,
    ``"rmsprop_centered"`` (centered=True), ``"adam"``, ``"adam_amsgrad"`` (amsgrad=True) and
    ``"adamw"``. The answer comes from building that Keras optimizer and counting its variables.

    Example:
        >>> optimizer_state_size(2_000, optimizer="adam", num_weights=1_000)
        Correct: Adam() keeps 2,000 numbers ...
    """
    optimizer = check_choice("optimizer", optimizer, OPTIMIZERS)
    num_weights = check_int("num_weights", num_weights, maximum=10_000_000)
    size = _state_size(optimizer, num_weights)
    names = {
        "sgd": "SGD()",
        "sgd_momentum": "SGD(momentum=0.9)",
        "rmsprop": "RMSprop()",
        "rmsprop_centered": "RMSprop(centered=True)",
        "adam": "Adam()",
        "adam_amsgrad": "Adam(amsgrad=True)",
        "adamw": "AdamW()",
    }
    per_weight = size // num_weights
    hint = (
        "build the optimizer (optimizer.build(model.trainable_variables), or train one step) and "
        "add up the sizes of optimizer.variables, leaving out its step counter and learning "
        "rate: each slot variable has the shape of the weight it belongs to. The optimizer's "
        "documentation says which running averages it keeps."
    )
    explanation = (
        f"{names[optimizer]} keeps {size:,} numbers for {num_weights:,} weights: "
        f"{per_weight} per weight, besides its step counter and learning rate."
    )
    return judge_number(answer, size, explanation=explanation, hint=hint)


def reached_target_run(history: Any, *, max_epochs: int, target_val_loss: float) -> CheckResult:
    """Check a run the learner trained: at most ``max_epochs`` epochs, and a ``val_loss`` at or
    below ``target_val_loss`` in one of them (no NaN on the way).

    ``history`` is what ``model.fit(..., validation_data=(x_val, y_val))`` returns.

    Example:
        >>> model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.5),
        ...               loss="sparse_categorical_crossentropy")
        >>> history = model.fit(x, y, epochs=2, validation_data=(x, y), verbose=0)
        >>> reached_target_run(history, max_epochs=2, target_val_loss=5.0)
        Correct: val_loss reached ...
    """
    budget = check_int("max_epochs", max_epochs)
    target = check_number("target_val_loss", target_val_loss, minimum=0)
    hint = (
        "the learning rate decides how far each update moves: too small and the loss falls "
        "slowly, too large and it jumps around or blows up (NaN). Try the rates that reached "
        "the target in the fewest epochs in section 1, another optimizer from section 4, or a "
        "schedule; pass validation_data=(data.x_val, data.y_val) and epochs=" + str(budget) + "."
    )
    if is_unanswered(history):
        return not_answered(hint, f"{RUN}, history = model.fit(...)")
    logs = history_logs(history)
    curve = logged_curve(logs, "val_loss") if isinstance(logs, Mapping) else None
    if curve is None:
        return wrong_form(
            history, f"{RUN} with validation_data=(x_val, y_val) (it has no val_loss)", hint
        )
    epochs = len(curve)
    if (verdict := over_budget(epochs, budget, hint)) is not None:
        return verdict
    bad = [k + 1 for k, v in enumerate(curve) if not math.isfinite(v)]
    if bad:
        return CheckResult(
            False,
            f"Not quite: val_loss is not a number from epoch {bad[0]} on: training diverged, "
            f"the learning rate is too large. Hint: {hint}",
        )
    reached = epochs_to_target(curve, target)
    lowest = min(curve)
    best = curve.index(lowest) + 1
    if reached is None:
        trend = (
            "it ended higher than it started: the learning rate is likely too large"
            if curve[-1] > curve[0]
            else "it was still too high at the end: the learning rate is likely too small"
        )
        return CheckResult(
            False,
            f"Not quite: the lowest val_loss was {lowest:.3f} (epoch {best} of {epochs}), above "
            f"the target {target:.3f}; {trend}. Hint: {hint}",
        )
    return correct(
        f"val_loss reached {curve[reached - 1]:.3f} at epoch {reached} of {epochs} (budget "
        f"{budget}), at or below the target {target:.3f}."
    )
