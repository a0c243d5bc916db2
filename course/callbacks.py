"""Callbacks that record what happens in every iteration and every epoch of ``model.fit``.

``IterationHistory`` records, per iteration, the loss of THAT batch alone, its size and the
learning rate that updated the weights. Keras's own ``logs`` in ``on_train_batch_end`` hold the
running mean of the epoch so far; the recorder reads the rest from Keras itself: the ``count``
of the model's loss tracker (a ``keras.metrics.Mean`` weighted by batch size) is the number of
samples seen so far in the epoch, so for two consecutive running means ``m`` and counts ``S``

    loss_k = (m_k * S_k - m_(k-1) * S_(k-1)) / (S_k - S_(k-1)),    batch size = S_k - S_(k-1).

Nothing has to be repeated by hand: NumPy arrays, ``validation_split``, ``tf.data`` datasets
and ``steps_per_execution`` all work, because the counts are what Keras actually ran.

``LivePlot`` redraws one figure per epoch in Jupyter, VS Code and Colab, and keeps the final
figure in a headless run.

Example:
    >>> rec = IterationHistory()
    >>> _ = model.fit(x, y, epochs=2, batch_size=32, validation_split=0.25, callbacks=[rec],
    ...               verbose=0)
    >>> rec.batches["batch_size"].tolist()      # 150 training samples: 4 x 32 + 22, twice
    [32, 32, 32, 32, 22, 32, 32, 32, 32, 22]
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import keras
import numpy as np
import pandas as pd

from course.history import as_history, named_runs
from course.validation import (
    _short,
    check_bool,
    check_choice,
    check_figsize,
    check_finite_array,
    check_int,
    check_number,
    check_same_length,
    check_training_metrics,
)

_EPOCH_BOOKKEEPING = ("epoch", "iteration", "seconds", "samples")


def _loss_tracker(model: keras.Model) -> Any:
    """The compiled model's loss tracker: the ``Mean`` metric named "loss" in ``model.metrics``."""
    for metric in getattr(model, "metrics", []):
        if getattr(metric, "name", None) == "loss" and hasattr(metric, "count"):
            return metric
    raise ValueError(
        "IterationHistory needs a model compiled with a loss (model.compile(loss=...)) and "
        "trained with model.fit; this model has no loss tracker."
    )


def _as_float(value: Any) -> float:
    # a Keras variable or a 0-d tensor, on any backend; under tf.distribute a metric's count is a
    # SyncOnReadVariable, which float() refuses and convert_to_numpy reads (summed over replicas)
    return float(keras.ops.convert_to_numpy(value))


def _reader(variable: Any) -> Callable[[Any], float]:
    """How to read the model's variables as floats after each batch, tried on ``variable``:
    ``float`` where it can (a plain variable: about 10 us on TensorFlow), else ``_as_float``
    (several times slower; needed for ``tf.distribute`` variables, which ``float`` refuses)."""
    try:
        float(variable)
    except TypeError:
        return _as_float
    return float


