"""Checks for lesson 04: where early stopping stops, a run the learner trains with
``EarlyStopping``, and how long to retrain on all the data.

``early_stopping`` answers by running Keras's own ``keras.callbacks.EarlyStopping`` over the
curve in the question (see ``course.stopping.replay_early_stopping``), never by a formula of
its own. ``early_stopped_run`` judges a History the learner's own ``model.fit`` returned: when it
stopped, how good the best epoch was, and whether the model holds that epoch's weights.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from course.check._core import (
    RUN,
    CheckResult,
    _number,
    correct,
    half_right,
    history_logs,
    is_unanswered,
    judge_number,
    logged_curve,
    not_answered,
    wrong,
    wrong_form,
)
from course.iterations import iterations_per_epoch
from course.stopping import replay_early_stopping
from course.validation import check_int, check_number

__all__ = ["early_stopped_run", "early_stopping", "retrain_epochs"]

# Format examples for the pair; _pair_form picks one that shares no number with the answer,
# so the example never gives the answer (or half of it) away.
_EXAMPLES = ((10, 6), (13, 9), (16, 12), (19, 15))


def _pair_form(stop: int, kept: int) -> str:
    """How to write the answer, with an example pair that shares no number with ``(stop, kept)``.

    Example:
        >>> _pair_form(9, 7)
        'a pair (stop_epoch, restored_epoch) of 1-based epoch numbers, e.g. (10, 6)'
        >>> _pair_form(10, 9)
        'a pair (stop_epoch, restored_epoch) of 1-based epoch numbers, e.g. (16, 12)'
    """
    example = next(e for e in _EXAMPLES if e[0] != stop and e[1] != kept)
    return f"a pair (stop_epoch, restored_epoch) of 1-based epoch numbers, e.g. {example}"


def _pair(answer: Any) -> tuple[float, float] | None:
    if isinstance(answer, str | bytes) or not isinstance(answer, Sequence | np.ndarray):
        return None
    if isinstance(answer, np.ndarray) and answer.ndim != 1:
        return None
    items = list(answer)
    if len(items) != 2:
        return None
    values = [_number(item) for item in items]
    if any(v is None for v in values):
        return None
    return values[0], values[1]


def early_stopping(
    answer: Any,
    *,
    val_loss: Sequence[float],
    patience: int,
    min_delta: float = 0.0,
    start_from_epoch: int = 0,
) -> CheckResult:
    """Check a prediction of (epoch after which training stops, epoch whose weights are kept).

    Both are 1-based. The stop epoch is the last epoch that runs: ``len(val_loss)`` when
    Keras never stops early. The kept epoch is what ``restore_best_weights=True`` restores.
    The answer comes from Keras's own ``EarlyStopping`` replayed over ``val_loss``.

    Example:
        >>> bool(early_stopping((5, 3), val_loss=[0.9, 0.7, 0.6, 0.65, 0.62, 0.7],
        ...                     patience=2))
        True
    """
    r = replay_early_stopping(
        val_loss, patience=patience, min_delta=min_delta, start_from_epoch=start_from_epoch
    )
    settings = f"patience={patience}" + (f", min_delta={min_delta:g}" if min_delta else "")
    settings += f", start_from_epoch={start_from_epoch}" if start_from_epoch else ""
    hint = (
        "go through the curve epoch by epoch (epoch 1 first). An epoch improves when its "
        "value is lower than the best so far by MORE than min_delta"
        + (
            f"; the first {start_from_epoch} epochs are ignored entirely"
            if start_from_epoch
            else ""
        )
        + ". Every epoch that does not improve adds one to a counter that an improvement resets; "
        "training stops after the epoch where the counter reaches patience (Keras counts "
        "patience=0 like patience=1). restore_best_weights gives back the last improving epoch."
    )
    form = _pair_form(r.epochs_run, r.restored_epoch)
    if is_unanswered(answer):
        return not_answered(hint, form)
    pair = _pair(answer)
    if pair is None:
        return wrong_form(answer, form, hint)
    stop, kept = pair
    stop_ok, kept_ok = stop == r.epochs_run, kept == r.restored_epoch
    if r.stopped:
        what = (
            f"Keras's EarlyStopping ({settings}) stops after epoch {r.stopped_epoch} "
            f"(its stopped_epoch attribute is {r.stopped_epoch - 1}, 0-based)"
        )
    else:
        what = (
            f"Keras's EarlyStopping ({settings}) never stops early: all {r.epochs_run} epochs run"
        )
    kept_text = f"restore_best_weights=True keeps the weights of epoch {r.restored_epoch}"
    if stop_ok and kept_ok:
        return correct(f"{what}, and {kept_text}.")
    if stop_ok:
        return half_right(f"the stop epoch {stop:g}", "the kept epoch", hint)
    if kept_ok:
        return half_right(f"the kept epoch {kept:g}", "the stop epoch", hint)
    return wrong(answer, hint)


def retrain_epochs(
    answer: Any, *, best_epoch: int, train_samples: int, total_samples: int, batch_size: int
) -> CheckResult:
    """Check "for how many epochs on train+validation do you get the same number of updates?".

    Early stopping found ``best_epoch`` epochs on ``train_samples``; retraining on
    ``total_samples`` (train + validation) makes more iterations per epoch, so the same number
    of updates takes fewer epochs. Rounding either way is accepted.

    Example:
        >>> bool(retrain_epochs(10, best_epoch=20, train_samples=160, total_samples=280,
        ...                     batch_size=16))
        False
        >>> bool(retrain_epochs(11, best_epoch=20, train_samples=160, total_samples=280,
        ...                     batch_size=16))
        True
    """
    best_epoch = check_int("best_epoch", best_epoch)
    train_samples = check_int("train_samples", train_samples)
    total_samples = check_int("total_samples", total_samples)
    batch_size = check_int("batch_size", batch_size)
    if total_samples < train_samples:
        raise ValueError(
            f"total_samples must be >= train_samples ({train_samples}), got {total_samples}"
        )
    steps_train = iterations_per_epoch(train_samples, batch_size)
    steps_total = iterations_per_epoch(total_samples, batch_size)
    updates = best_epoch * steps_train
    exact = updates / steps_total
    low, high = math.floor(exact), math.ceil(exact)
    rounded = f"{low}" if low == high else f"{low} or {high}"
    hint = (
        "count the updates early stopping allowed (epochs x iterations per epoch, "
        "iterations = ceil(samples / batch_size)), then divide by the iterations per "
        "epoch on the larger data set."
    )
    value = _number(answer)
    if value is not None and value not in (low, high):  # 10.2 epochs cannot be run
        return wrong(answer, "training runs a whole number of epochs; " + hint)
    return judge_number(
        answer,
        exact,
        tolerance=0.999 if low != high else 0.0,
        explanation=(
            f"{best_epoch} epochs x {steps_train} iterations = {updates:,} updates; with "
            f"{total_samples:,} samples an epoch has {steps_total} iterations, so "
            f"{updates:,} / {steps_total} = {exact:.2f}, i.e. {rounded} epochs."
        ),
        hint=hint,
    )


def _val_curve(history: Any) -> list[float] | None:
    """The History's val_loss, one finite value per epoch; None when it has none."""
    logs = history_logs(history)  # never raises, whatever the object's attributes do
    values = logged_curve(logs, "val_loss") if logs is not None else None
    if not values or not all(math.isfinite(v) for v in values):
        return None
    return values


