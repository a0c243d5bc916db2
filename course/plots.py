"""Plots of training: learning curves and per-iteration losses, in one consistent style.

One colour per run; training solid, validation dashed; x in epochs (fractional epochs for
per-iteration curves, so an iteration halfway through epoch 3 sits at x = 2.5).

Runs can be a ``keras.callbacks.History`` (what ``fit`` returns), a
``course.callbacks.IterationHistory``, a plain ``{"loss": [...], "val_loss": [...]}`` dict,
or a dict of named runs of any of these.

Example:
    >>> h = {"loss": [1.0, 0.6, 0.4], "val_loss": [1.1, 0.8, 0.9]}
    >>> ax = plot_learning_curves(h, metric="loss", mark_best=True)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes


def _metric_dict(run: Any) -> dict[str, list[float]]:
    """The per-epoch metrics of one run as ``{name: [value per epoch]}``."""
    history = getattr(run, "history", run)
    if not isinstance(history, Mapping):
        raise TypeError(
            "a run must be a keras History, a course IterationHistory or a dict of lists; "
            f"got {type(run).__name__}"
        )
    return {k: list(v) for k, v in history.items()}


def _named_runs(runs: Any) -> dict[str, Any]:
    """Accept one run or ``{name: run}``; return ``{name: run}``."""
    if (
        isinstance(runs, Mapping)
        and runs
        and all(not isinstance(v, list | tuple | np.ndarray) for v in runs.values())
    ):
        return dict(runs)
    return {"": runs}


def best_epoch(values: list[float], mode: str = "min") -> int:
    """The 1-based epoch with the lowest (``mode="min"``) or highest value; first one on ties.

    Example:
        >>> best_epoch([0.9, 0.5, 0.7])
        2
    """
    if mode not in ("min", "max"):
        raise ValueError(f"mode must be 'min' or 'max', got {mode!r}")
    if len(values) == 0:
        raise ValueError("values is empty; it must hold one value per epoch")
    arr = np.asarray(values, dtype=float)
    return int(np.argmin(arr) if mode == "min" else np.argmax(arr)) + 1


def _mode_for(metric: str) -> str:
    return "max" if any(word in metric for word in ("acc", "auc", "precision", "recall")) else "min"


def plot_learning_curves(
    runs: Any,
    metric: str = "loss",
    *,
    ax: Axes | None = None,
    mark_best: bool = False,
    validation: bool = True,
) -> Axes:
    """Training (solid) and validation (dashed) ``metric`` per epoch, one colour per run.

    ``mark_best`` puts a dot on each run's best validation epoch.

    Example:
        >>> runs = {"small": {"loss": [1, .5], "val_loss": [1, .6]},
        ...         "large": {"loss": [1, .3], "val_loss": [1, .7]}}
        >>> ax = plot_learning_curves(runs, "loss")
    """
    ax = ax or plt.subplots(figsize=(6, 4))[1]
    for i, (name, run) in enumerate(_named_runs(runs).items()):
        history = _metric_dict(run)
        if metric not in history:
            raise ValueError(
                f"metric {metric!r} was not recorded{f' in run {name!r}' if name else ''}; "
                f"recorded: {', '.join(sorted(history))}"
            )
        color = f"C{i}"
        epochs = np.arange(1, len(history[metric]) + 1)
        prefix = f"{name} " if name else ""
        ax.plot(epochs, history[metric], color=color, label=f"{prefix}train")
        val = history.get(f"val_{metric}")
        if validation and val is not None:
            ax.plot(epochs, val, color=color, linestyle="--", label=f"{prefix}validation")
            if mark_best:
                best = best_epoch(val, _mode_for(metric))
                ax.plot(best, val[best - 1], "o", color=color, markersize=7)
    ax.set_xlabel("epoch")
    ax.set_ylabel(metric)
    ax.legend(fontsize="small")
    return ax


def plot_iterations(
    runs: Any,
    *,
    x: str = "epoch_fraction",
    ax: Axes | None = None,
    show_epochs: bool = True,
) -> Axes:
    """Per-iteration loss (thin line) with per-epoch loss (dots; validation dashed) on one axis.

    ``x`` is ``"epoch_fraction"`` (default), ``"iteration"``, ``"samples_seen"`` or
    ``"seconds"``. ``runs`` is one ``IterationHistory`` or ``{name: IterationHistory}``.

    Example:
        >>> ax = plot_iterations(rec)                       # doctest: +SKIP
        >>> ax = plot_iterations({"B=1": r1, "B=32": r32}, x="seconds")   # doctest: +SKIP
    """
    allowed = ("epoch_fraction", "iteration", "samples_seen", "seconds")
    if x not in allowed:
        raise ValueError(f"x must be one of {', '.join(map(repr, allowed))}; got {x!r}")
    ax = ax or plt.subplots(figsize=(7, 4))[1]
    for i, (name, rec) in enumerate(_named_runs(runs).items()):
        if not hasattr(rec, "batches"):
            raise TypeError(
                f"plot_iterations needs IterationHistory runs, got {type(rec).__name__}"
            )
        color, prefix = f"C{i}", f"{name}: " if name else ""
        batches, epochs = rec.batches, rec.epochs
        ax.plot(
            batches[x],
            batches["loss"],
            color=color,
            alpha=0.45,
            linewidth=0.8,
            label=f"{prefix}loss of each batch",
        )
        if show_epochs and len(epochs):
            ends = batches.groupby("epoch")[x].max().to_numpy()
            ax.plot(
                ends,
                epochs["loss"],
                "o-",
                color=color,
                markersize=4,
                label=f"{prefix}epoch loss (train)",
            )
            if "val_loss" in epochs:
                ax.plot(
                    ends,
                    epochs["val_loss"],
                    "s--",
                    color=color,
                    markersize=4,
                    label=f"{prefix}epoch loss (validation)",
                )
    labels = {"epoch_fraction": "epoch", "samples_seen": "samples seen", "seconds": "seconds"}
    ax.set_xlabel(labels.get(x, x))
    ax.set_ylabel("loss")
    ax.legend(fontsize="small")
    return ax


def mark_epoch(ax: Axes, epoch: float, label: str, *, color: str = "black") -> None:
    """Draw a labelled vertical line at ``epoch`` (a best epoch, a stop, a zone boundary).

    Example:
        >>> ax = plot_learning_curves({"loss": [1, .5, .4], "val_loss": [1, .6, .7]})
        >>> mark_epoch(ax, 2, "best epoch")
    """
    ax.axvline(epoch, color=color, linestyle=":", linewidth=1.2)
    ax.annotate(
        label,
        xy=(epoch, 1.0),
        xycoords=("data", "axes fraction"),
        xytext=(3, -12),
        textcoords="offset points",
        fontsize="small",
        color=color,
    )
