"""course.check.early_stopping and retrain_epochs: every answer handled, bad questions raise."""

import numpy as np
import pytest

from course import check

CURVE = [0.9, 0.7, 0.6, 0.65, 0.62, 0.7, 0.8, 0.9]  # best at epoch 3


def test_right_answer_in_any_sequence_form():
    for answer in [(5, 3), [5, 3], np.array([5, 3]), ("5", "3"), (5.0, 3.0)]:
        verdict = check.early_stopping(answer, val_loss=CURVE, patience=2)
        assert verdict.correct, answer
    assert "stops after epoch 5" in repr(verdict) and "epoch 3" in repr(verdict)
    assert "stopped_epoch attribute is 4" in repr(verdict)


def test_half_right_and_wrong_answers():
    half = check.early_stopping((5, 2), val_loss=CURVE, patience=2)
    assert not half and repr(half).startswith("Half right: the stop epoch")
    half = check.early_stopping((4, 3), val_loss=CURVE, patience=2)
    assert not half and repr(half).startswith("Half right: the kept epoch")
    wrong = check.early_stopping((8, 8), val_loss=CURVE, patience=2)
    assert not wrong and repr(wrong).startswith("Not quite") and "Hint:" in repr(wrong)


@pytest.mark.parametrize("answer", [None, 5, "5, 3", (5,), (5, 3, 1), ("five", 3), {"a": 1}])
def test_unanswered_or_wrongly_typed_answers_never_raise(answer):
    verdict = check.early_stopping(answer, val_loss=CURVE, patience=2)
    assert not verdict
    expected = "Not answered yet" if answer is None else "should be a pair"
    assert expected in repr(verdict)


def test_never_stopping_counts_every_epoch():
    verdict = check.early_stopping((4, 2), val_loss=[0.5, 0.3, 0.4, 0.35], patience=5)
    assert verdict and "never stops early" in repr(verdict)


def test_patience_zero_and_min_delta_and_start_from_epoch():
    assert check.early_stopping((4, 3), val_loss=CURVE, patience=0)
    curve = [1.0, 0.8, 0.79, 0.785, 0.78, 0.9]
    assert check.early_stopping((4, 2), val_loss=curve, patience=2, min_delta=0.05)
    curve = [0.2, 0.5, 0.4, 0.45, 0.5, 0.6]
    assert check.early_stopping((4, 3), val_loss=curve, patience=1, start_from_epoch=1)


def test_a_bad_question_raises_naming_the_argument():
    with pytest.raises(ValueError, match="patience must be an integer >= 0"):
        check.early_stopping((1, 1), val_loss=CURVE, patience=-1)
    with pytest.raises(ValueError, match="val_loss must hold one number per epoch"):
        check.early_stopping((1, 1), val_loss=[], patience=1)
    with pytest.raises(ValueError, match="min_delta must be"):
        check.early_stopping((1, 1), val_loss=CURVE, patience=1, min_delta=-1)


RETRAIN = {"best_epoch": 20, "train_samples": 160, "total_samples": 280, "batch_size": 16}


def test_retrain_epochs_accepts_either_rounding():
    # 20 epochs x 10 iterations = 200 updates; 280 samples make 18 iterations: 11.1 epochs.
    assert check.retrain_epochs(11, **RETRAIN) and check.retrain_epochs(12, **RETRAIN)
    assert check.retrain_epochs("11", **RETRAIN)
    wrong = check.retrain_epochs(20, **RETRAIN)
    assert not wrong and "Hint:" in repr(wrong)
    assert repr(check.retrain_epochs(None, **RETRAIN)).startswith("Not answered yet")
    assert "should be a number" in repr(check.retrain_epochs("many", **RETRAIN))


def test_retrain_epochs_exact_division_needs_the_exact_answer():
    args = {"best_epoch": 10, "train_samples": 100, "total_samples": 200, "batch_size": 10}
    assert check.retrain_epochs(5, **args)
    assert not check.retrain_epochs(6, **args)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"best_epoch": 0}, "best_epoch must be an integer >= 1"),
        ({"batch_size": 0}, "batch_size must be an integer >= 1"),
        ({"total_samples": 100}, "total_samples must be >= train_samples"),
    ],
)
def test_retrain_epochs_bad_question_raises(changes, message):
    with pytest.raises(ValueError, match=message):
        check.retrain_epochs(1, **{**RETRAIN, **changes})


def test_retrain_epochs_counts_the_partial_batches():
    # 100 samples in batches of 64: 2 iterations per epoch (64 + 36); 10 epochs = 20 updates.
    # 150 samples: 3 iterations per epoch (64 + 64 + 22); 20 / 3 = 6.67 epochs: 6 or 7.
    args = {"best_epoch": 10, "train_samples": 100, "total_samples": 150, "batch_size": 64}
    assert check.retrain_epochs(6, **args) and check.retrain_epochs(7, **args)
    assert not check.retrain_epochs(5, **args)  # 10 x 1 / 2: full batches only
    assert not check.retrain_epochs(10, **args) and not check.retrain_epochs(8, **args)
    assert "10 epochs x 2 iterations = 20 updates" in repr(check.retrain_epochs(6, **args))
    assert "an epoch has 3 iterations" in repr(check.retrain_epochs(6, **args))
    assert not check.retrain_epochs(6.5, **args)  # not a whole number of epochs


def test_retrain_epochs_of_lesson_04():
    # 800 / 64 -> 13 iterations; 30 epochs = 390 updates; 1,000 / 64 -> 16; 390 / 16 = 24.4
    args = {"best_epoch": 30, "train_samples": 800, "total_samples": 1_000, "batch_size": 64}
    assert check.retrain_epochs(24, **args) and check.retrain_epochs(25, **args)
    assert not check.retrain_epochs(23, **args) and not check.retrain_epochs(30, **args)
    assert not check.retrain_epochs(True, **args)
