"""course.claims: what a comparison shows, in words, and the verdict on a claim.

The expected values are worked out by hand (means and spreads of small uneven lists), never from
the module's own code."""

import numpy as np
import pytest
from fuzz import HOSTILE  # tests/fuzz.py's hostile objects

from course.claims import decide, outcome, shows, verdict
from course.seeds import CLOSE_CALL, compare


def test_a_real_rise_shows_higher_only():
    # means 1.1 and 1.35: difference 0.25; spreads 0.2 and 0.1: the larger, 0.2, is smaller
    c = compare([1.0, 1.1, 1.2], [1.3, 1.35, 1.4], metric="loss")
    assert shows(c, "higher") is True
    assert shows(c, "lower") is False
    assert shows(c, "no difference") is False


def test_a_real_fall_shows_lower_only():
    # means 2.0 and 0.5, spreads 1.0 each: b is lower by 1.5 > 1.0
    c = compare([1.5, 2.5], [0.0, 1.0], metric="loss")
    assert shows(c, "lower") is True
    assert shows(c, "higher") is False
    assert shows(c, "no difference") is False


def test_a_difference_equal_to_the_spread_is_no_difference():
    # means 0.5 and 1.5: difference exactly 1.0, spreads exactly 1.0: not more than the spread
    up = compare([0.0, 1.0], [1.0, 2.0], metric="loss")
    down = compare([1.0, 2.0], [0.0, 1.0], metric="loss")
    for c in (up, down):
        assert shows(c, "no difference") is True
        assert shows(c, "higher") is False
        assert shows(c, "lower") is False


def test_equal_results_show_no_difference():
    c = compare([0.3, 0.3], [0.3, 0.3], metric="acc")
    assert shows(c, "no difference") and not shows(c, "higher") and not shows(c, "lower")


def test_a_tiny_real_difference_counts():
    # spread 0 on both sides: any difference is more than the spread
    c = compare([0.5, 0.5], [0.5001, 0.5001], metric="acc")
    assert shows(c, "higher") and not shows(c, "no difference")


@pytest.mark.parametrize(
    ("holds", "expected"),
    [
        ([True], "true"),
        ([True, True, True], "true"),
        ([False], "false"),
        ([False, False], "false"),
        ([True, False], "depends: on the batch size"),
        ([False, True, True], "depends: on the batch size"),
        ((True, False), "depends: on the batch size"),
        (np.array([True, True]), "true"),
        ([np.bool_(False), np.bool_(True)], "depends: on the batch size"),
    ],
)
def test_verdict(holds, expected):
    assert verdict(holds, depends_on="on the batch size") == expected


def test_verdict_trims_what_it_depends_on():
    assert verdict([True, False], depends_on="  on the seed \n") == "depends: on the seed"


@pytest.mark.parametrize("holds", [[], "ab", None, 3, [1, 0], [True, None], {"a": True}])
def test_verdict_refuses_what_is_not_a_list_of_booleans(holds):
    with pytest.raises(ValueError, match="holds must be"):
        verdict(holds, depends_on="on the seed")


@pytest.mark.parametrize("depends_on", ["", "   ", None, 3])
def test_verdict_needs_what_it_depends_on(depends_on):
    with pytest.raises(ValueError, match="depends_on must be a non-empty string"):
        verdict([True], depends_on=depends_on)


def test_shows_refuses_other_objects_and_unknown_expectations():
    with pytest.raises(ValueError, match="comparison must be what course.seeds.compare"):
        shows((0.1, 0.2), "higher")
    c = compare([0.1, 0.2], [0.3, 0.4], metric="acc")
    with pytest.raises(ValueError, match="expected must be one of"):
        shows(c, "bigger")


@pytest.mark.parametrize(
    ("a", "b", "expected", "words"),
    [
        # means 1.1 and 1.35, spread 0.2: b really higher
        ([1.0, 1.1, 1.2], [1.3, 1.35, 1.4], "higher", "as claimed"),
        ([1.0, 1.1, 1.2], [1.3, 1.35, 1.4], "lower", "the opposite"),
        ([1.0, 1.1, 1.2], [1.3, 1.35, 1.4], "no difference", "a real difference"),
        # means 2.0 and 0.5, spread 1.0: b really lower
        ([1.5, 2.5], [0.0, 1.0], "higher", "the opposite"),
        ([1.5, 2.5], [0.0, 1.0], "lower", "as claimed"),
        # means 1.25 and 1.75, spread 0.5: a difference equal to the spread is not real
        ([1.0, 1.5], [1.5, 2.0], "higher", "no evidence of a difference"),
        ([1.0, 1.5], [1.5, 2.0], "lower", "no evidence of a difference"),
        # a null result does not show that there is no difference
        ([1.0, 1.5], [1.5, 2.0], "no difference", "no evidence of a difference"),
    ],
)
def test_outcome_in_words(a, b, expected, words):
    assert outcome(compare(a, b, metric="loss"), expected) == words