class IterationHistory(keras.callbacks.Callback):
    """Record every iteration's own batch loss and every epoch's metrics during ``fit``.

    Per iteration (``.batches``): ``iteration`` (1, 2, ... across epochs), ``epoch``
    (1-based), ``batch`` (1-based within the epoch), ``batch_size`` (samples in that batch, as
    Keras counted them), ``samples_seen``, ``epoch_fraction`` (fractional epochs: 0.5 = half
    the epoch's samples seen), ``seconds`` since training began, ``learning_rate`` (the one
    that made this update), ``loss`` (that batch alone) and ``running_loss`` (what Keras's
    progress bar shows: the mean over the epoch so far).

    Per epoch (``.epochs``): ``epoch``, ``iteration`` at its end, ``samples`` in it,
    ``seconds`` it took, and every metric Keras logged (``loss``, ``val_loss``, ...).

    With ``steps_per_execution=S`` Keras calls batch callbacks once per S steps; each row
    then covers the batches since the previous row: ``batch_size`` is their total, ``loss``
    their mean, and ``learning_rate`` that of the last of them.

    Epochs where Keras did not validate (``validation_freq``) have NaN as ``val_`` metrics.

    Per batch it reads two numbers from Keras, the loss tracker's count and the learning rate
    (under a ``LearningRateSchedule``, the optimizer's step: the schedule is evaluated when the
    table is read, not during training).

    Example:
        >>> rec = IterationHistory()
        >>> _ = model.fit(x, y, epochs=2, batch_size=64, callbacks=[rec], verbose=0)
        >>> len(rec.batches), rec.batches["batch_size"].tolist()[:4]    # 200 = 3 x 64 + 8
        (8, [64, 64, 64, 8])
    """

    def __init__(self) -> None:
        super().__init__()
        self._batch_rows: list[dict[str, float]] = []
        self._epoch_rows: list[dict[str, float]] = []
        self._epoch_samples: dict[int, int] = {}
        self._scheduled: dict[int, tuple[Any, float, str]] = {}

    def on_train_begin(self, logs: dict | None = None) -> None:
        self._tracker = _loss_tracker(self.model)
        self._read = _reader(self._tracker.count)
        self._sync = getattr(self.model, "jax_state_sync", None)  # JAX keeps state aside
        self._batch_rows, self._epoch_rows = [], []
        self._epoch_samples = {}  # 1-based epoch -> samples, for epochs that ran all their steps
        self._scheduled = {}  # row -> (schedule, step, step dtype): rates not evaluated yet
        self._iteration = 0
        self._samples_before_epoch = 0
        self._optimizer = getattr(self.model, "optimizer", None)
        self._start = time.perf_counter()

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        self._epoch = epoch
        self._epoch_start = time.perf_counter()
        self._prev_batch = -1  # index of the last batch recorded in this epoch
        self._prev_mean = 0.0
        self._prev_seen = 0

    def _learning_rate(self, row: int) -> float:
        """The learning rate of the update just applied; under a schedule NaN for now: the
        schedule and its step are kept for row ``row`` and evaluated when ``batches`` is read."""
        optimizer = getattr(self._optimizer, "inner_optimizer", self._optimizer)  # mixed precision
        rate = getattr(optimizer, "_learning_rate", None)
        if isinstance(rate, keras.Variable):
            return self._read(rate)
        if isinstance(rate, keras.optimizers.schedules.LearningRateSchedule):
            # The update just applied used the schedule's value BEFORE the step counter moved.
            iterations = optimizer.iterations
            self._scheduled[row] = (rate, self._read(iterations) - 1, iterations.dtype)
            return float("nan")
        return _as_float(optimizer.learning_rate)

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        if self._sync is not None:
            self._sync()
        mean = float((logs or {})["loss"])
        seen = int(round(self._read(self._tracker.count)))
        new = seen - self._prev_seen
        steps = self.params.get("steps") if self.params else None
        if steps:  # with steps_per_execution Keras reports step + S - 1, even past the end
            batch = min(batch, steps - 1)
        self._iteration += batch - self._prev_batch
        self._batch_rows.append(
            {
                "iteration": self._iteration,
                "epoch": self._epoch + 1,
                "batch": batch + 1,
                "batch_size": new,
                "samples_seen": self._samples_before_epoch + seen,
                "seen_in_epoch": seen,
                "seconds": time.perf_counter() - self._start,
                "learning_rate": self._learning_rate(len(self._batch_rows)),
                "loss": (mean * seen - self._prev_mean * self._prev_seen) / new if new else mean,
                "running_loss": mean,
            }
        )
        self._prev_batch, self._prev_mean, self._prev_seen = batch, mean, seen

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        steps = self.params.get("steps") if self.params else None
        if steps is None or self._prev_batch == steps - 1:  # not an epoch stopped midway
            self._epoch_samples[epoch + 1] = self._prev_seen
        self._samples_before_epoch += self._prev_seen
        row: dict[str, Any] = {
            "epoch": epoch + 1,
            "iteration": self._iteration,
            "samples": self._prev_seen,
            "seconds": time.perf_counter() - self._epoch_start,
        }
        row.update({k: float(v) for k, v in (logs or {}).items()})
        self._epoch_rows.append(row)

    def _epoch_size(self, epoch: int, last_row: dict[str, float]) -> float:
        """Samples in 1-based ``epoch``: counted once it ran all its steps; for an epoch still
        running or stopped midway, the size of a complete epoch, else estimated from the steps
        Keras planned (``last_row`` is the epoch's last recorded batch)."""
        if epoch in self._epoch_samples:
            return self._epoch_samples[epoch]
        if self._epoch_samples:
            return self._epoch_samples[max(self._epoch_samples)]
        steps = self.params.get("steps") if self.params else None
        if steps:
            return last_row["seen_in_epoch"] * steps / last_row["batch"]
        return last_row["seen_in_epoch"]

    @property
    def batches(self) -> pd.DataFrame:
        """One row per recorded iteration (see the class docstring for the columns)."""
        columns = [
            "iteration", "epoch", "batch", "batch_size", "samples_seen", "epoch_fraction",
            "seconds", "learning_rate", "loss", "running_loss",
        ]  # fmt: skip
        for row, (schedule, step, dtype) in self._scheduled.items():
            rate = schedule(keras.ops.convert_to_tensor(step, dtype=dtype))
            self._batch_rows[row]["learning_rate"] = _as_float(rate)
        self._scheduled = {}
        frame = pd.DataFrame(self._batch_rows)
        if frame.empty:
            return pd.DataFrame(columns=columns)
        last_rows = frame.groupby("epoch").tail(1).set_index("epoch")
        size = {int(e): self._epoch_size(int(e), row) for e, row in last_rows.iterrows()}
        frame["epoch_fraction"] = (
            frame["epoch"] - 1 + frame["seen_in_epoch"] / frame["epoch"].map(size)
        )
        return frame[columns]

    @property
    def epochs(self) -> pd.DataFrame:
        """One row per epoch; columns epoch, iteration, samples, seconds and each logged metric."""
        return pd.DataFrame(self._epoch_rows)

    @property
    def history(self) -> dict[str, list[float]]:
        """Per-epoch metrics as lists, like ``keras.callbacks.History.history``."""
        keys = dict.fromkeys(
            k for row in self._epoch_rows for k in row
        )  # e.g. val_ not every epoch
        return {
            key: [row.get(key, float("nan")) for row in self._epoch_rows]
            for key in keys
            if key not in _EPOCH_BOOKKEEPING
        }


