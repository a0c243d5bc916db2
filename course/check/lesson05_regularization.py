"""Checks for lesson 05: the value ``Dropout`` gives the units it keeps, the L2 penalty Keras adds
to the loss, and a regularized run the learner trains.

``dropout_scale`` and ``l2_penalty`` take the right answer from Keras itself (a real
``keras.layers.Dropout`` called with ``training=True``, a real ``keras.regularizers.L2`` applied
to the kernel in the question), never from a formula of their own. ``regularized_run`` judges
the model a learner trained by its cross-entropy on the training and the validation data,
computed here with ``training=False`` (no dropout, no augmentation) and without any penalty.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from course.check._core import (
    RUN,
    CheckResult,
    _number,
    correct,
    is_unanswered,
    judge_number,
    not_answered,
    wrong,
    wrong_form,
)
from course.validation import check_finite_array, check_int, check_number

__all__ = ["dropout_scale", "l2_penalty", "regularized_run"]

_DROPOUT_INPUTS = 10_000  # ones fed to the layer: at rate 0.9 about 1,000 of them are kept


def _kept_value(rate: float) -> float:
    """What Keras's ``Dropout(rate)`` makes of an input of 1.0 that it keeps (training=True).

    Example:
        >>> _kept_value(0.5)
        2.0
    """
    import keras  # imported on use: importing the checks stays cheap

    layer = keras.layers.Dropout(rate, seed=0)
    out = keras.ops.convert_to_numpy(layer(np.ones((1, _DROPOUT_INPUTS), "float32"), training=True))
    return float(out.max())


def dropout_scale(answer: Any, *, rate: float) -> CheckResult:
    """Check "``Dropout(rate)`` in training: what does an input of 1.0 become when it is kept?".

    The answer is Keras's own: a real ``Dropout`` layer is called on ones with
    ``training=True`` and the value of the kept units is read off. Three significant digits are
    enough (1.33 for 4/3).

    Example:
        >>> dropout_scale(1.25, rate=0.2)
        Correct: Keras's Dropout(rate=0.2) ... multiplies the kept ones by 1 / (1 - 0.2) = 1.25, ...
    """
    rate = check_number("rate", rate, minimum=0.0, maximum=0.9, exclusive_minimum=True)
    expected = _kept_value(rate)
    return judge_number(
        answer,
        expected,
        tolerance=0.005 * expected,
        explanation=(
            f"Keras's Dropout(rate={rate:g}) sets each value to 0 with probability {rate:g} and "
            f"multiplies the kept ones by 1 / (1 - {rate:g}) = {expected:.3g}, so the average "
            "output stays the average input: at evaluation (training=False) the layer passes "
            "values through unchanged."
        ),
        hint=(
            "in training, Dropout sets each value to 0 with probability `rate` and scales the "
            "others up so that the average output stays the average input (try it: "
            "keras.layers.Dropout(rate)(np.ones((1, 10)), training=True))."
        ),
    )


def l2_penalty(answer: Any, *, kernel: Any, l2: float) -> CheckResult:
    """Check "what does ``kernel_regularizer=keras.regularizers.L2(l2)`` add to the loss?".

    The answer is Keras's own: ``keras.regularizers.L2(l2)`` applied to ``kernel`` (as float32,
    a layer's kernel). Three significant digits are enough.

    Example:
        >>> l2_penalty(0.14, kernel=[[1.0, -2.0], [0.0, 3.0]], l2=0.01)
        Correct: Keras adds l2 x (sum of the squared kernel weights) = 0.01 x 14 = 0.14 to the ...
    """
    import keras

    weights = check_finite_array("kernel", kernel).astype("float32")
    l2 = check_number("l2", l2, minimum=0.0, exclusive_minimum=True)
    penalty = keras.regularizers.L2(l2)(keras.ops.convert_to_tensor(weights))
    expected = float(keras.ops.convert_to_numpy(penalty))
    squares = float(np.sum(weights.astype("float64") ** 2))
    hint = (
        "square every weight of the kernel, add the squares up and multiply the sum by the l2 "
        "factor (Keras's L2 has no 1/2 in front, unlike some textbooks, and takes no square root)."
    )
    value = _number(answer)
    if value is not None and expected > 0 and math.isclose(value, expected / 2, rel_tol=0.005):
        return wrong(answer, f"that is half of it; {hint}")
    return judge_number(
        answer,
        expected,
        tolerance=0.005 * expected,
        explanation=(
            f"Keras adds l2 x (sum of the squared kernel weights) = {l2:g} x {squares:.4g} = "
            f"{expected:.4g} to the loss (the layer's losses, summed in model.losses); a compiled "
            "cross-entropy metric does not include it."
        ),
        hint=hint,
    )


def _epochs_in(history: Any) -> int:
    """How many epochs a History records (its longest list of per-epoch values), 0 if none."""
    try:
        logs = history.history
        if not isinstance(logs, Mapping):
            return 0
        return max((len(v) for v in logs.values()), default=0)
    except Exception:  # a History of something else, a broken object, ...
        return 0


def _cross_entropy(model: Any, x: np.ndarray, y: np.ndarray) -> float | None:
    """The mean cross-entropy of ``model`` on ``x, y`` with training=False, no penalty.

    Softmax outputs (rows of numbers >= 0 that sum to 1) are read as probabilities and clipped
    at Keras's epsilon 1e-7, as ``keras.losses.sparse_categorical_crossentropy`` does with
    ``model.predict``'s output; anything else is read as logits. None when the model cannot
    score these data: it raises, its output does not have one column per class, or the output
    is not all finite.
    """
    try:
        out = np.asarray(model.predict(x, verbose=0), "float64")
    except Exception:  # built for other data, not a model at all, ...
        return None
    if out.ndim != 2 or out.shape[0] != len(y) or out.shape[1] <= int(y.max()):
        return None
    if not np.all(np.isfinite(out)):
        return None
    is_probability = np.all(out >= 0) and np.allclose(out.sum(axis=1), 1.0, atol=1e-4)
    if is_probability:
        picked = np.clip(out[np.arange(len(y)), y], 1e-7, 1.0)  # Keras clips at its epsilon
        value = float(np.mean(-np.log(picked)))
    else:
        shifted = out - out.max(axis=1, keepdims=True)
        log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        value = float(np.mean(-log_probs[np.arange(len(y)), y]))
    return value


def _labelled(name_x: str, x: Any, name_y: str, y: Any) -> tuple[np.ndarray, np.ndarray]:
    """``x, y`` as arrays of the same, non-zero length with integer class labels, or raise."""
    x_array = check_finite_array(name_x, x)
    y_array = check_finite_array(name_y, y)
    if y_array.ndim != 1 or len(x_array) != len(y_array):
        raise ValueError(
            f"{name_x} and {name_y} must hold the same number of samples, one integer class "
            f"label per sample in {name_y}, got shapes {x_array.shape} and {y_array.shape}"
        )
    if np.any(y_array < 0) or np.any(y_array != np.round(y_array)):
        raise ValueError(f"{name_y} must hold integer class labels >= 0, e.g. data.y_val")
    return x_array, y_array.astype("int64")


def regularized_run(
    history: Any,
    *,
    x_train: Any,
    y_train: Any,
    x_val: Any,
    y_val: Any,
    max_gap: float,
    max_val_loss: float,
    min_epochs: int = 1,
) -> CheckResult:
    """Check a regularized run: at least ``min_epochs`` epochs trained, and the model it ends with
    has a validation cross-entropy of at most ``max_val_loss`` and a train-validation gap
    (validation minus training cross-entropy) of at most ``max_gap``.

    ``history`` is what ``model.fit(x_train, y_train, epochs=...)`` returns. Both
    cross-entropies are computed here from ``history.model``'s predictions (``training=False``:
    no dropout, no augmentation) and without any L2 penalty, so every kind of regularization is
    judged on the same scale.

    Example:
        >>> history = model.fit(x[:100], y[:100], epochs=20, verbose=0)
        >>> regularized_run(history, x_train=x[:100], y_train=y[:100], x_val=x[100:],
        ...                 y_val=y[100:], max_gap=2.0, max_val_loss=5.0, min_epochs=20)
        Correct: after 20 epochs the validation cross-entropy is ...
    """
    import keras

    gap_target = check_number("max_gap", max_gap)
    loss_target = check_number("max_val_loss", max_val_loss, minimum=0.0, exclusive_minimum=True)
    min_epochs = check_int("min_epochs", min_epochs)
    x_train, y_train = _labelled("x_train", x_train, "y_train", y_train)
    x_val, y_val = _labelled("x_val", x_val, "y_val", y_val)
    hint = (
        "regularize and train again for all the epochs: Dropout layers after the hidden layers, "
        "kernel_regularizer=keras.regularizers.L2(...) on the Dense layers, or a "
        "RandomTranslation layer after the input (active only in training). Too "
        "little and the model learns the training labels by heart (a large gap); too much and "
        "it fits neither set well (a high validation loss)."
    )
    if is_unanswered(history):
        return not_answered(hint, f"{RUN}, history = model.fit(...)")
    try:
        model = history.model
    except Exception:  # not a History at all
        model = None
    if not isinstance(model, keras.Model):
        return wrong_form(history, f"{RUN} (it holds the trained model)", hint)
    epochs = _epochs_in(history)
    if epochs < min_epochs:
        return CheckResult(
            False,
            f"Not quite: the History records {epochs} epochs, fewer than the {min_epochs} the "
            f"exercise asks for. Hint: {hint}",
        )
    train_ce = _cross_entropy(model, x_train, y_train)
    val_ce = _cross_entropy(model, x_val, y_val)
    if train_ce is None or val_ce is None:
        return CheckResult(
            False,
            "Not quite: the model in this History cannot score x_train and x_val: predicting "
            "failed, or did not give one finite number per class for every sample (built for "
            f"other data? diverged to NaN?). Hint: {hint}",
        )
    gap = val_ce - train_ce
    measured = (
        f"after {epochs} epochs the validation cross-entropy is {val_ce:.3f} and the training "
        f"cross-entropy {train_ce:.3f}, a gap of {gap:.3f}"
    )
    too_high, too_wide = val_ce > loss_target, gap > gap_target
    if too_high or too_wide:
        missed = []
        if too_high:
            missed.append(f"the validation cross-entropy is above {loss_target:.3f}")
        if too_wide:
            missed.append(f"the gap is above {gap_target:.3f}")
        return CheckResult(False, f"Not quite: {measured}; {' and '.join(missed)}. Hint: {hint}")
    return correct(
        f"{measured}: within both targets (validation cross-entropy at most {loss_target:.3f}, "
        f"gap at most {gap_target:.3f})."
    )
