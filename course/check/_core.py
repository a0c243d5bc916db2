"""The core of the exercise checks: the verdict type and the number comparison.

A wrong answer, an answer of the wrong type or no answer yet (``None``) never raises: the
result says what was expected and gives a hint. Only a mistake in the exercise itself (for
example ``batch_size=0`` in the question) raises, naming the argument.

Each lesson's checks live in their own module (``course/check/lessonNN_<topic>.py``) and are
re-exported by ``course.check``, so a notebook writes ``course.check.iterations_per_epoch(answer,
...)``. The shared verdicts are written once, here: ``correct``, ``wrong``, ``wrong_form``,
``half_right`` and ``not_answered``; a check adds only what is its own (for example how far
two weight lists differ).

Example:
    >>> from course import check
    >>> check.iterations_per_epoch(10, num_samples=1_000, batch_size=100)
    Correct: 1,000 samples in batches of 100 make 10 iterations per epoch.
"""

from __future__ import annotations

import itertools
import math
import numbers
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from course.text import wrap

RUN = "the History that model.fit(...) returns"  # what a training exercise asks the learner for


@dataclass(frozen=True)
class CheckResult:
    """The verdict on one answer. ``bool(result)`` is True when the answer is right."""

    correct: bool
    message: str

    def __bool__(self) -> bool:
        return self.correct

    def __repr__(self) -> str:
        return self.message

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """What a notebook shows (IPython's text display): the message wrapped to fit the
        page (``course.text.wrap``)."""
        printer.text(wrap(self.message))


def _short(answer: Any) -> str:
    """``repr(answer)``, cut to a readable length (a learner may pass a whole array)."""
    try:
        text = repr(answer)
    except Exception:  # an object whose repr is broken is still an answer to judge
        text = f"<{type(answer).__name__} object>"
    return text if len(text) <= 60 else text[:57] + "..."


def is_unanswered(answer: Any) -> bool:
    """True for the placeholders a lesson leaves for the learner: ``None`` and ``...``.

    Example:
        >>> is_unanswered(None), is_unanswered(...), is_unanswered(0)
        (True, True, False)
    """
    return answer is None or answer is Ellipsis


def not_answered(hint: str, what: str = "your answer") -> CheckResult:
    """The verdict for an exercise not answered yet.

    Example:
        >>> not_answered("Add them.")
        Not answered yet: replace None with your answer. Hint: Add them.
    """
    return CheckResult(False, f"Not answered yet: replace None with {what}. Hint: {hint}")


def wrong(answer: Any, hint: str) -> CheckResult:
    """The verdict for a well-formed but wrong answer.

    Example:
        >>> wrong(5, "Add them.")
        Not quite: 5 is not right. Hint: Add them.
    """
    return CheckResult(False, f"Not quite: {_short(answer)} is not right. Hint: {hint}")


def wrong_form(answer: Any, expected: str, hint: str) -> CheckResult:
    """The verdict for an answer of the wrong form (a string where a number is meant, ...).

    Example:
        >>> wrong_form("four", "a number", "Add them.")
        Your answer should be a number, got 'four'. Hint: Add them.
    """
    return CheckResult(
        False, f"Your answer should be {expected}, got {_short(answer)}. Hint: {hint}"
    )


def half_right(right: str, wrong_part: str, hint: str) -> CheckResult:
    """The verdict for an answer of two parts with one part right.

    Example:
        >>> half_right("the stop epoch 5", "the kept epoch", "Count again.")
        Half right: the stop epoch 5 is right, the kept epoch is not. Hint: Count again.
    """
    return CheckResult(False, f"Half right: {right} is right, {wrong_part} is not. Hint: {hint}")


def correct(explanation: str) -> CheckResult:
    """The verdict for a right answer.

    Example:
        >>> correct("2 + 2 = 4.")
        Correct: 2 + 2 = 4.
    """
    return CheckResult(True, f"Correct: {explanation}")


_THOUSANDS = re.compile(r"[+-]?\d{1,3}([,_]\d{3})+(\.\d*)?")


