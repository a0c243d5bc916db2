"""Plots of training: learning curves, per-iteration losses and zones, in one consistent style.

The only module that draws. What is drawn (a run's history, its best epoch, the zones of a
curve) comes from ``course.history`` and ``course.curves``.

One colour per run; training solid, validation dashed; x in epochs (fractional epochs for
per-iteration curves, so an iteration halfway through epoch 3 sits at x = 2.5).

Runs can be a ``keras.callbacks.History`` (what ``fit`` returns), a
``course.callbacks.IterationHistory``, a plain ``{"loss": [...], "val_loss": [...]}`` dict,
or a dict of named runs of any of these (see ``course.history``).

Example:
    >>> h = {"loss": [1.0, 0.6, 0.4], "val_loss": [1.1, 0.8, 0.9]}
    >>> ax = plot_learning_curves(h, metric="loss", mark_best=True)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import is_color_like
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from course.curves import Zones
from course.history import as_history, best_epoch, monitor_mode, named_runs
from course.iterations import batch_sizes, training_samples
from course.seeds import summarize
from course.validation import (
    _short,
    check_bool,
    check_choice,
    check_figsize,
    check_finite_array,
    check_int,
    check_noise_table,
    check_number,
    check_text,
)

UNDERFIT_COLOR = "tab:blue"
_MAX_BATCHES_DRAWN = 200  # plot_epoch_batches draws more full batches than this as one bar
OVERFIT_COLOR = "tab:red"


def detached_figure(num_axes: int, figsize: tuple[float, float]) -> tuple[Figure, list[Axes]]:
    """A figure with ``num_axes`` axes side by side, not shown by pyplot (for a display handle).

    ``course.callbacks.LivePlot`` draws into it and shows it itself, so it is never drawn twice.

    Example:
        >>> figure, axes = detached_figure(2, (8, 3))
        >>> len(axes)
        2
    """
    num_axes = check_int("num_axes", num_axes)
    figsize = check_figsize("figsize", figsize)
    figure, axes = plt.subplots(1, num_axes, figsize=figsize, squeeze=False)
    plt.close(figure)
    return figure, list(axes[0])


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
    if not isinstance(metric, str) or not metric:
        raise ValueError(f"metric must be a metric name such as 'loss', got {_short(metric)}")
    _check_ax(ax)
    check_bool("mark_best", mark_best)
    check_bool("validation", validation)
    named = named_runs(runs)
    ax = ax if ax is not None else plt.subplots(figsize=(6, 4))[1]
    for i, (name, run) in enumerate(named.items()):
        history = as_history(run)
        if metric not in history:
            raise ValueError(
                f"metric must be a recorded metric{f' of run {_short(name)}' if name else ''}, "
                f"got {_short(metric)}; "
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
                best = best_epoch(val, monitor_mode(metric))
                ax.plot(best, val[best - 1], "o", color=color, markersize=7)
    ax.set_xlabel("epoch")
    ax.set_ylabel(metric)
    legend_outside(ax)
    return ax


def _count(number: int, word: str) -> str:
    """``number`` and ``word``, plural unless it is one: '1 sample', '1,079 samples'."""
    return f"{number:,} {word}{'' if number == 1 else 's'}"


def plot_epoch_batches(
    num_samples: int,
    batch_size: int,
    validation_split: float = 0.0,
    *,
    ax: Axes | None = None,
) -> Axes:
    """The batches of one epoch, drawn along the samples as ``model.fit`` cuts them.

    Full batches alternate two shades of blue, the last batch is orange when it is partial, and
    the samples ``validation_split`` holds out (the LAST ones, as Keras takes them) are grey.
    The counts come from ``course.iterations``.

    Example:
        >>> ax = plot_epoch_batches(1_000, 300)
        >>> [round(p.get_width()) for p in ax.patches]   # 300 + 300 + 300 + the last 100
        [300, 300, 300, 100]
        >>> ax.get_title()
        '1,000 training samples, batch_size=300: 4 iterations per epoch'
        >>> ax.get_xlabel()  # no validation_split: no held-out rows to name
        "samples: one epoch's batches (after shuffling)"
        >>> plot_epoch_batches(1_000, 300, validation_split=0.2).get_xlabel()
        "samples: one epoch's batches (after shuffling), then the held-out last rows"
        >>> len(plot_epoch_batches(100_000, 1).patches)   # 100,000 full batches: one bar
        1
    """
    sizes = batch_sizes(num_samples, batch_size, validation_split)  # checks the counts
    _check_ax(ax)
    kept = training_samples(num_samples, validation_split)
    ax = ax if ax is not None else plt.subplots(figsize=(8, 1.6))[1]
    whole = sizes[0] < batch_size  # batch_size is at least the training set: one batch of it all
    partial = sizes[-1] < batch_size and not whole
    full = len(sizes) - partial
    if full <= _MAX_BATCHES_DRAWN:
        for i in range(full):
            color = "C0" if i % 2 == 0 else "#9ecae1"
            ax.barh(0, sizes[0], left=i * sizes[0], height=0.8, color=color, edgecolor="white")
        what = (
            f"the whole training set as one batch ({_count(kept, 'sample')})"
            if whole
            else (f"full batch ({_count(batch_size, 'sample')})")
        )
    else:  # one bar for all of them: thousands of thin bars would be a blur, and slow
        ax.barh(0, full * batch_size, left=0, height=0.8, color="C0")
        what = f"{full:,} full batches of {batch_size:,} (too many to draw one by one)"
    handles = [Patch(color="C0", label=what)]
    if partial:
        ax.barh(0, sizes[-1], left=full * batch_size, height=0.8, color="C1", edgecolor="white")
        handles.append(Patch(color="C1", label=f"last batch ({_count(sizes[-1], 'sample')})"))
    if kept < num_samples:
        ax.barh(0, num_samples - kept, left=kept, height=0.8, color="lightgrey", hatch="//")
        held_out = _count(num_samples - kept, "last row")
        handles.append(Patch(facecolor="lightgrey", hatch="//", label=f"validation ({held_out})"))
    ax.set_xlim(0, num_samples)
    ax.set_yticks([])
    held = ", then the held-out last rows" if kept < num_samples else ""
    ax.set_xlabel(f"samples: one epoch's batches (after shuffling){held}")
    ax.set_title(
        f"{_count(kept, 'training sample')}, batch_size={batch_size:,}: "
        f"{_count(len(sizes), 'iteration')} per epoch",
        fontsize="medium",
    )
    legend_outside(ax, handles=handles)
    return ax


def one_legend(figure: Figure) -> None:
    """Keep only the last axes' legend: side-by-side metrics of the same runs share one.

    Example:
        >>> runs = {"a": {"loss": [1, .5], "accuracy": [.5, .7]}}
        >>> figure, axes = plt.subplots(1, 2)
        >>> for ax, metric in zip(axes, ("loss", "accuracy")):
        ...     _ = plot_learning_curves(runs, metric, ax=ax)
        >>> one_legend(figure)
        >>> [ax.get_legend() is not None for ax in figure.axes]
        [False, True]
    """
    _check_figure(figure)
    for ax in figure.axes[:-1]:
        if ax.get_legend() is not None:
            ax.get_legend().remove()


def caption(figure: Figure, text: str) -> Any:
    """Write ``text`` under ``figure``'s axes (left-aligned, small); returns the text artist.

    Example:
        >>> figure = plt.subplots(figsize=(4, 2))[0]
        >>> caption(figure, "iterations per epoch: 34").get_text()
        'iterations per epoch: 34'
    """
    _check_figure(figure)
    check_text("text", text)
    return figure.text(
        0.0,
        0.0,
        text,
        ha="left",
        va="top",
        fontsize="small",
        family="monospace",
        transform=figure.transFigure,
    )


def placeholder(ax: Axes, text: str, *, xlabel: str = "epoch", ylabel: str = "") -> Axes:
    """Empty axes that say what will appear there (a plot that has no runs yet).

    Example:
        >>> ax = placeholder(plt.subplots()[1], "press Train to add a run", ylabel="loss")
        >>> ax.texts[0].get_text(), ax.get_ylabel()
        ('press Train to add a run', 'loss')
    """
    _check_ax(ax, optional=False)
    for name, value in (("text", text), ("xlabel", xlabel), ("ylabel", ylabel)):
        check_text(name, value)
    ax.clear()
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, color="grey")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_xticks([])
    ax.set_yticks([])
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
        >>> rec = course.callbacks.IterationHistory()
        >>> _ = model.fit(x, y, epochs=2, batch_size=50, callbacks=[rec], verbose=0)
        >>> plot_iterations(rec).get_xlabel()
        'epoch'
        >>> plot_iterations({"B=50": rec}, x="iteration").get_xlabel()
        'iteration'

    """
    check_choice("x", x, ("epoch_fraction", "iteration", "samples_seen", "seconds"))
    _check_ax(ax)
    check_bool("show_epochs", show_epochs)
    named = named_runs(runs)
    for name, rec in named.items():
        if not hasattr(rec, "batches"):
            raise ValueError(
                "runs must be a course IterationHistory or {name: IterationHistory}, got "
                f"{type(rec).__name__}{f' for run {_short(name)}' if name else ''}"
            )
    ax = ax if ax is not None else plt.subplots(figsize=(7, 4))[1]
    for i, (name, rec) in enumerate(named.items()):
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
            # the x of each finished epoch's last batch (a recorder placed after LivePlot has
            # not yet recorded the epoch that is being drawn)
            ends = batches.groupby("epoch")[x].max().reindex(epochs["epoch"]).to_numpy()
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
    legend_outside(ax)
    return ax


