"""Lesson 02 checks: right, wrong, unanswered and badly typed answers never raise."""

import pytest

from course import check
from course.check import lesson02_batch_size as batch_size


def test_all_is_accurate_and_exported():
    assert sorted(batch_size.__all__) == ["noise_ratio", "scaled_learning_rate", "update_ratio"]
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
