"""Checks for lesson 07: how many epochs Hyperband spends, and a search the learner runs within
a budget of epochs.

``hyperband_epochs`` answers from keras-tuner's own bracket rules (``keras_tuner.Hyperband``,
version 1.4): how many models each round trains and for how many epochs, a continued model
training only its extra epochs. ``search_within_budget`` judges the Histories of the learner's
own ``model.fit`` calls: the epochs they ran in all, counted from the Histories, against the
budget, and the lowest validation loss any of them reached against a target.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from course.check._core import (
    CheckResult,
    correct,
    history_logs,
    judge_number,
    logged_curve,
    not_answered,
    wrong_form,
)
from course.validation import check_int, check_number

__all__ = ["hyperband_epochs", "search_within_budget"]


def _hyperband_rounds(max_epochs: int, factor: int) -> list[tuple[int, int, int, int]]:
    """(bracket, models, epochs from, epochs to) for every round of one Hyperband iteration.

    The rules of keras-tuner's ``HyperbandOracle`` (``min_epochs`` 1): a bracket per power of
    ``factor`` that fits in ``max_epochs``; bracket ``b`` starts ``ceil(e0 / (b + 1) * factor**b)``
    models at ``ceil(max_epochs / factor**b)`` epochs, with ``e0 = ceil(1 + log(max_epochs,
    factor))``; each later round keeps ``1 / factor`` of them and trains them on, from the
    epochs they had, up to ``factor`` times as many.

    Example:
        >>> _hyperband_rounds(3, 3)
        [(1, 3, 0, 1), (1, 1, 1, 3), (0, 2, 0, 3)]
    """
    brackets, epochs = 0, float(max_epochs)
    while epochs >= 1:
        epochs /= factor
        brackets += 1
    end_size = math.ceil(1 + math.log(max_epochs, factor))
    rounds = []
    for bracket in range(brackets - 1, -1, -1):
        before = 0
        for round_num in range(bracket + 1):
            models = math.ceil(end_size / (bracket + 1) * factor ** (bracket - round_num))
            upto = math.ceil(max_epochs / factor ** (bracket - round_num))
            rounds.append((bracket, models, before, upto))
            before = upto
    return rounds


def hyperband_epochs(answer: Any, *, max_epochs: int, factor: int = 3) -> CheckResult:
    """Check "how many epochs does one Hyperband iteration train in all?".

    Every round of every bracket trains its models for the round's epochs; a model carried on
    from the round before trains only the epochs it did not have yet. The rules are
    keras-tuner's (``keras_tuner.Hyperband(max_epochs=..., factor=...)``, one iteration).

    Example:
        >>> bool(hyperband_epochs(75, max_epochs=9, factor=3))
        True
        >>> bool(hyperband_epochs(81, max_epochs=9, factor=3))
        False
    """
    max_epochs = check_int("max_epochs", max_epochs, minimum=1, maximum=10_000)
    factor = check_int("factor", factor, minimum=2, maximum=100)
    rounds = _hyperband_rounds(max_epochs, factor)
    total = sum(models * (upto - before) for _, models, before, upto in rounds)
    trials = sum(models for _, models, _, _ in rounds)
    parts = []
    for bracket in sorted({b for b, _, _, _ in rounds}, reverse=True):
        terms = [(m, upto - before) for b, m, before, upto in rounds if b == bracket]
        products = " + ".join(f"{m} x {n}" for m, n in terms)
        parts.append(f"bracket {bracket}: {products} = {sum(m * n for m, n in terms)}")
    hint = (
        "go bracket by bracket. The first bracket starts the most models for the fewest epochs "
        f"(max_epochs / factor**bracket, rounded up), then keeps 1/{factor} of them, rounded up, "
        f"and trains them {factor} times as long, until max_epochs; the last bracket trains a few "
        "models for max_epochs straight away. A model that goes on to the next round trains only "
        "its extra epochs (it continues from its checkpoint)."
    )
    return judge_number(
        answer,
        total,
        explanation=(
            f"max_epochs={max_epochs}, factor={factor}, trials x the epochs each trains: "
            f"{'; '.join(parts)}; {trials} trials, {total} epochs in all."
        ),
        hint=hint,
    )


_RUNS = "a list of the Histories your model.fit(...) calls returned"


def _val_losses(history: Any) -> tuple[int, list[float]] | None:
    """(epochs run, val_loss per epoch) of one History; None when it is not one with val_loss."""
    logs = history_logs(history)  # never raises, whatever the object's attributes do
    values = logged_curve(logs, "val_loss") if logs is not None else None
    if not values:  # no validation data, a History of something else, an endless metric, ...
        return None
    train = logged_curve(logs, "loss")
    return max(len(train) if train else 0, len(values)), values


def search_within_budget(histories: Any, *, budget: int, target_val_loss: float) -> CheckResult:
    """Check a search the learner ran: at most ``budget`` epochs in all, and some run's lowest
    ``val_loss`` at most ``target_val_loss``.

    ``histories`` is a list of what ``model.fit(..., validation_data=...)`` returned, one per
    trial (a single History counts as a list of one). Epochs are counted from the Histories.

    Example:
        >>> history = model.fit(x[:150], y[:150], epochs=3, validation_data=(x[150:], y[150:]),
        ...                     verbose=0)
        >>> search_within_budget([history], budget=5, target_val_loss=10.0)
        Correct: 1 run, 3 epochs in all (budget 5); ...
    """
    budget = check_int("budget", budget, minimum=1)
    target = check_number("target_val_loss", target_val_loss, minimum=0.0, exclusive_minimum=True)
    hint = (
        f"train a few models with different settings (epochs, batch_size, learning rate), each "
        f"with validation data (in the lesson, validation_data=batches(x_va, y_va, len(x_va))), "
        f"and keep every History in a list. Their epochs "
        f"add up: at most {budget} in all. The target is a lowest val_loss of at most "
        f"{target:.4f} in any run; spend the epochs on settings that learn fast, and stop a run "
        "before its validation loss turns up."
    )
    if histories is None or histories is Ellipsis:
        return not_answered(hint, f"{_RUNS}, e.g. runs = [model.fit(...), ...]")
    runs = [histories] if history_logs(histories) is not None else histories
    if isinstance(runs, str | bytes | Mapping) or not isinstance(runs, Sequence) or not runs:
        return wrong_form(histories, _RUNS, hint)
    parsed = [_val_losses(run) for run in runs]
    if any(p is None for p in parsed):
        return wrong_form(
            histories, f"{_RUNS}, each trained with validation_data (one has no val_loss)", hint
        )
    spent = sum(epochs for epochs, _ in parsed)  # type: ignore[misc]
    count = f"{len(runs)} run{'s' if len(runs) != 1 else ''}, {spent} epochs in all"
    if spent > budget:
        return CheckResult(
            False, f"Not quite: {count}, more than the budget of {budget}. Hint: {hint}"
        )
    finite = [
        (value, run + 1, epoch + 1)
        for run, (_, values) in enumerate(parsed)  # type: ignore[misc]
        for epoch, value in enumerate(values)
        if math.isfinite(value)
    ]
    if not finite:
        return CheckResult(
            False,
            f"Not quite: {count}, but no val_loss is a finite number: training diverged "
            f"(a learning rate too high?). Hint: {hint}",
        )
    best, run, epoch = min(finite)
    where = f"the lowest val_loss, {best:.4f} at epoch {epoch} of run {run},"
    if best > target:
        return CheckResult(
            False,
            f"Not quite: {count} (budget {budget}); {where} is above the target {target:.4f}. "
            f"Hint: {hint}",
        )
    return correct(f"{count} (budget {budget}); {where} is at most the target {target:.4f}.")
