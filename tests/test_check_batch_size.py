"""Lesson 02 checks: right, wrong, unanswered and badly typed answers never raise."""

import pytest

from course import check
from course.check import lesson02_batch_size as batch_size


def test_all_is_accurate_and_exported():
    assert sorted(batch_size.__all__) == [
        "noise_ratio",
        "scaled_learning_rate",
        "trained_within_budget",
        "update_ratio",
    ]
    for name in batch_size.__all__:
        assert getattr(check, name) is getattr(batch_size, name)


@pytest.mark.parametrize(
    ("func", "kwargs", "right", "wrong"),
    [
        (
            check.update_ratio,
            {"num_samples": 300, "batch_size": 1, "other_batch_size": 300},
            300,
            1,
        ),
        # 1,079 samples: 1,079 updates against ceil(1079 / 32) = 34, not 32
        (
            check.update_ratio,
            {"num_samples": 1_079, "batch_size": 1, "other_batch_size": 32},
            1079 / 34,
            32,
        ),
        (check.noise_ratio, {"batch_size": 8, "other_batch_size": 128}, 16, 1 / 16),
        # without replacement: 128/8 * (300 - 8) / (300 - 128)
        (
            check.noise_ratio,
            {"batch_size": 8, "other_batch_size": 128, "num_samples": 300},
            16 * 292 / 172,
            16,
        ),
        (
            check.scaled_learning_rate,
            {"base_learning_rate": 0.16, "base_batch_size": 32, "batch_size": 128},
            0.64,
            0.16,
        ),
    ],
)
def test_right_wrong_and_unanswered(func, kwargs, right, wrong):
    assert func(right, **kwargs).correct
    assert func(f"{right:.6f}", **kwargs).correct  # a string of the number counts
    assert func(right * 1.002, **kwargs).correct  # rounding is fine
    verdict = func(wrong, **kwargs)
    assert not verdict and repr(verdict).startswith("Not quite") and "Hint:" in repr(verdict)
    assert repr(func(None, **kwargs)).startswith("Not answered yet")
    assert "should be a number" in repr(func("four", **kwargs))
    assert not func([1, 2], **kwargs)


def test_a_bad_question_raises_naming_the_argument():
    with pytest.raises(ValueError, match="batch_size must be an integer >= 1"):
        check.update_ratio(3, num_samples=10, batch_size=0, other_batch_size=2)
    with pytest.raises(ValueError, match="other_batch_size must be an integer >= 1"):
        check.noise_ratio(3, batch_size=2, other_batch_size=-1)
    with pytest.raises(ValueError, match="must be < num_samples"):
        check.noise_ratio(3, batch_size=2, other_batch_size=10, num_samples=10)
    with pytest.raises(ValueError, match="base_learning_rate must be a finite number > 0"):
        check.scaled_learning_rate(0.1, base_learning_rate=0, base_batch_size=32, batch_size=64)
    with pytest.raises(ValueError, match="base_batch_size must be an integer >= 1"):
        check.scaled_learning_rate(0.1, base_learning_rate=0.1, base_batch_size=0, batch_size=64)


# trained_within_budget: a real training run, whose updates Keras itself counted ---------------


def _fit(tiny_model, random_data, *, batch_size, epochs, validation=True, accuracy=True):
    import keras

    model = tiny_model()
    model.compile(
        optimizer=keras.optimizers.SGD(0.1),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"] if accuracy else [],
    )
    x, y = random_data(90)
    val = {"validation_data": (x[:30], y[:30])} if validation else {}
    return model.fit(x, y, epochs=epochs, batch_size=batch_size, verbose=0, **val)