def mark_epoch(ax: Axes, epoch: float, label: str, *, color: str = "black") -> None:
    """Draw a labelled vertical line at ``epoch`` (a best epoch, a stop, a zone boundary).

    Example:
        >>> ax = plot_learning_curves({"loss": [1, .5, .4], "val_loss": [1, .6, .7]})
        >>> mark_epoch(ax, 2, "best epoch")
    """
    _check_ax(ax, optional=False)
    epoch = check_number("epoch", epoch)
    check_text("label", label)
    _check_color(color)
    ax.axvline(epoch, color=color, linestyle=":", linewidth=1.2)
    # written along the line, so labels of nearby epochs sit side by side instead of overlapping
    ax.annotate(
        label,
        xy=(epoch, 1.0),
        xycoords=("data", "axes fraction"),
        xytext=(-2, -4),
        textcoords="offset points",
        rotation=90,
        ha="right",
        va="top",
        fontsize="small",
        color=color,
    )


def legend_outside(ax: Axes, **kwargs: Any) -> None:
    """Put ``ax``'s legend to the right of the axes, where it cannot cover the data.

    Example:
        >>> ax = plot_learning_curves({"loss": [1, .5], "val_loss": [1, .6]})
        >>> legend_outside(ax, title="run")
        >>> ax.get_legend().get_title().get_text()
        'run'
    """
    _check_ax(ax, optional=False)
    ax.legend(
        loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0, fontsize="small", **kwargs
    )


