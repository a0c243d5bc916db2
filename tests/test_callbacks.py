"""IterationHistory records each batch's own loss, size and learning rate, as Keras ran them;
LivePlot checks its arguments up front and leaves a figure headless."""

import warnings

import keras
import numpy as np
import pytest
import tensorflow as tf

from course.callbacks import IterationHistory, LivePlot
from course.models import mlp

TF_ONLY = pytest.mark.skipif(
    keras.backend.backend() != "tensorflow", reason="tf.data input is TensorFlow-specific"
)


def _independent_batch_losses(model, init, batches, epochs):
    """Replay training batch by batch: each batch's loss before its own update."""
    model.set_weights(init)
    loss_fn = keras.losses.SparseCategoricalCrossentropy()
    losses = []
    for _ in range(epochs):
        for xb, yb in batches:
            losses.append(float(loss_fn(yb, model(xb, training=True))))
            model.train_on_batch(xb, yb)
    return np.array(losses)


def _cut(x, y, batch_size):
    return [(x[i : i + batch_size], y[i : i + batch_size]) for i in range(0, len(x), batch_size)]


@pytest.mark.parametrize(
    ("n", "b", "split", "train"), [(250, 100, 0.0, 250), (300, 64, 0.2, 240), (96, 32, 0.0, 96)]
)
def test_recorded_loss_is_each_batch_alone(n, b, split, train, tiny_model, random_data):
    x, y = random_data(n)
    model = tiny_model()
    init = model.get_weights()
    rec = IterationHistory()
    model.fit(
        x, y, epochs=2, batch_size=b, shuffle=False, validation_split=split, callbacks=[rec],
        verbose=0,
    )  # fmt: skip
    replay = _independent_batch_losses(tiny_model(), init, _cut(x[:train], y[:train], b), 2)
    np.testing.assert_allclose(rec.batches["loss"].to_numpy(), replay, rtol=1e-4, atol=1e-5)
    # ... and it is NOT Keras's running mean, except on the first batch of each epoch
    running = rec.batches["running_loss"].to_numpy()
    assert running[0] == pytest.approx(replay[0], rel=1e-5)
    assert not np.allclose(running[1:], replay[1:], rtol=1e-4)


def test_columns_counts_and_fractional_epochs(tiny_model, random_data):
    x, y = random_data(250)
    rec = IterationHistory()
    tiny_model().fit(
        x, y, epochs=3, batch_size=100, callbacks=[rec], verbose=0, validation_data=(x[:50], y[:50])
    )
    b = rec.batches
    assert list(b["iteration"]) == list(range(1, 10))
    assert list(b["epoch"]) == [1, 1, 1, 2, 2, 2, 3, 3, 3]
    assert list(b["batch"]) == [1, 2, 3] * 3
    assert list(b["batch_size"]) == [100, 100, 50] * 3  # the partial last batch, from Keras
    assert list(b["samples_seen"]) == [100, 200, 250, 350, 450, 500, 600, 700, 750]
    np.testing.assert_allclose(b["epoch_fraction"], [0.4, 0.8, 1.0, 1.4, 1.8, 2.0, 2.4, 2.8, 3.0])
    assert b["seconds"].is_monotonic_increasing
    e = rec.epochs
    assert list(e["epoch"]) == [1, 2, 3] and list(e["iteration"]) == [3, 6, 9]
    assert list(e["samples"]) == [250, 250, 250]
    assert {"loss", "val_loss", "seconds"} <= set(e.columns)
    assert rec.history["val_loss"] == list(e["val_loss"])
    assert "seconds" not in rec.history and "samples" not in rec.history


def test_validation_split_counts_only_the_training_samples(tiny_model, random_data):
    x, y = random_data(250)
    rec = IterationHistory()
    tiny_model().fit(
        x, y, epochs=1, batch_size=64, validation_split=0.2, callbacks=[rec], verbose=0
    )
    assert list(rec.batches["batch_size"]) == [64, 64, 64, 8]  # 200 training samples


