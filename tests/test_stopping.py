"""course.stopping: replaying a curve through Keras's own EarlyStopping."""

import keras
import numpy as np
import pytest

from course.stopping import EarlyStoppingReplay, replay_early_stopping

CURVE = [0.9, 0.7, 0.6, 0.65, 0.62, 0.7, 0.8, 0.9]  # best at epoch 3


@pytest.mark.parametrize("patience", [1, 2, 3, 4])
def test_epochs_run_is_best_plus_patience(patience):
    r = replay_early_stopping(CURVE, patience=patience)
    assert isinstance(r, EarlyStoppingReplay)
    assert r.best_epoch == r.restored_epoch == 3
    assert r.best_value == pytest.approx(0.6)
    assert r.epochs_run == r.stopped_epoch == 3 + patience
    assert r.stopped


def test_patience_zero_behaves_like_patience_one():
    # Keras counts the non-improving epoch before comparing with patience, so 0 and 1 agree.
    zero, one = (replay_early_stopping(CURVE, patience=p) for p in (0, 1))
    assert (zero.epochs_run, zero.restored_epoch) == (one.epochs_run, one.restored_epoch) == (4, 3)


def test_no_early_stop_runs_every_epoch_and_still_restores_the_best():
    r = replay_early_stopping([0.5, 0.3, 0.4, 0.35], patience=5)
    assert not r.stopped and r.stopped_epoch is None
    assert r.epochs_run == 4
    assert r.best_epoch == r.restored_epoch == 2
    assert "never stops early" in str(r)


def test_min_delta_ignores_small_improvements():
    curve = [1.0, 0.8, 0.79, 0.785, 0.78, 0.9]
    assert replay_early_stopping(curve, patience=2).best_epoch == 5
    r = replay_early_stopping(curve, patience=2, min_delta=0.05)
    assert (r.best_epoch, r.stopped_epoch) == (2, 4)


def test_start_from_epoch_ignores_early_epochs_also_for_the_best():
    curve = [0.2, 0.5, 0.4, 0.45, 0.5, 0.6]
    assert replay_early_stopping(curve, patience=1).restored_epoch == 1
    r = replay_early_stopping(curve, patience=1, start_from_epoch=1)
    assert (r.best_epoch, r.restored_epoch, r.stopped_epoch) == (3, 3, 4)


def test_start_after_the_curve_monitors_nothing():
    r = replay_early_stopping([0.3, 0.2, 0.4], patience=0, start_from_epoch=5)
    assert r.best_epoch is None and r.best_value is None
    assert not r.stopped and r.restored_epoch == 3  # nothing to restore: the last weights


def test_max_mode_for_accuracies():
    r = replay_early_stopping([0.5, 0.7, 0.6, 0.65], patience=2, mode="max")
    assert (r.best_epoch, r.stopped_epoch) == (2, 4)


def test_baseline_never_reached_does_not_stop_a_run_that_keeps_improving():
    # Improving epochs never stop training; the first epoch that does not improve stops it
    # once `patience` epochs have passed without beating the baseline.
    r = replay_early_stopping([0.5, 0.4, 0.3, 0.5, 0.6], patience=2, baseline=0.1)
    assert r.stopped_epoch == 4 and r.restored_epoch == 3


def test_agrees_with_a_real_fit():
    """The replay of a run's own val_loss stops where EarlyStopping stopped that run."""
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(64, 4)).astype("float32"), rng.integers(0, 2, size=64)
    xv, yv = rng.normal(size=(32, 4)).astype("float32"), rng.integers(0, 2, size=32)
    keras.utils.set_random_seed(0)
    model = keras.Sequential(
        [
            keras.Input((4,)),
            keras.layers.Dense(32, activation="relu", name="h"),
            keras.layers.Dense(2, activation="softmax", name="o"),
        ]
    )
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="sparse_categorical_crossentropy")
    early = keras.callbacks.EarlyStopping(patience=2)
    history = model.fit(
        x, y, epochs=40, batch_size=64, validation_data=(xv, yv), callbacks=[early], verbose=0
    )
    r = replay_early_stopping(history.history["val_loss"], patience=2)
    assert early.stopped_epoch > 0, "the run should overfit random labels and stop"
    assert r.stopped_epoch == early.stopped_epoch + 1
    assert r.best_epoch == early.best_epoch + 1
    assert r.epochs_run == len(history.history["val_loss"])


