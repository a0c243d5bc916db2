"""The one set of argument checks: every message names the argument and what is allowed."""

import math

import numpy as np
import pandas as pd
import pytest
from fuzz import HOSTILE, BadRepr  # tests/fuzz.py's hostile objects
from hypothesis import given
from hypothesis import strategies as st

from course.validation import (
    MAX_COUNT,
    check_bool,
    check_choice,
    check_curve,
    check_finite_array,
    check_fraction,
    check_int,
    check_int_list,
    check_noise_table,
    check_number,
    check_same_length,
    check_shape,
    check_training_metrics,
    is_number,
)


@pytest.mark.parametrize("bad", [0, -1, 1.5, "3", True, np.bool_(True), None, [1], float("nan")])
def test_int_rejects_with_name_and_range(bad):
    with pytest.raises(ValueError, match=r"^batch_size must be an integer >= 1, got "):
        check_int("batch_size", bad)


@pytest.mark.parametrize("good", [3, np.int64(3), np.uint8(3), np.int32(3)])
def test_int_accepts_numpy_ints(good):
    assert check_int("epochs", good) == 3 and type(check_int("epochs", good)) is int


def test_int_range_messages():
    with pytest.raises(ValueError, match=r"^epoch must be an integer from 1 to 5, got 6$"):
        check_int("epoch", 6, minimum=1, maximum=5)
    with pytest.raises(ValueError, match=r"^seed must be an integer >= 0, got -1$"):
        check_int("seed", -1, minimum=0)


@given(st.integers(min_value=-(10**30), max_value=10**30))
def test_int_accepts_exactly_the_integers_in_range(value):
    if 1 <= value <= MAX_COUNT:
        assert check_int("n", value) == value
    elif value > MAX_COUNT:  # 10**400 epochs is a typo: refused here, not deep in NumPy
        with pytest.raises(ValueError, match="n must be an integer of at most"):
            check_int("n", value)
    else:
        with pytest.raises(ValueError, match="n must be an integer >= 1"):
            check_int("n", value)


def test_messages_survive_a_broken_repr_and_an_object_whose_attributes_raise():
    class Broken:
        def __repr__(self):
            raise RuntimeError("no repr")

        def __getattr__(self, name):
            raise ZeroDivisionError(name)

    with pytest.raises(ValueError, match="^epochs must be an integer >= 1, got <Broken object>"):
        check_int("epochs", Broken())
    with pytest.raises(ValueError, match="^x must be an array of numbers"):
        check_finite_array("x", Broken())
    with pytest.raises(ValueError, match="^val_loss must be a flat list"):
        check_curve("val_loss", Broken())


@pytest.mark.parametrize(
    "bad", [float("nan"), float("inf"), -float("inf"), "0.1", True, None, 10**400]
)
def test_number_refuses_nan_inf_strings_bools_and_overflow(bad):
    with pytest.raises(ValueError, match=r"^min_delta must be a finite number >= 0, got "):
        check_number("min_delta", bad, minimum=0)


def test_number_bounds_and_numpy_scalars():
    assert check_number("lr", np.float32(0.5), minimum=0, exclusive_minimum=True) == 0.5
    with pytest.raises(ValueError, match=r"lr must be a finite number > 0 and <= 1, got 0"):
        check_number("lr", 0, minimum=0, maximum=1, exclusive_minimum=True)


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_number_accepts_exactly_the_finite_floats(value):
    if math.isfinite(value):
        assert check_number("x", value) == value
    else:
        with pytest.raises(ValueError, match="x must be a finite number"):
            check_number("x", value)


@pytest.mark.parametrize("bad", [-0.1, 1.0, 2, "0.2", float("nan"), True])
def test_fraction_rejects(bad):
    with pytest.raises(ValueError, match=r"^validation_split must be a number with 0 <= "):
        check_fraction("validation_split", bad)


def test_choice_lists_allowed_values():
    with pytest.raises(ValueError, match=r"^name must be one of 'a', 'b', got 'c'$"):
        check_choice("name", "c", ["a", "b"])
    with pytest.raises(ValueError, match=r"^name must be one of 'a', 'b', got \['a'\]$"):
        check_choice("name", ["a"], ["a", "b"])  # unhashable: still the usual message