def plot_seed_spread(
    table: pd.DataFrame,
    x: str,
    metric: str,
    *,
    ax: Axes | None = None,
    label: str | None = None,
    color: str | None = None,
) -> Axes:
    """Each seed's result (dots), the mean over seeds (line) and lowest to highest (band) per x.

    ``table`` has one row per seed and setting, as ``course.seeds.over_seeds`` returns.

    Example:
        >>> table = pd.DataFrame({"batch_size": [8, 8, 64, 64], "seed": [0, 1, 0, 1],
        ...                       "val_loss": [0.30, 0.34, 0.52, 0.50]})
        >>> ax = plot_seed_spread(table, "batch_size", "val_loss", label="digits")
        >>> ax.get_lines()[0].get_ydata().round(2).tolist()
        [0.32, 0.51]
    """
    _check_seed_table(table)
    _check_ax(ax)
    if label is not None:
        check_text("label", label)
    if color is not None:
        _check_color(color)
    summary = summarize(table, metric, by=check_choice("x", x, [str(c) for c in table.columns]))
    ax = ax if ax is not None else plt.subplots(figsize=(6, 4))[1]
    color = color or f"C{len(ax.get_lines()) // 2 % 10}"
    positions = summary.index.to_numpy()
    prefix = f"{label}: " if label else ""
    ax.plot(positions, summary["mean"], "o-", color=color, label=f"{prefix}mean over seeds")
    ax.fill_between(positions, summary["min"], summary["max"], color=color, alpha=0.2, linewidth=0)
    ax.plot(table[x], table[metric], ".", color=color, alpha=0.6, label=f"{prefix}each seed")
    ax.set_xlabel(x)
    ax.set_ylabel(metric)
    return ax