def test_budget_counts_the_updates_keras_made(tiny_model, random_data):
    # 90 samples in batches of 40: 40 + 40 + 10, three updates per epoch; two epochs make 6
    history = _fit(tiny_model, random_data, batch_size=40, epochs=2)
    assert int(history.model.optimizer.iterations) == 6  # what Keras did, by hand: 2 x ceil(90/40)
    last = history.history["val_accuracy"][-1]
    verdict = check.trained_within_budget(history, max_updates=6, target_val_accuracy=0.0)
    assert verdict and "made 6 updates (2 epochs of 3 iterations)" in repr(verdict)
    assert f"validation accuracy {last:.3f}" in repr(verdict)
    over = check.trained_within_budget(history, max_updates=5, target_val_accuracy=0.0)
    assert not over and "over the budget of 5" in repr(over) and "Hint:" in repr(over)
    # a target just above what the run reached is missed; exactly what it reached passes
    assert check.trained_within_budget(history, max_updates=6, target_val_accuracy=last)
    low = check.trained_within_budget(
        history, max_updates=6, target_val_accuracy=min(1.0, last + 0.01)
    )
    assert not low and "below the target" in repr(low)


def test_budget_counts_every_fit_of_the_same_model(tiny_model, random_data):
    history = _fit(tiny_model, random_data, batch_size=45, epochs=1)  # 2 updates
    x, y = random_data(90)
    second = history.model.fit(x, y, epochs=1, batch_size=45, validation_data=(x, y), verbose=0)
    assert not check.trained_within_budget(second, max_updates=3, target_val_accuracy=0.0)
    assert check.trained_within_budget(second, max_updates=4, target_val_accuracy=0.0)


def test_budget_without_validation_or_accuracy_says_what_is_missing(tiny_model, random_data):
    for kwargs in ({"validation": False}, {"accuracy": False}):
        history = _fit(tiny_model, random_data, batch_size=30, epochs=1, **kwargs)
        verdict = check.trained_within_budget(history, max_updates=10, target_val_accuracy=0.5)
        assert not verdict and "it has no val_accuracy" in repr(verdict)


def test_budget_falls_back_on_the_steps_keras_planned():
    from types import SimpleNamespace

    # no model attached: 4 steps per epoch x 3 epochs = 12 updates
    run = SimpleNamespace(
        history={"val_accuracy": [0.5, 0.8, 0.9]}, params={"steps": 4}, epoch=[0, 1, 2]
    )
    assert check.trained_within_budget(run, max_updates=12, target_val_accuracy=0.9)
    assert not check.trained_within_budget(run, max_updates=11, target_val_accuracy=0.9)
    assert not check.trained_within_budget(run, max_updates=12, target_val_accuracy=0.95)


@pytest.mark.parametrize(
    "answer",
    [
        None,
        ...,
        5,
        "history",
        {"val_accuracy": [0.9]},  # the dict of a History, not the History
        [0.9],
        float("nan"),
    ],
)
def test_budget_never_raises_on_a_learner_answer(answer):
    verdict = check.trained_within_budget(answer, max_updates=50, target_val_accuracy=0.85)
    assert not verdict and "Hint:" in repr(verdict)


def test_budget_never_raises_on_broken_histories():
    from types import SimpleNamespace

    class Exploding:
        @property
        def history(self):
            raise RuntimeError("boom")

    odd = [
        Exploding(),
        SimpleNamespace(history={"val_accuracy": []}, params={"steps": 2}, epoch=[]),
        SimpleNamespace(history={"val_accuracy": [float("nan")]}, params={"steps": 2}, epoch=[0]),
        SimpleNamespace(history={"val_accuracy": [0.9]}, params={}, epoch=[0]),
        SimpleNamespace(history={"val_accuracy": [0.9]}, params={"steps": -3}, epoch=[0]),
        SimpleNamespace(history={"val_accuracy": "0.9"}, params={"steps": 1}, epoch=[0]),
    ]
    for run in odd:
        verdict = check.trained_within_budget(run, max_updates=50, target_val_accuracy=0.85)
        assert not verdict and "Hint:" in repr(verdict), run


def test_budget_bad_question_raises_naming_the_argument():
    with pytest.raises(ValueError, match="max_updates must be an integer >= 1"):
        check.trained_within_budget(None, max_updates=0, target_val_accuracy=0.5)
    for target in (1.5, -0.1):
        with pytest.raises(ValueError) as err:
            check.trained_within_budget(None, max_updates=5, target_val_accuracy=target)
        assert str(err.value) == (
            f"target_val_accuracy must be a finite number >= 0 and <= 1, got {target}"
        )


