"""Exercise checks answer every kind of answer without raising; bad questions raise."""

import numpy as np
import pytest

from course import check


@pytest.mark.parametrize(
    ("func", "kwargs", "right", "wrong"),
    [
        (check.iterations_per_epoch, {"num_samples": 1_000, "batch_size": 300}, 4, 3),
        (
            check.iterations_per_epoch,
            {"num_samples": 1_000, "batch_size": 100, "validation_split": 0.2},
            8,
            10,
        ),
        (check.total_iterations, {"num_samples": 1_000, "batch_size": 100, "epochs": 5}, 50, 10),
        (check.last_batch_size, {"num_samples": 1_000, "batch_size": 300}, 100, 300),
        (check.last_batch_size, {"num_samples": 1_000, "batch_size": 100}, 100, 0),
        (check.epoch_fraction, {"iteration": 15, "num_samples": 1_000, "batch_size": 100}, 1.5, 15),
    ],
)
def test_right_wrong_and_unanswered(func, kwargs, right, wrong):
    assert func(right, **kwargs).correct
    assert func(str(right), **kwargs).correct  # "4" counts as 4
    verdict = func(wrong, **kwargs)
    assert not verdict and repr(verdict).startswith("Not quite") and "Hint:" in repr(verdict)
    assert repr(func(None, **kwargs)).startswith("Not answered yet")
    assert "should be a number" in repr(func("ten", **kwargs))
    assert not func([1, 2], **kwargs)


def test_thousands_separators_are_accepted():
    assert check.total_iterations("1,000", num_samples=10_000, batch_size=100, epochs=10)


def test_a_bad_question_raises_naming_the_argument():
    with pytest.raises(ValueError, match="batch_size must be an integer >= 1"):
        check.iterations_per_epoch(3, num_samples=10, batch_size=0)
    with pytest.raises(ValueError, match="epochs must be an integer >= 1"):
        check.total_iterations(3, num_samples=10, batch_size=1, epochs=0)


def test_backend_check():
    import keras

    assert check.backend(keras.backend.backend().upper())
    assert not check.backend("theano")
    assert repr(check.backend(None)).startswith("Not answered yet")


def test_identical_weights_check():
    w = [np.ones((2, 2)), np.zeros(2)]
    assert check.identical_weights(w, [a.copy() for a in w])
    differ = check.identical_weights(w, [np.ones((2, 2)), np.full(2, 0.5)])
    assert not differ and "largest difference 0.5" in repr(differ)
    assert not check.identical_weights(w, [np.ones((3, 2)), np.zeros(2)])
    assert not check.identical_weights(None, w)
    assert not check.identical_weights(5, w)
