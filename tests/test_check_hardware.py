"""course.check.replica_iterations, step_throughput and few_steps_run (lesson 09): right answers
from TensorFlow's own counts and hand computations, runs judged from what Keras ran; every
answer gets a verdict; bad questions raise."""

import math
from types import SimpleNamespace

import keras
import numpy as np
import pytest

from course import check


def _tf_steps(num_samples: int, global_batch: int, drop_remainder: bool) -> int:
    """Steps per epoch as TensorFlow counts them: the cardinality of the batched dataset."""
    import tensorflow as tf

    data = tf.data.Dataset.range(num_samples).batch(global_batch, drop_remainder=drop_remainder)
    return int(data.cardinality())


@pytest.mark.parametrize(
    ("n", "per_replica", "replicas", "drop"),
    [
        (1_079, 64, 4, True),
        (1_079, 64, 4, False),
        (1_079, 32, 2, False),
        (1_024, 64, 4, True),
        (1_024, 64, 4, False),
        (100, 64, 2, True),
        (100, 7, 3, False),
        (129, 64, 2, False),  # a last batch of a single sample
        (129, 64, 2, True),
    ],
)
def test_replica_iterations_is_what_tensorflow_counts(n, per_replica, replicas, drop):
    steps = _tf_steps(n, per_replica * replicas, drop)
    question = {"num_samples": n, "per_replica_batch": per_replica, "replicas": replicas}
    assert check.replica_iterations(steps, **question, drop_remainder=drop)
    assert check.replica_iterations(str(steps), **question, drop_remainder=drop)
    assert not check.replica_iterations(steps + 1, **question, drop_remainder=drop)
    assert not check.replica_iterations(steps - 1, **question, drop_remainder=drop)


def test_replica_iterations_by_hand():
    # 1,079 samples, 4 replicas x 64 = 256: 4 full batches and 55 left over
    q = {"num_samples": 1_079, "per_replica_batch": 64, "replicas": 4}
    assert check.replica_iterations(4, **q, drop_remainder=True)
    assert check.replica_iterations(5, **q, drop_remainder=False)
    assert not check.replica_iterations(5, **q, drop_remainder=True)
    assert not check.replica_iterations(4, **q, drop_remainder=False)


def test_replica_iterations_names_the_per_replica_mistake():
    q = {"num_samples": 1_079, "per_replica_batch": 64, "replicas": 4}
    # 1,079 / 64 = 16.9: 16 batches of one replica's share (dropped rest), 17 when kept
    assert "one replica's share" in repr(check.replica_iterations(16, **q, drop_remainder=True))
    assert "one replica's share" in repr(check.replica_iterations(17, **q, drop_remainder=False))
    assert "one replica's share" not in repr(check.replica_iterations(17, **q, drop_remainder=True))


def test_replica_iterations_with_one_replica_is_plain_batching():
    # per-replica count equals the right answer: the right answer wins
    q = {"num_samples": 10, "per_replica_batch": 4, "replicas": 1}
    assert check.replica_iterations(2, **q, drop_remainder=True)
    assert check.replica_iterations(3, **q, drop_remainder=False)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"num_samples": 0}, "num_samples must be an integer >= 1, got 0"),
        ({"per_replica_batch": 0}, "per_replica_batch must be an integer >= 1, got 0"),
        ({"replicas": 0}, "replicas must be an integer >= 1, got 0"),
        ({"drop_remainder": "yes"}, "drop_remainder must be"),
    ],
)
def test_replica_iterations_bad_question_raises(kwargs, message):
    q = {"num_samples": 100, "per_replica_batch": 8, "replicas": 2, "drop_remainder": False}
    with pytest.raises(ValueError) as err:
        check.replica_iterations(7, **{**q, **kwargs})
    assert str(err.value).startswith(message)


def test_step_throughput_by_hand_and_its_one_percent_tolerance():
    # 2.5 + 0.04 x 64 = 5.06 ms per step: 64 / 0.00506 s = 12,648.2 samples per second
    q = {"fixed_ms": 2.5, "per_sample_ms": 0.04, "batch_size": 64}
    rate = 64 / 0.00506
    assert check.step_throughput(12_648, **q)
    assert check.step_throughput("12,648", **q)
    assert check.step_throughput(rate * 1.0099, **q) and check.step_throughput(rate * 0.9901, **q)
    assert not check.step_throughput(rate * 1.0101, **q)
    assert not check.step_throughput(rate * 0.9899, **q)
    assert not check.step_throughput(64 / 5.06, **q)  # samples per millisecond


def test_step_throughput_without_a_fixed_cost():
    # no fixed cost: 1 / 0.5 ms = 2,000 samples per second at any batch size
    assert check.step_throughput(2_000, fixed_ms=0, per_sample_ms=0.5, batch_size=7)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"fixed_ms": -1}, "fixed_ms must be a finite number >= 0, got -1"),
        ({"per_sample_ms": 0}, "per_sample_ms must be a finite number > 0, got 0"),
        ({"batch_size": 0}, "batch_size must be an integer >= 1, got 0"),
    ],
)
def test_step_throughput_bad_question_raises(kwargs, message):
    q = {"fixed_ms": 1.0, "per_sample_ms": 0.1, "batch_size": 8}
    with pytest.raises(ValueError) as err:
        check.step_throughput(1, **{**q, **kwargs})
    assert str(err.value) == message


