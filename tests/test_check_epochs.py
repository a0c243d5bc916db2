"""Checks of lesson 03 answer every kind of answer without raising; bad questions raise."""

import keras
import numpy as np
import pytest

from course import check, curves

CURVE = [0.9, 0.6, 0.45, 0.41, 0.40, 0.43, 0.47, 0.55]


def test_checks_are_exported():
    from course.check import lesson03_epochs as epochs

    assert sorted(epochs.__all__) == ["best_epoch", "fit_zone", "good_zone_run", "training_time"]
    for name in epochs.__all__:
        assert getattr(check, name) is getattr(epochs, name)


@pytest.mark.parametrize(
    ("func", "kwargs", "right", "wrong"),
    [
        (check.best_epoch, {"val_loss": CURVE}, 5, 4),
        (check.training_time, {"seconds_per_epoch": 0.2, "epochs": 50}, 10, 0.2),
        (
            check.training_time,
            {"seconds_per_epoch": 0.2, "epochs": 50, "first_epoch_seconds": 1.2},
            11,
            10,
        ),
    ],
)
def test_numeric_checks_right_wrong_and_unanswered(func, kwargs, right, wrong):
    assert func(right, **kwargs).correct
    assert func(str(right), **kwargs).correct
    verdict = func(wrong, **kwargs)
    assert not verdict and repr(verdict).startswith("Not quite") and "Hint:" in repr(verdict)
    assert repr(func(None, **kwargs)).startswith("Not answered yet")
    assert not func("five", **kwargs) and not func([1, 2], **kwargs)


def test_best_epoch_hint_mentions_counting_from_one():
    assert "from 1" in repr(check.best_epoch(4, val_loss=CURVE))  # the 0-based answer


def test_training_time_allows_one_percent():
    assert check.training_time(10.09, seconds_per_epoch=0.2, epochs=50)
    assert not check.training_time(10.2, seconds_per_epoch=0.2, epochs=50)


@pytest.mark.parametrize(
    ("epoch", "right", "wrong"),
    [(2, "underfitting", "overfitting"), (5, "neither", "underfit"), (8, "Overfitting ", "good")],
)
def test_fit_zone(epoch, right, wrong):
    verdict = check.fit_zone(right, val_loss=CURVE, epoch=epoch)
    assert verdict and repr(verdict).startswith("Correct")
    assert repr(check.fit_zone(wrong, val_loss=CURVE, epoch=epoch)).startswith("Not quite")


@pytest.mark.parametrize("answer", [None, 3, "maybe", ["overfit"]])
def test_fit_zone_never_raises_for_odd_answers(answer):
    verdict = check.fit_zone(answer, val_loss=CURVE, epoch=8)
    assert not verdict and "Hint:" in repr(verdict)
    if answer is None:
        assert repr(verdict).startswith("Not answered yet")


@pytest.mark.parametrize(
    ("func", "kwargs", "name"),
    [
        (check.best_epoch, {"val_loss": []}, "val_loss"),
        (check.training_time, {"seconds_per_epoch": 0, "epochs": 5}, "seconds_per_epoch"),
        (check.training_time, {"seconds_per_epoch": 0.1, "epochs": 0}, "epochs"),
        (
            check.training_time,
            {"seconds_per_epoch": 0.1, "epochs": 5, "first_epoch_seconds": -1},
            "first_epoch_seconds",
        ),
        (check.fit_zone, {"val_loss": CURVE, "epoch": 9}, "epoch"),
        (check.fit_zone, {"val_loss": CURVE, "epoch": 0}, "epoch"),
        (check.fit_zone, {"val_loss": CURVE, "epoch": 2, "tolerance": 2}, "tolerance"),
        (check.good_zone_run, {"val_loss": []}, "val_loss"),
        (check.good_zone_run, {"val_loss": CURVE, "tolerance": 0}, "tolerance"),
    ],
)
def test_bad_questions_raise_naming_the_argument(func, kwargs, name):
    with pytest.raises(ValueError, match=f"^{name} must "):
        func(1, **kwargs)


# good_zone_run: CURVE by hand: best 0.40 at epoch 5, threshold 0.44, so epochs 1-3 underfit
# (0.9, 0.6, 0.45 > 0.44), 4-6 good (0.41, 0.40, 0.43), 7-8 overfit (0.47, 0.55 > 0.44).


