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


# --- lesson 04's helpers: trace, replay over seeds, optimism, per-epoch scores --------------

import pandas as pd  # noqa: E402

from course.callbacks import EpochScores, StopWhenBelow  # noqa: E402
from course.plots import plot_replays  # noqa: E402
from course.stopping import (  # noqa: E402
    replay_table,
    selection_optimism,
    trace_early_stopping,
)


def test_trace_compares_with_the_best_so_far_not_the_previous_epoch():
    # By hand, min_delta=0.1: 0.8 counts (1.0 - 0.8 = 0.2); 0.75 gains only 0.05 on 0.8: no;
    # 0.69 gains 0.11 on the best 0.8 (only 0.06 on the epoch before): counts; 0.65, 0.62: no.
    t = trace_early_stopping([1.0, 0.8, 0.75, 0.69, 0.65, 0.62], patience=2, min_delta=0.1)
    assert t["improvement"].tolist() == [True, True, False, True, False, False]
    assert t["wait"].tolist() == [0, 0, 1, 0, 1, 2]
    assert t["stops"].tolist() == [False] * 5 + [True]
    assert t["best before"].tolist()[1:] == pytest.approx([1.0, 0.8, 0.8, 0.69, 0.69])
    assert t["gain on best"].tolist()[1:] == pytest.approx([0.2, 0.05, 0.11, 0.04, 0.07])
    # the trace stops where Keras's own replay stops
    r = replay_early_stopping([1.0, 0.8, 0.75, 0.69, 0.65, 0.62], patience=2, min_delta=0.1)
    assert (r.epochs_run, r.restored_epoch) == (6, 4)


def test_trace_in_max_mode_counts_gains_upwards():
    t = trace_early_stopping([0.5, 0.7, 0.6], patience=1, mode="max")
    assert t["improvement"].tolist() == [True, True, False]
    assert t["gain on best"].tolist()[1:] == pytest.approx([0.2, -0.1])
    assert t["stops"].iloc[-1]


def test_replay_table_scores_the_kept_and_the_last_epoch():
    curves = {
        0: pd.DataFrame({"val_loss": [0.9, 0.7, 0.8, 0.85, 0.9], "acc": [1, 2, 3, 4, 5]}),
        4: pd.DataFrame({"val_loss": [0.9, 0.8, 0.7, 0.6, 0.5], "acc": [5, 6, 7, 8, 9]}),
    }
    table = replay_table(
        curves, [{"patience": 2}, {"patience": 1, "min_delta": 0.15}], scores=["acc"]
    )
    assert table["setting"].tolist() == ["patience=2"] * 2 + ["patience=1, min_delta=0.15"] * 2
    assert table["seed"].tolist() == [0, 4, 0, 4]
    # seed 0, patience 2: best epoch 2, stops after 4; seed 4 never stops: kept = last = 5
    # min_delta 0.15, patience 1: seed 0's 0.7 beats 0.9 by more than 0.15, then 0.8 misses;
    # seed 4's 0.8 beats 0.9 by only 0.1, so its first miss comes at epoch 2
    assert table["epochs run"].tolist() == [4, 5, 3, 2]
    assert table["kept epoch"].tolist() == [2, 5, 2, 1]
    assert table["acc, restored"].tolist() == [2, 9, 2, 5]
    assert table["acc, last"].tolist() == [4, 9, 3, 6]


def test_replay_table_refuses_bad_input():
    with pytest.raises(ValueError, match="curves must map"):
        replay_table({}, [{"patience": 1}])
    with pytest.raises(ValueError, match="monitor must be one of"):
        replay_table({0: pd.DataFrame({"loss": [1.0]})}, [{"patience": 1}])
    with pytest.raises(ValueError, match="each setting must be a dict"):
        replay_table({0: pd.DataFrame({"val_loss": [1.0]})}, [3])


