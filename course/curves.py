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

import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from course.plots import best_epoch, mark_epoch
from course.validation import check_finite_array, check_positive_int

ZONES = ("underfit", "good", "overfit")
UNDERFIT_COLOR = "tab:blue"
OVERFIT_COLOR = "tab:red"


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
        """The validation loss that counts as "close enough": best_value * (1 + tolerance)."""
        return self.best_value * (1.0 + self.tolerance)

    def zone(self, epoch: int) -> str:
        """``"underfit"``, ``"good"`` or ``"overfit"`` for a 1-based ``epoch`` of the run.

        Example:
            >>> find_zones([1.0, 0.5, 0.9]).zone(3)
            'overfit'
        """
        epoch = check_positive_int("epoch", epoch)
        if epoch > self.epochs:
            raise ValueError(f"epoch must be an integer from 1 to {self.epochs}, got {epoch}")
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


def _check_tolerance(tolerance: Any) -> float:
    ok = isinstance(tolerance, numbers.Real) and not isinstance(tolerance, bool)
    if not ok or not 0 < float(tolerance) < 1:
        raise ValueError(f"tolerance must be a number with 0 < tolerance < 1, got {tolerance!r}")
    return float(tolerance)


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
    values = check_finite_array("val_loss", val_loss).astype(float)
    if values.ndim != 1:
        raise ValueError(
            f"val_loss must be a flat list with one value per epoch, got shape {values.shape}"
        )
    tolerance = _check_tolerance(tolerance)
    best_index = best_epoch(values) - 1  # the same rule as the plots: lowest, first on ties
    best_value = float(values[best_index])
    if best_value <= 0:
        raise ValueError(
            f"val_loss must stay above 0 for a relative tolerance; its minimum is {best_value!r}"
        )
    close = values <= best_value * (1.0 + tolerance)
    underfit_end = int(np.argmax(close))  # first close epoch (1-based) - 1
    above = np.nonzero(~close[best_index + 1 :])[0]
    overfit_start = int(best_index + 2 + above[0]) if above.size else None
    return Zones(best_index + 1, best_value, underfit_end, overfit_start, len(values), tolerance)


def _val_loss_of(run: Any, name: str) -> list[float]:
    history = getattr(run, "history", run)
    if not isinstance(history, Mapping) or "val_loss" not in history:
        raise ValueError(
            f"run {name!r} has no 'val_loss': pass histories of fit(..., validation_data=...)"
        )
    return list(history["val_loss"])


def zones_table(runs: Mapping[str, Any], *, tolerance: float = 0.1) -> pd.DataFrame:
    """One row per run: best epoch, overfit zone start and the losses that show it.

    ``runs`` maps a name to a keras ``History``, a ``course.callbacks.IterationHistory`` or a
    dict with ``"loss"`` and ``"val_loss"`` lists. ``overfit from`` is ``"none"`` when the
    run did not overfit within its epochs (by the rule of ``find_zones``).

    Example:
        >>> runs = {"a": {"loss": [0.9, 0.5, 0.3], "val_loss": [0.9, 0.6, 0.8]}}
        >>> zones_table(runs)["overfit from"].tolist()
        [3]
    """
    if not isinstance(runs, Mapping) or not runs:
        raise ValueError("runs must be a non-empty dict of {name: history}")
    rows = []
    for name, run in runs.items():
        val = _val_loss_of(run, name)
        train = list(getattr(run, "history", run).get("loss", [np.nan] * len(val)))
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


def shade_zones(ax: Axes, zones: Zones, *, show_threshold: bool = False) -> None:
    """Shade the underfit (blue) and overfit (red) zones on ``ax`` and mark the best epoch.

    ``show_threshold`` also draws the threshold as a horizontal line: only on an axis whose
    y is the validation loss. Updates the legend.

    Example:
        >>> from course.plots import plot_learning_curves
        >>> h = {"loss": [0.9, 0.5, 0.3, 0.2], "val_loss": [0.9, 0.5, 0.52, 0.7]}
        >>> ax = plot_learning_curves(h)
        >>> shade_zones(ax, find_zones(h["val_loss"]), show_threshold=True)
    """
    if not isinstance(zones, Zones):
        raise TypeError(f"zones must be what find_zones returns, got {type(zones).__name__}")
    if zones.underfit_end:
        ax.axvspan(
            0.5, zones.underfit_end + 0.5, color=UNDERFIT_COLOR, alpha=0.12, label="underfit zone"
        )
    if zones.overfit_start is not None:
        ax.axvspan(
            zones.overfit_start - 0.5,
            zones.epochs + 0.5,
            color=OVERFIT_COLOR,
            alpha=0.12,
            label="overfit zone",
        )
    if show_threshold:
        ax.axhline(
            zones.threshold,
            color="gray",
            linestyle=":",
            linewidth=1,
            label=f"best val_loss + {zones.tolerance:.0%}",
        )
    mark_epoch(ax, zones.best_epoch, f"best epoch {zones.best_epoch}")
    ax.set_xlim(0.5, zones.epochs + 0.5)
    ax.legend(fontsize="small")