_FIGURE_FORMATS = ("png", "pdf", "svg", "jpg", "jpeg")


def _figure_path(save_path: str | Path, overwrite: Any) -> Path:
    """Where ``LivePlot`` saves: inside the runs folder, never over an existing file unless
    ``overwrite=True``. A relative path is taken inside the runs folder."""
    from course import paths

    if not isinstance(save_path, str | Path) or not str(save_path):
        raise ValueError(
            f"save_path must be a file name such as 'curves.png', got {_short(save_path)}"
        )
    root = paths.runs_root(create=False).resolve()
    path = (root / save_path).resolve()
    if not path.is_relative_to(root):
        raise ValueError(
            f"save_path must be inside the runs folder {root} (a relative path such as "
            f"'lesson03/curves.png' goes there), got {_short(save_path)}"
        )
    if path.exists() and not overwrite:
        raise ValueError(
            f"save_path {path} exists already; pass overwrite=True to replace it, or choose "
            "another name"
        )
    return path


class LivePlot(keras.callbacks.Callback):
    """Redraw learning curves once per epoch, in place, while ``fit`` runs.

    In Jupyter, VS Code and Colab the figure updates under the cell; with no notebook around
    (a script, CI) nothing is shown and the final figure stays in ``.figure``, saved to
    ``save_path`` if given: a path inside the runs folder (``course.paths.runs_root()``; a
    relative path is taken there), never over an existing file unless ``overwrite=True``.
    Pass an ``IterationHistory`` placed BEFORE this callback in the
    list to draw per-iteration losses too.

    ``compare_with`` draws earlier runs (``{name: run}``, what ``fit`` returned) beside this
    one, which is labelled ``name``; ``show`` replaces the display handle with a function that
    is given the figure after every redraw (a widget's output area: ``course.widgets``).
    ``logs`` holds this run's per-epoch values so far.

    Example:
        >>> rec = IterationHistory()
        >>> live = LivePlot(metrics=("loss",), recorder=rec)
        >>> _ = model.fit(x, y, epochs=2, batch_size=50, validation_split=0.2,
        ...               callbacks=[rec, live], verbose=0)
        >>> live.figure.axes[0].get_xlabel()
        'epoch'
    """

    def __init__(
        self,
        metrics: tuple[str, ...] = ("loss",),
        *,
        recorder: IterationHistory | None = None,
        every: int = 1,
        save_path: str | Path | None = None,
        figsize: tuple[float, float] | None = None,
        overwrite: bool = False,
        compare_with: Mapping[str, Any] | None = None,
        name: str = "",
        show: Callable[[Any], None] | None = None,  # given the matplotlib figure
    ):
        super().__init__()
        if recorder is not None and not isinstance(recorder, IterationHistory):
            raise ValueError(
                "recorder must be a course IterationHistory (or None), "
                f"got {type(recorder).__name__}"
            )
        self.metrics = check_training_metrics(metrics)
        self.recorder = recorder
        self.every = check_int("every", every)
        check_bool("overwrite", overwrite)
        self.save_path = None if save_path is None else _figure_path(save_path, overwrite)
        if self.save_path is not None:
            check_choice(
                "save_path's suffix", self.save_path.suffix.lstrip(".").lower(), _FIGURE_FORMATS
            )
        if figsize is None:
            figsize = (5.0 * len(self.metrics), 3.5)
        self.figsize = check_figsize("figsize", figsize)
        if not isinstance(name, str):
            raise ValueError(f"name must be a string (this run's label), got {_short(name)}")
        self.name = name
        empty = compare_with is None or (isinstance(compare_with, Mapping) and not compare_with)
        try:  # a run that cannot be drawn fails here, before training
            runs = {} if empty else named_runs(compare_with)
            self.compare_with = {other: as_history(run) for other, run in runs.items()}
        except ValueError as err:
            raise ValueError(
                f"compare_with must be earlier runs {{name: History or dict of lists}}: {err}"
            ) from None
        if name in self.compare_with:
            raise ValueError(f"name must differ from the runs in compare_with, got {_short(name)}")
        if show is not None and not callable(show):
            raise ValueError(
                f"show must be a function taking the figure (or None), got {_short(show)}"
            )
        self.show = show
        self.figure = None
        self._handle = None

    @property
    def logs(self) -> dict[str, list[float]]:
        """This run's per-epoch values so far, ``{"loss": [...], "val_loss": [...], ...}``."""
        return {key: list(values) for key, values in getattr(self, "_logs", {}).items()}

    def on_train_begin(self, logs: dict | None = None) -> None:
        from course import plots

        self._logs: dict[str, list[float]] = {}
        self._drawn_epochs = 0  # how many epochs the figure shows
        self._checked_metrics = False
        self.figure, self._axes = plots.detached_figure(len(self.metrics), self.figsize)
        self._handle = None

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        if self._checked_metrics:
            return
        # Keras names its metrics only once training runs: the first batch is the earliest
        # moment to say that a metric to draw is never logged (not at the end of the run).
        self._checked_metrics = True
        missing = [m for m in self.metrics if m not in (logs or {})]
        if missing:
            raise ValueError(
                f"LivePlot metrics {missing} are not logged by fit; logged: "
                f"{', '.join(sorted(logs or {}))}. Add them to model.compile(metrics=[...])"
            )

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
        from course import plots

        for ax, metric in zip(self._axes, self.metrics, strict=True):
            ax.clear()
            if metric == "loss" and self.recorder is not None and self.recorder._batch_rows:
                plots.plot_iterations(self.recorder, ax=ax)
            else:
                runs = {**self.compare_with, self.name: self._logs}
                plots.plot_learning_curves(runs, metric=metric, ax=ax)
        self.figure.tight_layout()
        self._drawn_epochs = len(self._logs.get("loss", []))
        self._show()

    def _show(self) -> None:
        if self.show is not None:
            self.show(self.figure)
            return
        try:
            from IPython import get_ipython
            from IPython.display import display
        except ImportError:
            return
        shell = get_ipython()
        if shell is None or not hasattr(shell, "kernel"):
            return
        if self._handle is None:
            self._handle = display(self.figure, display_id=True)
        else:
            self._handle.update(self.figure)