def _model_val_loss(history: Any, x_val: np.ndarray, y_val: np.ndarray) -> float | None:
    """The loss of the History's model on the validation data now, or None if unreadable."""
    try:
        result = history.model.evaluate(x_val, y_val, verbose=0, return_dict=True)
        value = float(result["loss"])
    except Exception:  # a History without a model, a model built for other data, ...
        return None
    return value if math.isfinite(value) else None


def early_stopped_run(
    history: Any,
    *,
    x_val: Any,
    y_val: Any,
    max_extra_epochs: int,
    target_val_loss: float,
) -> CheckResult:
    """Check a run trained with ``EarlyStopping``: stopped early, at most ``max_extra_epochs``
    epochs after its best epoch, that best ``val_loss`` at most ``target_val_loss``, and the
    model ends with the best epoch's weights (its loss on ``x_val, y_val`` is the best one).

    ``history`` is what ``model.fit(..., validation_data=(x_val, y_val), callbacks=[...])``
    returns; the check evaluates ``history.model`` on the validation data.

    Example:
        >>> es = keras.callbacks.EarlyStopping(patience=1, restore_best_weights=True)
        >>> history = model.fit(x[:100], y[:100], epochs=50, validation_data=(x[100:], y[100:]),
        ...                     callbacks=[es], verbose=0)
        >>> early_stopped_run(history, x_val=x[100:], y_val=y[100:], max_extra_epochs=1,
        ...                   target_val_loss=5.0)
        Correct: training stopped after epoch ...
    """
    extra_budget = check_int("max_extra_epochs", max_extra_epochs, minimum=0)
    target = check_number("target_val_loss", target_val_loss, minimum=0.0)
    try:
        x_val, y_val = np.asarray(x_val), np.asarray(y_val)
    except Exception as err:
        raise ValueError("x_val and y_val must be arrays, e.g. data.x_val and data.y_val") from err
    if x_val.ndim == 0 or y_val.ndim == 0 or len(x_val) == 0 or len(x_val) != len(y_val):
        raise ValueError(
            "x_val and y_val must be arrays of the same, non-zero length (one label per sample), "
            f"got shapes {x_val.shape} and {y_val.shape}"
        )
    hint = (
        "pass callbacks=[keras.callbacks.EarlyStopping(monitor='val_loss', patience=..., "
        "restore_best_weights=True)] and validation_data=(x_val, y_val) to model.fit. Training "
        "stops `patience` epochs after the last improvement: too little patience stops at the "
        "first bump of a zigzagging curve, before the real minimum; too much spends epochs after "
        "it. restore_best_weights=True gives back the best epoch's weights."
    )
    if is_unanswered(history):
        return not_answered(hint, f"{RUN}, history = model.fit(...)")
    curve = _val_curve(history)
    if curve is None:
        return wrong_form(
            history, f"{RUN} with validation_data=(x_val, y_val) (it has no val_loss)", hint
        )
    epochs_run = len(curve)
    best = int(np.argmin(curve)) + 1
    best_value = curve[best - 1]
    try:
        planned = int(history.params["epochs"])
    except Exception:  # a History whose params were not filled in by fit
        planned = epochs_run
    ran = f"training ran {epochs_run} epochs, the lowest val_loss {best_value:.4f} at epoch {best}"
    if epochs_run >= planned:
        return CheckResult(
            False,
            f"Not quite: {ran}, and it ran all {planned} epochs of fit: no early stop happened. "
            f"Hint: {hint}",
        )
    extra = epochs_run - best
    if extra > extra_budget:
        return CheckResult(
            False,
            f"Not quite: {ran}, so {extra} epochs ran after the best one, more than "
            f"{extra_budget}. Hint: {hint}",
        )
    if best_value > target:
        return CheckResult(
            False,
            f"Not quite: {ran}, above the target {target:.4f}: training stopped before it "
            f"reached a low enough val_loss. Hint: {hint}",
        )
    now = _model_val_loss(history, x_val, y_val)
    if now is None:
        return wrong_form(
            history,
            f"{RUN} of a model that can be evaluated on x_val, y_val (evaluating it failed)",
            hint,
        )
    if abs(now - best_value) > 1e-4 * max(1.0, abs(best_value)):
        closest = int(np.argmin([abs(v - now) for v in curve])) + 1
        return CheckResult(
            False,
            f"Not quite: {ran}, but the model now scores val_loss {now:.4f} (closest to epoch "
            f"{closest}): it does not hold the best epoch's weights. Hint: {hint}",
        )
    return correct(
        f"training stopped after epoch {epochs_run} of {planned}, {extra} epochs after the best "
        f"epoch {best} (at most {extra_budget}); its val_loss {best_value:.4f} is at most the "
        f"target {target:.4f}, and the model holds that epoch's weights (val_loss {now:.4f})."
    )
