"""Checks for lesson 09: iterations per epoch under data parallelism, the throughput of a step
from its fixed and per-sample cost, and a run the learner trains with few iterations per epoch.

``replica_iterations`` counts what ``fit`` counts under ``tf.distribute.MirroredStrategy``:
global batches (per-replica batch x replicas). ``step_throughput`` computes samples per second
from ``seconds per step = fixed + per_sample x batch_size``. ``few_steps_run`` judges the
History of the learner's own ``model.fit``: its iterations per epoch (``history.params``), its
epochs and its best validation accuracy, against the targets of the exercise.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from course.check._core import (
    RUN,
    CheckResult,
    _number,
    correct,
    history_logs,
    is_unanswered,
    judge_number,
    logged_curve,
    not_answered,
    wrong_form,
)
from course.validation import check_bool, check_int, check_number

__all__ = ["few_steps_run", "replica_iterations", "step_throughput"]


def replica_iterations(
    answer: Any, *, num_samples: int, per_replica_batch: int, replicas: int, drop_remainder: bool
) -> CheckResult:
    """Check "how many iterations per epoch does ``fit`` run under the strategy?".

    The batch ``fit`` sees is the global batch, ``per_replica_batch x replicas``; an epoch has
    ``ceil(num_samples / global batch)`` iterations, or the floor with ``drop_remainder=True``.

    Example:
        >>> replica_iterations(8, num_samples=1_079, per_replica_batch=64, replicas=2,
        ...                    drop_remainder=True)
        Correct: 2 replicas x 64 samples = a global batch of 128; 1,079 samples make 8 ...
    """
    n = check_int("num_samples", num_samples)
    per_replica = check_int("per_replica_batch", per_replica_batch)
    replicas = check_int("replicas", replicas)
    drop = check_bool("drop_remainder", drop_remainder)
    global_batch = per_replica * replicas
    full, rest = divmod(n, global_batch)
    steps = full if drop else full + (rest > 0)
    if rest == 0:
        last = "no partial batch"
    elif drop:
        last = f"the last {rest:,} samples are dropped"
    else:
        last = f"the last batch holds {rest:,} samples"
    hint = (
        "under MirroredStrategy the batch that fit counts is the GLOBAL batch: the per-replica "
        "batch times the number of replicas, split across them. Iterations per epoch = "
        "samples / global batch, rounded up when the partial last batch is kept, down with "
        "drop_remainder=True."
    )
    value = _number(answer)
    per_replica_steps = n // per_replica if drop else math.ceil(n / per_replica)
    if value is not None and value != steps and value == per_replica_steps:
        return CheckResult(
            False,
            f"Not quite: {value:g} counts batches of {per_replica} samples, one replica's share. "
            f"Hint: {hint}",
        )
    return judge_number(
        answer,
        steps,
        explanation=(
            f"{replicas} replicas x {per_replica} samples = a global batch of {global_batch:,}; "
            f"{n:,} samples make {steps:,} iterations per epoch ({last})."
        ),
        hint=hint,
    )


def step_throughput(
    answer: Any, *, fixed_ms: float, per_sample_ms: float, batch_size: int
) -> CheckResult:
    """Check "how many samples per second does training process at this batch size?".

    A step of ``batch_size`` samples takes ``fixed_ms + per_sample_ms x batch_size``
    milliseconds; throughput is ``batch_size`` divided by that time. Answers within 1 % count.

    Example:
        >>> step_throughput(5_333, fixed_ms=2.0, per_sample_ms=0.125, batch_size=32)
        Correct: a step of 32 samples takes 2 + 0.125 x 32 = 6 ms, so 32 samples / 6 ms = ...
    """
    fixed = check_number("fixed_ms", fixed_ms, minimum=0.0)
    per_sample = check_number("per_sample_ms", per_sample_ms, minimum=0.0, exclusive_minimum=True)
    batch = check_int("batch_size", batch_size)
    step_ms = fixed + per_sample * batch
    rate = 1000.0 * batch / step_ms
    hint = (
        "first the time of one step: the fixed cost plus the per-sample cost times the batch "
        "size (in ms); then the samples of one step divided by that time, in seconds."
    )
    return judge_number(
        answer,
        rate,
        tolerance=0.01 * rate,
        explanation=(
            f"a step of {batch:,} samples takes {fixed:g} + {per_sample:g} x {batch:,} = "
            f"{step_ms:g} ms, so {batch:,} samples / {step_ms:g} ms = {rate:,.0f} samples per "
            "second."
        ),
        hint=hint,
    )


def _val_accuracy(history: Any) -> list[float] | None:
    """The History's val_accuracy per epoch; None when it has none, or a value is not a finite
    accuracy from 0 to 1 (``course.check._core.logged_curve``); never raises."""
    logs = history_logs(history)
    values = None if logs is None else logged_curve(logs, "val_accuracy")
    if not values or not all(math.isfinite(v) for v in values):
        return None
    return values


def _steps(history: Any) -> Any:
    """Keras's iterations per epoch, ``history.params["steps"]``, or None; never raises."""
    try:
        params = getattr(history, "params", None)
        return params.get("steps") if isinstance(params, Mapping) else None
    except Exception:  # a learner's object may raise on any attribute
        return None


