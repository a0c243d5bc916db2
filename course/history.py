"""A run's per-epoch history, and its best epoch: one home for both.

A *run* is what a lesson trains and then reads: a ``keras.callbacks.History`` (what ``fit``
returns), a ``course.callbacks.IterationHistory``, or a plain ``{"loss": [...], ...}`` dict of
per-epoch values. ``as_history`` turns any of them into one shape, ``{metric: [value per
epoch]}``; ``named_runs`` accepts one run or ``{name: run}``; ``best_epoch`` is the one
definition of "the best epoch" (1-based, first on ties, NaN never best), with the direction of
a metric from ``monitor_mode``; ``epochs_to_target`` is the first epoch that reaches a target
(``None`` if none does).

Example:
    >>> h = {"loss": [1.0, 0.6, 0.4], "val_loss": [1.1, 0.8, 0.9]}
    >>> best_epoch(as_history(h)["val_loss"])
    2
    >>> monitor_mode("val_accuracy")
    'max'
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import numpy as np

from course.validation import _short, check_choice, check_number

MODES = ("min", "max")
_HIGHER_IS_BETTER = ("acc", "auc", "precision", "recall", "f1", "r2", "iou", "similarity")


def as_history(run: Any) -> dict[str, list[float]]:
    """The per-epoch metrics of one run as ``{name: [value per epoch]}``.

    Example:
        >>> as_history({"loss": (0.5, 0.25)})
        {'loss': [0.5, 0.25]}
    """
    rule = (
        "a run must be a keras History (what fit returns), a course IterationHistory or a "
        f"dict of per-epoch lists such as {{'loss': [0.9, 0.7]}}, got {type(run).__name__}"
    )
    try:
        history = getattr(run, "history", run)
    except Exception as err:  # an object whose attribute lookup raises
        raise TypeError(rule) from err
    if not isinstance(history, Mapping):
        raise ValueError(rule)
    out = {}
    for key, values in history.items():
        if isinstance(values, str | bytes) or np.ndim(values) != 1:
            raise ValueError(
                f"a run's {_short(key)} must be a list with one value per epoch, got "
                f"{_short(values)}"
            )
        out[str(key)] = [float(v) for v in values]
    return out


def _is_single_run(runs: Any) -> bool:
    try:
        if hasattr(runs, "history"):
            return True
    except Exception:  # an attribute lookup that raises more than AttributeError: no run
        return False
    return isinstance(runs, Mapping) and any(
        isinstance(v, list | tuple | np.ndarray) for v in runs.values()
    )


def named_runs(runs: Any) -> dict[str, Any]:
    """Accept one run or ``{name: run}``; return ``{name: run}`` (one run gets the name ``""``).

    Example:
        >>> list(named_runs({"loss": [1.0, 0.5]}))
        ['']
        >>> list(named_runs({"B=32": {"loss": [1.0]}, "B=1": {"loss": [0.9]}}))
        ['B=32', 'B=1']
    """
    if _is_single_run(runs):
        return {"": runs}
    if not isinstance(runs, Mapping) or not runs:
        raise ValueError(
            "runs must be one run (a keras History, a course IterationHistory, a dict of lists) "
            f"or a non-empty dict {{name: run}}, got {type(runs).__name__}"
        )
    return {str(name): run for name, run in runs.items()}


def monitor_mode(metric: str) -> str:
    """``"max"`` for metrics where higher is better (accuracy, AUC, F1, R², ...), else ``"min"``.

    A loss is ``"min"``. Any other name, with or without ``val_``, takes the direction Keras
    gives the metric of that name; a name Keras does not know is ``"max"`` when it contains
    one of the words of higher-is-better metrics (``acc``, ``auc``, ``f1``, ...).

    Example:
        >>> monitor_mode("val_loss"), monitor_mode("accuracy"), monitor_mode("val_r2_score")
        ('min', 'max', 'max')
    """
    if not isinstance(metric, str) or not metric:
        raise ValueError(f"metric must be a metric's name such as 'val_loss', got {_short(metric)}")
    return _direction(metric.removeprefix("val_"))


@lru_cache(maxsize=64)
def _direction(name: str) -> str:
    """``monitor_mode`` for a name without ``val_``, from Keras's metric of that name."""
    if name.endswith("loss"):
        return "min"
    import keras  # here, not at the top: importing Keras loads pyplot, which checks must not

    try:
        found = keras.metrics.get(name)
        direction = getattr(found() if isinstance(found, type) else found, "_direction", None)
    except (ValueError, TypeError):
        direction = None
    if direction in ("up", "down"):
        return "max" if direction == "up" else "min"
    return "max" if any(word in name.lower() for word in _HIGHER_IS_BETTER) else "min"


def _per_epoch(values: Any) -> np.ndarray:
    """``values`` as a 1-D float array with one entry per epoch (NaN allowed), or a ValueError."""
    try:
        arr = np.asarray(values, dtype=float)
    except Exception as err:  # not numbers, ragged, or an object whose attributes raise
        raise ValueError(
            f"values must be a list with one number per epoch, got {_short(values)}"
        ) from err
    if isinstance(values, str | bytes) or arr.ndim != 1 or arr.size == 0:
        raise ValueError(
            f"values must be a non-empty list with one number per epoch, got {_short(values)}"
        )
    return arr


