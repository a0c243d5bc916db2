"""Lesson 06's checks against hand computations and against what Keras itself ran: the epoch of
the first update at half the rate, an optimizer's state, and a run trained to a target."""

import math
from types import SimpleNamespace

import keras
import numpy as np
import pytest

from course import check
from course.callbacks import IterationHistory

HALVED = {"num_samples": 1_000, "batch_size": 64, "decay_steps": 100}


@pytest.mark.parametrize(
    ("question", "epoch"),
    [
        # 16 updates per epoch (15 x 64 + 40): update 101 is the 5th of epoch 7 (97-112)
        (HALVED, 7),
        # update 33 is the first of epoch 3; update 32 the last of epoch 2
        ({"num_samples": 1_000, "batch_size": 64, "decay_steps": 32}, 3),
        ({"num_samples": 1_000, "batch_size": 64, "decay_steps": 31}, 2),
        # 1,079 samples: 34 updates per epoch at 32, 9 at 128 (lesson 06's table)
        ({"num_samples": 1_079, "batch_size": 32, "decay_steps": 50}, 2),
        ({"num_samples": 1_079, "batch_size": 128, "decay_steps": 50}, 6),
        # the first update of all, when the schedule halves after one step
        ({"num_samples": 10, "batch_size": 10, "decay_steps": 1}, 2),
        ({"num_samples": 10, "batch_size": 3, "decay_steps": 1, "initial_learning_rate": 2.0}, 1),
    ],
)
def test_halved_rate_epoch_counted_by_hand(question, epoch):
    assert check.halved_rate_epoch(epoch, **question)
    assert check.halved_rate_epoch(str(epoch), **question)
    assert not check.halved_rate_epoch(epoch + 1, **question)
    assert not check.halved_rate_epoch(epoch - 1, **question)


def test_halved_rate_epoch_is_the_epoch_keras_trains_it_in():
    x = np.random.default_rng(0).normal(size=(50, 8)).astype("float32")
    y = np.arange(50) % 3
    schedule = keras.optimizers.schedules.ExponentialDecay(
        0.1, decay_steps=6, decay_rate=0.5, staircase=True
    )
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(3, activation="softmax")])
    model.compile(keras.optimizers.SGD(learning_rate=schedule), "sparse_categorical_crossentropy")
    rec = IterationHistory()
    model.fit(x, y, epochs=3, batch_size=16, callbacks=[rec], verbose=0)  # 4 updates per epoch
    batches = rec.batches
    first = batches[batches["learning_rate"] < 0.075].iloc[0]
    assert (int(first["iteration"]), int(first["epoch"])) == (7, 2)
    assert check.halved_rate_epoch(
        int(first["epoch"]), num_samples=50, batch_size=16, decay_steps=6
    )


def test_halved_rate_epoch_wants_a_whole_epoch():
    verdict = check.halved_rate_epoch(7.0, **HALVED)
    assert verdict
    for answer in (6.5, 7.2, "6.5"):
        verdict = check.halved_rate_epoch(answer, **HALVED)
        assert not verdict and "whole epoch number" in repr(verdict)
    assert "should be a number" in repr(check.halved_rate_epoch("seven", **HALVED))
    assert repr(check.halved_rate_epoch(None, **HALVED)).startswith("Not answered yet")
    assert not check.halved_rate_epoch(True, **HALVED)


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ({"num_samples": 0}, "num_samples must be an integer >= 1, got 0"),
        ({"batch_size": 2.5}, "batch_size must be an integer >= 1, got 2.5"),
        ({"decay_steps": 0}, "decay_steps must be an integer from 1 to 100000, got 0"),
        ({"decay_steps": 100_001}, "decay_steps must be an integer from 1 to 100000, got 100001"),
        ({"initial_learning_rate": 0}, "initial_learning_rate must be a finite number > 0, got 0"),
    ],
)
def test_halved_rate_epoch_bad_questions(question, message):
    with pytest.raises(ValueError) as err:
        check.halved_rate_epoch(1, **{**HALVED, **question})
    assert str(err.value) == message


def test_the_largest_decay_steps_allowed_still_answers():
    assert check.halved_rate_epoch(100_001, num_samples=1, batch_size=1, decay_steps=100_000)


@pytest.mark.parametrize(
    ("optimizer", "per_weight"),
    [
        ("sgd", 0),
        ("sgd_momentum", 1),  # momentum
        ("rmsprop", 1),  # average of squared gradients
        ("rmsprop_centered", 2),  # ... and of gradients
        ("adam", 2),  # first and second moments
        ("adam_amsgrad", 3),  # ... and the largest second moment so far
        ("adamw", 2),
    ],
)
def test_optimizer_state_size_by_hand(optimizer, per_weight):
    assert check.optimizer_state_size(per_weight * 1_000, optimizer=optimizer, num_weights=1_000)
    assert check.optimizer_state_size(per_weight * 7, optimizer=optimizer, num_weights=7)
    assert not check.optimizer_state_size(per_weight * 1_000 + 1, optimizer=optimizer,
                                          num_weights=1_000)  # fmt: skip


