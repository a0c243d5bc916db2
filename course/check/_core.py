"""The core of the exercise checks: the verdict type and the number comparison.

A wrong answer, an answer of the wrong type or no answer yet (``None``) never raises: the
result says what was expected and gives a hint. Only a mistake in the exercise itself (for
example ``batch_size=0`` in the question) raises, naming the argument.

Each lesson's checks live in their own module (``course/check/<topic>.py``) and are
re-exported here, so a notebook writes ``course.check.iterations_per_epoch(answer, ...)``.

Example:
    >>> from course import check
    >>> check.iterations_per_epoch(10, num_samples=1_000, batch_size=100)
    Correct: 1,000 samples in batches of 100 make 10 iterations per epoch.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import Any


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