def _planned(val_accuracy, steps=4, epochs=3):
    """A run as a History holds it, without a model: Keras planned `steps` per epoch."""
    from types import SimpleNamespace

    return SimpleNamespace(
        history={"val_accuracy": val_accuracy}, params={"steps": steps}, epoch=list(range(epochs))
    )


def test_budget_reads_accuracies_from_0_to_1_inclusive():
    assert check.trained_within_budget(_planned([0.5, 0.0, 1.0]), max_updates=12,
                                       target_val_accuracy=1.0)  # fmt: skip
    assert check.trained_within_budget(_planned([0.5, 0.0]), max_updates=12, target_val_accuracy=0)
    for odd in ([1.5], [-0.1], "1", b"0", [float("nan")]):
        verdict = check.trained_within_budget(_planned(odd), max_updates=12, target_val_accuracy=0)
        assert not verdict and "it has no val_accuracy" in repr(verdict)


@pytest.mark.parametrize(
    ("steps", "epochs", "words"),
    [(1, 2, "2 epochs of 1 iteration)"), (2, 1, "1 epoch of 2 iterations)"),
     (1, 1, "1 epoch of 1 iteration)")],
)  # fmt: skip
def test_budget_message_says_epoch_and_iteration_in_the_singular(steps, epochs, words):
    verdict = check.trained_within_budget(
        _planned([0.9] * epochs, steps=steps, epochs=epochs), max_updates=12, target_val_accuracy=0
    )
    assert f"the model made {steps * epochs} updates ({words}, within" in repr(verdict)


def test_budget_message_without_steps_per_epoch(tiny_model, random_data):
    from types import SimpleNamespace

    model = _fit(tiny_model, random_data, batch_size=45, epochs=1).model  # 2 updates
    run = SimpleNamespace(history={"val_accuracy": [0.9]}, model=model)  # no params, no epoch
    verdict = check.trained_within_budget(run, max_updates=5, target_val_accuracy=0.5)
    assert repr(verdict).startswith("Correct: the model made 2 updates, within the budget of 5")


def test_budget_message_names_all_fits_when_the_model_trained_before(tiny_model, random_data):
    history = _fit(tiny_model, random_data, batch_size=45, epochs=1)  # 2 updates
    x, y = random_data(90)
    second = history.model.fit(x, y, epochs=1, batch_size=45, validation_data=(x, y), verbose=0)
    verdict = check.trained_within_budget(second, max_updates=4, target_val_accuracy=0.0)
    assert "made 4 updates (all fits of this model together)" in repr(verdict)


def test_the_lesson_budget_exercise_is_solvable_and_the_default_is_not():
    """Lesson 02, exercise 4 (at most 50 updates, validation accuracy >= 0.85) as a learner
    would solve it: B=128 makes ceil(1079 / 128) = 9 updates per epoch, 5 epochs = 45."""
    import keras

    import course

    data = course.datasets.load_digits(seed=0)

    def fit(batch_size, learning_rate, epochs):
        keras.utils.set_random_seed(0)
        model = course.models.mlp(data.input_shape, widths=(32,), num_outputs=10)
        model.compile(
            optimizer=keras.optimizers.SGD(learning_rate=learning_rate),
            loss="sparse_categorical_crossentropy",
            metrics=["accuracy"],
        )
        return model.fit(
            data.x_train,
            data.y_train,
            epochs=epochs,
            batch_size=batch_size,
            validation_data=(data.x_val, data.y_val),
            verbose=0,
        )

    question = {"max_updates": 50, "target_val_accuracy": 0.85}
    solved = check.trained_within_budget(fit(128, 0.64, 5), **question)
    assert solved, repr(solved)
    assert "made 45 updates (5 epochs of 9 iterations)" in repr(solved)
    # Keras's defaults (B=32) with a small learning rate: 34 updates, far below the target
    assert "below the target" in repr(check.trained_within_budget(fit(32, 0.05, 1), **question))
    # B=32 for two epochs is 68 updates: over the budget
    assert "over the budget" in repr(check.trained_within_budget(fit(32, 0.64, 2), **question))
