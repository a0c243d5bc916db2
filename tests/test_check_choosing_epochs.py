"""course.check.hyperband_epochs and search_within_budget (lesson 07): the right answer comes
from what keras-tuner and Keras actually ran; every answer gets a verdict; bad questions raise."""

import math

import keras
import keras_tuner
import numpy as np
import pytest

from course import check
from course.check.lesson07_choosing_epochs import _hyperband_rounds


def _keras_tuner_schedule(tmp_path, max_epochs: int, factor: int) -> tuple[int, int]:
    """(trials, epochs) of one real keras-tuner Hyperband run; trials score without training."""

    class Counting(keras_tuner.Hyperband):
        epochs = 0

        def run_trial(self, trial, *args, **kwargs):
            hp = trial.hyperparameters.values
            Counting.epochs += hp["tuner/epochs"] - hp["tuner/initial_epoch"]
            return float(hp["x"])  # any score: it only decides which trials go on

    space = keras_tuner.HyperParameters()
    space.Float("x", 0.0, 1.0)
    tuner = Counting(
        hypermodel=None,
        hyperparameters=space,
        objective="val_loss",
        max_epochs=max_epochs,
        factor=factor,
        seed=1,
        directory=tmp_path,
        project_name=f"hb_{max_epochs}_{factor}",
        overwrite=True,
    )
    tuner.search(verbose=0)
    return len(tuner.oracle.trials), Counting.epochs


@pytest.mark.parametrize(
    ("max_epochs", "factor"), [(9, 3), (6, 3), (3, 3), (1, 3), (10, 3), (8, 2), (27, 3), (20, 4)]
)
def test_hyperband_epochs_is_what_keras_tuner_runs(tmp_path, max_epochs, factor):
    trials, epochs = _keras_tuner_schedule(tmp_path, max_epochs, factor)
    verdict = check.hyperband_epochs(epochs, max_epochs=max_epochs, factor=factor)
    assert verdict, repr(verdict)
    assert f"{trials} trials, {epochs} epochs in all." in repr(verdict)
    assert not check.hyperband_epochs(epochs + 1, max_epochs=max_epochs, factor=factor)
    assert not check.hyperband_epochs(epochs - 1, max_epochs=max_epochs, factor=factor)


def test_hyperband_rounds_by_hand():
    # max_epochs=9, factor=3: 3 brackets; e0 = ceil(1 + log3 9) = 3.
    # bracket 2: ceil(3/3 * 9) = 9 models at 1 epoch, 3 at 3, 1 at 9
    # bracket 1: ceil(1.5 * 3) = 5 at 3 epochs, ceil(1.5) = 2 at 9; bracket 0: 3 at 9
    assert _hyperband_rounds(9, 3) == [
        (2, 9, 0, 1),
        (2, 3, 1, 3),
        (2, 1, 3, 9),
        (1, 5, 0, 3),
        (1, 2, 3, 9),
        (0, 3, 0, 9),
    ]
    # 9 + 6 + 6 + 15 + 12 + 27 = 75, the count KERAS_FACTS.md records for a real search
    assert check.hyperband_epochs(75, max_epochs=9, factor=3)
    assert check.hyperband_epochs("75", max_epochs=9, factor=3)
    # max_epochs=1: one bracket of ceil(1 + 0) = 1 model for 1 epoch
    assert _hyperband_rounds(1, 3) == [(0, 1, 0, 1)]


def test_hyperband_epochs_unanswered_and_wrong_forms():
    assert repr(check.hyperband_epochs(None, max_epochs=9)).startswith("Not answered yet")
    assert "should be a number" in repr(check.hyperband_epochs("many", max_epochs=9))
    assert not check.hyperband_epochs(True, max_epochs=1, factor=3)  # True is not 1 epoch
    assert not check.hyperband_epochs(math.nan, max_epochs=9)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"max_epochs": 0}, "max_epochs must be an integer from 1 to 10000, got 0"),
        ({"max_epochs": 9.0}, "max_epochs must be an integer from 1 to 10000, got 9.0"),
        ({"max_epochs": 9, "factor": 1}, "factor must be an integer from 2 to 100, got 1"),
        ({"max_epochs": 9, "factor": "3"}, "factor must be an integer from 2 to 100, got '3'"),
    ],
)
def test_hyperband_epochs_bad_question_raises(kwargs, message):
    with pytest.raises(ValueError) as err:
        check.hyperband_epochs(75, **kwargs)
    assert str(err.value) == message


# --- search_within_budget ----------------------------------------------------------------------