def test_sample_weights_do_not_change_the_batch_sizes(tiny_model, random_data):
    x, y = random_data(100)
    rec = IterationHistory()
    weights = np.linspace(0.1, 3.0, 100)
    tiny_model().fit(
        x, y, sample_weight=weights, epochs=1, batch_size=30, callbacks=[rec], verbose=0
    )
    assert list(rec.batches["batch_size"]) == [30, 30, 30, 10]


@TF_ONLY
@pytest.mark.parametrize(("drop", "sizes"), [(False, [32, 32, 32, 4]), (True, [32, 32, 32])])
def test_tf_data_input_without_repeating_sizes(drop, sizes, tiny_model, random_data):
    x, y = random_data(100)
    model = tiny_model()
    init = model.get_weights()
    data = tf.data.Dataset.from_tensor_slices((x, y)).batch(32, drop_remainder=drop)
    rec = IterationHistory()
    model.fit(data, epochs=2, callbacks=[rec], verbose=0)
    assert list(rec.batches["batch_size"]) == sizes * 2
    kept = sum(sizes)
    replay = _independent_batch_losses(tiny_model(), init, _cut(x[:kept], y[:kept], 32), 2)
    np.testing.assert_allclose(rec.batches["loss"].to_numpy(), replay, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(rec.batches["epoch_fraction"].iloc[-1], 2.0)


@TF_ONLY
def test_unknown_cardinality_dataset(tiny_model, random_data):
    x, y = random_data(100)
    data = tf.data.Dataset.from_tensor_slices((x, y)).filter(lambda a, b: True).batch(40)
    assert int(data.cardinality()) == tf.data.UNKNOWN_CARDINALITY
    rec = IterationHistory()
    tiny_model().fit(data, epochs=2, callbacks=[rec], verbose=0)
    assert list(rec.batches["batch_size"]) == [40, 40, 20, 40, 40, 20]
    np.testing.assert_allclose(rec.batches["epoch_fraction"], [0.4, 0.8, 1.0, 1.4, 1.8, 2.0])


def test_steps_per_execution_rows_cover_several_batches(random_data):
    x, y = random_data(200)
    keras.utils.set_random_seed(0)
    model = mlp((8,), (16,), 3)
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", steps_per_execution=2)
    rec = IterationHistory()
    model.fit(x, y, epochs=1, batch_size=50, callbacks=[rec], verbose=0)
    assert list(rec.batches["iteration"]) == [2, 4]
    assert list(rec.batches["batch_size"]) == [100, 100]


def test_learning_rate_of_each_update_under_a_schedule(random_data):
    x, y = random_data(100)
    keras.utils.set_random_seed(0)
    model = mlp((8,), (16,), 3)
    schedule = keras.optimizers.schedules.ExponentialDecay(0.1, decay_steps=2, decay_rate=0.5)
    model.compile(optimizer=keras.optimizers.SGD(schedule), loss="sparse_categorical_crossentropy")
    rec = IterationHistory()
    model.fit(x, y, epochs=2, batch_size=40, callbacks=[rec], verbose=0)  # 3 updates per epoch
    # by hand: lr(step) = 0.1 * 0.5 ** (step / 2) for the updates made at steps 0, 1, ..., 5
    np.testing.assert_allclose(
        rec.batches["learning_rate"], [0.1 * 0.5 ** (s / 2) for s in range(6)], rtol=1e-6
    )


class _CountedDecay(keras.optimizers.schedules.ExponentialDecay):
    """An exponential decay that counts its calls from Python (a traced step calls it once)."""

    calls = 0

    def __call__(self, step):
        _CountedDecay.calls += 1
        return super().__call__(step)


def test_a_schedule_is_evaluated_when_the_table_is_read_not_during_training(random_data):
    x, y = random_data(200)

    def calls_during_fit(callbacks):
        keras.utils.set_random_seed(0)
        model = mlp((8,), (16,), 3)
        schedule = _CountedDecay(0.1, decay_steps=2, decay_rate=0.5)
        model.compile(
            optimizer=keras.optimizers.SGD(schedule), loss="sparse_categorical_crossentropy"
        )
        before = _CountedDecay.calls
        model.fit(x, y, epochs=2, batch_size=20, callbacks=callbacks, verbose=0)  # 20 updates
        return _CountedDecay.calls - before

    rec = IterationHistory()
    assert calls_during_fit([rec]) == calls_during_fit([])  # only Keras's own (tracing) calls
    before = _CountedDecay.calls
    rates = rec.batches["learning_rate"].to_numpy()
    assert _CountedDecay.calls - before == 20  # once per recorded update, when first read
    np.testing.assert_allclose(rates, [0.1 * 0.5 ** (s / 2) for s in range(20)], rtol=1e-6)
    before = _CountedDecay.calls
    np.testing.assert_array_equal(rec.batches["learning_rate"].to_numpy(), rates)
    assert _CountedDecay.calls == before  # kept, not evaluated again


def test_learning_rate_changed_between_epochs_is_recorded(tiny_model, random_data):
    x, y = random_data(100)
    rec = IterationHistory()
    halve = keras.callbacks.LearningRateScheduler(lambda epoch, lr: 0.2 / (epoch + 1))
    tiny_model().fit(x, y, epochs=3, batch_size=50, callbacks=[rec, halve], verbose=0)
    np.testing.assert_allclose(rec.batches["learning_rate"], [0.2, 0.2, 0.1, 0.1, 0.2 / 3, 0.2 / 3])


def test_a_model_without_a_loss_tracker_is_refused_before_training(tiny_model, random_data):
    x, y = random_data(20)
    model = tiny_model()
    init = model.get_weights()

    class NoTracker(keras.Model):
        @property
        def metrics(self):
            return []

    bare = NoTracker(model.inputs, model.outputs)
    bare.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    with pytest.raises(ValueError, match="IterationHistory needs a model compiled with a loss"):
        bare.fit(x, y, epochs=1, callbacks=[IterationHistory()], verbose=0)
    np.testing.assert_array_equal(model.get_weights()[0], init[0])  # nothing trained


def test_a_float32_validation_split_is_counted_as_keras_counts_it(tiny_model, random_data):
    from course.iterations import training_samples

    x, y = random_data(1000)
    rec = IterationHistory()
    split = np.float32(0.2)
    tiny_model().fit(
        x, y, epochs=1, batch_size=100, validation_split=split, callbacks=[rec], verbose=0
    )
    assert rec.epochs["samples"].iloc[0] == training_samples(1000, split)


def test_liveplot_with_the_recorder_placed_after_it(tiny_model, random_data):
    x, y = random_data(60)
    rec = IterationHistory()
    live = LivePlot(recorder=rec)
    tiny_model().fit(x, y, epochs=3, batch_size=20, callbacks=[live, rec], verbose=0)
    assert live.figure is not None


def test_liveplot_headless_keeps_and_saves_final_figure(tmp_path, tiny_model, random_data):
    x, y = random_data(100)
    rec = IterationHistory()
    live = LivePlot(metrics=("loss",), recorder=rec, save_path="live.png")
    tiny_model().fit(
        x, y, epochs=2, batch_size=50, validation_split=0.0, callbacks=[rec, live], verbose=0
    )
    assert live.figure is not None and len(live.figure.axes) == 1
    assert live.save_path.stat().st_size > 1000
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
    [
        ({"metrics": "loss"}, "metrics must be a non-empty tuple"),
        ({"metrics": ("val_loss",)}, "each entry of metrics must be a training metric"),
        ({"every": 0}, "every must"),
        ({"figsize": (0, 0)}, "each entry of figsize must be a finite number > 0"),
        ({"save_path": "curve.xyz"}, "save_path's suffix must be one of"),
        ({"save_path": 3}, "save_path must be a file name"),
        ({"overwrite": "yes"}, "overwrite must be True or False"),
        ({"recorder": keras.callbacks.History()}, "recorder must be a course IterationHistory"),
    ],
)
def test_liveplot_bad_arguments_are_refused_when_it_is_made(kwargs, message):
    with pytest.raises(ValueError, match=message):
        LivePlot(**kwargs)


