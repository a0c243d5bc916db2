"""Exercise checks: a learner's answer in, a friendly right/wrong message with a hint out.

A wrong answer, an answer of the wrong type or no answer yet (``None``) never raises: the
result says what was expected and gives a hint. Only a mistake in the exercise itself (for
example ``batch_size=0`` in the question) raises, naming the argument.

Example:
    >>> check.iterations_per_epoch(10, num_samples=1_000, batch_size=100)
    Correct: 1,000 samples in batches of 100 make 10 iterations per epoch.
    >>> check.iterations_per_epoch(9, num_samples=1_000, batch_size=110)
    Not quite: 9 is not right. Hint: divide the samples by the batch size and round UP: ...
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import Any

from course import iterations
from course.validation import check_positive_int


@dataclass(frozen=True)
class CheckResult:
    """The verdict on one answer. ``bool(result)`` is True when the answer is right."""

    correct: bool
    message: str

    def __bool__(self) -> bool:
        return self.correct

    def __repr__(self) -> str:
        return self.message


def _number(answer: Any) -> float | None:
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        try:
            return float(str(answer).replace(",", "").replace("_", ""))
        except ValueError:
            return None
    return float(answer)


def check_number(
    answer: Any, expected: float, *, explanation: str, hint: str, tolerance: float = 0.0
) -> CheckResult:
    """Compare a numeric answer with ``expected`` (within ``tolerance``), never raising.

    Example:
        >>> check_number(4, 4, explanation="2 + 2 = 4.", hint="Add them.")
        Correct: 2 + 2 = 4.
    """
    if answer is None or answer is Ellipsis:
        return CheckResult(False, f"Not answered yet: replace None with your answer. Hint: {hint}")
    value = _number(answer)
    if value is None:
        return CheckResult(False, f"Your answer should be a number, got {answer!r}. Hint: {hint}")
    if abs(value - expected) <= tolerance:
        return CheckResult(True, f"Correct: {explanation}")
    return CheckResult(False, f"Not quite: {answer!r} is not right. Hint: {hint}")


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
    return check_number(
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
    epochs = check_positive_int("epochs", epochs)
    per_epoch = iterations.iterations_per_epoch(num_samples, batch_size)
    expected = per_epoch * epochs
    return check_number(
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
    return check_number(
        answer,
        expected,
        explanation=f"the last batch holds {expected:,} of the {num_samples:,} samples.",
        hint="it is what is left after the full batches: the remainder of the division, "
        "or a full batch when the division is exact.",
    )


def epoch_fraction(
    answer: Any, *, iteration: int, num_samples: int, batch_size: int
) -> CheckResult:
    """Check an answer to "where on the epoch axis is iteration k?" (fractional epochs).

    Example:
        >>> bool(epoch_fraction(1.5, iteration=15, num_samples=1_000, batch_size=100))
        True
    """
    iteration = check_positive_int("iteration", iteration)
    sizes = iterations.batch_sizes(num_samples, batch_size)
    full, rest = divmod(iteration, len(sizes))
    expected = full + sum(sizes[:rest]) / num_samples
    return check_number(
        answer,
        expected,
        tolerance=1e-3,
        explanation=f"after iteration {iteration:,} the model has seen the data "
        f"{expected:.3g} times.",
        hint="count the samples seen so far (whole epochs plus the batches of the current "
        "one) and divide by the number of samples.",
    )