def test_outcome_refuses_what_shows_refuses():
    c = compare([1.0, 2.0], [1.0, 2.0], metric="loss")
    with pytest.raises(ValueError, match="expected must be one of"):
        outcome(c, "bigger")
    with pytest.raises(ValueError, match="comparison must be what course.seeds.compare"):
        outcome("B=8 is better", "higher")


def test_the_errors_name_what_was_given():
    returns = r"course.seeds.compare\(a, b, metric=...\) returns, got tuple$"
    with pytest.raises(ValueError, match=returns):
        shows((0.1, 0.2), "higher")
    with pytest.raises(ValueError, match=r"one per test, got int$"):
        verdict(3, depends_on="on the seed")
    message = r"non-empty list of True/False, one per test, e\.g\. \[True, False\], got \[1, 0\]$"
    with pytest.raises(ValueError, match=message):
        verdict([1, 0], depends_on="on the seed")


def test_outcome_with_the_close_call_band():
    # means 1.05 and 1.15: difference 0.1; spread 0.1; 0.1/1.25 = 0.08 < 0.1 <= 0.125: too close
    close = compare([1.0, 1.1], [1.1, 1.2], metric="loss", band=CLOSE_CALL)
    assert outcome(close, "higher") == "too close to call"
    assert outcome(close, "no difference") == "too close to call"
    # means 1.05 and 1.075: difference 0.025 < 0.08: no evidence
    null = compare([1.0, 1.1], [1.0, 1.15], metric="loss", band=CLOSE_CALL)
    assert outcome(null, "lower") == "no evidence of a difference"
    # means 1.05 and 1.25: difference 0.2 > 0.125: real, b higher
    real = compare([1.0, 1.1], [1.2, 1.3], metric="loss", band=CLOSE_CALL)
    assert outcome(real, "higher") == "as claimed"
    assert outcome(real, "lower") == "the opposite"


@pytest.mark.parametrize(
    ("outcomes", "expected"),
    [
        (["as claimed"], "true"),
        (["as claimed", "as claimed", "as claimed"], "true"),
        (["the opposite"], "false"),
        (["a real difference", "the opposite"], "false"),
        (["no evidence of a difference"], "undecided: no evidence of a difference"),
        (
            ["too close to call", "no evidence of a difference"],
            "undecided: too close to call; no evidence of a difference",
        ),
        (["as claimed", "the opposite"], "depends: on the budget"),
        (["as claimed", "a real difference", "too close to call"], "depends: on the budget"),
        (["as claimed", "no evidence of a difference"], "partly true: 1 of 2 tests; 1 undecided"),
        (
            ["as claimed", "as claimed", "too close to call"],
            "partly true: 2 of 3 tests; 1 undecided",
        ),
        (
            ["too close to call", "the opposite", "no evidence of a difference"],
            "partly false: 1 of 3 tests; 2 undecided",
        ),
        (("the opposite", "as claimed"), "depends: on the budget"),
    ],
)
def test_decide(outcomes, expected):
    assert decide(outcomes, depends_on=" on the budget ") == expected


def test_decide_on_real_comparisons():
    up = compare([1.0, 1.1, 1.2], [1.3, 1.35, 1.4], metric="loss")  # b really higher
    flat = compare([1.0, 1.5], [1.5, 2.0], metric="loss")  # difference equal to the spread
    words = [outcome(up, "higher"), outcome(flat, "higher")]
    assert decide(words, depends_on="on x") == "partly true: 1 of 2 tests; 1 undecided"
    assert decide([outcome(up, "lower")], depends_on="on x") == "false"


@pytest.mark.parametrize(
    "outcomes", [[], "as claimed", None, 3, [True], ["as claimed", "maybe"], {"a": 1}]
)
def test_decide_refuses_what_is_not_a_list_of_outcomes(outcomes):
    with pytest.raises(ValueError, match="outcomes must be"):
        decide(outcomes, depends_on="on the seed")


@pytest.mark.parametrize("depends_on", ["", "  ", None, 3])
def test_decide_needs_what_it_depends_on(depends_on):
    with pytest.raises(ValueError, match="depends_on must be a non-empty string"):
        decide(["as claimed"], depends_on=depends_on)


def test_a_broken_repr_is_named_not_raised():
    broken = HOSTILE[3]
    with pytest.raises(ValueError, match=r"^depends_on must be .*, got <BadRepr object>$"):
        verdict([True, False], depends_on=broken)
    with pytest.raises(ValueError, match=r"^depends_on must be .*, got <BadRepr object>$"):
        decide(["as claimed"], depends_on=broken)
    with pytest.raises(ValueError, match=r"^holds must be a non-empty list of True/False"):
        verdict([True, broken], depends_on="on the budget")
    with pytest.raises(ValueError, match=r"^outcomes must be a non-empty list of"):
        decide(["as claimed", broken], depends_on="on the budget")
