"""Checks for lesson 04: where early stopping stops, and how long to retrain on all the data.

``early_stopping`` answers by running Keras's own ``keras.callbacks.EarlyStopping`` over the
curve in the question (see ``course.stopping.replay_early_stopping``), never by a formula of
its own.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from course.check._core import (
    CheckResult,
    _number,
    correct,
    half_right,
    is_unanswered,
    judge_number,
    not_answered,
    wrong,
    wrong_form,
)
from course.iterations import iterations_per_epoch
from course.stopping import replay_early_stopping
from course.validation import check_int

__all__ = ["early_stopping", "retrain_epochs"]

_PAIR = "a pair (stop_epoch, restored_epoch) of 1-based epoch numbers, e.g. (7, 4)"


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
    if is_unanswered(answer):
        return not_answered(hint, _PAIR)
    pair = _pair(answer)
    if pair is None:
        return wrong_form(answer, _PAIR, hint)
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
