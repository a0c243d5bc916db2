"""Lesson 10's checks, against answers worked out by hand and lines that Keras fitted."""

from types import SimpleNamespace

import keras
import numpy as np
import pytest

from course import check

GRID = np.array([-1.0, 0.0, 0.5, 1.0], dtype="float32")  # 2x + 1 + c is exact in float32 here


def _line_run(offset: float, epochs: int = 3):
    """A History-like record whose model is the line 2x + 1 + offset."""
    return SimpleNamespace(epoch=list(range(epochs)), model=lambda x: 2 * x + 1 + offset)


@pytest.mark.parametrize(
    ("num_samples", "batch_size"), [(1_079, 32), (1_000, 100), (10, 3), (5, 8), (7, 1)]
)
def test_an_epoch_shows_every_sample_once(num_samples, batch_size):
    assert check.samples_per_epoch(num_samples, num_samples=num_samples, batch_size=batch_size)
    assert check.samples_per_epoch(str(num_samples), num_samples=num_samples, batch_size=batch_size)
    assert not check.samples_per_epoch(
        num_samples + 1, num_samples=num_samples, batch_size=batch_size
    )


def test_iterations_times_batch_size_gets_its_own_hint():
    # 1,079 samples in batches of 32: 34 iterations, 33 full and a last one of 1,079 - 1,056 = 23
    verdict = check.samples_per_epoch(1_088, num_samples=1_079, batch_size=32)
    assert not verdict
    assert "34 iterations x 32" in repr(verdict) and "holds 23 samples" in repr(verdict)
    # 10 samples in batches of 3: 4 iterations, the last one holds 1 sample
    verdict = check.samples_per_epoch(12, num_samples=10, batch_size=3)
    assert "4 iterations x 3" in repr(verdict) and "holds 1 sample." in repr(verdict)
    # when the batch size divides the samples, the product is the right answer
    assert check.samples_per_epoch(1_000, num_samples=1_000, batch_size=100)


def test_samples_per_epoch_names_the_batches():
    assert "34 iterations, 33 batches of 32 and a last one of 23" in repr(
        check.samples_per_epoch(1_079, num_samples=1_079, batch_size=32)
    )
    assert "10 batches of 100." in repr(
        check.samples_per_epoch(1_000, num_samples=1_000, batch_size=100)
    )


@pytest.mark.parametrize(
    ("majority", "minority", "right"), [(950, 50, 0.95), (90, 10, 0.9), (3, 1, 0.75), (5, 5, 0.5)]
)
def test_majority_accuracy(majority, minority, right):
    assert check.majority_accuracy(right, majority=majority, minority=minority)
    assert check.majority_accuracy(right + 0.0004, majority=majority, minority=minority)
    assert check.majority_accuracy(right - 0.0004, majority=majority, minority=minority)
    assert not check.majority_accuracy(right + 0.0006, majority=majority, minority=minority)
    assert not check.majority_accuracy(right - 0.0006, majority=majority, minority=minority)
    assert not check.majority_accuracy(1 - right + 0.2, majority=majority, minority=minority)


def test_a_percentage_is_almost_right():
    for answer in (95, 95.04, 94.96):
        verdict = check.majority_accuracy(answer, majority=950, minority=50)
        assert not verdict and repr(verdict).startswith("Almost:")
    assert "Almost: 95.04 is a percentage;" in repr(
        check.majority_accuracy(95.04, majority=950, minority=50)
    )
    for answer in (95.06, 94.94, 50, 1.0):
        verdict = check.majority_accuracy(answer, majority=950, minority=50)
        assert not verdict and repr(verdict).startswith("Not quite")


def test_majority_accuracy_refuses_a_minority_larger_than_the_majority():
    with pytest.raises(ValueError, match="minority must be at most majority"):
        check.majority_accuracy(0.5, majority=10, minority=11)
    with pytest.raises(ValueError, match="majority must be an integer >= 1"):
        check.majority_accuracy(0.5, majority=0, minority=0)


def test_line_fit_at_and_beyond_the_limit():
    question = {"x_grid": GRID, "slope": 2.0, "intercept": 1.0, "max_distance": 0.25}
    assert check.line_fit(_line_run(0.25), **question)  # exactly at the limit
    assert check.line_fit(_line_run(-0.25), **question)
    assert not check.line_fit(_line_run(0.2501), **question)
    assert check.line_fit(_line_run(0.0), **question)
    verdict = check.line_fit(_line_run(0.5), **question)
    assert "0.500 from the true line" in repr(verdict)