def best_epoch(values: Any, mode: str = "min") -> int:
    """The 1-based epoch with the lowest (``mode="min"``) or highest value; first one on ties.

    A NaN epoch (training diverged) is never the best one.

    Example:
        >>> best_epoch([0.9, 0.5, 0.7])
        2
        >>> best_epoch([0.5, float("nan"), 0.3])
        3
        >>> best_epoch([0.6, 0.9, 0.9], mode="max")
        2
    """
    mode = check_choice("mode", mode, MODES)
    arr = _per_epoch(values)
    if np.all(np.isnan(arr)):
        raise ValueError("values must hold at least one number that is not NaN, got only NaN")
    return int(np.nanargmin(arr) if mode == "min" else np.nanargmax(arr)) + 1


def epochs_to_target(values: Any, target: float, mode: str = "min") -> int | None:
    """The first 1-based epoch whose value reaches ``target``, or ``None`` if none does.

    ``mode="min"`` (losses): the first value at or below ``target``; ``mode="max"`` (accuracy):
    at or above it. A NaN epoch (training diverged) never reaches the target.

    Example:
        >>> epochs_to_target([0.9, 0.5, 0.3, 0.2], target=0.5)
        2
        >>> epochs_to_target([0.9, float("nan"), 0.7], target=0.5) is None
        True
        >>> epochs_to_target([0.6, 0.8, 0.9], target=0.8, mode="max")
        2
    """
    mode = check_choice("mode", mode, MODES)
    target = check_number("target", target)
    arr = _per_epoch(values)
    reached = arr <= target if mode == "min" else arr >= target
    return int(np.argmax(reached)) + 1 if reached.any() else None


def run_summary(scores: Any, flipped: Any) -> dict[str, float]:
    """Lesson 05's measures of one run, from a ``course.callbacks.EpochScores`` with sets
    named ``train``, ``val`` and ``test``; ``flipped`` marks the training labels that are wrong.

    - ``best epoch``: the epoch of the lowest validation loss (1-based, first on ties);
    - ``best val loss``: that lowest validation loss;
    - ``test accuracy``: at the last epoch;
    - ``gap at the end`` and ``gap at the best epoch``: validation minus training loss;
    - ``flipped labels learned``: the share of the flipped training labels that the model
      predicts at the last epoch (it has learned a wrong label by heart).

    The losses are ``EpochScores``' plain cross-entropy, with ``training=False``.

    Example:
        >>> import pandas as pd
        >>> class Scores:  # what EpochScores holds after a 3-epoch run on 4 training images
        ...     curves = pd.DataFrame({"train_loss": [1.0, 0.5, 0.2],
        ...                            "val_loss": [1.2, 0.9, 1.0],
        ...                            "test_accuracy": [0.5, 0.7, 0.6]}, index=[1, 2, 3])
        ...     correct = {"train": np.array([[0, 0, 1, 1], [0, 1, 1, 1], [1, 1, 1, 0]], bool)}
        >>> summary = run_summary(Scores(), [True, True, False, True])
        >>> {k: round(v, 3) for k, v in summary.items()}  # doctest: +NORMALIZE_WHITESPACE
        {'best epoch': 2, 'best val loss': 0.9, 'test accuracy': 0.6, 'gap at the end': 0.8,
         'gap at the best epoch': 0.4, 'flipped labels learned': 0.667}
    """
    rule = "scores must be an EpochScores with sets named 'train', 'val' and 'test'"
    try:
        curves = scores.curves
        columns = list(curves.columns)
    except Exception as err:  # no EpochScores, or one whose attributes raise
        raise TypeError(f"{rule}, got {_short(scores)}") from err
    if any(c not in columns for c in ("train_loss", "val_loss", "test_accuracy")):
        raise ValueError(f"{rule}, got columns {columns}")
    try:
        right = np.asarray(scores.correct["train"][-1], bool)
    except Exception as err:  # no per-sample record of the training set
        raise TypeError(f"{rule}, got {_short(scores)}") from err
    flags = f"flipped must mark the {right.size} training labels, some True"
    try:
        mask = np.asarray(flipped, bool)
    except Exception as err:  # an object whose __len__ or attributes raise
        raise TypeError(f"{flags}, got {_short(flipped)}") from err
    if mask.shape != right.shape or not mask.any():
        raise ValueError(f"{flags}, got shape {mask.shape} with {int(mask.sum())} marked")
    val, gap = curves["val_loss"], curves["val_loss"] - curves["train_loss"]
    best = int(val.idxmin())
    return {
        "best epoch": best,
        "best val loss": float(val[best]),
        "test accuracy": float(curves["test_accuracy"].iloc[-1]),
        "gap at the end": float(gap.iloc[-1]),
        "gap at the best epoch": float(gap[best]),
        "flipped labels learned": float(right[mask].mean()),
    }
