"""Checks for lesson 00: the backend, and whether two seeded runs are identical."""

from __future__ import annotations

from typing import Any

import numpy as np

from course.check._core import CheckResult, correct, is_unanswered, not_answered, wrong, wrong_form

__all__ = ["backend", "identical_weights"]


def backend(answer: Any) -> CheckResult:
    """Check an answer to "which backend is Keras running on?".

    Example:
        >>> import keras
        >>> bool(backend(keras.backend.backend()))
        True
    """
    import keras

    expected = keras.backend.backend()
    hint = "ask Keras: keras.backend.backend() returns the name as a string."
    if is_unanswered(answer):
        return not_answered(hint)
    if not isinstance(answer, str):
        return wrong_form(answer, "the backend's name as a string, such as 'jax'", hint)
    if answer.strip().lower() == expected:
        return correct(f"Keras runs on {expected} here.")
    return wrong(answer, hint)


def identical_weights(first: Any, second: Any) -> CheckResult:
    """Check that two lists of weights (``model.get_weights()``) are bit-for-bit identical.

    Example:
        >>> bool(identical_weights([np.zeros(2)], [np.zeros(2)]))
        True
    """
    hint = (
        "call keras.utils.set_random_seed(...) with the same seed right before building "
        "EACH model, then train both the same way; pass model.get_weights() of each."
    )
    if is_unanswered(first) or is_unanswered(second):
        return not_answered(hint, "both weight lists")
    try:
        a = [np.asarray(w, dtype=float) for w in first]
        b = [np.asarray(w, dtype=float) for w in second]
    except Exception:  # ragged lists, huge integers, objects: an answer of the wrong form
        return wrong_form((first, second), "two lists of arrays (model.get_weights())", hint)
    if not a or not b:
        return wrong_form(
            (first, second), "two non-empty lists of arrays (model.get_weights())", hint
        )
    if len(a) != len(b) or any(x.shape != y.shape for x, y in zip(a, b, strict=False)):
        return CheckResult(False, f"The two models have different shapes of weights. Hint: {hint}")
    same = all(np.array_equal(x, y, equal_nan=True) for x, y in zip(a, b, strict=True))
    if same:
        return correct("the two runs ended with bit-identical weights.")
    diff = max(
        float(np.nanmax(np.abs(x - y))) if x.size else 0.0 for x, y in zip(a, b, strict=True)
    )
    return CheckResult(False, f"The weights differ (largest difference {diff:.3g}). Hint: {hint}")
