"""Callbacks that record what happens in every iteration and every epoch of ``model.fit``.

``IterationHistory`` records, per iteration, the loss of THAT batch alone. Keras's own logs in
``on_train_batch_end`` hold the running mean of the epoch so far, weighted by batch size; the
loss of batch k alone follows from two consecutive running means m and the samples seen S:

    loss_k = (m_k * S_k - m_(k-1) * S_(k-1)) / n_k

which needs the size of every batch, so the recorder is told the number of training samples
and the batch size (and checks them against the steps Keras actually runs).

``LivePlot`` redraws one figure per epoch in Jupyter, VS Code and Colab, and keeps the final
figure in a headless run.

Example:
    >>> rec = IterationHistory(num_samples=len(x_train), batch_size=32)   # doctest: +SKIP
    >>> model.fit(x_train, y_train, epochs=5, batch_size=32,
    ...           validation_data=(x_val, y_val), callbacks=[rec])        # doctest: +SKIP
    >>> rec.batches.head()      # one row per iteration                   # doctest: +SKIP
    >>> rec.epochs              # one row per epoch                       # doctest: +SKIP
"""

from __future__ import annotations

import itertools
import time
from pathlib import Path
from typing import Any

import keras
import pandas as pd

from course import plots
from course.iterations import batch_sizes
from course.validation import check_positive_int


class IterationHistory(keras.callbacks.Callback):
    """Record every iteration's own batch loss and every epoch's metrics during ``fit``.

    Args:
        num_samples: samples passed to ``fit`` as ``x`` (before ``validation_split``).
        batch_size: the ``batch_size`` given to ``fit``.
        validation_split: the ``validation_split`` given to ``fit``, if any.

    Per iteration (``.batches``): ``iteration`` (1, 2, ... across epochs), ``epoch``
    (1-based), ``batch`` (1-based within the epoch), ``batch_size``, ``samples_seen``,
    ``epoch_fraction`` (fractional epochs: 0.5 = half the data seen once), ``seconds``
    since training began, ``loss`` (that batch alone) and ``running_loss`` (what Keras's
    progress bar shows: the mean over the epoch so far).

    Per epoch (``.epochs``): ``epoch``, ``iteration`` at its end, ``seconds`` it took, and
    every metric Keras logged (``loss``, ``val_loss``, ``accuracy``, ...).

    With ``steps_per_execution=S`` Keras calls batch callbacks once per S steps; each row
    then covers the S batches since the previous row, and ``loss`` is their mean.

    Example:
        >>> rec = IterationHistory(num_samples=1_000, batch_size=100)
        >>> model.fit(x, y, epochs=2, batch_size=100, callbacks=[rec])   # doctest: +SKIP
        >>> len(rec.batches)                                             # doctest: +SKIP
        20
    """

    def __init__(self, num_samples: int, batch_size: int, validation_split: float = 0.0):
        super().__init__()
        self.sizes = batch_sizes(num_samples, batch_size, validation_split)
        self._seen_after = list(itertools.accumulate(self.sizes))  # samples seen after batch k
        self.train_samples = self._seen_after[-1]
        self.batch_size = batch_size
        self._batch_rows: list[dict[str, float]] = []
        self._epoch_rows: list[dict[str, float]] = []

    def on_train_begin(self, logs: dict | None = None) -> None:
        steps = self.params.get("steps")
        if steps is not None and steps != len(self.sizes):
            raise ValueError(
                f"IterationHistory expected {len(self.sizes)} iterations per epoch "
                f"({self.train_samples} training samples, batch_size={self.batch_size}) but "
                f"Keras runs {steps}. Pass num_samples=len(x) and the same batch_size and "
                "validation_split that you pass to fit."
            )
        self._batch_rows, self._epoch_rows = [], []
        self._iteration = 0
        self._start = time.perf_counter()

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        self._epoch = epoch
        self._epoch_start = time.perf_counter()
        self._prev_batch = -1  # index of the last batch recorded in this epoch
        self._prev_mean = 0.0
        self._prev_seen = 0

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        mean = float(logs["loss"])
        seen = self._seen_after[batch]
        new = seen - self._prev_seen
        self._iteration += batch - self._prev_batch
        self._batch_rows.append(
            {
                "iteration": self._iteration,
                "epoch": self._epoch + 1,
                "batch": batch + 1,
                "batch_size": new,
                "samples_seen": self._epoch * self.train_samples + seen,
                "epoch_fraction": self._epoch + seen / self.train_samples,
                "seconds": time.perf_counter() - self._start,
                "loss": (mean * seen - self._prev_mean * self._prev_seen) / new,
                "running_loss": mean,
            }
        )
        self._prev_batch, self._prev_mean, self._prev_seen = batch, mean, seen

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        row: dict[str, Any] = {
            "epoch": epoch + 1,
            "iteration": self._iteration,
            "seconds": time.perf_counter() - self._epoch_start,
        }
        row.update({k: float(v) for k, v in (logs or {}).items() if k != "learning_rate"})
        self._epoch_rows.append(row)

    @property
    def batches(self) -> pd.DataFrame:
        """One row per recorded iteration (see the class docstring for the columns)."""
        return pd.DataFrame(self._batch_rows)

    @property
    def epochs(self) -> pd.DataFrame:
        """One row per epoch: epoch, iteration, seconds and every metric Keras logged."""
        return pd.DataFrame(self._epoch_rows)

    @property
    def history(self) -> dict[str, list[float]]:
        """Per-epoch metrics as lists, like ``keras.callbacks.History.history``."""
        frame = self.epochs
        keep = [c for c in frame.columns if c not in ("epoch", "iteration", "seconds")]
        return {c: frame[c].tolist() for c in keep}