def test_line_fit_counts_epochs_against_the_budget():
    question = {"x_grid": GRID, "slope": 2.0, "intercept": 1.0, "max_distance": 0.1}
    assert check.line_fit(_line_run(0.0, epochs=10), **question, max_epochs=10)
    verdict = check.line_fit(_line_run(0.0, epochs=11), **question, max_epochs=10)
    assert not verdict and "ran 11 epochs, more than the budget of 10" in repr(verdict)
    assert not check.line_fit(_line_run(0.0, epochs=0), **question)


def test_line_fit_judges_lines_that_keras_fitted():
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, (200, 1)).astype("float32")
    y = 2 * x[:, 0] + 1 + rng.normal(0, 0.1, 200)
    y = np.where(rng.random(200) < 0.1, y + 10, y).astype("float32")
    grid = np.linspace(-1, 1, 101, dtype="float32")[:, None]
    truth = 2 * grid[:, 0] + 1
    results = {}
    for loss in ("mae", "mse"):
        keras.utils.set_random_seed(0)
        line = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
        line.compile(optimizer=keras.optimizers.SGD(0.2), loss=loss)
        history = line.fit(x, y, batch_size=40, epochs=6, verbose=0)
        distance = float(np.mean(np.abs(line.predict(grid, verbose=0)[:, 0] - truth)))
        verdict = check.line_fit(
            history, x_grid=grid, slope=2.0, intercept=1.0, max_distance=0.1, max_epochs=6
        )
        assert bool(verdict) == (distance <= 0.1)
        assert f"{distance:.3f}" in repr(verdict)
        results[loss] = bool(verdict)
    assert results == {"mae": True, "mse": False}  # the outliers pull the MSE line away


def test_line_fit_of_a_diverged_run():
    keras.utils.set_random_seed(0)
    line = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    line.compile(optimizer=keras.optimizers.SGD(1e30), loss="mse")
    x = np.linspace(-1, 1, 20, dtype="float32")[:, None]
    history = line.fit(x, 2 * x + 1e20, epochs=3, verbose=0)
    verdict = check.line_fit(history, x_grid=x, slope=2.0, intercept=1.0, max_distance=0.1)
    assert not verdict and "not all numbers: training diverged" in repr(verdict)


@pytest.mark.parametrize(
    "answer",
    [
        "history",
        3,
        {"epoch": [0]},
        SimpleNamespace(epoch="abc", model=lambda x: x),
        SimpleNamespace(epoch=[0], model=None),
        SimpleNamespace(epoch=[0], model=lambda x: np.zeros((len(x), 2))),
        SimpleNamespace(epoch=[0]),
        keras.callbacks.History(),
    ],
)
def test_line_fit_of_something_else(answer):
    verdict = check.line_fit(answer, x_grid=GRID, slope=2.0, intercept=1.0, max_distance=0.1)
    assert not verdict and repr(verdict).startswith("Your answer should be the History")


def test_line_fit_accepts_a_column_grid_and_refuses_a_bad_question():
    assert check.line_fit(
        _line_run(0.0), x_grid=GRID[:, None], slope=2, intercept=1, max_distance=1
    )
    two = np.array([0.0, 1.0], dtype="float32")  # the fewest points allowed: 1 and 3 exactly
    assert check.line_fit(_line_run(0.0), x_grid=two, slope=2, intercept=1, max_distance=1e-9)
    for grid, shape in (
        ([0.5], "(1,)"),
        ([[1.0, 2.0], [3.0, 4.0]], "(2, 2)"),
        (np.zeros((2, 1, 1)), "(2, 1, 1)"),
    ):
        with pytest.raises(ValueError) as err:
            check.line_fit(None, x_grid=grid, slope=2.0, intercept=1.0, max_distance=0.1)
        assert str(err.value) == (
            f"x_grid must hold at least 2 values of x, shape (n,) or (n, 1), got shape {shape}"
        )
    with pytest.raises(ValueError, match="max_distance must be a finite number > 0"):
        check.line_fit(None, x_grid=GRID, slope=2.0, intercept=1.0, max_distance=0)
    with pytest.raises(ValueError, match="max_epochs must be an integer >= 1"):
        check.line_fit(None, x_grid=GRID, slope=2.0, intercept=1.0, max_distance=1, max_epochs=0)
