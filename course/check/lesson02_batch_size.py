"""Checks for lesson 02: updates per epoch, gradient noise against batch size, linear scaling."""

from __future__ import annotations

from typing import Any

from course import iterations
from course.check._core import CheckResult, judge_number
from course.validation import check_int, check_number

__all__ = ["noise_ratio", "scaled_learning_rate", "update_ratio"]


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
