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


# The lessons' own questions, whose sizes do NOT divide evenly: an answer that forgets the
# partial last batch must be judged wrong. Truth by hand, written out.
def test_epoch_fraction_of_lesson_01_counts_the_partial_batch():
    # 1,079 samples in batches of 32: 33 full batches + 23 = 34 iterations per epoch.
    # Iteration 50 = one whole epoch + 16 batches of 32 = 1 + 512 / 1,079.
    kwargs = {"iteration": 50, "num_samples": 1_079, "batch_size": 32}
    assert check.epoch_fraction(1 + 512 / 1_079, **kwargs)
    assert check.epoch_fraction(1.4745, **kwargs)
    assert not check.epoch_fraction(50 * 32 / 1_079, **kwargs)  # 1.483: no partial batch
    assert not check.epoch_fraction(50 / 34, **kwargs)  # 1.471: iterations, not samples
    # with a split: 1,000 x 0.8 = 800 samples, batches of 300: 300 + 300 + 200
    split = {"iteration": 5, "num_samples": 1_000, "batch_size": 300, "validation_split": 0.2}
    assert check.epoch_fraction(1 + 600 / 800, **split)
    assert not check.epoch_fraction(1 + 2 / 3, **split)


def test_total_iterations_of_lesson_01_rounds_each_epoch_up():
    # 60,000 / 128 = 468.75: 469 iterations per epoch, 4,690 in 10 epochs
    kwargs = {"num_samples": 60_000, "batch_size": 128, "epochs": 10}
    assert check.total_iterations(4_690, **kwargs)
    assert "469 iterations per epoch x 10 epochs = 4,690 updates" in repr(
        check.total_iterations(4_690, **kwargs)
    )
    for wrong in (4_687.5, 4_688, 4_680, 469):
        assert not check.total_iterations(wrong, **kwargs), wrong


def test_iterations_per_epoch_of_lesson_01_with_a_split():
    # 1,797 x 0.8 = 1,437.6: Keras keeps floor = 1,437 samples; ceil(1,437 / 64) = 23
    kwargs = {"num_samples": 1_797, "batch_size": 64, "validation_split": 0.2}
    verdict = check.iterations_per_epoch(23, **kwargs)
    assert verdict and "leaves 1,437 for training" in repr(verdict)
    assert not check.iterations_per_epoch(22, **kwargs)  # rounded down
    assert not check.iterations_per_epoch(29, **kwargs)  # the whole data set


def test_last_batch_size_is_the_remainder():
    assert check.last_batch_size(23, num_samples=1_079, batch_size=32)
    assert not check.last_batch_size(32, num_samples=1_079, batch_size=32)
    assert "holds 23 of the 1,079 samples" in repr(
        check.last_batch_size(23, num_samples=1_079, batch_size=32)
    )


def test_true_is_not_the_answer_one():
    assert not check.iterations_per_epoch(True, num_samples=100, batch_size=100)
    assert not check.last_batch_size(True, num_samples=101, batch_size=100)
    assert check.last_batch_size(1, num_samples=101, batch_size=100)


def test_numbers_written_as_a_learner_writes_them():
    kwargs = {"num_samples": 60_000, "batch_size": 128, "epochs": 10}
    assert check.total_iterations("4_690", **kwargs) and check.total_iterations(" 4,690 ", **kwargs)
    assert check.total_iterations(np.int64(4_690), **kwargs)
    assert not check.total_iterations("4,69,0", **kwargs)  # not a thousands separator
    for odd in (float("inf"), float("nan"), "inf", 10**400):
        assert "should be a number" in repr(check.total_iterations(odd, **kwargs)), odd


def test_noise_ratio_and_expected_noise_at_the_smallest_sample():
    from course import gradients

    # two samples, batches of one without replacement: sigma^2 / 1 * (2 - 1) / (2 - 1)
    assert gradients.expected_noise(3.0, 1, num_samples=2) == 3.0
    assert check.noise_ratio(1, batch_size=1, other_batch_size=1, num_samples=2)
    with pytest.raises(ValueError, match="num_samples must be an integer >= 2"):
        gradients.expected_noise(3.0, 1, num_samples=1)