def _number(answer: Any) -> float | None:
    if isinstance(answer, bool):
        return None
    try:
        if isinstance(answer, numbers.Real):
            value = float(answer)
        else:
            text = str(answer).strip()
            if _THOUSANDS.fullmatch(text):  # "1,079" and "60_000" as written; not "1,0"
                text = text.replace(",", "").replace("_", "")
            value = float(text)
    except Exception:  # any answer at all: too large, a broken __str__, ...
        return None
    return value if math.isfinite(value) else None


def judge_number(
    answer: Any, expected: float, *, explanation: str, hint: str, tolerance: float = 0.0
) -> CheckResult:
    """Compare a numeric answer with ``expected`` (within ``tolerance``), never raising.

    Example:
        >>> judge_number(4, 4, explanation="2 + 2 = 4.", hint="Add them.")
        Correct: 2 + 2 = 4.
    """
    if is_unanswered(answer):
        return not_answered(hint)
    value = _number(answer)
    if value is None:
        return wrong_form(answer, "a number", hint)
    if abs(value - expected) <= tolerance:
        return correct(explanation)
    return wrong(answer, hint)


MAX_LOGGED_EPOCHS = 10**6  # more epochs than any History a lesson's run can log


def _in_range(key: str, value: float) -> bool:
    """Whether a logged value can be what Keras logs for ``key`` (NaN can: a diverged run)."""
    if math.isnan(value):
        return True
    if "accuracy" in key:  # accuracy, val_accuracy, sparse_categorical_accuracy, ...
        return 0.0 <= value <= 1.0
    if key.endswith("loss"):  # the lessons' losses (cross-entropy, squared error) are >= 0
        return value >= 0.0
    return True


def logged_curve(logs: Mapping, key: str) -> list[float] | None:
    """``logs[key]`` as a non-empty list of floats (NaN kept), or None; never raises.

    Only what ``History.history`` can hold counts: a list (or array) of numbers, not booleans,
    with accuracies from 0 to 1 and losses >= 0. A generator, an endless one included, is
    never read, nor more than ``MAX_LOGGED_EPOCHS`` values.

    Example:
        >>> logged_curve({"val_loss": [0.5, float("nan")]}, "val_loss")
        [0.5, nan]
        >>> logged_curve({"loss": [0.5]}, "val_loss") is None
        True
        >>> logged_curve({"val_accuracy": [5.0]}, "val_accuracy") is None  # not an accuracy
        True
        >>> logged_curve({"val_accuracy": [True]}, "val_accuracy") is None
        True
    """
    try:
        values = logs[key]
        if isinstance(values, str | bytes) or not isinstance(values, Sequence | np.ndarray):
            return None  # a generator (perhaps endless), a number, a set, ...
        if not 0 < len(values) <= MAX_LOGGED_EPOCHS:
            return None
        curve = []
        for value in itertools.islice(values, MAX_LOGGED_EPOCHS):
            if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
                return None
            curve.append(float(value))
    except Exception:  # no such metric, a __len__ or __getitem__ that raises, ...
        return None
    if not curve or not all(_in_range(key, v) for v in curve):
        return None
    return curve


def history_logs(history: Any) -> Mapping | None:
    """The per-epoch logs of a ``History`` (``history.history``), or None; never raises.

    Example:
        >>> class Run:
        ...     history = {"val_loss": [0.5, 0.4]}
        >>> history_logs(Run())
        {'val_loss': [0.5, 0.4]}
        >>> history_logs({"val_loss": [0.5]}) is None  # a dict is not a History
        True
    """
    try:  # a learner's object may raise on any attribute
        logs = None if isinstance(history, Mapping) else getattr(history, "history", None)
    except Exception:
        return None
    return logs if isinstance(logs, Mapping) else None


def over_budget(epochs: int, budget: int, hint: str) -> CheckResult | None:
    """The verdict on a run of more epochs than the exercise's budget, or None when within it.

    Example:
        >>> over_budget(12, 10, "use epochs=10.")
        Not quite: training ran 12 epochs, more than the budget of 10. Hint: use epochs=10.
        >>> over_budget(10, 10, "use epochs=10.") is None
        True
    """
    if epochs <= budget:
        return None
    return CheckResult(
        False,
        f"Not quite: training ran {epochs} epochs, more than the budget of {budget}. Hint: {hint}",
    )