def _check_ax(ax: Any, *, optional: bool = True) -> None:
    """Raise unless ``ax`` is a matplotlib Axes (or None, where ``optional``: a new figure)."""
    if not isinstance(ax, Axes) and not (optional and ax is None):
        new = " (or None for a new figure)" if optional else ""
        raise ValueError(f"ax must be a matplotlib Axes{new}, got {_short(ax)}")


def _check_figure(figure: Any) -> None:
    """Raise unless ``figure`` is a matplotlib Figure."""
    if not isinstance(figure, Figure):
        raise ValueError(
            f"figure must be a matplotlib Figure such as plt.subplots()[0], got {_short(figure)}"
        )


def _check_color(color: Any) -> None:
    """Raise unless ``color`` is a string matplotlib reads as a colour."""
    if not (isinstance(color, str) and is_color_like(color)):
        raise ValueError(
            f"color must be a matplotlib colour such as 'black', 'C2' or '#1f77b4', "
            f"got {_short(color)}"
        )


def _check_seed_table(table: Any) -> None:
    """Raise unless ``table`` is a DataFrame with rows, as ``course.seeds.over_seeds`` returns."""
    if not isinstance(table, pd.DataFrame):
        raise ValueError(
            f"table must be a DataFrame with one row per seed (course.seeds.over_seeds), "
            f"got {type(table).__name__}"
        )
    if table.empty:
        raise ValueError(
            "table must hold one row per seed and setting (course.seeds.over_seeds), got an "
            "empty table"
        )


