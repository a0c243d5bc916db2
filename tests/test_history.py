"""One home for a run's history and its best epoch."""

import keras
import numpy as np
import pytest
from fuzz import HOSTILE  # tests/fuzz.py's hostile objects
from hypothesis import given
from hypothesis import strategies as st

from course.callbacks import IterationHistory
from course.history import as_history, best_epoch, monitor_mode, named_runs


def test_best_epoch_is_one_based_first_on_ties_and_follows_the_mode():
    assert best_epoch([3, 1, 2]) == 2
    assert best_epoch([1, 0.5, 0.5]) == 2
    assert best_epoch([0.1, 0.9, 0.9], mode="max") == 2
    assert best_epoch(np.array([0.2])) == 1


def test_a_nan_epoch_is_never_best():
    assert best_epoch([0.5, float("nan"), 0.3]) == 3
    assert best_epoch([float("nan"), 0.5, 0.7]) == 2
    assert best_epoch([0.5, float("nan"), 0.7], mode="max") == 3
    with pytest.raises(ValueError, match="got only NaN"):
        best_epoch([float("nan")] * 3)


@pytest.mark.parametrize("bad", [[], [[0.1, 0.2]], "0.1", None, ["a"]])
def test_best_epoch_refuses_what_is_not_a_curve(bad):
    with pytest.raises(ValueError, match="values must be"):
        best_epoch(bad)
    with pytest.raises(ValueError, match="mode must be one of 'min', 'max'"):
        best_epoch([1], mode="median")


@given(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=30))
def test_best_epoch_agrees_with_a_plain_scan(values):
    lowest = min(values)
    assert best_epoch(values) == values.index(lowest) + 1
    assert best_epoch(values, mode="max") == values.index(max(values)) + 1


def test_monitor_mode():
    assert [monitor_mode(m) for m in ("loss", "val_loss", "mse")] == ["min"] * 3
    assert [monitor_mode(m) for m in ("accuracy", "val_auc", "precision")] == ["max"] * 3


@pytest.mark.parametrize(
    ("metric", "mode"),
    [
        ("val_f1_score", "max"),
        ("val_r2_score", "max"),
        ("cosine_similarity", "max"),
        ("val_mean_absolute_error", "min"),
        ("val_binary_crossentropy", "min"),
        ("val_my_iou", "max"),
        ("val_my_error", "min"),
    ],
)
def test_monitor_mode_follows_keras_direction(metric, mode):
    assert monitor_mode(metric) == mode


def test_monitor_mode_refuses_what_is_not_a_name():
    for bad in (None, 3, "", ["val_loss"]):
        with pytest.raises(ValueError, match="metric must be a metric's name"):
            monitor_mode(bad)


def test_every_kind_of_run_has_the_same_shape(tiny_model, random_data):
    x, y = random_data(60)
    rec = IterationHistory()
    keras_history = tiny_model().fit(
        x, y, epochs=2, batch_size=20, validation_split=0.25, callbacks=[rec], verbose=0
    )
    from_keras, from_rec = as_history(keras_history), as_history(rec)
    assert set(from_keras) == set(from_rec) == {"loss", "val_loss"}
    np.testing.assert_allclose(from_rec["val_loss"], from_keras["val_loss"])
    assert as_history({"loss": np.array([1.0, 0.5])}) == {"loss": [1.0, 0.5]}


@pytest.mark.parametrize("bad", [3, [1.0, 2.0], {"loss": 0.5}, {"loss": [[1.0]]}])
def test_as_history_names_what_a_run_is(bad):
    with pytest.raises(ValueError, match="a run"):
        as_history(bad)


def test_named_runs():
    one = {"loss": [1.0]}
    assert named_runs(one) == {"": one}
    assert list(named_runs({"a": one, "b": one})) == ["a", "b"]
    assert list(named_runs(keras.callbacks.History())) == [""]
    with pytest.raises(ValueError, match="non-empty dict"):
        named_runs({})


def test_what_is_not_a_run_is_named_in_the_message():
    from course.history import as_history, named_runs

    with pytest.raises(ValueError) as err:
        as_history(5)
    assert str(err.value) == (
        "a run must be a keras History (what fit returns), a course IterationHistory or a dict "
        "of per-epoch lists such as {'loss': [0.9, 0.7]}, got int"
    )
    with pytest.raises(ValueError) as err:
        named_runs(5)
    assert str(err.value).startswith(
        "runs must be one run (a keras History, a course IterationHistory, a dict of lists) "
    )
    assert str(err.value).endswith("or a non-empty dict {name: run}, got int")


def test_epochs_to_target_on_curves_counted_by_hand():
    from course.history import epochs_to_target

    curve = [2.3, 1.4, 1.2, 0.9, 1.1, 0.7]
    assert epochs_to_target(curve, 1.0) == 4  # 0.9 is the first value <= 1.0
    assert epochs_to_target(curve, 1.2) == 3  # exactly equal to the target counts
    assert epochs_to_target(curve, 1.1999) == 4
    assert epochs_to_target(curve, 2.3) == 1
    assert epochs_to_target(curve, 0.5) is None
    assert epochs_to_target(np.array([0.4]), 0.4) == 1
    assert epochs_to_target((0.5, 0.3), target=np.float32(0.3)) == 2