def test_bool():
    assert check_bool("replace", np.bool_(False)) is False
    with pytest.raises(ValueError, match="^replace must be True or False, got 1$"):
        check_bool("replace", 1)


@pytest.mark.parametrize("bad", [[], "16", 16, [16, 0], [16, 2.5], [[16]], None, np.array(32)])
def test_int_list(bad):
    with pytest.raises(ValueError, match="batch_sizes"):
        check_int_list("batch_sizes", bad)


def test_int_list_accepts_tuples_and_arrays():
    assert check_int_list("b", np.array([1, 4])) == [1, 4]


@pytest.mark.parametrize("bad", [(), (True,), (8, 0), "64", 64, (8.0, 8.0), None])
def test_shape(bad):
    with pytest.raises(ValueError, match="^input_shape must be a tuple of positive integers"):
        check_shape("input_shape", bad)
    with pytest.raises(
        ValueError, match=r"must be a tuple of 3 positive integers such as \(8, 8, 1\)"
    ):
        check_shape("input_shape", (8, 8), ndim=3)


def test_finite_array_names_nan_count():
    with pytest.raises(ValueError, match=r"x must hold finite numbers only; it contains 2 NaN"):
        check_finite_array("x", [1.0, np.nan, np.inf])
    with pytest.raises(ValueError, match=r"x must hold at least one sample"):
        check_finite_array("x", [])
    with pytest.raises(ValueError, match=r"x must be an array of numbers"):
        check_finite_array("x", ["a", "b"])
    with pytest.raises(ValueError) as err:
        check_finite_array("x", ["a", "b"])
    assert str(err.value) == "x must be an array of numbers, got ['a', 'b']"
    with pytest.raises(ValueError) as err:
        check_finite_array("x", [[1, 2], [3]])
    assert str(err.value) == "x must be an array of numbers, got [[1, 2], [3]]"
    assert check_finite_array("mask", [True, False]).tolist() == [True, False]  # bools count


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ([], "one number per epoch, got an empty list"),
        (0.5, "a list with one number per epoch"),
        ("0.5", "a list with one number per epoch"),
        ([[0.5, 0.4]], "a flat list"),
        ([[0.5, 0.4], [0.3]], "a flat list with one number per epoch, got nested lists"),
        ([0.5, float("nan")], "finite numbers only"),
    ],
)
def test_curve(bad, message):
    with pytest.raises(ValueError, match=message):
        check_curve("val_loss", bad)


def test_curve_message_shows_the_value_given():
    with pytest.raises(ValueError) as err:
        check_curve("val_loss", 0.5)
    assert str(err.value) == (
        "val_loss must be a list with one number per epoch such as [0.9, 0.7, 0.8], got 0.5"
    )


def test_same_length_reports_both_lengths():
    with pytest.raises(ValueError) as err:
        check_same_length(x=[1, 2, 3], y=[1, 2], w=[1, 2])
    assert str(err.value) == (
        "x and y and w must have the same length, got len(x) = 3, len(y) = 2, len(w) = 2"
    )
    with pytest.raises(ValueError) as err:
        check_same_length(x=5, y=[1])
    assert str(err.value) == "x must be an array of samples, got 5"


def test_is_number():
    assert [is_number(v) for v in (1, 1.5, np.float64(2), np.int8(1))] == [True] * 4
    assert [is_number(v) for v in (True, "1", None, [1], np.bool_(True))] == [False] * 5


