"""The counting formulas against what Keras actually runs."""

import math

import numpy as np
import pytest

from course import iterations
from course.iterations import batch_sizes, iterations_per_epoch, training_samples

CASES = [
    (1_000, 100, 0.0),
    (1_000, 300, 0.0),
    (1_000, 1_000, 0.0),
    (1_000, 2_000, 0.0),
    (997, 32, 0.0),
    (1_000, 100, 0.2),
    (1_000, 64, 0.25),
    (101, 10, 0.1),
    (7, 1, 0.0),
]


def test_the_course_plan_examples():
    assert iterations_per_epoch(1_000, 100) == 10
    assert iterations_per_epoch(10_000, 100) == 100


@pytest.mark.parametrize(("n", "b", "split"), CASES)
def test_formula(n, b, split):
    train = math.floor(n * (1 - split))
    assert training_samples(n, split) == train
    assert iterations_per_epoch(n, b, split) == math.ceil(train / b)
    sizes = batch_sizes(n, b, split)
    assert sum(sizes) == train and len(sizes) == math.ceil(train / b)
    assert all(s == b for s in sizes[:-1]) and 0 < sizes[-1] <= b


@pytest.mark.parametrize(("n", "b", "split"), CASES)
def test_matches_keras_optimizer_iterations(n, b, split, tiny_model, random_data):
    model = tiny_model()
    x, y = random_data(n)
    model.fit(x, y, epochs=1, batch_size=b, validation_split=split, verbose=0)
    assert int(model.optimizer.iterations.numpy()) == iterations_per_epoch(n, b, split)


def test_iterations_carry_over_across_fit_calls(tiny_model, random_data):
    model = tiny_model()
    x, y = random_data(250)
    model.fit(x, y, epochs=2, batch_size=100, verbose=0)
    model.fit(x, y, epochs=1, batch_size=100, verbose=0)
    assert int(model.optimizer.iterations.numpy()) == 3 * iterations_per_epoch(250, 100)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"num_samples": 100, "batch_size": 0}, r"batch_size must be an integer >= 1, got 0"),
        ({"num_samples": 0, "batch_size": 10}, r"num_samples must be an integer >= 1"),
        ({"num_samples": 100, "batch_size": 10, "validation_split": 1.0}, r"validation_split"),
        ({"num_samples": 1, "batch_size": 1, "validation_split": 0.5}, r"leaves an empty"),
    ],
)
def test_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        iterations_per_epoch(**kwargs)


def test_no_split_keeps_every_sample_and_a_vanishing_split_is_refused():
    assert training_samples(1_000) == 1_000  # validation_split defaults to 0.0
    # 1e-17 is below float64's resolution near 1: 10 * (1 - 1e-17) is exactly 10, so Keras
    # would keep all 10 samples for training and none for validation
    with pytest.raises(ValueError, match="leaves an empty training or validation set"):
        training_samples(10, validation_split=1e-17)


def test_epoch_counts_a_partial_last_batch_after_a_split_by_hand():
    """1,797 samples, split 0.2: Keras trains on floor(1797 * 0.8) = 1,437; in batches of 32
    that is 44 full batches (1,408) and a last batch of 29: 45 iterations."""
    from course.iterations import epoch_counts

    assert epoch_counts(1_797, 32, 0.2) == {
        "N": 1_797,
        "batch_size": 32,
        "validation_split": 0.2,
        "training samples": 1_437,
        "iterations": 45,
        "last batch": 29,
    }
    with pytest.raises(ValueError, match="batch_size"):
        epoch_counts(100, 0)


def test_shuffled_passes_by_hand():
    # 7 samples, 17 indices: passes of 7, 7 and the first 3 of a third (counted by hand)
    order = iterations.shuffled_passes(7, 17, seed=3)
    assert len(order) == 17
    assert sorted(order[:7].tolist()) == list(range(7))
    assert sorted(order[7:14].tolist()) == list(range(7))
    assert len(set(order[14:].tolist())) == 3  # no repeat within a pass
    counts = np.bincount(order, minlength=7)
    assert sorted(counts.tolist()) == [2, 2, 2, 2, 3, 3, 3]
    # the same seed gives the same order; another seed another
    assert (iterations.shuffled_passes(7, 17, seed=3) == order).all()
    assert not (iterations.shuffled_passes(7, 17, seed=4) == order).all()
    # one pass, cut short
    short = iterations.shuffled_passes(10, 4, seed=0)
    assert len(set(short.tolist())) == 4 and short.max() < 10


def test_shuffled_passes_makes_exact_full_updates_in_one_fit(tiny_model, random_data):
    model = tiny_model()
    x, y = random_data(40)  # 96 indices: 2 passes of 40 and 16 more, 6 batches of 16
    order = iterations.shuffled_passes(len(x), 6 * 16, seed=0)
    model.fit(x[order], y[order], epochs=1, batch_size=16, shuffle=False, verbose=0)
    assert int(model.optimizer.iterations) == 6


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"num_samples": 0, "length": 3}, "num_samples"),
        ({"num_samples": 5, "length": 0}, "length"),
        ({"num_samples": 5, "length": 3, "seed": -1}, "seed"),
        ({"num_samples": 2.5, "length": 3}, "num_samples"),
    ],
)
def test_shuffled_passes_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        iterations.shuffled_passes(**kwargs)
