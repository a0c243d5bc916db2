"""Test a claim by experiment: what a comparison over seeds shows, and the verdict on the claim.

Lesson 10 puts claims that learners read elsewhere ("larger batches lead to overfitting", "MSE is
insensitive to outliers", ...) to a small experiment each. A claim is decided in two steps, both
computed from the measurements, never typed:

- ``shows(comparison, expected)``: does a ``course.seeds.compare`` result show what the claim
  predicts, the second setting really ``"higher"`` or really ``"lower"`` than the first (by more
  than the seed spread), or ``"no difference"`` (not more than the spread)?
- ``verdict(holds, depends_on=...)``: the claim's verdict over all the tests it predicts:
  ``"true"`` when every test came out as the claim says, ``"false"`` when none did, otherwise
  ``"depends: <on what>"``.

``outcome(comparison, expected)`` says in words what one comparison showed against the claim:
``"as claimed"``, ``"no evidence of a difference"``, ``"the opposite"`` or ``"a real difference"``
(the last when the claim expected none), so that a ``"false"`` says whether the experiment found the
opposite or found nothing.

Example:
    >>> from course.seeds import compare
    >>> small_batch = compare([0.80, 0.82, 0.81], [0.70, 0.71, 0.69], metric="val_accuracy",
    ...                       names=("B=8", "B=64"))
    >>> shows(small_batch, "lower")
    True
    >>> outcome(small_batch, "higher")
    'the opposite'
    >>> verdict([shows(small_batch, "lower"), False], depends_on="on the number of epochs")
    'depends: on the number of epochs'
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from course.seeds import Comparison
from course.validation import check_choice

EXPECTED = ("higher", "lower", "no difference")


def shows(comparison: Comparison, expected: str) -> bool:
    """True when ``comparison`` (a ``course.seeds.compare`` result, a versus b) shows ``expected``.

    ``"higher"``: b is higher than a by more than the seed spread; ``"lower"``: b is lower by
    more than the spread; ``"no difference"``: the means differ by no more than the spread.

    Example:
        >>> from course.seeds import compare
        >>> c = compare([1.0, 1.1, 1.2], [1.3, 1.35, 1.4], metric="loss")
        >>> shows(c, "higher"), shows(c, "lower"), shows(c, "no difference")
        (True, False, False)
    """
    if not isinstance(comparison, Comparison):
        raise ValueError(
            "comparison must be what course.seeds.compare(a, b, metric=...) returns, "
            f"got {type(comparison).__name__}"
        )
    expected = check_choice("expected", expected, EXPECTED)
    if expected == "no difference":
        return not comparison.real
    if expected == "higher":
        return comparison.real and comparison.difference > 0
    return comparison.real and comparison.difference < 0


def outcome(comparison: Comparison, expected: str) -> str:
    """What ``comparison`` showed against the ``expected`` of ``shows``, in words.

    ``"as claimed"`` when it shows ``expected``; otherwise ``"no evidence of a difference"`` (the
    means differ by no more than the spread), ``"the opposite"`` (a real difference the other
    way) or, when no difference was expected, ``"a real difference"``.

    Example:
        >>> from course.seeds import compare
        >>> c = compare([1.0, 1.1, 1.2], [1.3, 1.35, 1.4], metric="loss")
        >>> outcome(c, "higher"), outcome(c, "lower"), outcome(c, "no difference")
        ('as claimed', 'the opposite', 'a real difference')
    """
    if shows(comparison, expected):
        return "as claimed"
    if expected == "no difference":
        return "a real difference"
    return "the opposite" if comparison.real else "no evidence of a difference"


def verdict(holds: Sequence[bool], *, depends_on: str) -> str:
    """The verdict on a claim from the tests it predicts: ``"true"``, ``"false"`` or
    ``"depends: <depends_on>"``.

    ``holds`` has one entry per test, True where the measurement came out as the claim says.
    ``depends_on`` names what decides between the tests (``"on the learning rate"``); it is used
    only when some tests hold and others do not.

    Example:
        >>> verdict([True, True], depends_on="on the batch size")
        'true'
        >>> verdict([False], depends_on="on the batch size")
        'false'
        >>> verdict([True, False], depends_on="on the batch size")
        'depends: on the batch size'
    """
    if isinstance(holds, str | bytes) or not isinstance(holds, Sequence | np.ndarray):
        raise ValueError(
            f"holds must be a list of True/False, one per test, got {type(holds).__name__}"
        )
    values = list(holds)
    if not values or not all(isinstance(v, bool | np.bool_) for v in values):
        raise ValueError(
            "holds must be a non-empty list of True/False, one per test, e.g. [True, False], "
            f"got {str(values)[:60]}"
        )
    if not isinstance(depends_on, str) or not depends_on.strip():
        raise ValueError(
            "depends_on must be a non-empty string naming what decides, e.g. 'on the learning "
            f"rate', got {depends_on!r}"
        )
    if all(values):
        return "true"
    if not any(values):
        return "false"
    return f"depends: {depends_on.strip()}"