def test_selection_optimism_by_hand():
    # Epoch 1: every sample 1.0, so any split has selection = report: optimism 0.
    # Epoch 2: samples (0, 2, 2, 0). Selections of 2 with both zeros (1 split in 6) choose
    # epoch 2 with optimism 2 - 0 = 2; one zero and one two (4 in 6) tie at 1.0 with epoch 1,
    # and argmin picks epoch 1: optimism 0; both twos (1 in 6): epoch 1, optimism 0.
    losses = np.array([[1.0, 1.0, 1.0, 1.0], [0.0, 2.0, 2.0, 0.0]])
    result = selection_optimism(losses, size=2, fixed_epoch=2, repeats=3000, seed=1)
    assert result["chosen"] == pytest.approx(2 / 6, abs=0.05)
    assert result["fixed"] == pytest.approx(0.0, abs=0.05)  # fixed epoch 2: mean 0 by symmetry
    with pytest.raises(ValueError, match="size must be"):
        selection_optimism(losses, size=4, fixed_epoch=1)
    with pytest.raises(ValueError, match="fixed_epoch must be"):
        selection_optimism(losses, size=2, fixed_epoch=3)


def _classifier(seed: int = 0) -> keras.Model:
    keras.utils.set_random_seed(seed)
    model = keras.Sequential(
        [keras.Input((4,)), keras.layers.Dense(3, activation="softmax", name="o")]
    )
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="sparse_categorical_crossentropy")
    return model


def test_epoch_scores_match_keras_own_validation():
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(50, 4)).astype("float32"), rng.integers(0, 3, size=50)
    xv, yv = rng.normal(size=(30, 4)).astype("float32"), rng.integers(0, 3, size=30)
    model = _classifier()
    scores = EpochScores({"val": (xv, yv)})
    history = model.fit(
        x, y, epochs=3, batch_size=16, validation_data=(xv, yv), callbacks=[scores], verbose=0
    )
    curves = scores.curves
    assert curves.index.tolist() == [1, 2, 3]
    np.testing.assert_allclose(curves["val_loss"], history.history["val_loss"], atol=1e-5)
    np.testing.assert_allclose(curves["loss"], history.history["loss"])
    # accuracy by hand from the final weights, which are the last epoch's copy
    np.testing.assert_array_equal(scores.weights[-1][0], model.get_weights()[0])
    right = np.argmax(model.predict(xv, verbose=0), axis=1) == yv
    assert curves["val_accuracy"].iloc[-1] == pytest.approx(right.mean())
    assert scores.losses["val"].shape == scores.correct["val"].shape == (3, 30)
    with pytest.raises(ValueError, match="sets must map a name"):
        EpochScores({})


def test_stop_when_below_stops_at_the_first_epoch_under_the_target():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(60, 4)).astype("float32")
    y = (x[:, 0] > 0).astype(int)  # learnable
    model = _classifier(1)
    probe = EpochScores({"train": (x, y)})
    model.fit(x, y, epochs=8, batch_size=60, callbacks=[probe], verbose=0)
    losses = probe.curves["train_loss"].to_numpy()
    target = float((losses[2] + losses[3]) / 2)  # first reached after epoch 4
    model = _classifier(1)
    stop = StopWhenBelow(x, y, target)
    history = model.fit(x, y, epochs=8, batch_size=60, callbacks=[stop], verbose=0)
    assert stop.reached_at == 4 and len(history.history["loss"]) == 4
    never = StopWhenBelow(x, y, 0.0)
    assert len(_classifier(1).fit(x, y, epochs=2, callbacks=[never], verbose=0).epoch) == 2
    assert never.reached_at is None


def test_plot_replays_draws_one_row_per_setting_and_one_colour_per_seed():
    table = replay_table(
        {
            0: pd.DataFrame({"val_loss": [0.9, 0.7, 0.8, 0.85]}),
            1: pd.DataFrame({"val_loss": [0.9, 0.8, 0.7, 0.75]}),
        },
        [{"patience": 1}, {"patience": 3}],
    )
    ax = plot_replays(table)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["patience=1", "patience=3"]
    kept = [line for line in ax.get_lines() if line.get_marker() == "o"]
    assert [line.get_color() for line in kept] == ["C0", "C1"]
    assert kept[0].get_xdata().tolist() == [2, 2]  # seed 0 keeps epoch 2 with either patience
    with pytest.raises(ValueError, match="table must be"):
        plot_replays([1, 2])
