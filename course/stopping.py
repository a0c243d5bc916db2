"""Replay a validation curve through Keras's own ``EarlyStopping``: where would it stop?

Early stopping is a rule applied, epoch by epoch, to one number (``val_loss`` by default).
Given that number for every epoch, ``replay_early_stopping`` feeds it to a real
``keras.callbacks.EarlyStopping``, attached to a tiny stand-in model, exactly as ``model.fit``
would: ``on_train_begin``, then ``on_epoch_end(epoch, {"val_loss": value})`` for each epoch
until the callback sets ``model.stop_training``, then ``on_train_end``. Nothing here
re-implements the rule, so the answer is Keras's, including its corner cases.

The stand-in model has one weight, set to the epoch number before each ``on_epoch_end``; the
callback always runs with ``restore_best_weights=True``, so after ``on_train_end`` that weight
says which epoch's weights a real model would end with. (``restore_best_weights`` does not
change when training stops, only which weights you keep.)

Epochs are 1-based in the result, as on the plots and in Keras's messages ("Epoch 12: early
stopping"); the callback's own ``stopped_epoch`` and ``best_epoch`` attributes are 0-based.

Example:
    >>> r = replay_early_stopping([0.9, 0.7, 0.6, 0.65, 0.62, 0.7, 0.8], patience=2)
    >>> r.epochs_run, r.stopped_epoch, r.best_epoch, r.restored_epoch
    (5, 5, 3, 3)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from course.history import MODES
from course.validation import (
    _short,
    check_choice,
    check_curve,
    check_finite_array,
    check_int,
    check_number,
    check_seed,
)

_SETTING_KEYS = ("patience", "min_delta", "mode", "start_from_epoch", "baseline")


@dataclass(frozen=True)
class EarlyStoppingReplay:
    """What Keras's ``EarlyStopping`` did with one curve. Epochs are 1-based.

    Attributes:
        values: the monitored value per epoch, as given.
        epochs_run: how many epochs ``fit`` would run (all of them if it never stops).
        stopped_epoch: the epoch after which Keras stopped, or None if the curve ran out
            first (no early stop). Keras's own attribute is this minus 1.
        best_epoch: the epoch Keras counted as best (``best_epoch`` attribute + 1), or None
            if no epoch was monitored (all before ``start_from_epoch``).
        restored_epoch: the epoch whose weights the model ends with under
            ``restore_best_weights=True``, read back from the stand-in model's weight.
        best_value: the monitored value at ``best_epoch`` (None if no epoch was monitored).
        patience, min_delta, mode, start_from_epoch, baseline: the settings replayed.
    """

    values: tuple[float, ...]
    epochs_run: int
    stopped_epoch: int | None
    best_epoch: int | None
    restored_epoch: int
    best_value: float | None
    patience: int
    min_delta: float
    mode: str
    start_from_epoch: int
    baseline: float | None

    @property
    def stopped(self) -> bool:
        """True if Keras stopped training before the curve ran out."""
        return self.stopped_epoch is not None

    def as_row(self) -> dict[str, Any]:
        """The result as a flat dict, one row of a ``pandas.DataFrame``.

        Example:
            >>> replay_early_stopping([1.0, 0.8, 0.9], patience=1).as_row()["epochs_run"]
            3
        """
        return {
            "patience": self.patience,
            "min_delta": self.min_delta,
            "start_from_epoch": self.start_from_epoch,
            "epochs_run": self.epochs_run,
            "stopped_epoch": self.stopped_epoch,
            "best_epoch": self.best_epoch,
            "restored_epoch": self.restored_epoch,
        }

    def __str__(self) -> str:
        stop = (
            f"stops after epoch {self.stopped_epoch}"
            if self.stopped
            else f"never stops early (all {self.epochs_run} epochs run)"
        )
        return (
            f"patience={self.patience}, min_delta={self.min_delta:g}: {stop}; "
            f"restore_best_weights=True keeps epoch {self.restored_epoch}"
        )


def _checked_settings(setting: Mapping[str, Any], where: str = "") -> dict[str, Any]:
    """The ``EarlyStopping`` settings of ``replay_early_stopping`` checked and converted (int,
    float, ...), or raise naming the bad one: as ``patience``, or ``settings[0]['patience']``
    when ``where`` is ``"settings[0]"``."""

    def name(key: str) -> str:
        return f"{where}[{_short(key)}]" if where else key

    baseline = setting.get("baseline")
    return {
        "patience": check_int(name("patience"), setting["patience"], minimum=0),
        "min_delta": check_number(name("min_delta"), setting.get("min_delta", 0.0), minimum=0.0),
        "mode": check_choice(name("mode"), setting.get("mode", "min"), MODES),
        "start_from_epoch": check_int(
            name("start_from_epoch"), setting.get("start_from_epoch", 0), minimum=0
        ),
        "baseline": None if baseline is None else check_number(name("baseline"), baseline),
    }


def _stand_in_model() -> Any:
    """A one-weight model to attach the callback to. Named layers, no random draws."""
    import keras

    inputs = keras.Input(shape=(1,), name="replay_input")
    outputs = keras.layers.Dense(
        1, use_bias=False, kernel_initializer="zeros", name="replay_epoch"
    )(inputs)
    return keras.Model(inputs, outputs, name="early_stopping_replay")


def replay_early_stopping(
    val_loss: Sequence[float] | np.ndarray,
    *,
    patience: int,
    min_delta: float = 0.0,
    mode: str = "min",
    start_from_epoch: int = 0,
    baseline: float | None = None,
) -> EarlyStoppingReplay:
    """Run ``keras.callbacks.EarlyStopping`` over a given curve, one value per epoch.

    Args:
        val_loss: the monitored value at the end of each epoch (1-D, finite). Despite the
            name, any monitored quantity works; use ``mode="max"`` for accuracies.
        patience, min_delta, mode, start_from_epoch, baseline: passed to ``EarlyStopping``
            unchanged (``min_delta`` must be >= 0; Keras would take its absolute value).

    Returns:
        An ``EarlyStoppingReplay`` with 1-based epochs: ``epochs_run``, ``stopped_epoch``
        (None when it never stops), ``best_epoch`` and ``restored_epoch``.

    Example:
        >>> r = replay_early_stopping([0.5, 0.4, 0.41, 0.42, 0.43], patience=2)
        >>> r.stopped_epoch, r.restored_epoch
        (4, 2)
        >>> replay_early_stopping([0.5, 0.4, 0.3], patience=2).stopped
        False
    """
    values = check_curve("val_loss", val_loss)
    checked = _checked_settings(
        {
            "patience": patience,
            "min_delta": min_delta,
            "mode": mode,
            "start_from_epoch": start_from_epoch,
            "baseline": baseline,
        }
    )
    patience, min_delta, mode = checked["patience"], checked["min_delta"], checked["mode"]
    start_from_epoch, baseline = checked["start_from_epoch"], checked["baseline"]

    import keras

    model = _stand_in_model()
    model.stop_training = False
    callback = keras.callbacks.EarlyStopping(
        monitor="val_loss",
        patience=patience,
        min_delta=min_delta,
        mode=mode,
        start_from_epoch=start_from_epoch,
        baseline=baseline,
        restore_best_weights=True,
    )
    callback.set_model(model)
    callback.on_train_begin()
    epochs_run = 0
    for epoch, value in enumerate(values):
        # The stand-in's weight records which epoch's weights these are (0-based).
        model.set_weights([np.full((1, 1), epoch, dtype="float32")])
        epochs_run = epoch + 1
        callback.on_epoch_end(epoch, {"val_loss": float(value)})
        if model.stop_training:
            break
    callback.on_train_end()

    stopped = bool(model.stop_training)
    monitored = epochs_run > start_from_epoch
    best = int(callback.best_epoch) + 1 if monitored else None
    restored = int(round(float(model.get_weights()[0][0, 0]))) + 1
    return EarlyStoppingReplay(
        values=tuple(float(v) for v in values),
        epochs_run=epochs_run,
        stopped_epoch=int(callback.stopped_epoch) + 1 if stopped else None,
        best_epoch=best,
        restored_epoch=restored,
        best_value=float(values[best - 1]) if best is not None else None,
        patience=patience,
        min_delta=min_delta,
        mode=mode,
        start_from_epoch=start_from_epoch,
        baseline=baseline,
    )


# --- Lesson 04's bookkeeping: scores per epoch, replays over seeds, a worked trace -------------


def _settings_text(setting: Mapping[str, Any]) -> str:
    """``{"patience": 10, "min_delta": 0.02}`` as ``'patience=10, min_delta=0.02'``."""
    return ", ".join(
        f"{key}={value:g}" if isinstance(value, float) else f"{key}={value}"
        for key, value in setting.items()
    )


def trace_early_stopping(
    values: Sequence[float] | np.ndarray,
    *,
    patience: int,
    min_delta: float = 0.0,
    mode: str = "min",
) -> pd.DataFrame:
    """Keras's ``EarlyStopping`` on a curve, epoch by epoch: what it compared and decided.

    One row per epoch run (1-based ``epoch``): the monitored ``value``, the ``best before``
    it (Keras's ``best`` attribute before this epoch; empty for the first), the ``gain on
    best`` (how much better than that best the value is: lower in mode "min"), whether Keras
    counted the epoch as an ``improvement``, its ``wait`` counter after the epoch, and whether
    it ``stops`` there. Every decision is read from a real ``keras.callbacks.EarlyStopping``;
    nothing re-implements the rule.

    With ``min_delta=0.02``, epoch 4 counts: 0.025 below the best, 0.90, although only 0.015
    below epoch 3.

    Example:
        >>> t = trace_early_stopping([1.0, 0.90, 0.89, 0.875, 0.87, 0.86], patience=2,
        ...                          min_delta=0.02)
        >>> t["improvement"].tolist(), int(t["epoch"].iloc[-1])
        ([True, True, False, True, False, False], 6)
    """
    curve = check_curve("values", values)
    patience = check_int("patience", patience, minimum=0)
    min_delta = check_number("min_delta", min_delta, minimum=0.0)
    mode = check_choice("mode", mode, MODES)

    import keras

    model = _stand_in_model()
    model.stop_training = False
    callback = keras.callbacks.EarlyStopping(
        monitor="val_loss", patience=patience, min_delta=min_delta, mode=mode
    )
    callback.set_model(model)
    callback.on_train_begin()
    rows = []
    for epoch, value in enumerate(curve):
        before = callback.best
        callback.on_epoch_end(epoch, {"val_loss": float(value)})
        rows.append(
            {
                "epoch": epoch + 1,
                "value": float(value),
                "best before": np.nan if before is None else float(before),
                "gain on best": np.nan
                if before is None
                else (float(before) - float(value)) * (1 if mode == "min" else -1),
                "improvement": bool(callback.best_epoch == epoch and callback.best is not before),
                "wait": int(callback.wait),
                "stops": bool(model.stop_training),
            }
        )
        if model.stop_training:
            break
    return pd.DataFrame(rows)


def replay_table(
    curves: Mapping[Any, pd.DataFrame],
    settings: Sequence[Mapping[str, Any]],
    *,
    monitor: str = "val_loss",
    scores: Sequence[str] = (),
) -> pd.DataFrame:
    """Replay each ``EarlyStopping`` setting on each seed's curve: one row per setting and seed.

    ``curves`` maps a seed to its per-epoch results (one row per epoch, epoch 1 first), with a
    ``monitor`` column. Each setting (``{"patience": 10}``, ...) goes to
    ``replay_early_stopping`` unchanged. Columns: ``setting`` (as text), the setting's own
    keys, ``seed``, ``epochs run``, ``kept epoch`` (what ``restore_best_weights=True``
    keeps), and for each column named in ``scores`` its value at the kept epoch
    (``"<score>, restored"``) and at the last epoch run (``"<score>, last"``).

    Example:
        >>> curves = {0: pd.DataFrame({"val_loss": [0.9, 0.7, 0.8, 0.85],
        ...                            "test_loss": [1.0, 0.8, 0.7, 0.9]})}
        >>> replay_table(curves, [{"patience": 1}], scores=["test_loss"]).iloc[0].to_dict()
        ... # doctest: +NORMALIZE_WHITESPACE
        {'setting': 'patience=1', 'patience': 1, 'seed': 0, 'epochs run': 3, 'kept epoch': 2,
         'test_loss, restored': 0.8, 'test_loss, last': 0.7}
    """
    if not isinstance(curves, Mapping) or not curves:
        raise ValueError(
            "curves must map each seed to a DataFrame of per-epoch results, got "
            f"{type(curves).__name__}"
        )
    if isinstance(settings, str | bytes | Mapping) or not isinstance(settings, Sequence):
        raise ValueError(
            "settings must be a list of EarlyStopping settings such as [{'patience': 10}], got "
            f"{_short(settings)}"
        )
    if not settings:
        raise ValueError("settings must hold at least one setting such as {'patience': 10}")
    for i, setting in enumerate(settings):
        if not isinstance(setting, Mapping):
            raise ValueError(
                f"each setting must be a dict such as {{'patience': 10}}; settings[{i}] is "
                f"{_short(setting)}"
            )
        unknown = [key for key in setting if key not in _SETTING_KEYS]
        if unknown or "patience" not in setting:
            raise ValueError(
                "each setting must give a patience and nothing but "
                f"{', '.join(_SETTING_KEYS)}; settings[{i}] is {dict(setting)!r}"
            )
        _checked_settings(setting, f"settings[{i}]")
    if not isinstance(monitor, str):
        raise ValueError(f"monitor must be a column name such as 'val_loss', got {_short(monitor)}")
    if (
        isinstance(scores, str | bytes)
        or not isinstance(scores, Sequence)
        or not all(isinstance(score, str) for score in scores)
    ):
        raise ValueError(
            f"scores must be a list of column names such as ['test_loss'], got {_short(scores)}"
        )
    for seed, curve in curves.items():
        if not isinstance(curve, pd.DataFrame):
            raise ValueError(
                f"curves[{_short(seed)}] must be a DataFrame, got {type(curve).__name__}"
            )
        columns = [str(c) for c in curve.columns]
        for what, column in [("monitor", monitor), *(("scores", score) for score in scores)]:
            if column not in columns:
                raise ValueError(
                    f"{what} must be one of the columns of each table in curves, got "
                    f"{_short(column)}; curves[{_short(seed)}] has {', '.join(map(repr, columns))}"
                )
        check_curve(f"curves[{_short(seed)}][{_short(monitor)}]", curve[monitor].to_numpy())
        for score in scores:
            if not pd.api.types.is_numeric_dtype(curve[score]):
                raise ValueError(
                    f"curves[{_short(seed)}][{_short(score)}] must hold numbers (one per "
                    f"epoch), got {curve[score].dtype}"
                )
    rows = []
    for setting in settings:
        for seed, curve in curves.items():
            r = replay_early_stopping(curve[monitor].to_numpy(), **setting)
            row = {"setting": _settings_text(setting), **setting, "seed": seed}
            row.update({"epochs run": r.epochs_run, "kept epoch": r.restored_epoch})
            for score in scores:
                row[f"{score}, restored"] = float(curve[score].iloc[r.restored_epoch - 1])
                row[f"{score}, last"] = float(curve[score].iloc[r.epochs_run - 1])
            rows.append(row)
    return pd.DataFrame(rows)


def selection_optimism(
    losses: np.ndarray, *, size: int, fixed_epoch: int, repeats: int = 500, seed: int = 0
) -> dict[str, float]:
    """How much lower a chosen epoch's loss looks on the samples that chose it than on others.

    ``losses`` has one row per epoch and one column per sample (each sample's loss under that
    epoch's weights), from samples that trained nothing. Each of ``repeats`` random splits takes
    ``size`` samples as the *selection* set and the rest as the *report* set, picks the epoch
    with the lowest mean selection loss (what ``restore_best_weights`` keeps) and records
    report loss minus selection loss there. The same for ``fixed_epoch`` (1-based), chosen in
    advance. Returns the mean of each: ``{"chosen": ..., "fixed": ...}``.

    With two epochs and four samples, and ``size=2``, every split picks the epoch whose two
    selection samples are lower.

    Example:
        >>> losses = np.array([[1.0, 1.0, 1.0, 1.0], [0.0, 2.0, 2.0, 0.0]])
        >>> result = selection_optimism(losses, size=2, fixed_epoch=1, repeats=200)
        >>> result["fixed"], result["chosen"] > 0
        (0.0, True)
    """
    array = check_finite_array("losses", losses).astype(float)
    if array.ndim != 2 or array.shape[1] < 2:
        raise ValueError(
            "losses must be a finite (epochs, samples) array with at least 2 samples, got "
            f"shape {array.shape}"
        )
    size = check_int("size", size, minimum=1, maximum=array.shape[1] - 1)
    fixed = check_int("fixed_epoch", fixed_epoch, minimum=1, maximum=array.shape[0]) - 1
    repeats = check_int("repeats", repeats, minimum=1)
    seed = check_seed("seed", seed)
    rng = np.random.default_rng(seed)
    chosen, at_fixed = [], []
    for _ in range(repeats):
        order = rng.permutation(array.shape[1])
        selection = array[:, order[:size]].mean(axis=1)
        report = array[:, order[size:]].mean(axis=1)
        best = int(np.argmin(selection))
        chosen.append(report[best] - selection[best])
        at_fixed.append(report[fixed] - selection[fixed])
    return {"chosen": float(np.mean(chosen)), "fixed": float(np.mean(at_fixed))}