def test_liveplot_names_an_unlogged_metric(tiny_model, random_data):
    x, y = random_data(40)
    model = tiny_model()
    with pytest.raises(ValueError, match=r"\['accuracy'\] are not logged"):
        model.fit(
            x, y, epochs=5, batch_size=10, callbacks=[LivePlot(metrics=("accuracy",))], verbose=0
        )
    assert int(model.optimizer.iterations) == 1  # stopped after the first batch, not the run


def test_steps_per_execution_that_does_not_divide_the_steps(random_data):
    x, y = random_data(250)
    keras.utils.set_random_seed(0)
    model = mlp((8,), (16,), 3)
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", steps_per_execution=2)
    rec = IterationHistory()
    model.fit(x, y, epochs=2, batch_size=50, callbacks=[rec], verbose=0)  # 5 steps per epoch
    assert list(rec.batches["iteration"]) == [2, 4, 5, 7, 9, 10]
    assert int(model.optimizer.iterations) == 10
    assert list(rec.batches["batch_size"]) == [100, 100, 50] * 2
    assert list(rec.epochs["iteration"]) == [5, 10]


def test_validation_every_other_epoch_leaves_nan_where_keras_did_not_validate(
    tiny_model, random_data
):
    x, y = random_data(60)
    rec = IterationHistory()
    h = tiny_model().fit(
        x, y, epochs=4, batch_size=20, validation_data=(x[:20], y[:20]), validation_freq=2,
        callbacks=[rec], verbose=0,
    )  # fmt: skip
    val = rec.history["val_loss"]
    assert np.isnan(val[0]) and np.isnan(val[2])
    np.testing.assert_allclose([val[1], val[3]], h.history["val_loss"])


