"""The lesson-cost benchmark's counts (``benchmarks/lesson_cost.py``), against hand computation.

One kernel runs a tiny synthetic notebook (a few seconds): a 2-layer model fitted twice on
10 samples at batch size 4 (a partial last batch) for 3 epochs, then once more with
``EarlyStopping`` that stops after 2 of 10 epochs (with ``validation_data``), evaluated once and
predicted once; a second model with ``steps_per_execution=2``; a hand-written update loop.
"""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path

import keras
import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location(
    "lesson_cost", ROOT / "benchmarks" / "lesson_cost.py"
)
lesson_cost = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(lesson_cost)

N, B, EPOCHS = 10, 4, 3
BATCHES = math.ceil(N / B)  # 3 per epoch, the last one of 2 samples
STOPPED_EPOCHS = 2  # EarlyStopping(patience=1) with an improvement nothing reaches: 2 of 10
SPE_EPOCHS = 2  # the second model: steps_per_execution=2, so 2 executions per epoch of 3 steps
HAND_UPDATES = 2

NOTEBOOK = f"""
import numpy as np
import keras
import tensorflow as tf

keras.utils.set_random_seed(0)
x = np.random.rand({N}, 3).astype("float32")
y = np.random.rand({N}, 1).astype("float32")


def two_layers():
    return keras.Sequential(
        [keras.Input((3,)), keras.layers.Dense(4, activation="relu"), keras.layers.Dense(1)]
    )


model = two_layers()
model.compile(optimizer="sgd", loss="mse")
model.fit(x, y, batch_size={B}, epochs={EPOCHS}, verbose=0)
model.fit(x, y, batch_size={B}, epochs={EPOCHS}, verbose=0)
stop = keras.callbacks.EarlyStopping(monitor="loss", patience=1, min_delta=1e9)
history = model.fit(
    x, y, batch_size={B}, epochs=10, verbose=0, callbacks=[stop], validation_data=(x, y)
)
assert len(history.epoch) == {STOPPED_EPOCHS}, history.epoch
model.evaluate(x, y, verbose=0)
model.predict(x, verbose=0)

other = two_layers()
other.compile(optimizer="sgd", loss="mse", steps_per_execution=2)
other.fit(x, y, batch_size={B}, epochs={SPE_EPOCHS}, verbose=0)

optimizer = keras.optimizers.SGD()
for _ in range({HAND_UPDATES}):
    with tf.GradientTape() as tape:
        loss = keras.ops.mean((model(x) - y) ** 2)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables, strict=True))
"""


TENSORFLOW_ONLY = pytest.mark.skipif(
    keras.backend.backend() != "tensorflow",
    reason="the synthetic lesson's hand-written loop (tf.GradientTape) is TensorFlow-specific",
)


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lesson_cost")
    path = folder / "99_tiny.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(NOTEBOOK)]), path)
    before = path.read_bytes()
    work = folder / "work"
    work.mkdir()
    row = lesson_cost.measure(path, work, timeout=120)
    return row, path.read_bytes() == before


@TENSORFLOW_ONLY
def test_counts_match_hand_computation(measured):
    row, _ = measured
    assert row["error"] == ""
    assert row["keras_patched"] is True
    assert row["fit_calls"] == 4
    # the same compiled model fitted three times builds its train function once; the other
    # model builds its own
    assert row["train_functions_built"] == 2
    # epochs actually run: EarlyStopping ran 2 of the 10 asked for
    assert row["epochs"] == EPOCHS + EPOCHS + STOPPED_EPOCHS + SPE_EPOCHS == 10
    # batches trained, partial last batch included, 3 per epoch also under steps_per_execution
    assert row["training_steps"] == 2 * EPOCHS * BATCHES + (STOPPED_EPOCHS + SPE_EPOCHS) * BATCHES
    assert row["training_steps"] == 30
    # the batch callbacks run once per execution: 2 per epoch at steps_per_execution=2
    assert row["train_executions"] == (2 * EPOCHS + STOPPED_EPOCHS) * BATCHES + SPE_EPOCHS * 2
    assert row["evaluate_calls"] == 1  # fit's validation passes are not evaluate calls
    assert row["validation_runs"] == STOPPED_EPOCHS
    assert row["predict_calls"] == 1
    assert row["updates_outside_fit"] == HAND_UPDATES
    per_fit = [(fit["epochs"], fit["steps"]) for fit in row["fits"]]
    assert per_fit == [(3, 9), (3, 9), (2, 6), (2, 6)]


@TENSORFLOW_ONLY
def test_times_are_recorded(measured):
    row, _ = measured
    assert 0 < row["fit_seconds"] < row["wall_seconds"]
    assert row["cpu_seconds"] > 0
    assert row["fit_seconds"] == pytest.approx(sum(fit["seconds"] for fit in row["fits"]), abs=1e-3)


@TENSORFLOW_ONLY
def test_notebook_file_unchanged(measured):
    _, unchanged = measured
    assert unchanged


def test_table_totals():
    rows = [
        {"lesson": "00_a", "wall_seconds": 1.24, "cpu_seconds": 2.0, "fit_seconds": 0.5,
         "fit_calls": 2, "train_functions_built": 1, "epochs": 6, "training_steps": 18,
         "evaluate_calls": 1, "predict_calls": 0},
        {"lesson": "01_b", "wall_seconds": 2.0, "cpu_seconds": 3.0, "fit_seconds": 1.0,
         "fit_calls": 1, "train_functions_built": 1, "epochs": 2, "training_steps": 4,
         "evaluate_calls": 0, "predict_calls": 3},
    ]  # fmt: skip
    lines = lesson_cost.table(rows).splitlines()
    assert lines[0].startswith("| lesson | wall s | CPU s | fit s | fit calls |")
    assert lines[2] == "| 00_a | 1.2 | 2.0 | 0.5 | 2 | 1 | 6 | 18 | 1 | 0 |"
    assert lines[-1] == "| total | 3.2 | 5.0 | 1.5 | 3 | 2 | 8 | 22 | 1 | 3 |"