def _history(val_loss):
    """A real keras History, as model.fit returns it."""
    history = keras.callbacks.History()
    history.history = {"loss": [0.5] * len(val_loss), "val_loss": list(val_loss)}
    return history


@pytest.mark.parametrize("epochs", [4, 5, 6])
def test_good_zone_run_accepts_a_run_stopped_in_the_good_zone(epochs):
    verdict = check.good_zone_run(_history(CURVE[:epochs]), val_loss=CURVE)
    assert verdict and repr(verdict).startswith(
        f"Correct: {epochs} epochs is in the good zone (epochs 4-6)"
    )


@pytest.mark.parametrize(
    ("epochs", "start"), [(1, "Too early"), (3, "Too early"), (7, "Too late"), (8, "Too late")]
)
def test_good_zone_run_says_train_longer_or_shorter(epochs, start):
    verdict = check.good_zone_run(_history(CURVE[:epochs]), val_loss=CURVE)
    assert not verdict and repr(verdict).startswith(start)
    assert ("Train longer" in repr(verdict)) == (start == "Too early")
    assert "epochs 4-6" not in repr(verdict)  # a miss gives a direction, not the answer


def test_good_zone_run_refuses_a_different_setup_and_a_longer_run():
    other = check.good_zone_run(_history([0.9, 0.8, 0.7, 0.6, 0.5]), val_loss=CURVE)  # 0.5 > 0.44
    assert not other and "not the same setup" in repr(other)
    longer = check.good_zone_run(_history(CURVE + [0.6]), val_loss=CURVE)
    assert not longer and "more than the 8 of the reference" in repr(longer)


def test_good_zone_run_with_a_real_fit():
    keras.utils.set_random_seed(0)
    x = np.linspace(-1, 1, 32).reshape(-1, 1).astype("float32")
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    history = model.fit(x, 2 * x, epochs=5, validation_data=(x, 2 * x), verbose=0)
    reference = history.history["val_loss"] + [v * 3 for v in history.history["val_loss"][-1:]] * 3
    zones_best = int(np.argmin(reference)) + 1
    verdict = check.good_zone_run(history, val_loss=reference)
    # the run is the reference's first 5 epochs: right exactly when epoch 5 is in the good zone
    expected = check.fit_zone("neither", val_loss=reference, epoch=5).correct
    assert bool(verdict) == expected and zones_best <= 5


@pytest.mark.parametrize(
    "answer",
    [
        None,
        ...,
        "history",
        3,
        {"loss": [1.0]},
        {"val_loss": "0.4"},
        {"val_loss": []},
        {"val_loss": [float("nan")]},
        [0.4, 0.3],
        keras.callbacks.History(),
    ],
)
def test_good_zone_run_never_raises_for_odd_answers(answer):
    verdict = check.good_zone_run(answer, val_loss=CURVE)
    assert not verdict and "Hint:" in repr(verdict)


def test_good_zone_run_says_epoch_for_one_epoch():
    verdict = check.good_zone_run({"val_loss": [1.0]}, val_loss=[1.0, 0.5, 0.4, 0.6])
    assert (
        not verdict
        and "Too early: after 1 epoch the reference run is still underfitting" in repr(verdict)
    )


@pytest.mark.parametrize("answer", [{"val_loss": "4444"}, {"val_loss": b"44"}, {"val_loss": None}])
def test_good_zone_run_does_not_read_a_string_of_digits_as_losses(answer):
    # "4444" would otherwise read as four epochs of loss 4.0 ("not the same setup")
    verdict = check.good_zone_run(answer, val_loss=CURVE)
    assert not verdict and "should be the History" in repr(verdict)


def test_good_zone_run_on_a_reference_that_never_overfits():
    # best 0.40 at epoch 5, threshold 0.44: epochs 1-3 underfit, 4-5 good, no overfit zone
    reference = [0.9, 0.6, 0.45, 0.41, 0.40]
    verdict = check.good_zone_run(_history(reference[:4]), val_loss=reference)
    assert repr(verdict).startswith("Correct: 4 epochs is in the good zone (epochs 4-5)")


def test_good_zone_run_accepts_a_last_loss_exactly_at_the_threshold():
    # "within 10 % of the best" includes the threshold itself, as in course.curves.find_zones
    threshold = curves.find_zones(CURVE).threshold  # 0.40 x 1.1
    verdict = check.good_zone_run(_history([0.9, 0.6, 0.45, threshold]), val_loss=CURVE)
    assert verdict and "ended with validation loss 0.440" in repr(verdict)