def _fit(epochs: int, seed: int = 0, **kwargs) -> keras.callbacks.History:
    """A real History: a tiny model trained by Keras on random data, validated."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(40, 4)).astype("float32")
    y = rng.integers(0, 2, 40)
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, activation="softmax")])
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    return model.fit(
        x[:30], y[:30], epochs=epochs, validation_data=(x[30:], y[30:]), verbose=0, **kwargs
    )


def _history(val_loss, loss=None):
    history = keras.callbacks.History()
    history.history = {"val_loss": list(val_loss)}
    if loss is not None:
        history.history["loss"] = list(loss)
    return history


def test_epochs_are_counted_from_what_keras_ran():
    runs = [_fit(3), _fit(2, seed=1)]
    assert sum(len(r.epoch) for r in runs) == 5  # Keras's own record
    best = min(min(r.history["val_loss"]) for r in runs)
    verdict = check.search_within_budget(runs, budget=5, target_val_loss=best)
    assert verdict and "2 runs, 5 epochs in all (budget 5)" in repr(verdict)
    over = check.search_within_budget(runs, budget=4, target_val_loss=best)
    assert not over and "5 epochs in all, more than the budget of 4" in repr(over)


def test_a_run_resumed_with_initial_epoch_counts_only_its_own_epochs():
    run = _fit(5, initial_epoch=2)  # epochs 3, 4 and 5 run
    assert len(run.epoch) == 3
    assert "1 run, 3 epochs in all" in repr(
        check.search_within_budget(run, budget=3, target_val_loss=99)
    )
    assert not check.search_within_budget(run, budget=2, target_val_loss=99)


def test_validation_every_other_epoch_still_counts_every_epoch():
    run = _fit(4, validation_freq=2)
    assert len(run.history["val_loss"]) == 2 and len(run.history["loss"]) == 4
    assert not check.search_within_budget([run], budget=3, target_val_loss=99)
    assert check.search_within_budget([run], budget=4, target_val_loss=99)


def test_an_early_stopped_run_counts_the_epochs_it_ran():
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=0, min_delta=10.0)
    run = _fit(20, callbacks=[stop])  # no epoch improves by 10: it stops after epoch 2
    assert len(run.epoch) == 2
    assert "2 epochs in all" in repr(
        check.search_within_budget([run], budget=2, target_val_loss=99)
    )


def test_the_lowest_val_loss_of_any_epoch_of_any_run_is_judged():
    runs = [_history([1.5, 1.2, 1.3]), _history([1.6, 1.1, 1.4], loss=[2, 1, 1])]
    at = check.search_within_budget(runs, budget=6, target_val_loss=1.1)
    assert at and "the lowest val_loss, 1.1000 at epoch 2 of run 2," in repr(at)
    above = check.search_within_budget(runs, budget=6, target_val_loss=1.0999)
    assert not above and "is above the target 1.0999" in repr(above)


def test_budget_boundary_is_inclusive():
    runs = [_history([1.0] * 4), _history([0.9] * 3)]
    assert check.search_within_budget(runs, budget=7, target_val_loss=1.0)
    assert not check.search_within_budget(runs, budget=6, target_val_loss=1.0)


def test_nan_epochs_are_counted_but_never_best():
    runs = [_history([math.nan, math.nan]), _history([1.3, math.inf, 1.2])]
    verdict = check.search_within_budget(runs, budget=5, target_val_loss=1.2)
    assert verdict and "5 epochs in all" in repr(verdict) and "epoch 3 of run 2" in repr(verdict)
    diverged = check.search_within_budget([_history([math.nan])], budget=5, target_val_loss=1.2)
    assert not diverged and "training diverged" in repr(diverged)


@pytest.mark.parametrize(
    "answer",
    [
        [],
        "history",
        {"val_loss": [1.0]},
        [None],
        [_history([])],
        [_history(["a"])],
        [object()],
        5,
        (_history([1.0]), "x"),
    ],
)
def test_what_is_not_a_list_of_validated_histories_gets_the_form_verdict(answer):
    verdict = check.search_within_budget(answer, budget=10, target_val_loss=1.0)
    assert not verdict and repr(verdict).startswith("Your answer should be a list of the Histories")


def test_a_history_without_validation_is_named():
    history = keras.callbacks.History()
    history.history = {"loss": [1.0, 0.9]}
    verdict = check.search_within_budget([history], budget=10, target_val_loss=1.0)
    assert "(one has no val_loss)" in repr(verdict)


def test_a_tuple_of_histories_is_a_list():
    assert check.search_within_budget((_history([0.5]),), budget=1, target_val_loss=0.5)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"budget": 0, "target_val_loss": 1.0}, "budget must be an integer >= 1, got 0"),
        ({"budget": 2.5, "target_val_loss": 1.0}, "budget must be an integer >= 1, got 2.5"),
        (
            {"budget": 10, "target_val_loss": 0},
            "target_val_loss must be a finite number > 0, got 0",
        ),
        (
            {"budget": 10, "target_val_loss": math.nan},
            "target_val_loss must be a finite number > 0, got nan",
        ),
    ],
)
def test_search_within_budget_bad_question_raises(kwargs, message):
    with pytest.raises(ValueError) as err:
        check.search_within_budget(None, **kwargs)
    assert str(err.value) == message
