"""IterationHistory records each batch's own loss; LivePlot leaves a figure headless."""

import keras
import numpy as np
import pytest

from course.callbacks import IterationHistory, LivePlot
from course.iterations import batch_sizes


def _independent_batch_losses(model, init, x, y, batch_size, epochs):
    """Replay training batch by batch and compute each batch's loss before its update."""
    model.set_weights(init)
    loss_fn = keras.losses.SparseCategoricalCrossentropy()
    losses = []
    for _ in range(epochs):
        for start in range(0, len(x), batch_size):
            xb, yb = x[start : start + batch_size], y[start : start + batch_size]
            losses.append(float(loss_fn(yb, model(xb, training=True))))
            model.train_on_batch(xb, yb)
    return np.array(losses)


@pytest.mark.parametrize(("n", "b", "split"), [(250, 100, 0.0), (300, 64, 0.2), (96, 32, 0.0)])
def test_recorded_loss_is_each_batch_alone(n, b, split, tiny_model, random_data):
    x, y = random_data(n)
    model = tiny_model()
    init = model.get_weights()
    rec = IterationHistory(num_samples=n, batch_size=b, validation_split=split)
    model.fit(
        x,
        y,
        epochs=2,
        batch_size=b,
        shuffle=False,
        validation_split=split,
        callbacks=[rec],
        verbose=0,
    )
    train = sum(batch_sizes(n, b, split))
    replay = _independent_batch_losses(tiny_model(), init, x[:train], y[:train], b, 2)
    np.testing.assert_allclose(rec.batches["loss"].to_numpy(), replay, rtol=1e-4, atol=1e-5)
    # ... and it is NOT Keras's running mean, except on the first batch of each epoch
    running = rec.batches["running_loss"].to_numpy()
    assert running[0] == pytest.approx(replay[0], rel=1e-5)
    assert not np.allclose(running[1:], replay[1:], rtol=1e-4)


def test_columns_counts_and_fractional_epochs(tiny_model, random_data):
    x, y = random_data(250)
    rec = IterationHistory(num_samples=250, batch_size=100)
    tiny_model().fit(
        x, y, epochs=3, batch_size=100, callbacks=[rec], verbose=0, validation_data=(x[:50], y[:50])
    )
    b = rec.batches
    assert list(b["iteration"]) == list(range(1, 10))
    assert list(b["epoch"]) == [1, 1, 1, 2, 2, 2, 3, 3, 3]
    assert list(b["batch_size"]) == [100, 100, 50] * 3
    assert list(b["samples_seen"]) == [100, 200, 250, 350, 450, 500, 600, 700, 750]
    np.testing.assert_allclose(b["epoch_fraction"], [0.4, 0.8, 1.0, 1.4, 1.8, 2.0, 2.4, 2.8, 3.0])
    assert b["seconds"].is_monotonic_increasing
    e = rec.epochs
    assert list(e["epoch"]) == [1, 2, 3] and list(e["iteration"]) == [3, 6, 9]
    assert {"loss", "val_loss", "seconds"} <= set(e.columns)
    assert rec.history["val_loss"] == list(e["val_loss"])


def test_weighted_mean_of_batch_losses_is_keras_epoch_loss(tiny_model, random_data):
    x, y = random_data(250)
    rec = IterationHistory(num_samples=250, batch_size=100)
    tiny_model().fit(x, y, epochs=1, batch_size=100, callbacks=[rec], verbose=0)
    b = rec.batches
    weighted = float((b["loss"] * b["batch_size"]).sum() / b["batch_size"].sum())
    assert weighted == pytest.approx(rec.epochs["loss"].iloc[0], rel=1e-5)


def test_mismatched_sizes_are_named_before_training(tiny_model, random_data):
    x, y = random_data(250)
    model = tiny_model()
    rec = IterationHistory(num_samples=250, batch_size=100)  # but fit uses validation_split
    with pytest.raises(ValueError, match=r"expected 3 iterations per epoch .* Keras runs 2"):
        model.fit(x, y, epochs=1, batch_size=100, validation_split=0.2, callbacks=[rec], verbose=0)
    assert int(model.optimizer.iterations.numpy()) == 0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"num_samples": 100, "batch_size": 0}, r"batch_size must be an integer >= 1"),
        ({"num_samples": -5, "batch_size": 10}, r"num_samples must be an integer >= 1"),
        ({"num_samples": 100, "batch_size": 10, "validation_split": -0.1}, "validation_split"),
    ],
)
def test_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        IterationHistory(**kwargs)


def test_steps_per_execution_rows_cover_several_batches(random_data):
    x, y = random_data(200)
    keras.utils.set_random_seed(0)
    from course.models import mlp

    model = mlp((8,), (16,), 3)
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", steps_per_execution=2)
    rec = IterationHistory(num_samples=200, batch_size=50)
    model.fit(x, y, epochs=1, batch_size=50, callbacks=[rec], verbose=0)
    assert list(rec.batches["iteration"]) == [2, 4]
    assert list(rec.batches["batch_size"]) == [100, 100]


def test_liveplot_headless_keeps_and_saves_final_figure(tmp_path, tiny_model, random_data):
    x, y = random_data(100)
    rec = IterationHistory(num_samples=100, batch_size=50)
    live = LivePlot(metrics=("loss",), recorder=rec, save_path=tmp_path / "live.png")
    tiny_model().fit(
        x, y, epochs=2, batch_size=50, validation_split=0.0, callbacks=[rec, live], verbose=0
    )
    assert live.figure is not None and len(live.figure.axes) == 1
    assert (tmp_path / "live.png").stat().st_size > 1000
    lines = live.figure.axes[0].get_lines()
    assert len(lines[0].get_xdata()) == 4  # one point per iteration


def test_liveplot_draws_each_state_once_and_the_last_epoch_after_an_early_stop(
    tiny_model, random_data, monkeypatch
):
    x, y = random_data(100)
    live = LivePlot(every=3)
    drawn = []
    monkeypatch.setattr(live, "_show", lambda: drawn.append(live._drawn_epochs))
    tiny_model().fit(x, y, epochs=6, batch_size=50, callbacks=[live], verbose=0)
    assert drawn == [3, 6]  # every 3 epochs, the last one not twice

    class StopAfterFour(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            self.model.stop_training = epoch == 3

    drawn.clear()
    tiny_model().fit(x, y, epochs=6, batch_size=50, callbacks=[live, StopAfterFour()], verbose=0)
    assert drawn == [3, 4]  # the stop at epoch 4 is drawn at the end of training


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"metrics": "loss"}, "metrics must be a non-empty tuple"), ({"every": 0}, "every must")],
)
def test_liveplot_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        LivePlot(**kwargs)