class LivePlot(keras.callbacks.Callback):
    """Redraw learning curves once per epoch, in place, while ``fit`` runs.

    In Jupyter, VS Code and Colab the figure updates under the cell; with no notebook around
    (a script, CI) nothing is shown and the final figure stays in ``.figure``, saved to
    ``save_path`` if given. Pass an ``IterationHistory`` placed BEFORE this callback in the
    list to draw per-iteration losses too.

    Example:
        >>> rec = IterationHistory(num_samples=1_000, batch_size=100)
        >>> live = LivePlot(metrics=("loss",), recorder=rec)
        >>> model.fit(x, y, epochs=10, batch_size=100, validation_split=0.2,
        ...           callbacks=[rec, live])                             # doctest: +SKIP
    """

    def __init__(
        self,
        metrics: tuple[str, ...] = ("loss",),
        *,
        recorder: IterationHistory | None = None,
        every: int = 1,
        save_path: str | Path | None = None,
        figsize: tuple[float, float] | None = None,
    ):
        super().__init__()
        if isinstance(metrics, str) or not metrics:
            raise ValueError(f"metrics must be a non-empty tuple of names, got {metrics!r}")
        self.metrics = tuple(metrics)
        self.recorder = recorder
        self.every = check_positive_int("every", every)
        self.save_path = Path(save_path) if save_path else None
        self.figsize = figsize or (5.0 * len(self.metrics), 3.5)
        self.figure = None
        self._handle = None

    def on_train_begin(self, logs: dict | None = None) -> None:
        import matplotlib.pyplot as plt

        self._logs: dict[str, list[float]] = {}
        self._drawn_epochs = 0  # how many epochs the figure shows
        self.figure, axes = plt.subplots(1, len(self.metrics), figsize=self.figsize, squeeze=False)
        self._axes = list(axes[0])
        plt.close(self.figure)  # drawn through the display handle only, never twice
        self._handle = None

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        for key, value in (logs or {}).items():
            self._logs.setdefault(key, []).append(float(value))
        last = self.params.get("epochs") == epoch + 1
        if (epoch + 1) % self.every == 0 or last:
            self._redraw()

    def on_train_end(self, logs: dict | None = None) -> None:
        if self._drawn_epochs < len(self._logs.get("loss", [])):  # e.g. stopped early
            self._redraw()
        if self.save_path is not None:
            self.save_path.parent.mkdir(parents=True, exist_ok=True)
            self.figure.savefig(self.save_path, dpi=100, bbox_inches="tight")

    def _redraw(self) -> None:
        for ax, metric in zip(self._axes, self.metrics, strict=True):
            ax.clear()
            if metric == "loss" and self.recorder is not None and self.recorder._batch_rows:
                plots.plot_iterations(self.recorder, ax=ax)
            else:
                plots.plot_learning_curves({"": self._logs}, metric=metric, ax=ax)
        self.figure.tight_layout()
        self._drawn_epochs = len(self._logs.get("loss", []))
        self._show()

    def _show(self) -> None:
        try:
            from IPython import get_ipython
            from IPython.display import display
        except ImportError:
            return
        if get_ipython() is None or not hasattr(get_ipython(), "kernel"):
            return
        if self._handle is None:
            self._handle = display(self.figure, display_id=True)
        else:
            self._handle.update(self.figure)
