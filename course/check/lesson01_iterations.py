"""Checks for lesson 01: iterations per epoch, total updates, the last batch, fractional epochs."""

from __future__ import annotations

from typing import Any

from course import iterations
from course.check._core import CheckResult, judge_number
from course.validation import check_int

__all__ = ["epoch_fraction", "iterations_per_epoch", "last_batch_size", "total_iterations"]


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
        f"{expected:.3g} times.",
        hint="count the samples seen so far (whole epochs plus the batches of the current "
        "one) and divide by the number of training samples.",
    )
