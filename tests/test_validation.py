import numpy as np
import pytest

from course.validation import (
    check_choice,
    check_finite_array,
    check_fraction,
    check_positive_int,
    check_same_length,
)


@pytest.mark.parametrize("bad", [0, -1, 1.5, "3", True, None])
def test_positive_int_rejects_with_name_and_range(bad):
    with pytest.raises(ValueError, match=r"batch_size must be an integer >= 1"):
        check_positive_int("batch_size", bad)


def test_positive_int_accepts_numpy_ints():
    assert check_positive_int("epochs", np.int64(3)) == 3


@pytest.mark.parametrize("bad", [-0.1, 1.0, 2, "0.2", float("nan")])
def test_fraction_rejects(bad):
    with pytest.raises(ValueError, match=r"validation_split must be a number with 0 <= "):
        check_fraction("validation_split", bad)


def test_choice_lists_allowed_values():
    with pytest.raises(ValueError, match=r"name must be one of 'a', 'b'; got 'c'"):
        check_choice("name", "c", ["a", "b"])


def test_finite_array_names_nan_count():
    with pytest.raises(ValueError, match=r"x contains 2 NaN or infinite"):
        check_finite_array("x", [1.0, np.nan, np.inf])
    with pytest.raises(ValueError, match=r"x is empty"):
        check_finite_array("x", [])


def test_same_length_reports_both_lengths():
    with pytest.raises(ValueError, match=r"x and y must have the same length; got len\(x\) = 3"):
        check_same_length(x=[1, 2, 3], y=[1, 2])