def test_optimizer_state_size_is_what_a_trained_model_keeps():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3), keras.layers.Dense(2)])
    model.compile(keras.optimizers.Adam(amsgrad=True), "mse")
    model.fit(np.ones((4, 4)), np.ones((4, 2)), epochs=1, verbose=0)
    slots = [v for v in model.optimizer.variables if v.name not in ("iteration", "learning_rate")]
    size = sum(int(np.prod(v.shape)) for v in slots)
    assert size == 3 * model.count_params() == 69
    assert check.optimizer_state_size(
        size, optimizer="adam_amsgrad", num_weights=model.count_params()
    )


def test_optimizer_state_size_bad_questions():
    with pytest.raises(ValueError, match="optimizer must be one of 'sgd', 'sgd_momentum'"):
        check.optimizer_state_size(1, optimizer="lion", num_weights=10)
    with pytest.raises(ValueError, match="num_weights must be an integer from 1 to 10000000"):
        check.optimizer_state_size(1, optimizer="adam", num_weights=10_000_001)
    assert check.optimizer_state_size("20,000", optimizer="adam", num_weights=10_000)
    assert check.optimizer_state_size(0, optimizer="sgd", num_weights=10_000_000)  # the largest


def _history(val_loss, **extra):
    history = keras.callbacks.History()
    history.history = {"val_loss": val_loss, **extra}
    return history


RUN = {"max_epochs": 4, "target_val_loss": 0.35}


@pytest.mark.parametrize(
    ("curve", "right"),
    [
        ([1.0, 0.5, 0.35], True),  # exactly at the target counts
        ([1.0, 0.5, 0.3500001], False),
        ([1.0, 0.2, 0.6, 0.9], True),  # reached once is enough
        ([0.1], True),
        ([1.0, 0.5, 0.4, 0.36, 0.1], False),  # 5 epochs: over the budget of 4
        ([1.0, float("nan"), 0.1], False),
        ([1.0, 0.2, float("inf")], False),
    ],
)
def test_reached_target_run(curve, right):
    assert bool(check.reached_target_run(_history(curve), **RUN)) is right


def test_reached_target_run_on_a_real_fit(tiny_model, random_data):
    x, y = random_data(60)
    history = tiny_model().fit(x, y, epochs=3, validation_data=(x, y), verbose=0)
    curve = history.history["val_loss"]
    assert check.reached_target_run(history, max_epochs=3, target_val_loss=curve[-1])
    assert not check.reached_target_run(history, max_epochs=2, target_val_loss=curve[-1])
    assert not check.reached_target_run(history, max_epochs=3, target_val_loss=min(curve) / 2)


def test_reached_target_run_diagnoses_the_learning_rate():
    rising = repr(check.reached_target_run(_history([1.0, 2.0, 1.5]), **RUN))
    assert "ended higher than it started: the learning rate is likely too large" in rising
    falling = repr(check.reached_target_run(_history([1.0, 0.8, 0.6]), **RUN))
    assert "still too high at the end: the learning rate is likely too small" in falling
    level = repr(check.reached_target_run(_history([1.0, 0.8, 1.0]), **RUN))
    assert "likely too small" in level  # ending where it started is not "higher"
    # only the first and the last epoch decide, not the epochs between
    dip = repr(check.reached_target_run(_history([1.0, 0.8, 1.1]), **RUN))
    assert "ended higher than it started" in dip
    bump = repr(check.reached_target_run(_history([1.0, 1.2, 0.9]), **RUN))
    assert "likely too small" in bump


class Hostile:
    """An object whose history raises when read."""

    @property
    def history(self):
        raise RuntimeError("no history")


@pytest.mark.parametrize(
    "answer",
    [
        "history",
        {"val_loss": [0.1]},  # a dict, not what fit returns
        SimpleNamespace(history={"loss": [0.1]}),
        SimpleNamespace(history={"val_loss": []}),
        SimpleNamespace(history={"val_loss": "0.1"}),
        SimpleNamespace(history={"val_loss": ["a"]}),
        SimpleNamespace(history={"val_loss": 0.3}),
        SimpleNamespace(history=[0.1]),
        Hostile(),
        3,
    ],
)
def test_reached_target_run_never_raises_on_a_wrong_form(answer):
    verdict = check.reached_target_run(answer, **RUN)
    assert not verdict and repr(verdict).startswith("Your answer should be the History")


def test_reached_target_run_bad_questions():
    with pytest.raises(ValueError, match="max_epochs must be an integer >= 1, got 0"):
        check.reached_target_run(None, max_epochs=0, target_val_loss=0.3)
    with pytest.raises(ValueError, match="target_val_loss must be a finite number >= 0"):
        check.reached_target_run(None, max_epochs=2, target_val_loss=-0.1)
    assert math.isfinite(0.0) and check.reached_target_run(
        _history([0.0]), max_epochs=1, target_val_loss=0.0
    )