def test_an_epoch_stopped_midway_keeps_the_full_epoch_as_its_unit(tiny_model, random_data):
    x, y = random_data(500)

    class StopInEpochThree(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            self.model.stop_training = self.model.optimizer.iterations.numpy() == 12

    rec = IterationHistory()
    tiny_model().fit(x, y, epochs=5, batch_size=100, callbacks=[rec, StopInEpochThree()], verbose=0)
    fractions = rec.batches["epoch_fraction"].to_numpy()
    np.testing.assert_allclose(fractions[-2:], [2.2, 2.4])  # 12 updates of 100 out of 500 each


def test_liveplot_writes_only_inside_the_runs_folder_and_never_over_a_file(tiny_model, random_data):
    from course.paths import runs_root

    root = runs_root()
    with pytest.raises(ValueError, match="save_path must be inside the runs folder"):
        LivePlot(save_path="/tmp/elsewhere.png")
    with pytest.raises(ValueError, match="save_path must be inside the runs folder"):
        LivePlot(save_path="../escape.png")
    (root / "mine.png").write_bytes(b"a learner's figure")
    with pytest.raises(ValueError, match="exists already; pass overwrite=True"):
        LivePlot(save_path="mine.png")
    x, y = random_data(40)
    live = LivePlot(save_path="lesson/curves.png")
    tiny_model().fit(x, y, epochs=1, callbacks=[live], verbose=0)
    assert (root / "lesson/curves.png").stat().st_size > 1000
    assert (root / "mine.png").read_bytes() == b"a learner's figure"
    LivePlot(save_path="mine.png", overwrite=True)  # asked: allowed


def test_liveplot_refuses_an_empty_name_and_makes_no_folder_before_it_saves(monkeypatch, tmp_path):
    from course.paths import runs_root

    monkeypatch.setenv("COURSE_RUNS_DIR", str(tmp_path / "not_yet"))
    with pytest.raises(ValueError, match="save_path must be a file name such as 'curves.png'"):
        LivePlot(save_path="")
    live = LivePlot(save_path="curves.png")
    assert live.save_path == (tmp_path / "not_yet" / "curves.png").resolve()
    assert not (tmp_path / "not_yet").exists()  # nothing written before training ends
    runs_root().mkdir(parents=True, exist_ok=True)
    live.save_path.write_bytes(b"mine")
    with pytest.raises(ValueError) as err:
        LivePlot(save_path="curves.png")
    assert str(err.value) == (
        f"save_path {live.save_path} exists already; pass overwrite=True to replace it, "
        "or choose another name"
    )


class _FakeHandle:
    """What IPython's display(..., display_id=True) returns: a handle to update in place."""

    def __init__(self):
        self.updates = []

    def update(self, figure):
        self.updates.append(figure)


def test_liveplot_shows_one_display_and_updates_it_in_a_notebook(
    monkeypatch, tiny_model, random_data
):
    import IPython
    import IPython.display

    displayed = []

    def fake_display(obj, display_id=None):
        displayed.append((obj, display_id))
        return _FakeHandle()

    kernel_shell = type("Shell", (), {"kernel": object()})()
    monkeypatch.setattr(IPython, "get_ipython", lambda: kernel_shell)
    monkeypatch.setattr(IPython.display, "display", fake_display)
    x, y = random_data(40)
    live = LivePlot()
    tiny_model().fit(x, y, epochs=3, batch_size=20, callbacks=[live], verbose=0)
    ((shown, display_id),) = displayed  # one output area, made at the first epoch
    assert shown is live.figure and display_id is True
    assert live._handle.updates == [live.figure, live.figure]  # epochs 2 and 3 update it

    displayed.clear()  # a terminal IPython has no kernel: nothing to display into
    monkeypatch.setattr(IPython, "get_ipython", lambda: type("Shell", (), {})())
    tiny_model().fit(x, y, epochs=2, batch_size=20, callbacks=[LivePlot()], verbose=0)
    assert displayed == []


def test_seconds_are_wall_clock_per_epoch_and_since_the_start(tiny_model, random_data):
    import time

    class Slow(keras.callbacks.Callback):  # a known cost: 0.05 s after every batch
        def on_train_batch_end(self, batch, logs=None):
            time.sleep(0.05)

    x, y = random_data(60)
    rec = IterationHistory()
    start = time.perf_counter()
    tiny_model().fit(x, y, epochs=2, batch_size=20, callbacks=[Slow(), rec], verbose=0)
    wall = time.perf_counter() - start
    epoch_seconds = rec.epochs["seconds"].to_numpy()
    assert np.all(epoch_seconds >= 3 * 0.05)  # 3 batches each, slept before the recorder ran
    assert epoch_seconds.sum() <= wall
    batch_seconds = rec.batches["seconds"].to_numpy()
    assert np.all(np.diff(batch_seconds) >= 0.05) and batch_seconds[-1] <= wall
    assert batch_seconds[0] >= 0.05  # counted from the start of training, not of the epoch
    assert epoch_seconds[1] <= wall - batch_seconds[2]  # epoch 2 began after epoch 1's batches


def test_an_epoch_stopped_midway_before_any_full_epoch_is_measured_in_planned_steps(
    tiny_model, random_data
):
    x, y = random_data(100)

    class StopAfterFour(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            self.model.stop_training = batch == 3

    rec = IterationHistory()
    tiny_model().fit(x, y, epochs=3, batch_size=10, callbacks=[rec, StopAfterFour()], verbose=0)
    # 4 of the 10 planned batches of 10 samples: 10/100, 20/100, ... of the first epoch
    np.testing.assert_allclose(rec.batches["epoch_fraction"], [0.1, 0.2, 0.3, 0.4])


def test_a_generator_stopped_midway_measures_the_epoch_by_what_it_saw(tiny_model, random_data):
    x, y = random_data(100)

    def batches():  # a Python generator: Keras does not know how many steps an epoch has
        while True:
            for i in range(0, 100, 25):
                yield x[i : i + 25], y[i : i + 25]

    class StopAfterThree(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            self.model.stop_training = batch == 2

    rec = IterationHistory()
    tiny_model().fit(
        batches(), epochs=2, shuffle=False, callbacks=[rec, StopAfterThree()], verbose=0
    )
    np.testing.assert_allclose(rec.batches["epoch_fraction"], [1 / 3, 2 / 3, 1.0])


def test_learning_rate_under_mixed_precision_with_a_schedule(random_data):
    x, y = random_data(60)
    keras.utils.set_random_seed(0)
    model = mlp((8,), (16,), 3)
    schedule = keras.optimizers.schedules.ExponentialDecay(0.1, decay_steps=1, decay_rate=0.5)
    optimizer = keras.optimizers.LossScaleOptimizer(keras.optimizers.SGD(schedule))
    model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy")
    rec = IterationHistory()
    model.fit(x, y, epochs=1, batch_size=20, callbacks=[rec], verbose=0)
    # updates 1, 2, 3 used the schedule at steps 0, 1, 2 of the inner optimizer
    np.testing.assert_allclose(rec.batches["learning_rate"], [0.1, 0.05, 0.025], rtol=1e-6)


def test_liveplot_draws_each_metric_in_its_own_axis_of_its_own_figure(tiny_model, random_data):
    x, y = random_data(60)
    model = tiny_model()
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    live = LivePlot(metrics=("loss", "accuracy"))
    assert live.figure is None and live.figsize == (10.0, 3.5)  # 5 inches per metric
    model.fit(x, y, epochs=2, batch_size=20, validation_split=0.25, callbacks=[live], verbose=0)
    assert tuple(live.figure.get_size_inches()) == (10.0, 3.5)
    for ax, metric in zip(live.figure.axes[:2], ("loss", "accuracy"), strict=True):
        assert ax.get_ylabel() == metric
        labels = [line.get_label() for line in ax.get_lines()]
        assert labels == ["train", "validation"]
        assert [len(line.get_xdata()) for line in ax.get_lines()] == [2, 2]


def test_liveplot_refuses_metrics_that_are_not_a_tuple_and_names_what_is_wrong():
    for metrics in (5, {"loss"}):
        with pytest.raises(ValueError, match="metrics must be a non-empty tuple"):
            LivePlot(metrics=metrics)
    with pytest.raises(ValueError) as err:
        LivePlot(metrics=("loss", 3))
    assert str(err.value) == (
        "each entry of metrics must be a training metric name such as 'loss' "
        "(its val_ curve is drawn with it), got 3"
    )
    with pytest.raises(ValueError) as err:
        LivePlot(recorder=keras.callbacks.History())
    assert str(err.value) == "recorder must be a course IterationHistory (or None), got History"
    with pytest.raises(ValueError, match="save_path's suffix must be one of"):
        LivePlot(save_path="curves.XPNG")


def test_liveplot_lists_every_logged_metric_when_one_is_missing(tiny_model, random_data):
    x, y = random_data(40)
    model = tiny_model()
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    with pytest.raises(ValueError) as err:
        model.fit(x, y, epochs=1, batch_size=10, callbacks=[LivePlot(("loss", "auc"))], verbose=0)
    assert str(err.value) == (
        "LivePlot metrics ['auc'] are not logged by fit; logged: accuracy, loss. "
        "Add them to model.compile(metrics=[...])"
    )


def test_liveplot_shows_the_last_epoch_as_soon_as_it_ends(tiny_model, random_data):
    x, y = random_data(40)
    live = LivePlot(every=3)
    seen = []
    watch = keras.callbacks.LambdaCallback(
        on_epoch_end=lambda epoch, logs: seen.append(
            len(live.figure.axes[0].get_lines()[0].get_xdata())
            if live.figure.axes[0].get_lines()
            else 0
        )
    )
    tiny_model().fit(x, y, epochs=4, batch_size=20, callbacks=[live, watch], verbose=0)
    assert seen == [0, 0, 3, 4]  # drawn at epoch 3 (every 3) and at the last epoch, 4


def test_liveplot_stopped_before_its_first_redraw_still_draws_what_ran(tiny_model, random_data):
    x, y = random_data(40)

    class StopAfter(keras.callbacks.Callback):
        def __init__(self, epochs):
            super().__init__()
            self.epochs = epochs

        def on_epoch_end(self, epoch, logs=None):
            self.model.stop_training = epoch + 1 == self.epochs

    for epochs in (1, 2):
        live = LivePlot(every=5)
        tiny_model().fit(
            x, y, epochs=10, batch_size=20, callbacks=[live, StopAfter(epochs)], verbose=0
        )
        assert len(live.figure.axes[0].get_lines()[0].get_xdata()) == epochs


def test_liveplot_saves_into_new_and_existing_folders(tiny_model, random_data):
    from course.paths import runs_root

    x, y = random_data(40)
    (runs_root() / "existing").mkdir(parents=True, exist_ok=True)
    for name in ("new/deeper/curves.png", "existing/curves.png"):
        live = LivePlot(save_path=name)
        tiny_model().fit(x, y, epochs=1, batch_size=20, callbacks=[live], verbose=0)
        assert (runs_root() / name).stat().st_size > 1000


_UNDER_A_STRATEGY = """
import json, os
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"
import keras, numpy as np, tensorflow as tf
cpu = tf.config.list_physical_devices("CPU")[0]
tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
from course.callbacks import IterationHistory
from course.models import mlp
keras.utils.set_random_seed(0)
x = np.random.default_rng(0).normal(size=(183, 4)).astype("float32")
y = (x[:, 0] > 0).astype("int32")
strategy = tf.distribute.MirroredStrategy(["CPU:0", "CPU:1"])
with strategy.scope():
    model = mlp((4,), widths=(8,), num_outputs=2)
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
recorder = IterationHistory()
history = model.fit(x, y, epochs=1, batch_size=64, shuffle=False, callbacks=[recorder], verbose=0)
print(json.dumps({"replicas": strategy.num_replicas_in_sync,
                  "sizes": recorder.batches["batch_size"].tolist(),
                  "losses": recorder.batches["loss"].tolist(),
                  "epoch_loss": history.history["loss"][0]}))
"""


@TF_ONLY
def test_under_mirrored_strategy_the_batches_are_the_global_batches():
    """Two logical CPUs must exist before TensorFlow starts, hence a fresh process. Under the
    strategy a metric's count is a per-replica variable; the recorder still reads each global
    batch's size, and the batch losses weighted by size give the epoch loss Keras logged."""
    import json
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", _UNDER_A_STRATEGY], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert got["replicas"] == 2
    assert got["sizes"] == [64, 64, 55]  # 183 = 64 + 64 + 55: the global batch, not per replica
    weighted = np.dot(got["losses"], got["sizes"]) / 183
    np.testing.assert_allclose(weighted, got["epoch_loss"], rtol=1e-4)


def test_a_generator_of_unknown_length_records_its_epoch_by_hand():
    # Keras cannot know how many batches a generator yields: 10 + 10 + 5 = 25 samples, and the
    # fractions of the epoch come out as 10/25, 20/25, 25/25 once the epoch is done
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).normal(size=(25, 4)).astype("float32")
    y = np.arange(25) % 3

    def batches():
        for start in (0, 10, 20):
            yield x[start : start + 10], y[start : start + 10]

    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    rec = IterationHistory()

    class ReadLive(keras.callbacks.Callback):
        """Reads the table after every batch, as a live plot would."""

        def __init__(self):
            super().__init__()
            self.fractions = []

        def on_train_batch_end(self, batch, logs=None):
            self.fractions.append(rec.batches["epoch_fraction"].tolist())

    live = ReadLive()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "Your input ran out of data"
        model.fit(batches(), epochs=1, callbacks=[rec, live], verbose=0)
    # during the epoch its size is not known yet: fractions of the samples seen so far
    assert live.fractions == [[1.0], [0.5, 1.0], [0.4, 0.8, 1.0]]
    table = rec.batches
    assert table["batch_size"].tolist() == [10, 10, 5]
    assert table["samples_seen"].tolist() == [10, 20, 25]
    assert table["epoch_fraction"].tolist() == [0.4, 0.8, 1.0]


def test_an_epoch_stopped_midway_is_measured_against_a_complete_epoch():
    # 25 samples in batches of 10: epochs of 10 + 10 + 5. Stopped after the first batch of
    # epoch 2, that row sits at 1 + 10/25 = 1.4 epochs (the complete epoch 1 held 25 samples;
    # an estimate from the steps, 10 x 3 = 30, would give 1.333)
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).normal(size=(25, 4)).astype("float32")
    y = np.arange(25) % 3
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")

    class StopInEpoch2(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            if int(self.model.optimizer.iterations) == 4:
                self.model.stop_training = True

    rec = IterationHistory()
    model.fit(x, y, batch_size=10, epochs=3, shuffle=False, callbacks=[rec, StopInEpoch2()],
              verbose=0)  # fmt: skip
    assert rec.batches["epoch_fraction"].tolist() == [0.4, 0.8, 1.0, 1.4]