def _trained(batch_size: int, epochs: int, learning_rate: float = 0.05):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(120, 4)).astype("float32")
    y = (x[:, 0] > 0).astype("int64")
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, activation="softmax")])
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model.fit(
        x[:80], y[:80], batch_size=batch_size, epochs=epochs, validation_data=(x[80:], y[80:]),
        verbose=0,
    )  # fmt: skip


def test_few_steps_run_reads_what_keras_ran():
    history = _trained(batch_size=30, epochs=3)  # 80 samples: 30 + 30 + 20, 3 steps
    best = max(history.history["val_accuracy"])
    assert history.params["steps"] == 3 and math.isfinite(best)
    assert check.few_steps_run(
        history, max_steps_per_epoch=3, max_epochs=3, target_val_accuracy=best
    )
    assert not check.few_steps_run(
        history, max_steps_per_epoch=2, max_epochs=3, target_val_accuracy=0.0
    )
    assert not check.few_steps_run(
        history, max_steps_per_epoch=3, max_epochs=2, target_val_accuracy=0.0
    )
    if best < 1.0:  # just above the best: missed
        above = best + 1e-6
        assert not check.few_steps_run(
            history, max_steps_per_epoch=3, max_epochs=3, target_val_accuracy=above
        )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"max_steps_per_epoch": 0}, "max_steps_per_epoch must be an integer >= 1, got 0"),
        ({"max_epochs": 0}, "max_epochs must be an integer >= 1, got 0"),
        ({"target_val_accuracy": 1.5}, "target_val_accuracy must be a finite number >= 0 and <= 1"),
        ({"target_val_accuracy": -0.1}, "target_val_accuracy must be a finite number >= 0"),
    ],
)
def test_few_steps_run_bad_question_raises(kwargs, message):
    q = {"max_steps_per_epoch": 5, "max_epochs": 20, "target_val_accuracy": 0.9}
    with pytest.raises(ValueError) as err:
        check.few_steps_run(None, **{**q, **kwargs})
    assert str(err.value).startswith(message)


def test_few_steps_run_accepts_the_bounds_of_the_target():
    q = {"max_steps_per_epoch": 5, "max_epochs": 20}
    assert not check.few_steps_run(None, **q, target_val_accuracy=0.0)
    assert not check.few_steps_run(None, **q, target_val_accuracy=1.0)


def _history(logs, params=None):
    history = keras.callbacks.History()
    history.history = logs
    if params is not None:
        history.params = params
    return history


@pytest.mark.parametrize(
    "history",
    [
        _history({"loss": [0.5]}, {"steps": 3}),  # no validation accuracy
        _history({"val_accuracy": []}, {"steps": 3}),
        _history({"val_accuracy": [0.5, float("nan")]}, {"steps": 3}),
        _history({"val_accuracy": ["high"]}, {"steps": 3}),
        _history({"val_accuracy": [0.95]}, {"steps": True}),
        _history({"val_accuracy": [0.95]}, {"steps": 2.0}),
        _history({"val_accuracy": [0.95]}, {"epochs": 1}),
        _history({"val_accuracy": [0.95]}),
        _history({"val_accuracy": [0.95]}, ["steps", 3]),
        SimpleNamespace(history={"val_accuracy": [0.95]}),  # not a History: no params at all
    ],
)
def test_few_steps_run_wants_a_history_with_val_accuracy_and_steps(history):
    verdict = check.few_steps_run(
        history, max_steps_per_epoch=5, max_epochs=20, target_val_accuracy=0.9
    )
    assert not verdict and repr(verdict).startswith("Your answer should be the History")


def test_few_steps_run_accepts_a_plain_history():
    history = _history({"val_accuracy": [0.95]}, {"steps": 5})
    assert check.few_steps_run(
        history, max_steps_per_epoch=5, max_epochs=1, target_val_accuracy=0.95
    )


def test_few_steps_run_exercise_is_reachable_with_the_lessons_network():
    """Lesson 09's exercise 3, solved as the lesson's build(...) would: the digits, 64 -> 32
    -> 10, plain SGD at learning rate 0.5, batch size 256 (5 iterations), 20 epochs."""
    from course import datasets, models

    digits = datasets.load_digits(seed=0)
    keras.utils.set_random_seed(0)
    model = models.mlp((64,), widths=(32,), num_outputs=10)
    model.compile(
        keras.optimizers.SGD(0.5), loss="sparse_categorical_crossentropy", metrics=["accuracy"]
    )
    history = model.fit(
        digits.x_train, digits.y_train, batch_size=256, epochs=20, verbose=0,
        validation_data=(digits.x_val, digits.y_val),
    )  # fmt: skip
    assert history.params["steps"] == 5
    assert check.few_steps_run(
        history, max_steps_per_epoch=5, max_epochs=20, target_val_accuracy=0.9
    )