def test_a_long_value_is_cut_to_80_characters_in_the_message():
    from course.validation import check_int

    exactly_80 = "x" * 78  # its repr, quotes included, is 80 characters: shown whole
    with pytest.raises(ValueError) as err:
        check_int("epochs", exactly_80)
    assert str(err.value) == f"epochs must be an integer >= 1, got '{exactly_80}'"
    with pytest.raises(ValueError) as err:
        check_int("epochs", "y" * 79)  # 81 characters: the first 77, then "..."
    assert str(err.value) == "epochs must be an integer >= 1, got '" + "y" * 76 + "..."


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: check_int("n", 3, minimum="3"),
            r"^minimum must be an integer from -9,2.* or None",
        ),
        (lambda: check_int("n", 3, minimum=True), r"^minimum must be an integer"),
        (lambda: check_int("n", 3, maximum=float("inf")), r"^maximum must be an integer"),
        (lambda: check_int("n", 3, maximum=10**400), r"^maximum must be an integer"),
        (lambda: check_int("n", 3, maximum=np.array(3)), r"^maximum must be an integer"),
        (lambda: check_int("n", 3, maximum=-1), r"^maximum must be at least minimum=1, got -1$"),
        (lambda: check_number("x", 0.5, minimum=float("nan")), r"^minimum must be a finite number"),
        (lambda: check_number("x", 0.5, maximum=True), r"^maximum must be a finite number or None"),
        (lambda: check_number("x", 0.5, minimum=1, maximum=0), r"^maximum must be at least"),
        (lambda: check_number("x", 0.5, exclusive_minimum="yes"), r"^exclusive_minimum must be"),
        (lambda: check_fraction("p", 0.5, allow_zero=None), r"^allow_zero must be True or False"),
        (lambda: check_fraction("p", 0.5, allow_one=2), r"^allow_one must be True or False"),
        (lambda: check_choice("mode", "min", ""), r"^allowed must be a non-empty list of strings"),
        (lambda: check_choice("mode", "min", [3]), r"^allowed must be a non-empty list"),
        (lambda: check_choice("mode", "min", [None]), r"^allowed must be a non-empty list"),
        (lambda: check_int_list("b", [16], minimum=None), r"^minimum must be an integer from"),
        (lambda: check_int_list("b", [16], example=3), r"^example must be a string"),
        (lambda: check_int_list("b", [16], allow_empty=0.5), r"^allow_empty must be True or"),
        (lambda: check_shape("s", (8,), ndim=1.5), r"^ndim must be an integer >= 1, got 1.5$"),
        (lambda: check_shape("s", (8,), ndim=-1), r"^ndim must be an integer >= 1, got -1$"),
    ],
)
def test_a_validators_own_range_arguments_are_checked(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_a_negative_minimum_is_a_range():
    assert check_int("offset", -1, minimum=-1) == -1
    assert check_int_list("offsets", [-1, 0], minimum=-1) == [-1, 0]
    assert check_number("x", -0.5, minimum=-1.0, maximum=np.float32(0.5)) == -0.5


@pytest.mark.parametrize("hostile", HOSTILE, ids=[type(h).__name__ for h in HOSTILE])
def test_hostile_objects_as_a_validators_own_arguments_are_named(hostile):
    with pytest.raises(TypeError, match=r"^allowed must be a non-empty list of strings"):
        check_choice("mode", "min", hostile)
    with pytest.raises(ValueError, match=r"^allow_zero must be True or False, got <"):
        check_fraction("p", 0.5, allow_zero=hostile)
    with pytest.raises(ValueError, match=r"^ndim must be an integer >= 1, got <"):
        check_shape("s", (8,), ndim=hostile)
    with pytest.raises(ValueError, match=r"^metrics must be a non-empty tuple"):
        check_training_metrics(hostile)


def test_a_name_whose_repr_raises_is_formatted_only_for_an_error():
    table = pd.DataFrame({"batch_size": [1, 2], "noise": [2.1, 0.9], "noise_sem": [0.1, 0.1]})
    assert check_int_list(BadRepr(), [16, 64]) == [16, 64]
    assert check_noise_table(BadRepr(), table) is table
    with pytest.raises(ValueError, match=r"^measured's noise column must hold finite numbers"):
        check_noise_table("measured", table.assign(noise=[2.1, float("nan")]))
    with pytest.raises(ValueError, match=r"^each entry of sizes must be an integer >= 1, got 0$"):
        check_int_list("sizes", [16, 0])


@pytest.mark.parametrize("ragged", [[[1], [2, 3]], [16, [2]], np.array([[1, 2]])])
def test_int_list_names_a_nested_entry(ragged):
    with pytest.raises(ValueError, match=r"^(each entry of )?sizes must be"):
        check_int_list("sizes", ragged)


def test_training_metrics_names_the_argument_it_checks():
    assert check_training_metrics(["loss"], name="curves") == ("loss",)
    with pytest.raises(ValueError, match=r"^curves must be a non-empty tuple of metric names"):
        check_training_metrics("loss", name="curves")
    with pytest.raises(ValueError, match=r"^each entry of curves must be a training metric"):
        check_training_metrics(["val_loss"], name="curves")
