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
``"as claimed"``, ``"no evidence of a difference"``, ``"too close to call"``, ``"the opposite"``
or ``"a real difference"`` (the last when the claim expected none). ``decide(outcomes,
depends_on=...)`` turns those words into the claim's verdict, keeping a null result apart: a test
that found no evidence of a difference neither confirms nor refutes a claim.

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
from course.validation import _short, check_choice

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

    ``"as claimed"`` when it shows a real difference in the ``expected`` direction; ``"the
    opposite"`` for a real difference the other way, or ``"a real difference"`` when no
    difference was expected. Otherwise the comparison's own outcome: ``"too close to call"``
    (with a ``band`` above 1) or ``"no evidence of a difference"``, also when no difference
    was expected, since a difference within the spread does not show that there is none.

    Example:
        >>> from course.seeds import compare
        >>> c = compare([1.0, 1.1, 1.2], [1.3, 1.35, 1.4], metric="loss")
        >>> outcome(c, "higher"), outcome(c, "lower"), outcome(c, "no difference")
        ('as claimed', 'the opposite', 'a real difference')
        >>> outcome(compare([1.0, 1.5], [1.5, 2.0], metric="loss"), "no difference")
        'no evidence of a difference'
    """
    expected = check_choice("expected", expected, EXPECTED)
    if not isinstance(comparison, Comparison):
        shows(comparison, expected)  # raises, naming what was given
    if not comparison.real:
        return comparison.outcome
    if expected == "no difference":
        return "a real difference"
    return "as claimed" if shows(comparison, expected) else "the opposite"


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
            f"got {_short(values)}"
        )
    if not isinstance(depends_on, str) or not depends_on.strip():
        raise ValueError(
            "depends_on must be a non-empty string naming what decides, e.g. 'on the learning "
            f"rate', got {_short(depends_on)}"
        )
    if all(values):
        return "true"
    if not any(values):
        return "false"
    return f"depends: {depends_on.strip()}"


SUPPORTS = ("as claimed",)
REFUTES = ("the opposite", "a real difference")
UNDECIDED = ("no evidence of a difference", "too close to call")


def decide(outcomes: Sequence[str], *, depends_on: str) -> str:
    """The verdict on a claim from what each of its tests showed, in ``outcome``'s words.

    ``"as claimed"`` supports the claim; ``"the opposite"`` and ``"a real difference"`` (where
    the claim expected none) refute it; ``"no evidence of a difference"`` and ``"too close to
    call"`` decide nothing. The verdict is ``"true"`` or ``"false"`` when every test supports
    or every test refutes it, ``"depends: <depends_on>"`` when some support and some refute it,
    ``"undecided: <what the tests showed>"`` when none decided, and otherwise a partial verdict
    that says how many tests decided, e.g. ``"partly true: 1 of 2 tests; 1 undecided"``.

    Example:
        >>> decide(["as claimed", "as claimed"], depends_on="on the budget")
        'true'
        >>> decide(["the opposite", "no evidence of a difference"], depends_on="on the budget")
        'partly false: 1 of 2 tests; 1 undecided'
        >>> decide(["as claimed", "the opposite"], depends_on="on the budget")
        'depends: on the budget'
        >>> decide(["too close to call"], depends_on="on the budget")
        'undecided: too close to call'
    """
    if isinstance(outcomes, str | bytes) or not isinstance(outcomes, Sequence):
        raise ValueError(
            "outcomes must be a list of what outcome() returned, one per test, e.g. "
            f"['as claimed', 'the opposite'], got {type(outcomes).__name__}"
        )
    values = list(outcomes)
    known = (*SUPPORTS, *REFUTES, *UNDECIDED)
    if not values or not all(isinstance(v, str) and v in known for v in values):
        raise ValueError(
            f"outcomes must be a non-empty list of {', '.join(repr(k) for k in known)}; "
            f"got {_short(values)}"
        )
    if not isinstance(depends_on, str) or not depends_on.strip():
        raise ValueError(
            "depends_on must be a non-empty string naming what decides, e.g. 'on the learning "
            f"rate', got {_short(depends_on)}"
        )
    support = sum(v in SUPPORTS for v in values)
    refute = sum(v in REFUTES for v in values)
    none, total = len(values) - support - refute, len(values)
    if support and refute:
        return f"depends: {depends_on.strip()}"
    if not support and not refute:
        return "undecided: " + "; ".join(dict.fromkeys(values))
    word, count = ("true", support) if support else ("false", refute)
    return word if not none else f"partly {word}: {count} of {total} tests; {none} undecided"