def few_steps_run(
    history: Any, *, max_steps_per_epoch: int, max_epochs: int, target_val_accuracy: float
) -> CheckResult:
    """Check a run trained with few iterations per epoch: at most ``max_steps_per_epoch``
    iterations per epoch (Keras's own count, ``history.params["steps"]``), at most
    ``max_epochs`` epochs, and a best ``val_accuracy`` of at least ``target_val_accuracy``.

    ``history`` is what ``model.fit(..., validation_data=...)`` returns for a model compiled
    with ``metrics=["accuracy"]``.

    Example:
        >>> model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
        ...               metrics=["accuracy"])
        >>> history = model.fit(x[:150], y[:150], batch_size=50, epochs=2,
        ...                     validation_data=(x[150:], y[150:]), verbose=0)
        >>> few_steps_run(history, max_steps_per_epoch=3, max_epochs=2, target_val_accuracy=0.0)
        Correct: 3 iterations per epoch (at most 3), 2 epochs (at most 2); ...
    """
    max_steps = check_int("max_steps_per_epoch", max_steps_per_epoch)
    max_epochs = check_int("max_epochs", max_epochs)
    target = check_number("target_val_accuracy", target_val_accuracy, minimum=0.0, maximum=1.0)
    hint = (
        f"each iteration pays a fixed cost, so fewer, larger batches make an epoch cheaper: pick "
        f"a batch_size that gives at most {max_steps} iterations per epoch. Larger batches "
        f"make fewer updates per epoch, so raise the learning rate or train more epochs, at "
        f"most {max_epochs}. "
        f"Compile with metrics=['accuracy'] and pass validation_data."
    )
    if is_unanswered(history):
        return not_answered(hint, f"{RUN}, history = model.fit(...)")
    curve = _val_accuracy(history)
    if curve is None:
        return wrong_form(
            history,
            f"{RUN} with metrics=['accuracy'] and validation_data (it has no val_accuracy)",
            hint,
        )
    steps = _steps(history)
    if not isinstance(steps, int) or isinstance(steps, bool):
        return wrong_form(
            history, f"{RUN} of a dataset whose size Keras knows (it has no steps count)", hint
        )
    best = max(curve)
    epoch = curve.index(best) + 1
    if steps > max_steps:
        return CheckResult(
            False,
            f"Not quite: each epoch ran {steps} iterations, more than {max_steps}. Hint: {hint}",
        )
    if len(curve) > max_epochs:
        return CheckResult(
            False,
            f"Not quite: {steps} iterations per epoch, but {len(curve)} epochs, more than "
            f"{max_epochs}. Hint: {hint}",
        )
    if best < target:
        return CheckResult(
            False,
            f"Not quite: {steps} iterations per epoch, {len(curve)} epochs; the best "
            f"val_accuracy, {best:.3f} at epoch {epoch}, is below the target {target:.3f}. "
            f"Hint: {hint}",
        )
    return correct(
        f"{steps} iterations per epoch (at most {max_steps}), {len(curve)} epochs (at most "
        f"{max_epochs}); the best val_accuracy, {best:.3f} at epoch {epoch}, reaches the target "
        f"{target:.3f}."
    )