def _labelled(x_name: str, x: Any, y_name: str, y: Any) -> tuple[np.ndarray, np.ndarray]:
    """``x`` and ``y`` as arrays, or raise naming them: ``x`` finite inputs, one row per sample;
    ``y`` one class label (a whole number >= 0) per sample, as many as ``x``."""
    inputs = check_finite_array(x_name, x)
    labels = check_finite_array(y_name, y)
    allowed = f"{y_name} must be one class label (a whole number >= 0) per sample"
    if labels.ndim != 1:
        raise ValueError(f"{allowed}, got an array of shape {labels.shape}")
    wrong = labels[(labels != np.round(labels)) | (labels < 0)]
    if wrong.size:
        raise ValueError(f"{allowed}, got {wrong[0].item()!r} among them")
    check_same_length(**{x_name: inputs, y_name: labels})
    return inputs, labels


def _predicted_classes(outputs: np.ndarray) -> np.ndarray:
    """The class of each output row: ``argmax``, or ``output > 0.5`` for one (sigmoid) output."""
    if outputs.ndim == 1 or outputs.shape[-1] == 1:
        return (outputs.reshape(len(outputs)) > 0.5).astype("int64")
    return np.argmax(outputs, axis=-1)


class ValidationPass(keras.callbacks.Callback):
    """Validate with one forward pass per epoch, and keep the classes predicted for more inputs.

    After every epoch the model is called once, in inference mode, on ``x_val`` followed by
    ``x_train`` (optional: the inputs whose predictions you want to follow, such as the
    training inputs). From the ``x_val`` part it puts ``val_loss`` (the compiled loss, without
    regularization penalties) and ``val_accuracy`` into the epoch's logs, so the History that
    ``fit`` returns records them, as it does with ``validation_data``. Callbacks listed after
    it see them too. For ``x_train`` it keeps the predicted class of every input, one array
    per epoch, in ``.predicted`` (emptied when a new ``fit`` begins).

    On small data this one call costs less than Keras's validation loop, and it serves the
    validation curve and the per-sample counts at once. The class of an output is its
    ``argmax``; for a single (sigmoid) output, ``output > 0.5``. ``y_val`` holds class labels.

    Example:
        >>> watch = ValidationPass(x[:50], y[:50], x_train=x[50:])
        >>> history = model.fit(x[50:], y[50:], epochs=2, callbacks=[watch], verbose=0)
        >>> sorted(history.history), len(watch.predicted), watch.predicted[0].shape
        (['loss', 'val_accuracy', 'val_loss'], 2, (150,))
    """

    def __init__(self, x_val: Any, y_val: Any, *, x_train: Any = None) -> None:
        super().__init__()
        self.x_val, labels = _labelled("x_val", x_val, "y_val", y_val)
        self.y_val = labels.astype("int64")
        inputs = self.x_val
        if x_train is not None:
            more = check_finite_array("x_train", x_train)
            if more.shape[1:] != self.x_val.shape[1:]:
                raise ValueError(
                    f"x_train must hold inputs shaped like those of x_val, "
                    f"{self.x_val.shape[1:]}, got an array of shape {more.shape}"
                )
            inputs = np.concatenate([self.x_val, more])
        self._inputs = inputs
        self._follow = x_train is not None
        self.predicted: list[np.ndarray] = []

    def on_train_begin(self, logs: dict | None = None) -> None:
        loss = getattr(self.model, "loss", None)
        self._loss = keras.losses.get(loss) if isinstance(loss, str) else loss
        if not callable(self._loss):
            raise ValueError(
                "ValidationPass needs a model compiled with one loss, such as "
                f"model.compile(loss='sparse_categorical_crossentropy'), got loss={_short(loss)}"
            )
        self.predicted = []

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        outputs = self.model(self._inputs, training=False)
        n = len(self.y_val)
        val = outputs[:n]
        labels = self.y_val[:, None] if val.shape[-1] == 1 else self.y_val  # one sigmoid output
        loss = keras.ops.mean(self._loss(labels, val))
        classes = _predicted_classes(keras.ops.convert_to_numpy(outputs))
        if logs is not None:
            logs["val_loss"] = float(keras.ops.convert_to_numpy(loss))
            logs["val_accuracy"] = float(np.mean(classes[:n] == self.y_val))
        if self._follow:
            self.predicted.append(classes[n:])


