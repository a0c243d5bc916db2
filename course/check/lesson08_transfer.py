"""Checks for lesson 08: how many weights a partly frozen network trains, and a transfer run the
learner trains to a validation accuracy within a budget of epochs.

``trainable_weights`` builds the lesson's network in Keras (blocks of ``Dense`` without bias,
``BatchNormalization`` and ReLU, then a softmax head), freezes what the question says and counts
``model.trainable_weights``: the answer comes from Keras, not from a formula of its own.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from course.check._core import (
    RUN,
    CheckResult,
    correct,
    history_logs,
    is_unanswered,
    judge_number,
    logged_curve,
    not_answered,
    over_budget,
    wrong_form,
)
from course.history import epochs_to_target
from course.validation import check_choice, check_int, check_int_list, check_number

__all__ = ["trainable_weights", "transfer_run"]

FROZEN = ("none", "base", "block1", "batchnorm")
_WHAT = {
    "none": "nothing frozen",
    "base": "the base frozen (base.trainable = False)",
    "block1": "block 1 frozen (its Dense and BatchNormalization layers)",
    "batchnorm": "the BatchNormalization layers frozen",
}


def _count_trainable(widths: Sequence[int], num_inputs: int, num_classes: int, frozen: str) -> int:
    """Build the lesson's network in Keras, freeze ``frozen``, count its trainable weights."""
    import keras

    inputs = keras.Input((num_inputs,))
    x = inputs
    layers = []
    for i, width in enumerate(widths, start=1):
        dense = keras.layers.Dense(width, use_bias=False, name=f"block{i}_dense")
        bn = keras.layers.BatchNormalization(name=f"block{i}_bn")
        x = keras.layers.Activation("relu")(bn(dense(x)))
        layers += [dense, bn]
    base = keras.Model(inputs, x)
    model = keras.Model(inputs, keras.layers.Dense(num_classes, activation="softmax")(x))
    if frozen == "base":
        base.trainable = False
    for layer in layers:
        if (frozen == "block1" and layer.name.startswith("block1")) or (
            frozen == "batchnorm" and isinstance(layer, keras.layers.BatchNormalization)
        ):
            layer.trainable = False
    return sum(int(np.prod(w.shape)) for w in model.trainable_weights)


def trainable_weights(
    answer: Any, *, widths: Sequence[int], num_inputs: int, num_classes: int, frozen: str
) -> CheckResult:
    """Check "how many weights does the optimizer update?" for the lesson's network.

    The network: ``num_inputs`` inputs, one block per entry of ``widths`` (``Dense(width,
    use_bias=False)``, ``BatchNormalization``, ReLU), then ``Dense(num_classes, softmax)``.
    ``frozen`` is ``"none"``, ``"base"`` (every block), ``"block1"`` (the first block's layers)
    or ``"batchnorm"`` (every BatchNormalization layer). The answer comes from building that
    network in Keras and counting its trainable weights.

    Example:
        >>> trainable_weights(650, widths=(128, 64), num_inputs=64, num_classes=10,
        ...                   frozen="base")
        Correct: with the base frozen (base.trainable = False) the optimizer updates 650 ...
    """
    widths = check_int_list("widths", widths, example="(128, 64)")
    if len(widths) > 10 or max(widths) > 10_000:
        raise ValueError(f"widths must be at most 10 blocks of at most 10,000 units, got {widths}")
    num_inputs = check_int("num_inputs", num_inputs, maximum=10_000)
    num_classes = check_int("num_classes", num_classes, minimum=2, maximum=10_000)
    frozen = check_choice("frozen", frozen, FROZEN)
    count = _count_trainable(widths, num_inputs, num_classes, frozen)
    total = _count_trainable(widths, num_inputs, num_classes, "none")
    hint = (
        "a Dense layer without bias has inputs x units weights; BatchNormalization has 4 numbers "
        "per unit, of which only 2 (gamma and beta) are trainable, and none when it is frozen; the "
        "softmax head has inputs x classes weights plus one bias per class. Add up the layers "
        "that are not frozen (model.trainable_weights lists them)."
    )
    explanation = (
        f"with {_WHAT[frozen]} the optimizer updates {count:,} of the {total:,} trainable "
        "weights the network has when nothing is frozen (BatchNormalization's moving mean and "
        "variance are never trained by the optimizer)."
    )
    return judge_number(answer, count, explanation=explanation, hint=hint)


def transfer_run(history: Any, *, max_epochs: int, target_val_accuracy: float) -> CheckResult:
    """Check a run the learner trained: at most ``max_epochs`` epochs, and a ``val_accuracy`` at
    or above ``target_val_accuracy`` in one of them.

    ``history`` is what ``model.fit(..., validation_data=(x_val, y_val))`` returns for a model
    compiled with ``metrics=["accuracy"]``.

    Example:
        >>> history = keras.callbacks.History()
        >>> history.history = {"val_accuracy": [0.5, 0.81, 0.8]}
        >>> transfer_run(history, max_epochs=8, target_val_accuracy=0.78)
        Correct: val_accuracy reached 0.810 at epoch 2 of 3 (budget 8), at or above ...
    """
    budget = check_int("max_epochs", max_epochs)
    target = check_number("target_val_accuracy", target_val_accuracy, minimum=0, maximum=1)
    hint = (
        "start from the pretrained base: its features let the head learn from a few images in "
        "few epochs. In the lesson, the frozen way (head at 0.01) reached 0.7 at epochs 10 and "
        "12, and never in one seed: too slow for this budget. Fine-tune reached it at epochs 6 "
        "to 9: build(seed, 'fine-tune') lets the base learn too, with its BatchNormalization "
        "layers frozen; compile it with LayerRateAdam({'block': 0.1}, learning_rate=0.01), the "
        "base at a tenth of the head's rate. "
        "Compile with metrics=['accuracy'], "
        "pass validation_data=(x_val, y_val) or batches(x_val, y_val, len(x_val)) and "
        f"epochs={budget} or fewer."
    )
    if is_unanswered(history):
        return not_answered(hint, f"{RUN}, history = model.fit(...)")
    logs = history_logs(history)
    curve = logged_curve(logs, "val_accuracy") if logs is not None else None
    if curve is None:
        return wrong_form(
            history,
            f"{RUN} with metrics=['accuracy'] and validation_data=(x_val, y_val) "
            "(it has no val_accuracy)",
            hint,
        )
    epochs = len(curve)
    if (verdict := over_budget(epochs, budget, hint)) is not None:
        return verdict
    bad = [k + 1 for k, v in enumerate(curve) if not math.isfinite(v)]
    if bad:
        return CheckResult(
            False,
            f"Not quite: val_accuracy is not a number in epoch {bad[0]}: the loss diverged, the "
            f"learning rate is too large. Hint: {hint}",
        )
    reached = epochs_to_target(curve, target, mode="max")
    if reached is None:
        best = max(curve)
        return CheckResult(
            False,
            f"Not quite: the highest val_accuracy was {best:.3f} (epoch {curve.index(best) + 1} "
            f"of {epochs}), below the target {target:.3f}. Hint: {hint}",
        )
    return correct(
        f"val_accuracy reached {curve[reached - 1]:.3f} at epoch {reached} of {epochs} (budget "
        f"{budget}), at or above the target {target:.3f}."
    )