def test_as_row_and_text():
    r = replay_early_stopping(CURVE, patience=2, min_delta=0.01)
    assert r.as_row() == {
        "patience": 2,
        "min_delta": 0.01,
        "start_from_epoch": 0,
        "epochs_run": 5,
        "stopped_epoch": 5,
        "best_epoch": 3,
        "restored_epoch": 3,
    }
    assert str(r) == (
        "patience=2, min_delta=0.01: stops after epoch 5; restore_best_weights=True keeps epoch 3"
    )
    never = replay_early_stopping([0.5, 0.3, 0.4, 0.35], patience=5, start_from_epoch=1)
    assert never.as_row()["stopped_epoch"] is None and never.as_row()["start_from_epoch"] == 1
    assert str(never) == (
        "patience=5, min_delta=0: never stops early (all 4 epochs run); "
        "restore_best_weights=True keeps epoch 2"
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"val_loss": [], "patience": 1}, "val_loss must hold one number per epoch"),
        ({"val_loss": [0.5, float("nan")], "patience": 1}, "NaN"),
        ({"val_loss": [[0.5, 0.4]], "patience": 1}, "val_loss must be"),
        ({"val_loss": ["a", "b"], "patience": 1}, "val_loss must be"),
        ({"val_loss": [0.5], "patience": -1}, "patience must be an integer >= 0"),
        ({"val_loss": [0.5], "patience": 1.5}, "patience must be an integer >= 0"),
        ({"val_loss": [0.5], "patience": 1, "min_delta": -0.1}, "min_delta must be"),
        ({"val_loss": [0.5], "patience": 1, "min_delta": "0"}, "min_delta must be"),
        ({"val_loss": [0.5], "patience": 1, "mode": "auto"}, "mode must be one of"),
        ({"val_loss": [0.5], "patience": 1, "start_from_epoch": -1}, "start_from_epoch"),
        ({"val_loss": [0.5], "patience": 1, "baseline": float("inf")}, "baseline must be"),
    ],
)
def test_bad_input_names_the_argument(kwargs, message):
    with pytest.raises(ValueError, match=message):
        replay_early_stopping(**kwargs)


def test_a_replay_leaves_no_trace_in_the_learners_session():
    # The replay trains a stand-in model; the learner's next random draws and the automatic
    # layer names (visible in model.summary()) must be what they would have been without it.
    def next_model():
        inputs = keras.Input((3,))
        model = keras.Model(inputs, keras.layers.Dense(2)(inputs))
        names = [model.name] + [layer.name for layer in model.layers]  # functional, input, dense
        return names, model.get_weights()[0]

    def uid_suffix(name):
        return int(name.rsplit("_", 1)[1]) if name[-1].isdigit() else 0

    keras.utils.set_random_seed(7)
    names_before, weights_before = next_model()
    keras.utils.set_random_seed(7)
    replay_early_stopping(CURVE, patience=2)
    names_after, weights_after = next_model()
    np.testing.assert_array_equal(weights_before, weights_after)
    # each automatic name moved on by one: our own second model, nothing from the replay
    assert [uid_suffix(n) for n in names_after] == [uid_suffix(n) + 1 for n in names_before]


def test_the_replay_keeps_what_it_was_given_and_watches_nothing_before_start_from_epoch():
    r = replay_early_stopping([0.5, 0.6, 0.4], patience=1, mode="max", baseline=0.55)
    assert r.values == (0.5, 0.6, 0.4) and r.mode == "max" and r.baseline == 0.55
    # start_from_epoch=2 on a 2-epoch curve: Keras watches no epoch, so there is no best one
    none = replay_early_stopping([0.5, 0.4], patience=1, start_from_epoch=2)
    assert none.best_epoch is None and none.best_value is None and none.epochs_run == 2