def plot_replays(table: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Where each early-stopping setting stops, per seed: one row per setting.

    ``table`` is what ``course.stopping.replay_table`` returns (columns ``setting``, ``seed``,
    ``kept epoch``, ``epochs run``). For each seed, in its own colour: a dot at the kept
    epoch, a cross at the last epoch run, and a line between them. Settings run top to
    bottom in the table's order.

    Example:
        >>> table = pd.DataFrame({"setting": ["patience=1", "patience=1", "patience=3"],
        ...                       "seed": [0, 1, 0], "kept epoch": [2, 3, 2],
        ...                       "epochs run": [3, 4, 5]})
        >>> ax = plot_replays(table)
        >>> [tick.get_text() for tick in ax.get_yticklabels()]
        ['patience=1', 'patience=3']
    """
    _check_ax(ax)
    needed = ["setting", "seed", "kept epoch", "epochs run"]
    if not isinstance(table, pd.DataFrame) or any(c not in table for c in needed):
        got = list(table.columns) if isinstance(table, pd.DataFrame) else type(table).__name__
        raise ValueError(
            "table must be the DataFrame course.stopping.replay_table returns, with the "
            f"columns {needed}, got {got}"
        )
    if table.empty:
        raise ValueError("table must hold at least one row (one setting and seed), got none")
    for column in ("kept epoch", "epochs run"):
        epochs = check_finite_array(f"table's {_short(column)} column", table[column].to_numpy())
        wrong = epochs[(epochs < 1) | (epochs != np.round(epochs))]
        if wrong.size:
            raise ValueError(
                f"table's {_short(column)} column must hold epochs (whole numbers >= 1), got "
                f"{wrong[0]}"
            )
    late = table[table["kept epoch"] > table["epochs run"]]
    if not late.empty:
        raise ValueError(
            "table's 'kept epoch' must be at most its 'epochs run' in every row, got kept epoch "
            f"{late['kept epoch'].iloc[0]} of {late['epochs run'].iloc[0]} run"
        )
    ax = ax or plt.subplots(figsize=(8, 3.6))[1]
    labels = list(dict.fromkeys(table["setting"]))
    seeds = list(dict.fromkeys(table["seed"]))
    for i, seed in enumerate(seeds):
        rows = table[table["seed"] == seed]
        y = [labels.index(s) + 0.2 * (i - (len(seeds) - 1) / 2) for s in rows["setting"]]
        color = f"C{i % 10}"
        ax.hlines(y, rows["kept epoch"], rows["epochs run"], color=color)
        ax.plot(rows["kept epoch"], y, "o", color=color, label=f"seed {seed}: kept")
        ax.plot(rows["epochs run"], y, "x", color=color, label=f"seed {seed}: last epoch")
    ax.set_yticks(range(len(labels)), labels)
    ax.set_ylim(len(labels) - 0.5, -0.5)
    ax.set_xlabel("epoch")
    legend_outside(ax)
    return ax


def shade_zones(ax: Axes, zones: Zones, *, show_threshold: bool = False) -> None:
    """Shade the underfit (blue) and overfit (red) zones on ``ax`` and mark the best epoch.

    ``zones`` is what ``course.curves.find_zones`` returns. ``show_threshold`` also draws the
    threshold as a horizontal line: only on an axis whose y is the validation loss. Updates
    the legend.

    Example:
        >>> from course.curves import find_zones
        >>> h = {"loss": [0.9, 0.5, 0.3, 0.2], "val_loss": [0.9, 0.5, 0.52, 0.7]}
        >>> ax = plot_learning_curves(h)
        >>> shade_zones(ax, find_zones(h["val_loss"]), show_threshold=True)
    """
    _check_ax(ax, optional=False)
    if not isinstance(zones, Zones):
        raise ValueError(
            f"zones must be what course.curves.find_zones returns, got {type(zones).__name__}"
        )
    check_bool("show_threshold", show_threshold)
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
    legend_outside(ax)


def plot_gradient_noise(
    with_replacement: pd.DataFrame,
    without_replacement: pd.DataFrame,
    *,
    sigma2: float,
    num_samples: int,
    signal: float,
    ax: Axes | None = None,
) -> Axes:
    """Measured gradient noise against batch size, with the two formulas it should follow.

    Each table is what ``course.gradients.gradient_noise`` returns (``batch_size``,
    ``noise``, ``noise_sem``): dots with one standard error, one colour per way of drawing.
    The lines are theory for a batch of ``B`` of ``num_samples`` samples: ``sigma2 / B``
    with replacement, and ``sigma2 / B * (N - B) / (N - 1)`` without. A dotted line marks
    ``signal``, the squared length ``|g|^2`` of the full-batch gradient. Both axes are
    logarithmic.

    Example:
        >>> table = pd.DataFrame({"batch_size": [1, 4], "noise": [2.0, 0.5],
        ...                       "noise_sem": [0.1, 0.05]})
        >>> ax = plot_gradient_noise(table, table, sigma2=2.0, num_samples=8, signal=0.3)
        >>> [line.get_label() for line in ax.get_lines()][-3:]
        ['theory, with replacement', 'theory, without replacement', '|g|², the signal']
        >>> float(ax.get_lines()[-2].get_ydata()[3])  # 2 / 4 * (8 - 4) / (8 - 1)
        0.2857142857142857
    """
    _check_ax(ax)
    check_number("sigma2", sigma2, minimum=0.0)
    check_number("signal", signal, minimum=0.0)
    n = check_int("num_samples", num_samples, minimum=2)
    check_noise_table("with_replacement", with_replacement)
    check_noise_table("without_replacement", without_replacement)
    ax = ax if ax is not None else plt.subplots(figsize=(8, 4), layout="constrained")[1]
    sizes = np.arange(1, n)
    theory = {
        "with": sigma2 / sizes,
        "without": sigma2 / sizes * (n - sizes) / (n - 1),
    }
    tables = {"with": with_replacement, "without": without_replacement}
    for i, (how, table) in enumerate(tables.items()):
        ax.errorbar(
            table["batch_size"],
            table["noise"],
            yerr=table["noise_sem"],
            fmt="o",
            color=f"C{i}",
            label=f"measured, {how} replacement",
        )
    for i, (how, line) in enumerate(theory.items()):
        ax.plot(sizes, line, color=f"C{i}", label=f"theory, {how} replacement")
    ax.axhline(signal, color="gray", linestyle=":", label="|g|², the signal")
    ax.set(xscale="log", yscale="log", xlabel="batch size B", ylabel="E ‖g_B − g‖²")
    legend_outside(ax)
    return ax


def plot_seed_curves(
    table: pd.DataFrame,
    by: str,
    curve: str = "curve",
    *,
    ax: Axes | None = None,
    label: str = "{}",
) -> Axes:
    """One line per row of ``table`` (a seed), one colour per setting; x in epochs from 1.

    ``table`` has one row per seed and setting (``course.seeds.over_seeds``), the setting in
    column ``by`` and a list of per-epoch values in column ``curve``. Runs may have different
    lengths (a run stopped early). ``label`` formats the legend entry of a setting.

    Example:
        >>> t = pd.DataFrame({"lr": [0.1, 0.1, 1.0], "seed": [0, 1, 0],
        ...                   "curve": [[2.0, 1.5], [2.1, 1.4], [1.0]]})
        >>> ax = plot_seed_curves(t, "lr", label="lr={:g}")
        >>> [line.get_label() for line in ax.get_lines()]
        ['lr=0.1', '_nolegend_', 'lr=1']
        >>> ax.get_lines()[1].get_xdata().tolist(), ax.get_xlabel()
        ([1, 2], 'epoch')
    """
    _check_seed_table(table)
    check_choice("by", by, [str(c) for c in table.columns])
    check_choice("curve", curve, [str(c) for c in table.columns if c != by])
    _check_ax(ax)
    check_text("label", label)
    settings = list(dict.fromkeys(table[by]))
    try:
        names = [label.format(setting) for setting in settings]
    except (IndexError, KeyError, ValueError) as err:  # "{1}", "{name}", "{:g}" of a string
        raise ValueError(
            f"label must format one setting with '{{}}', such as 'lr={{:g}}', got {_short(label)} "
            f"({type(err).__name__}: {err})"
        ) from err
    ax = ax if ax is not None else plt.subplots(figsize=(7, 4))[1]
    for i, (setting, legend_name) in enumerate(zip(settings, names, strict=True)):
        rows = table[table[by] == setting][curve]
        for k, values in enumerate(rows):
            values = [float(v) for v in values]
            name = legend_name if k == 0 else "_nolegend_"
            ax.plot(range(1, len(values) + 1), values, "o-", color=f"C{i}", label=name)
    ax.set_xlabel("epoch")
    return ax


def plot_range_tests(
    finders: dict[Any, Any],
    *,
    highlight: list[float] | tuple[float, ...] = (),
    ax: Axes | None = None,
) -> Axes:
    """Each range test's loss against its rate: batches faint, smoothed solid, one colour each.

    ``finders`` maps a name (the seed) to a ``course.lr_finder.LearningRateRangeTest`` that ran.
    The two suggestions are marked on each smoothed curve (triangle: ``"steepest"``, square:
    ``"minimum"``). ``highlight`` shades the rates nearer, on a log scale, to one of the given
    grid rates than to a grid neighbour a factor 3 away (the sweep's fastest rates).

    Example:
        >>> from course.lr_finder import LearningRateRangeTest
        >>> finder = LearningRateRangeTest(start=1e-3, stop=1.0, num_steps=20)
        >>> _ = model.fit(x, y, epochs=3, batch_size=32, callbacks=[finder], verbose=0)
        >>> len(plot_range_tests({0: finder}, highlight=[0.1]).get_lines())
        4
    """
    if not isinstance(finders, Mapping) or not finders:
        raise ValueError(
            "finders must map a name (a seed) to each range test that ran, such as "
            f"{{0: finder}}; got {_short(finders)}"
        )
    for name, finder in finders.items():
        if not all(hasattr(type(finder), a) for a in ("results", "suggestion")):
            raise ValueError(
                "finders must map each name to a course.lr_finder.LearningRateRangeTest, got "
                f"{_short(finder)} for {_short(name)}"
            )
    if not isinstance(highlight, list | tuple):
        raise ValueError(
            "highlight must be a list of learning rates such as [0.1, 0.3], got "
            f"{_short(highlight)}"
        )
    for rate in highlight:
        check_number("each entry of highlight", rate, minimum=0, exclusive_minimum=True)
    _check_ax(ax)
    ax = ax if ax is not None else plt.subplots(figsize=(9, 4))[1]
    for i, (name, finder) in enumerate(finders.items()):
        r = finder.results
        rates, color = r["learning_rate"], f"C{i}"
        ax.plot(rates, r["loss"], color=color, alpha=0.25, linewidth=0.8)
        ax.plot(rates, r["smoothed_loss"], color=color, label=f"seed {name}")
        for method, marker in (("steepest", "v"), ("minimum", "s")):
            lr = finder.suggestion(method)
            y = np.interp(np.log(lr), np.log(rates), r["smoothed_loss"])
            label = f"'{method}'" if i == 0 else None
            ax.plot(lr, y, marker, color=color, markeredgecolor="black", label=label)
    if len(highlight):
        low, high = min(highlight) / 3**0.5, max(highlight) * 3**0.5
        ax.axvspan(low, high, color="0.9", zorder=0, label="nearest to a fastest rate")
    ax.set(xscale="log", xlabel="learning rate (it rises every iteration)")
    ax.set_ylabel("loss (faint: each batch; solid: smoothed)")
    legend_outside(ax)
    return ax


_LEGEND_ENTRIES_NAMED = 6  # alt_text names this many legend entries of a panel, then counts


def alt_text(figure: Figure) -> str:
    """What ``figure`` shows, in words: the alt text a screen reader reads for its picture.

    Made of what the figure writes: its title (``suptitle``), then each panel's title, what it
    plots against what (its axis labels) and its legend (the first six entries, then a count).
    Panels side by side are named left to right; panels of pictures only (``imshow`` with the
    axes off) are counted and their titles listed. A panel without a title is named by its
    text (``placeholder``). The course's figures state their message in a title, so the alt
    text starts with it.

    Example:
        >>> figure, ax = plt.subplots()
        >>> _ = plot_learning_curves({"loss": [1, .5, .6], "val_loss": [1, .7, .8]}, ax=ax)
        >>> _ = ax.set_title("Lowest at epoch 2")
        >>> print(alt_text(figure))
        Lowest at epoch 2. Plot of loss against epoch. Legend: train, validation.
    """
    _check_figure(figure)
    title = _words(figure.get_suptitle())
    sentences = [title] if title else []
    charts = [ax for ax in figure.axes if ax.get_visible() and not _is_picture(ax)]
    pictures = [ax for ax in figure.axes if ax.get_visible() and _is_picture(ax)]
    names = _panel_names(charts)
    for name, ax in zip(names, charts, strict=True):
        described = _describe_axes(ax)
        sentences.append(f"{name}: {described}" if name and described else described)
    if pictures:
        titles = [_words(ax.get_title()) for ax in pictures]
        count = _count(len(pictures), "picture")
        listed = ", ".join(t for t in titles if t)
        sentences.append(f"{count}: {listed}" if listed else count)
    text = " ".join(_sentence(s) for s in sentences if s)
    return text or f"A figure of {_count(len(figure.axes), 'panel')} without a title."


def add_alt_text_to_inline_figures() -> bool:
    """From now on, each figure IPython shows inline as a PNG carries its ``alt_text``.

    Wraps the PNG formatter that matplotlib's inline backend registers for figures (its own
    options, such as ``bbox_inches``, kept), so that the output's metadata holds
    ``{"image/png": {"alt": alt_text(figure)}}``; ``course run`` copies it into the cell's
    metadata, where the website reads it. Returns whether it did: not outside IPython, nor
    with another backend, nor when PNG is not one of the inline formats. Calling it twice wraps
    once. ``course.setup`` calls it.

    Example:
        >>> add_alt_text_to_inline_figures()  # not under IPython here
        False
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if getattr(shell, "display_formatter", None) is None:
        return False
    if matplotlib.get_backend() not in ("inline", "module://matplotlib_inline.backend_inline"):
        return False
    # importing the backend registers its figure formats with the shell (once), so it cannot
    # replace the wrapper later
    import matplotlib_inline.backend_inline  # noqa: F401

    png = shell.display_formatter.formatters["image/png"]
    try:
        draw = png.lookup_by_type(Figure)
    except KeyError:
        return False
    if not isinstance(draw, _WithAltText):
        png.for_type(Figure, _WithAltText(draw))
    return True


class _WithAltText:
    """A figure formatter that returns ``draw(figure)`` and ``{"alt": alt_text(figure)}``."""

    def __init__(self, draw: Any) -> None:
        self.draw = draw

    def __call__(self, figure: Figure) -> tuple[Any, dict[str, str]]:
        return self.draw(figure), {"alt": alt_text(figure)}


def _words(text: str) -> str:
    """``text`` as one line: mathtext dollars dropped, runs of whitespace made one space."""
    return " ".join(text.replace("$", "").split())


def _sentence(text: str) -> str:
    """``text`` ending in a full stop (unless it ends in one, or in ``?`` or ``!``)."""
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _is_picture(ax: Axes) -> bool:
    """Whether ``ax`` shows only pictures (``imshow``, axes off), such as a digit."""
    return bool(ax.images) and not ax.lines and not ax.axison


def _panel_names(charts: list[Axes]) -> list[str]:
    """Where each chart sits ("Left", "Right"...), or "" for all when there is one chart."""
    if len(charts) < 2:
        return [""] * len(charts)
    specs = [ax.get_subplotspec() for ax in charts]
    shapes = {spec.get_geometry()[:2] if spec is not None else None for spec in specs}
    rows, columns = shapes.pop() if len(shapes) == 1 and None not in shapes else (0, 0)
    places = {
        (1, 2): ["Left", "Right"],
        (1, 3): ["Left", "Middle", "Right"],
        (2, 1): ["Top", "Bottom"],
        (3, 1): ["Top", "Middle", "Bottom"],
    }.get((rows, columns))
    if places is not None and len(places) == len(charts):
        return places
    return [f"Panel {i}" for i in range(1, len(charts) + 1)]


def _describe_axes(ax: Axes) -> str:
    """One chart in words: its title, what it plots against what, its legend: three sentences."""
    title = _words(ax.get_title()) or "; ".join(_words(t.get_text()) for t in ax.texts)
    xlabel, ylabel = _words(ax.get_xlabel()), _words(_ylabel(ax))
    if xlabel and ylabel:
        plotted = f"Plot of {ylabel} against {xlabel}"
    else:
        plotted = f"Plot along {xlabel}" if xlabel else f"Plot of {ylabel}" if ylabel else ""
    box = ax.get_legend()
    entries = [_words(t.get_text()) for t in box.get_texts()] if box is not None else []
    entries = list(dict.fromkeys(e for e in entries if e))
    # entries such as "theory, with replacement" are kept apart by semicolons
    named = ("; " if any("," in e for e in entries) else ", ").join(entries[:_LEGEND_ENTRIES_NAMED])
    more = len(entries) - _LEGEND_ENTRIES_NAMED
    legend = f"Legend: {named}{f' and {more} more' if more > 0 else ''}" if entries else ""
    parts = (title, plotted, legend)
    return " ".join(_sentence(part) for part in parts if part)


def _ylabel(ax: Axes) -> str:
    """``ax``'s y label, or that of an axes it shares y with (``sharey``: one label for all)."""
    for other in [ax, *ax.get_shared_y_axes().get_siblings(ax)]:
        if other.get_ylabel():
            return other.get_ylabel()
    return ""
