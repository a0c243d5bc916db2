"""Checks for lesson 03: the best epoch of a curve, the time N epochs take, the zone of an epoch,
and a run the learner trained for a number of epochs of their choice (``good_zone_run``).

The zones follow ``course.curves.find_zones``: underfit before the validation loss first gets
within ``tolerance`` of its minimum, overfit from the first epoch after the best one where it
is more than ``tolerance`` above it again.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from course import curves, history
from course.check._core import (
    CheckResult,
    correct,
    is_unanswered,
    judge_number,
    logged_curve,
    not_answered,
    wrong,
    wrong_form,
)
from course.validation import check_curve, check_int, check_number

__all__ = ["best_epoch", "fit_zone", "good_zone_run", "training_time"]


def best_epoch(answer: Any, *, val_loss: Sequence[float]) -> CheckResult:
    """Check an answer to "which epoch of this validation curve is the best?" (1-based).

    Example:
        >>> bool(best_epoch(3, val_loss=[0.9, 0.6, 0.5, 0.55]))
        True
    """
    values = check_curve("val_loss", val_loss)
    best = history.best_epoch(values)
    return judge_number(
        answer,
        best,
        explanation=(
            f"epoch {best} has the lowest validation loss, "
            f"{values[best - 1]:.4f}. Epochs count from 1."
        ),
        hint="find the smallest validation loss and count its position from 1, not from 0 "
        "(the first epoch is epoch 1).",
    )


def training_time(
    answer: Any,
    *,
    seconds_per_epoch: float,
    epochs: int,
    first_epoch_seconds: float | None = None,
) -> CheckResult:
    """Check an answer to "how many seconds do ``epochs`` epochs take?" (within 1 %).

    Every epoch takes ``seconds_per_epoch``; if ``first_epoch_seconds`` is given, the first
    one takes that instead (it includes building the training graph).

    Example:
        >>> bool(training_time(10.2, seconds_per_epoch=0.2, epochs=50, first_epoch_seconds=0.4))
        True
    """
    per = check_number("seconds_per_epoch", seconds_per_epoch, minimum=0, exclusive_minimum=True)
    epochs = check_int("epochs", epochs)
    if first_epoch_seconds is None:
        expected = per * epochs
        how, after_first = f"{epochs} epochs x {per:.4g} s", ""
    else:
        first = check_number(
            "first_epoch_seconds", first_epoch_seconds, minimum=0, exclusive_minimum=True
        )
        expected = first + per * (epochs - 1)
        how = f"the first epoch ({first:.4g} s) + {epochs - 1} epochs x {per:.4g} s"
        after_first = " after the first"
    return judge_number(
        answer,
        expected,
        tolerance=0.01 * expected,
        explanation=f"{how} = {expected:.4g} s, assuming every epoch{after_first} costs the same.",
        hint="every epoch does the same work (same samples, same number of updates), so "
        "multiply the time of one epoch by the number of epochs"
        + (", counting the slower first epoch once." if first_epoch_seconds is not None else "."),
    )


_ALIASES = {
    "underfit": "underfit",
    "underfitting": "underfit",
    "overfit": "overfit",
    "overfitting": "overfit",
    "good": "good",
    "good enough": "good",
    "good fit": "good",
    "just right": "good",
    "neither": "good",
}


def fit_zone(
    answer: Any, *, val_loss: Sequence[float], epoch: int, tolerance: float = 0.1
) -> CheckResult:
    """Check an answer to "is this run underfitting, overfitting or neither at ``epoch``?".

    Answers: ``"underfitting"``, ``"overfitting"`` or ``"neither"`` (also ``"underfit"``,
    ``"overfit"``, ``"good"``). The zones follow ``course.curves.find_zones``.

    Example:
        >>> bool(fit_zone("overfitting", val_loss=[0.9, 0.5, 0.45, 0.6], epoch=4))
        True
    """
    values = check_curve("val_loss", val_loss)
    zones = curves.find_zones(values, tolerance=tolerance)
    epoch = check_int("epoch", epoch, minimum=1, maximum=zones.epochs)
    expected = zones.zone(epoch)
    hint = (
        f"find the minimum and the threshold (minimum + {tolerance:.0%}). Before the curve "
        "first gets under the threshold: underfitting; after the best epoch, once it is back "
        "above: overfitting; otherwise neither. Answer 'underfitting', 'overfitting' or "
        "'neither'."
    )
    if is_unanswered(answer):
        return not_answered(hint)
    given = _ALIASES.get(answer.strip().lower()) if isinstance(answer, str) else None
    if given is None:
        return wrong_form(answer, "'underfitting', 'overfitting' or 'neither'", hint)
    if given != expected:
        return wrong(answer, hint)
    value = float(values[epoch - 1])
    words = {"underfit": "underfitting", "overfit": "overfitting", "good": "neither"}
    reason = {
        "underfit": f"the validation loss has not yet got within {tolerance:.0%} of its best",
        "overfit": f"after the best epoch ({zones.best_epoch}) the validation loss went back "
        f"above the threshold at epoch {zones.overfit_start}",
        "good": f"the validation loss is within {tolerance:.0%} of its best "
        f"({zones.best_value:.4f} at epoch {zones.best_epoch})",
    }[expected]
    return correct(
        f"{words[expected]}. At epoch {epoch} the validation loss is {value:.4f} "
        f"(threshold {zones.threshold:.4f}): {reason}.",
    )


def _val_curve(run: Any) -> list[float] | None:
    """The per-epoch validation losses of a History (or a dict of lists), or None if it has none."""
    try:
        logs = getattr(run, "history", run)
    except Exception:  # any answer at all: a string, a broken object, ...
        return None
    # a list of numbers only: not a generator (perhaps endless), not a broken sequence
    values = logged_curve(logs, "val_loss") if isinstance(logs, Mapping) else None
    if not values or not all(math.isfinite(v) for v in values):
        return None
    return values


def good_zone_run(answer: Any, *, val_loss: Sequence[float], tolerance: float = 0.1) -> CheckResult:
    """Check a run the learner trained: did it stop in the good zone of the reference curve?

    ``answer`` is the History that ``model.fit(..., validation_data=...)`` returned for the same
    setup as the reference run whose validation losses are ``val_loss``. Right when the number of
    epochs it ran falls in the reference's good zone (between the underfit and overfit zones of
    ``course.curves.find_zones``) and its own last validation loss is within ``tolerance`` of
    the reference's best.

    Example:
        >>> reference = [0.9, 0.6, 0.45, 0.41, 0.40, 0.43, 0.47, 0.55]
        >>> bool(good_zone_run({"val_loss": [0.9, 0.6, 0.45, 0.41]}, val_loss=reference))
        True
        >>> bool(good_zone_run({"val_loss": [0.9, 0.6]}, val_loss=reference))
        False
    """
    values = check_curve("val_loss", val_loss)
    zones = curves.find_zones(values, tolerance=tolerance)
    good = f"epochs {zones.underfit_end + 1}-{(zones.overfit_start or zones.epochs + 1) - 1}"
    hint = (
        "find the reference run's zones (course.curves.find_zones of its validation losses), "
        "choose a number of epochs after its underfit zone and before its overfit zone, train a "
        "fresh model of the same setup for that many epochs and pass the History that model.fit "
        "returned."
    )
    if is_unanswered(answer):
        return not_answered(hint, "the History of your run")
    run = _val_curve(answer)
    if run is None:
        return wrong_form(
            answer, "the History that model.fit(..., validation_data=...) returned", hint
        )
    epochs, last = len(run), run[-1]
    after = f"after {epochs} epoch{'s' if epochs != 1 else ''}"
    if epochs > zones.epochs:
        return CheckResult(
            False,
            f"Your run trained {epochs} epochs, more than the {zones.epochs} of the reference: "
            f"nothing to compare it with. Hint: {hint}",
        )
    zone = zones.zone(epochs)
    if zone == "underfit":
        return CheckResult(
            False,
            f"Too early: {after} the reference run is still underfitting (its "
            f"validation loss has not yet got within {tolerance:.0%} of its best). Train longer. "
            f"Hint: {hint}",
        )
    if zone == "overfit":
        return CheckResult(
            False,
            f"Too late: {after} the reference run is overfitting (back above "
            f"its threshold since epoch {zones.overfit_start}). Train fewer epochs. Hint: {hint}",
        )
    if last > zones.threshold:
        return CheckResult(
            False,
            f"{epochs} epochs is in the reference's good zone, but your run ended with "
            f"validation loss {last:.3f}, above the threshold {zones.threshold:.3f}: it is not "
            f"the same setup (same seed, model, data, optimizer). Hint: {hint}",
        )
    return correct(
        f"{epochs} epochs is in the good zone ({good}); your run ended with validation loss "
        f"{last:.3f}, within {tolerance:.0%} of the best {zones.best_value:.3f} "
        f"(epoch {zones.best_epoch}).",
    )
