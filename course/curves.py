"""Reading a learning curve: the underfit zone, the best epoch and the overfit zone.

The zones are found from the validation loss of every epoch by one simple, stated rule with
one number, the relative ``tolerance`` (10 % by default):

- **best epoch**: the epoch with the lowest validation loss (the first one on ties);
- **threshold**: that minimum times ``1 + tolerance``, the "close enough to the best" line;
- **underfit zone**: the epochs BEFORE the validation loss first gets down to the threshold;
  the model can still get clearly better by training longer;
- **overfit zone**: from the first epoch AFTER the best one at which the validation loss is
  back above the threshold, to the end of the run; training longer has made it clearly worse
  (the zone runs to the end even if the curve later dips back);
- in between: the epochs that are within ``tolerance`` of the best, a "good enough" zone.

A run whose validation loss never climbs back above the threshold has no overfit zone
(``overfit_start is None``): it did not overfit within the epochs it ran. The rule needs a
positive minimum (true for cross-entropy and mean squared error on noisy data); epochs are
1-based, as on the plots.

Example:
    >>> z = find_zones([0.9, 0.6, 0.45, 0.41, 0.40, 0.43, 0.47, 0.55], tolerance=0.1)
    >>> z.underfit_end, z.best_epoch, z.overfit_start
    (3, 5, 7)
    >>> z.zone(1), z.zone(6), z.zone(8)
    ('underfit', 'good', 'overfit')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from course.history import as_history, best_epoch, named_runs
from course.validation import (
    _short,
    check_curve,
    check_finite_array,
    check_int,
    check_number,
    check_same_length,
)

ZONES = ("underfit", "good", "overfit")


@dataclass(frozen=True)
class Zones:
    """Where one validation curve underfits, is good enough, and overfits. Epochs 1-based.

    ``underfit_end`` is the last epoch of the underfit zone (0: there is none);
    ``overfit_start`` the first epoch of the overfit zone (``None``: there is none).
    """

    best_epoch: int
    best_value: float
    underfit_end: int
    overfit_start: int | None
    epochs: int
    tolerance: float

    @property
    def threshold(self) -> float:
        """The validation loss that counts as "close enough", ``best_value * (1 + tolerance)``."""
        return self.best_value * (1.0 + self.tolerance)

    def zone(self, epoch: int) -> str:
        """``"underfit"``, ``"good"`` or ``"overfit"`` for a 1-based ``epoch`` of the run.

        Example:
            >>> find_zones([1.0, 0.5, 0.9]).zone(3)
            'overfit'
        """
        epoch = check_int("epoch", epoch, minimum=1, maximum=self.epochs)
        if epoch <= self.underfit_end:
            return "underfit"
        if self.overfit_start is not None and epoch >= self.overfit_start:
            return "overfit"
        return "good"

    def __str__(self) -> str:
        pct = f"{self.tolerance:.0%}"
        under = (
            f"epochs 1-{self.underfit_end}" if self.underfit_end else "none (close from epoch 1)"
        )
        over = (
            f"epochs {self.overfit_start}-{self.epochs}"
            if self.overfit_start is not None
            else f"none within {self.epochs} epochs"
        )
        return "\n".join(
            [
                f"best epoch:    {self.best_epoch} (validation loss {self.best_value:.4f})",
                f"threshold:     {self.threshold:.4f} (the minimum + {pct})",
                f"underfit zone: {under}",
                f"overfit zone:  {over}",
            ]
        )


def find_zones(val_loss: Sequence[float], *, tolerance: float = 0.1) -> Zones:
    """Find the underfit zone, the best epoch and the overfit zone of a validation curve.

    ``val_loss`` holds one value per epoch (``history.history["val_loss"]``); the rule is in
    the module docstring.

    Example:
        >>> z = find_zones([0.7, 0.5, 0.42, 0.40, 0.41, 0.46, 0.5])
        >>> print(z)
        best epoch:    4 (validation loss 0.4000)
        threshold:     0.4400 (the minimum + 10%)
        underfit zone: epochs 1-2
        overfit zone:  epochs 6-7
    """
    values = check_curve("val_loss", val_loss)
    tolerance = check_number(
        "tolerance", tolerance, minimum=0, maximum=1, exclusive_minimum=True, exclusive_maximum=True
    )
    best_index = best_epoch(values) - 1  # course.history's rule: lowest, first on ties
    best_value = float(values[best_index])
    if best_value <= 0:
        raise ValueError(
            f"val_loss must stay above 0 for a relative tolerance; its minimum is "
            f"{_short(best_value)}"
        )
    close = values <= best_value * (1.0 + tolerance)
    underfit_end = int(np.argmax(close))  # first close epoch (1-based) - 1
    above = np.nonzero(~close[best_index + 1 :])[0]
    overfit_start = int(best_index + 2 + above[0]) if above.size else None
    return Zones(best_index + 1, best_value, underfit_end, overfit_start, len(values), tolerance)


def zones_table(runs: Mapping[str, Any], *, tolerance: float = 0.1) -> pd.DataFrame:
    """One row per run: best epoch, overfit zone start and the losses that show it.

    ``runs`` maps a name to a run (a keras ``History``, a ``course.callbacks.IterationHistory``
    or a dict with ``"loss"`` and ``"val_loss"`` lists; see ``course.history``).
    ``overfit from`` is ``"none"`` when the run did not overfit within its epochs (by the rule
    of ``find_zones``).

    Example:
        >>> runs = {"a": {"loss": [0.9, 0.5, 0.3], "val_loss": [0.9, 0.6, 0.8]}}
        >>> zones_table(runs)["overfit from"].tolist()
        [3]
    """
    rows = []
    for name, run in named_runs(runs).items():
        history = as_history(run)
        if "val_loss" not in history:
            raise ValueError(
                "runs must hold histories with a 'val_loss' (from fit(..., validation_data=...)); "
                f"run {_short(name)} has {', '.join(sorted(history)) or 'nothing'}"
            )
        val = history["val_loss"]
        train = history.get("loss", [np.nan] * len(val))
        z = find_zones(val, tolerance=tolerance)
        rows.append(
            {
                "run": name,
                "underfit to": z.underfit_end,
                "best epoch": z.best_epoch,
                "overfit from": z.overfit_start if z.overfit_start is not None else "none",
                "best val_loss": round(z.best_value, 4),
                "last val_loss": round(val[-1], 4),
                "last train loss": round(float(train[-1]), 4),
            }
        )
    return pd.DataFrame(rows)


def labels_reproduced(predicted: Sequence[Any], labels: Any, flipped: Any) -> pd.DataFrame:
    """Per epoch, the share of the flipped and of the clean training labels the model reproduces.

    ``predicted`` holds one array of predicted classes per epoch (such as
    ``course.callbacks.ValidationPass(...).predicted``), ``labels`` the labels the model was
    trained on, and ``flipped`` one boolean per sample: True where the label was changed on
    purpose, so that it names a wrong class. A label is *reproduced* when the predicted class
    equals it; for a flipped label that means the model predicts the wrong class it was taught.

    One row per epoch (the index, 1-based): ``flipped`` and ``clean``, the shares (0 to 1) of
    the flipped and of the other labels reproduced, and ``all``, the share of all labels: the
    training accuracy against the given labels, for the weights at the end of the epoch.

    Example:
        >>> predicted = [np.array([0, 1, 2, 0]), np.array([0, 1, 2, 3])]
        >>> labels_reproduced(predicted, [0, 1, 2, 3], [False, False, True, True])
               flipped  clean   all
        epoch
        1          0.5    1.0  0.75
        2          1.0    1.0  1.00
    """
    targets = check_finite_array("labels", labels)
    rule = "flipped must be one boolean per sample (True: a flipped label)"
    try:
        marks = np.asarray(flipped)
    except Exception as err:  # ragged, or an object whose attributes raise
        raise TypeError(f"{rule}, got {_short(flipped)}") from err
    if marks.dtype != bool or marks.ndim != 1:
        raise ValueError(f"{rule}, got {marks.dtype} of shape {marks.shape}")
    if targets.ndim != 1:
        raise ValueError(f"labels must be one class label per sample, got shape {targets.shape}")
    n = check_same_length(labels=targets, flipped=marks)
    if marks.all() or not marks.any():
        raise ValueError(
            "flipped must mark at least one flipped and one clean label, got "
            f"{int(marks.sum())} flipped of {n}"
        )
    if isinstance(predicted, str | bytes | np.ndarray) or not isinstance(predicted, Sequence):
        raise ValueError(
            "predicted must be a list with one array of predicted classes per epoch, got "
            f"{type(predicted).__name__}"
        )
    if not predicted:
        raise ValueError("predicted must hold at least one epoch, got an empty list")
    rows = []
    for epoch, classes in enumerate(predicted, start=1):
        if classes is None:
            raise ValueError(
                "predicted must hold one array of predicted classes per epoch; "
                f"predicted[{epoch - 1}] is None"
            )
        guess = check_finite_array(f"predicted[{epoch - 1}]", classes)
        if guess.shape != (n,):
            raise ValueError(
                f"predicted[{epoch - 1}] must hold one class per sample ({n}), got shape "
                f"{guess.shape}"
            )
        same = guess == targets
        rows.append(
            {
                "epoch": epoch,
                "flipped": float(same[marks].mean()),
                "clean": float(same[~marks].mean()),
                "all": float(same.mean()),
            }
        )
    return pd.DataFrame(rows).set_index("epoch")
