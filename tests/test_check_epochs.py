"""Checks of lesson 03 answer every kind of answer without raising; bad questions raise."""

import pytest

from course import check

CURVE = [0.9, 0.6, 0.45, 0.41, 0.40, 0.43, 0.47, 0.55]


def test_checks_are_exported():
    from course.check import lesson03_epochs as epochs

    assert sorted(epochs.__all__) == ["best_epoch", "fit_zone", "training_time"]
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
    ],
)
def test_bad_questions_raise_naming_the_argument(func, kwargs, name):
    with pytest.raises(ValueError, match=name):
        func(1, **kwargs)
