"""Checks for lesson 00: the backend, whether two seeded runs are identical, and the noise floor.

``identical_weights`` compares two weight lists bit for bit: the same seed must give identical
weights, two different seeds different ones (``same_seed=False``). ``noise_floor`` judges a table
of results over seeds that the learner trained (``course.seeds.over_seeds``).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from course.check._core import (
    CheckResult,
    _short,
    correct,
    is_unanswered,
    not_answered,
    wrong,
    wrong_form,
)
from course.validation import check_int

__all__ = ["backend", "identical_weights", "noise_floor"]


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


_SAME_SEED_HINT = (
    "call keras.utils.set_random_seed(...) with the same seed right before building "
    "EACH model, then train both the same way; pass model.get_weights() of each."
)
_OTHER_SEED_HINT = (
    "train one model with one seed and another model with a different seed; pass "
    "model.get_weights() of each."
)
_NOISE_FLOOR = (
    "a seed draws the initial weights and the order of the batches, and the spread this causes "
    "in the validation scores is the noise floor of section 4: a difference between two "
    "settings smaller than it is not a finding."
)


def _numbers(weight: Any) -> np.ndarray:
    """``weight`` as a float array, or a TypeError when it holds no real numbers (None, text)."""
    arr = np.asarray(weight)
    if arr.dtype.kind not in "fiu":
        raise TypeError(f"not an array of numbers: {arr.dtype}")
    return arr.astype(float)


def identical_weights(first: Any, second: Any, *, same_seed: bool = True) -> CheckResult:
    """Check two weight lists (``model.get_weights()`` of two trained models), bit for bit.

    With ``same_seed=True`` (two runs with the same seed) the weights must be bit-identical;
    with ``same_seed=False`` (two different seeds) they must differ, which is the expected
    outcome. Passing the same list (or the same arrays) twice proves nothing and is not accepted,
    nor are weights with no numbers in them. Two calls of ``get_weights()`` on ONE model return
    equal copies, which no check can tell from two repeated runs: train two models.

    Example:
        >>> bool(identical_weights([np.zeros(2)], [np.zeros(2)]))
        True
        >>> bool(identical_weights([np.zeros(2)], [np.ones(2)], same_seed=False))
        True
    """
    if not isinstance(same_seed, bool):
        raise ValueError(f"same_seed must be True or False, got {_short(same_seed)}")
    hint = _SAME_SEED_HINT if same_seed else _OTHER_SEED_HINT
    if is_unanswered(first) or is_unanswered(second):
        return not_answered(hint, "both weight lists")
    try:
        if not all(isinstance(w, list | tuple) for w in (first, second)):
            raise TypeError("not a list")
        raw_a, raw_b = list(first), list(second)
        a = [_numbers(w) for w in raw_a]
        b = [_numbers(w) for w in raw_b]
    except Exception:  # dicts, None entries, ragged lists, objects: an answer of the wrong form
        return wrong_form((first, second), "two lists of arrays (model.get_weights())", hint)
    if not a or not b:
        return wrong_form(
            (first, second), "two non-empty lists of arrays (model.get_weights())", hint
        )
    if not any(x.size for x in a) or not any(y.size for y in b):
        return wrong_form(
            (first, second), "weights of trained models (arrays with numbers in them)", hint
        )
    if len(a) != len(b) or any(x.shape != y.shape for x, y in zip(a, b, strict=False)):
        return CheckResult(False, f"The two models have different shapes of weights. Hint: {hint}")
    if first is second or any(
        isinstance(x, np.ndarray) and x is y for x, y in zip(raw_a, raw_b, strict=False)
    ):
        return CheckResult(
            False,
            "You passed the same weights twice, so they are identical whatever the seed: "
            "this compares nothing. Train two models, one after the other, and pass the "
            f"weights of each. Hint: {hint}",
        )
    same = all(np.array_equal(x, y, equal_nan=True) for x, y in zip(a, b, strict=True))
    if same and same_seed:
        return correct("the two runs ended with bit-identical weights.")
    if same:
        return CheckResult(
            False,
            "The two weight lists are bit-identical, but two different seeds should give "
            "different weights: both runs used the same seed (or are copies of one run). "
            f"Hint: {hint}",
        )
    diff = max(
        float(np.nanmax(np.abs(x - y))) if x.size else 0.0 for x, y in zip(a, b, strict=True)
    )
    if not same_seed:
        return correct(
            f"the two seeds ended with different weights (largest difference {diff:.3g}), as "
            f"they should: {_NOISE_FLOOR}"
        )
    return CheckResult(
        False,
        f"The weights differ (largest difference {diff:.3g}), so these two runs were not "
        "repeats of each other. If you trained them with two different seeds, that is the "
        f"expected outcome: check that half with same_seed=False. Hint: {hint}",
    )


def noise_floor(answer: Any, *, metric: str, min_seeds: int = 3) -> CheckResult:
    """Check a table of one setting trained over seeds: one row per seed, a spread of ``metric``.

    ``answer`` is what ``course.seeds.over_seeds`` returns for ONE setting. It passes when it has
    at least ``min_seeds`` distinct seeds, each once, and finite values of ``metric`` that are
    not all equal (equal values mean the seed never reached the training).

    Example:
        >>> table = pd.DataFrame({"seed": [0, 1, 2], "val_accuracy": [0.86, 0.87, 0.83]})
        >>> noise_floor(table, metric="val_accuracy")  # doctest: +NORMALIZE_WHITESPACE
        Correct: 3 seeds of one setting, val_accuracy from 0.830 to 0.870: a seed spread of
        0.040. A difference between two settings smaller than that is not a finding.
    """
    if not isinstance(metric, str) or not metric:
        raise ValueError(
            f"metric must be the result's name as a non-empty string, got {_short(metric)}"
        )
    min_seeds = check_int("min_seeds", min_seeds, minimum=2)
    hint = (
        f"write a function my_run(seed) that calls keras.utils.set_random_seed(seed), builds, "
        f"compiles and fits a fresh model, and returns {{'{metric}': ...}}; then pass "
        f"course.seeds.over_seeds(my_run, seeds) with at least {min_seeds} seeds."
    )
    if is_unanswered(answer):
        return not_answered(hint, "your table from course.seeds.over_seeds")
    if not isinstance(answer, pd.DataFrame):
        return wrong_form(answer, "a table (DataFrame) from course.seeds.over_seeds", hint)
    columns = [str(c) for c in answer.columns]
    for name in ("seed", metric):
        if columns.count(name) != 1:
            listed = ", ".join(repr(c) for c in columns[:8]) or "none"
            return CheckResult(
                False,
                f"Your table needs one column '{name}' (its columns: {listed}). Hint: {hint}",
            )
    seeds, values = answer[answer.columns[columns.index("seed")]].tolist(), []
    try:
        values = [float(v) for v in answer[answer.columns[columns.index(metric)]].tolist()]
    except Exception:  # text, lists, objects in the column: not a result
        values = [math.nan]
    if not values or not all(math.isfinite(v) for v in values):
        return CheckResult(
            False, f"The '{metric}' column must hold one finite number per seed. Hint: {hint}"
        )
    labels = [_short(s) for s in seeds]  # compared as text: a cell may hold any object
    repeated = sorted({label for label in labels if labels.count(label) > 1})
    if repeated:
        return CheckResult(
            False,
            f"Seed {repeated[0]} appears more than once: a table of one setting has one row per "
            "seed (a repeated seed is the same run twice). If you ran several settings, pass "
            f"the rows of one of them. Hint: {hint}",
        )
    if len(seeds) < min_seeds:
        return CheckResult(
            False,
            f"Your table has {len(seeds)} seed(s); the spread of fewer than {min_seeds} says "
            f"little. Hint: {hint}",
        )
    low, high = min(values), max(values)
    if not math.isfinite(high - low):
        return CheckResult(
            False,
            f"The '{metric}' values run from {low:.3g} to {high:.3g}: too far apart to be one "
            f"metric of one setting. Hint: {hint}",
        )
    if low == high:
        return CheckResult(
            False,
            f"All {len(seeds)} seeds gave the same {metric} ({low:.3f}): the seed did not reach "
            f"the training, so this measures no spread. Hint: {hint}",
        )
    return correct(
        f"{len(seeds)} seeds of one setting, {metric} from {low:.3f} to {high:.3f}: a seed "
        f"spread of {high - low:.3f}. A difference between two settings smaller than that is "
        "not a finding."
    )
