"""Checks for lesson 01: iterations per epoch, total updates, the last batch, fractional epochs,
and the updates a learner's own ``model.fit`` made."""

from __future__ import annotations

import math
from typing import Any

from course import iterations
from course.check._core import (
    CheckResult,
    correct,
    is_unanswered,
    judge_number,
    not_answered,
    wrong_form,
)
from course.validation import check_int

__all__ = [
    "epoch_fraction",
    "iterations_per_epoch",
    "last_batch_size",
    "total_iterations",
    "updates_made",
]


def iterations_per_epoch(
    answer: Any, *, num_samples: int, batch_size: int, validation_split: float = 0.0
) -> CheckResult:
    """Check an answer to "how many iterations does one epoch take?".

    Example:
        >>> bool(iterations_per_epoch(4, num_samples=1_000, batch_size=300))
        True
    """
    expected = iterations.iterations_per_epoch(num_samples, batch_size, validation_split)
    n = iterations.training_samples(num_samples, validation_split)
    split = (
        f" (validation_split={validation_split} leaves {n:,} for training)"
        if validation_split
        else ""
    )
    return judge_number(
        answer,
        expected,
        explanation=(
            f"{n:,} samples{split} in batches of {batch_size:,} make {expected:,} "
            "iterations per epoch."
        ),
        hint=(
            "divide the samples by the batch size and round UP: the last, smaller batch "
            "is an iteration too."
            + (" Count only the training samples." if validation_split else "")
        ),
    )


def total_iterations(answer: Any, *, num_samples: int, batch_size: int, epochs: int) -> CheckResult:
    """Check an answer to "how many updates does training make in total?".

    Example:
        >>> bool(total_iterations(50, num_samples=1_000, batch_size=100, epochs=5))
        True
    """
    epochs = check_int("epochs", epochs)
    per_epoch = iterations.iterations_per_epoch(num_samples, batch_size)
    expected = per_epoch * epochs
    return judge_number(
        answer,
        expected,
        explanation=f"{per_epoch:,} iterations per epoch x {epochs} epochs = {expected:,} updates.",
        hint="first find the iterations in one epoch, then multiply by the number of epochs.",
    )


def last_batch_size(answer: Any, *, num_samples: int, batch_size: int) -> CheckResult:
    """Check an answer to "how many samples are in the last batch of an epoch?".

    Example:
        >>> bool(last_batch_size(100, num_samples=1_000, batch_size=300))
        True
    """
    expected = iterations.batch_sizes(num_samples, batch_size)[-1]
    return judge_number(
        answer,
        expected,
        explanation=f"the last batch holds {expected:,} of the {num_samples:,} samples.",
        hint="it is what is left after the full batches: the remainder of the division, "
        "or a full batch when the division is exact.",
    )


def epoch_fraction(
    answer: Any, *, iteration: int, num_samples: int, batch_size: int, validation_split: float = 0.0
) -> CheckResult:
    """Check an answer to "where on the epoch axis is iteration k?" (fractional epochs).

    Example:
        >>> bool(epoch_fraction(1.5, iteration=15, num_samples=1_000, batch_size=100))
        True
    """
    iteration = check_int("iteration", iteration)
    sizes = iterations.batch_sizes(num_samples, batch_size, validation_split)
    full, rest = divmod(iteration, len(sizes))
    expected = full + sum(sizes[:rest]) / sum(sizes)
    return judge_number(
        answer,
        expected,
        tolerance=1e-3,
        explanation=f"after iteration {iteration:,} the model has seen the data "
        f"{expected:.3f} times.",
        hint="count the samples seen so far (whole epochs plus the batches of the current "
        "one) and divide by the number of training samples.",
    )


def _epochs(count: int) -> str:
    """``"1 epoch"``, ``"3 epochs"``."""
    return f"{count} epoch" if count == 1 else f"{count} epochs"


def _fit_record(answer: Any) -> tuple[int, int, int] | None:
    """(updates counted by the optimizer, iterations per epoch, epochs run) of the last fit.

    ``answer`` is a trained Keras model or the History its ``fit`` returned; None when it is
    neither, or was never trained.
    """
    import keras

    try:
        if isinstance(answer, keras.callbacks.History):
            history, model = answer, answer.model
        elif isinstance(answer, keras.Model):
            history, model = getattr(answer, "history", None), answer
        else:
            return None
        steps, updates = int(history.params["steps"]), int(model.optimizer.iterations)
        return (updates, steps, len(history.epoch)) if steps >= 1 else None
    except Exception:  # not compiled, never fitted, a fit of unknown length: no record
        return None


def updates_made(answer: Any, *, target: int, num_samples: int) -> CheckResult:
    """Check a model the learner trained: did its ``model.fit`` make exactly ``target`` updates?

    ``answer`` is the trained model, or the History that ``model.fit`` returned. The updates
    are read from Keras itself (``model.optimizer.iterations``), and must equal the iterations
    per epoch times the epochs of that one fit (a model fitted twice counts on).

    Example:
        >>> import keras, numpy as np
        >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
        >>> model.compile(optimizer="sgd", loss="mse")
        >>> history = model.fit(np.zeros((10, 2)), np.zeros(10), batch_size=4, epochs=2, verbose=0)
        >>> updates_made(history, target=6, num_samples=10)  # doctest: +NORMALIZE_WHITESPACE
        Correct: your model.fit ran 3 iterations per epoch x 2 epochs = 6 updates
        (model.optimizer.iterations), the target.
    """
    target = check_int("target", target)
    num_samples = check_int("num_samples", num_samples)
    hint = (
        f"the updates are ceil(N / batch_size) x epochs, with N = {num_samples:,}. Pick a number "
        f"of epochs that divides {target:,}, then a batch_size that makes {target:,} / epochs "
        "iterations per epoch (the last, smaller batch counts), and fit a freshly built model."
    )
    what = "your trained model (or the History that model.fit returned)"
    if is_unanswered(answer):
        return not_answered(hint, what)
    record = _fit_record(answer)
    if record is None:
        return wrong_form(answer, f"{what}, after model.fit", hint)
    updates, steps, epochs = record
    if updates != steps * epochs:
        return CheckResult(
            False,
            f"The optimizer counted {updates:,} updates, but the last fit ran {steps:,} "
            f"iterations per epoch x {_epochs(epochs)} = {steps * epochs:,}: this model was "
            f"trained more than once (optimizer.iterations keeps counting). Hint: {hint}",
        )
    made = f"your model.fit ran {steps:,} iterations per epoch x {_epochs(epochs)} = {updates:,}"
    made += " updates"
    if updates == target:
        return correct(f"{made} (model.optimizer.iterations), the target.")
    low = math.ceil(num_samples / steps)  # the smallest B with ceil(N / B) <= steps
    if math.ceil(num_samples / low) != steps:
        origin = (
            f"No batch size makes {steps:,} iterations per epoch of {num_samples:,} samples: "
            f"train on the {num_samples:,} samples, without validation_split."
        )
    elif steps == 1:
        origin = f"1 iteration per epoch comes from batch sizes of {num_samples:,} or more."
    else:
        high = math.ceil(num_samples / (steps - 1)) - 1  # the largest B with ceil(N / B) == steps
        sizes = f"batch size {low:,}" if high == low else f"batch sizes {low:,} to {high:,}"
        origin = f"{steps:,} iterations per epoch of {num_samples:,} samples come from {sizes}."
    return CheckResult(
        False,
        f"Not yet: {made}, not {target:,}. {origin} Hint: {hint}",
    )