class EpochScores(keras.callbacks.Callback):
    """After every epoch: each named data set's loss and accuracy, from one forward pass.

    For a softmax classifier trained on integer labels. ``sets`` maps a name to ``(x, y)``.
    After ``fit``: ``weights`` holds a copy of the weights after every epoch; ``losses[name]``
    and ``correct[name]`` are arrays of shape (epochs, samples): each sample's cross-entropy
    and whether its most likely class is its label; ``curves`` is a DataFrame with one row per
    epoch (index ``epoch``, from 1): the training ``loss`` Keras logged, then
    ``<name>_loss`` and ``<name>_accuracy`` per set. The losses are the plain cross-entropy,
    without regularization penalties. One forward pass per set costs far less than Keras's
    evaluation loop (``validation_data``) on small data.

    Example:
        >>> scores = EpochScores({"val": (x[100:], y[100:])})
        >>> _ = model.fit(x[:100], y[:100], epochs=2, callbacks=[scores], verbose=0)
        >>> list(scores.curves.columns), scores.losses["val"].shape, len(scores.weights)
        (['loss', 'val_loss', 'val_accuracy'], (2, 100), 2)
    """

    def __init__(self, sets: Mapping[str, tuple[Any, Any]]) -> None:
        super().__init__()
        if not isinstance(sets, Mapping) or not sets:
            got = "an empty dict" if isinstance(sets, Mapping) else type(sets).__name__
            raise ValueError(
                f"sets must map a name to (x, y), e.g. {{'val': (x_val, y_val)}}, got {got}"
            )
        self.sets: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for name, pair in sets.items():
            where = f"sets[{_short(name)}]"
            if not isinstance(pair, tuple | list) or len(pair) != 2:
                kind = type(pair).__name__
                got = (
                    f"a {kind} of {len(pair)}"
                    if isinstance(pair, tuple | list)
                    else f"of type {kind}"
                )
                raise ValueError(
                    f"sets must map a name to a pair (x, y), e.g. {{'val': (x_val, y_val)}}; "
                    f"{where} is {got}"
                )
            if pair[0] is None or pair[1] is None:
                raise ValueError(
                    f"sets must map a name to a pair of arrays (x, y); {where} holds None"
                )
            self.sets[str(name)] = _labelled(
                f"the x of {where}", pair[0], f"the y of {where}", pair[1]
            )
        self.weights: list[list[np.ndarray]] = []
        self.losses: dict[str, np.ndarray] = {}
        self.correct: dict[str, np.ndarray] = {}
        self._train_loss: list[float] = []

    def on_train_begin(self, logs: Mapping[str, Any] | None = None) -> None:
        self.weights, self._train_loss = [], []
        self._losses: dict[str, list[np.ndarray]] = {name: [] for name in self.sets}
        self._correct: dict[str, list[np.ndarray]] = {name: [] for name in self.sets}

    def on_epoch_end(self, epoch: int, logs: Mapping[str, Any] | None = None) -> None:
        self.weights.append(self.model.get_weights())
        self._train_loss.append(float((logs or {}).get("loss", np.nan)))
        for name, (x, y) in self.sets.items():
            probs = self.model(x, training=False)
            loss = keras.losses.sparse_categorical_crossentropy(y, probs)
            self._losses[name].append(keras.ops.convert_to_numpy(loss))
            predicted = keras.ops.convert_to_numpy(keras.ops.argmax(probs, axis=1))
            self._correct[name].append(predicted == y)
        self.losses = {name: np.array(v) for name, v in self._losses.items()}
        self.correct = {name: np.array(v) for name, v in self._correct.items()}

    @property
    def curves(self) -> pd.DataFrame:
        """The scores, one row per epoch (``loss``, ``<name>_loss``, ``<name>_accuracy``)."""
        columns: dict[str, Any] = {"loss": self._train_loss}
        for name in self.sets:
            columns[f"{name}_loss"] = self.losses[name].mean(axis=1)
            columns[f"{name}_accuracy"] = self.correct[name].mean(axis=1)
        index = pd.RangeIndex(1, len(self._train_loss) + 1, name="epoch")
        return pd.DataFrame(columns, index=index)


