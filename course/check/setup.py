"""Checks for lesson 00: the backend, and whether two seeded runs are identical."""

from __future__ import annotations

from typing import Any

from course.check._core import CheckResult

__all__ = ["backend", "identical_weights"]


def backend(answer: Any) -> CheckResult:
    """Check an answer to "which backend is Keras running on?".

    Example:
        >>> bool(backend("tensorflow"))      # doctest: +SKIP
        True
    """
    import keras

    expected = keras.backend.backend()
    hint = "ask Keras: keras.backend.backend() returns the name as a string."
    if answer is None:
        return CheckResult(False, f"Not answered yet: replace None with your answer. Hint: {hint}")
    if str(answer).strip().lower() == expected:
        return CheckResult(True, f"Correct: Keras runs on {expected} here.")
    return CheckResult(False, f"Not quite: {answer!r} is not right. Hint: {hint}")


def identical_weights(first: Any, second: Any) -> CheckResult:
    """Check that two lists of weights (``model.get_weights()``) are bit-for-bit identical.

    Example:
        >>> bool(identical_weights([np.zeros(2)], [np.zeros(2)]))    # doctest: +SKIP
        True
    """
    import numpy as np

    hint = (
        "call keras.utils.set_random_seed(...) with the same seed right before building "
        "EACH model, then train both the same way; pass model.get_weights() of each."
    )
    if first is None or second is None:
        return CheckResult(False, f"Not answered yet: fill in both weight lists. Hint: {hint}")
    try:
        a = [np.asarray(w) for w in first]
        b = [np.asarray(w) for w in second]
    except TypeError:
        return CheckResult(False, f"Pass two lists of arrays (model.get_weights()). Hint: {hint}")
    if len(a) != len(b) or any(x.shape != y.shape for x, y in zip(a, b, strict=False)):
        return CheckResult(False, f"The two models have different shapes of weights. Hint: {hint}")
    diff = max(float(np.max(np.abs(x - y))) if x.size else 0.0 for x, y in zip(a, b, strict=True))
    if diff == 0.0:
        return CheckResult(True, "Correct: the two runs ended with bit-identical weights.")
    return CheckResult(False, f"The weights differ (largest difference {diff:.3g}). Hint: {hint}")