def test_epochs_to_target_in_max_mode_and_with_nan():
    from course.history import epochs_to_target

    accuracy = [0.5, 0.8, 0.79, 0.9]
    assert epochs_to_target(accuracy, 0.8, mode="max") == 2  # equal counts in max mode too
    assert epochs_to_target(accuracy, 0.85, mode="max") == 4
    assert epochs_to_target(accuracy, 0.95, mode="max") is None
    assert epochs_to_target(accuracy, 0.8) == 1  # min mode: 0.5 is already below
    nan = float("nan")
    assert epochs_to_target([nan, nan, 0.2], 0.5) == 3  # a diverged epoch never reaches it
    assert epochs_to_target([nan, nan], 0.5) is None
    assert epochs_to_target([nan, 0.9], 0.5, mode="max") == 2


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"values": []}, "values must be a non-empty list with one number per epoch, got []"),
        ({"values": "0.5"}, "values must be a non-empty list with one number per epoch, got '0.5'"),
        ({"values": [[0.5, 0.4]]}, "values must be a non-empty list with one number per epoch"),
        ({"values": ["a"]}, "values must be a list with one number per epoch, got ['a']"),
        ({"target": float("nan")}, "target must be a finite number, got nan"),
        ({"target": "0.5"}, "target must be a finite number, got '0.5'"),
        ({"mode": "median"}, "mode must be one of 'min', 'max', got 'median'"),
    ],
)
def test_epochs_to_target_refuses_what_is_not_a_curve_or_a_target(kwargs, message):
    from course.history import epochs_to_target

    args = {"values": [0.9, 0.5], "target": 0.6, **kwargs}
    with pytest.raises(ValueError) as err:
        epochs_to_target(**args)
    assert str(err.value).startswith(message)


@given(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=30), st.floats(-1e6, 1e6))
def test_epochs_to_target_agrees_with_a_plain_scan(values, target):
    from course.history import epochs_to_target

    first = next((k + 1 for k, v in enumerate(values) if v <= target), None)
    assert epochs_to_target(values, target) == first
    first_max = next((k + 1 for k, v in enumerate(values) if v >= target), None)
    assert epochs_to_target(values, target, mode="max") == first_max


def test_run_summary_reads_lesson_05s_measures_by_hand():
    import pandas as pd

    from course.history import run_summary

    class Scores:
        curves = pd.DataFrame(
            {
                "train_loss": [2.0, 1.0, 0.7, 0.3],
                "val_loss": [2.1, 1.5, 1.5, 1.8],  # lowest twice: the first, epoch 2, is best
                "test_accuracy": [0.2, 0.6, 0.7, 0.65],
            },
            index=[1, 2, 3, 4],
        )
        correct = {"train": np.array([[0] * 5, [0] * 5, [0] * 5, [1, 0, 1, 1, 0]], bool)}

    summary = run_summary(Scores(), [True, True, True, False, False])
    assert summary["best epoch"] == 2
    assert summary["best val loss"] == pytest.approx(1.5)
    assert summary["test accuracy"] == pytest.approx(0.65)
    assert summary["gap at the end"] == pytest.approx(1.5)  # 1.8 - 0.3
    assert summary["gap at the best epoch"] == pytest.approx(0.5)  # 1.5 - 1.0
    assert summary["flipped labels learned"] == pytest.approx(2 / 3)  # of the 3 flipped
    with pytest.raises(ValueError, match="flipped must mark the 5 training labels"):
        run_summary(Scores(), [True, False])


@pytest.mark.parametrize("hostile", HOSTILE, ids=[type(h).__name__ for h in HOSTILE])
def test_hostile_objects_are_named(hostile):
    import pandas as pd

    from course.history import epochs_to_target, run_summary

    class Scores:
        curves = pd.DataFrame({"train_loss": [1.0], "val_loss": [1.1], "test_accuracy": [0.5]})
        correct = {"train": np.array([[True, False]])}

    with pytest.raises((ValueError, TypeError), match=r"^a run must be a keras History"):
        as_history(hostile)
    with pytest.raises(ValueError, match=r"^runs must be one run"):
        named_runs(hostile)
    with pytest.raises(ValueError, match=r"^metric must be a metric's name such as 'val_loss'"):
        monitor_mode(hostile)
    with pytest.raises(ValueError, match=r"^values must be a"):
        best_epoch(hostile)
    with pytest.raises(ValueError, match=r"^values must be a"):
        epochs_to_target(hostile, target=0.5)
    with pytest.raises(TypeError, match=r"^scores must be an EpochScores with sets named"):
        run_summary(hostile, [True, False])
    with pytest.raises((ValueError, TypeError), match=r"^flipped must mark the 2 training labels"):
        run_summary(Scores(), hostile)