class StopWhenBelow(keras.callbacks.Callback):
    """Stop ``fit`` after the first epoch whose mean cross-entropy on ``(x, y)`` is below
    ``target`` (the second retraining recipe of Goodfellow, Bengio and Courville, *Deep
    Learning*, 2016, section 7.8).

    ``y`` holds class labels; ``target`` is a number >= 0 (0 is never reached: ``fit`` runs all
    its epochs). ``reached_at`` is that epoch (1-based), or None if training ran out first.

    Example:
        >>> stop = StopWhenBelow(x, y, target=10.0)
        >>> _ = model.fit(x, y, epochs=5, callbacks=[stop], verbose=0)
        >>> stop.reached_at
        1
    """

    def __init__(self, x: Any, y: Any, target: float) -> None:
        super().__init__()
        self.x, self.y = _labelled("x", x, "y", y)
        # a cross-entropy is never below 0 (a target of 0 is never reached: train to the end)
        self.target = check_number("target", target, minimum=0)
        self.reached_at: int | None = None

    def on_train_begin(self, logs: Mapping[str, Any] | None = None) -> None:
        self.reached_at = None

    def on_epoch_end(self, epoch: int, logs: Mapping[str, Any] | None = None) -> None:
        probs = self.model(self.x, training=False)
        loss = keras.losses.sparse_categorical_crossentropy(self.y, probs)
        if float(keras.ops.mean(loss)) < self.target:
            self.reached_at = epoch + 1
            self.model.stop_training = True
