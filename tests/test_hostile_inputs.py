"""Every public helper, given a bad argument, raises the promised error before any training:
a ValueError naming the argument and what is allowed (cases in tests/hostile.py)."""

import hostile  # tests/hostile.py (not "from tests": Colab's IPython ships a "tests" package)
import pytest

CASES = hostile.cases()


def test_the_harness_covers_every_helper_family():
    helpers = {case.helper.split(".")[0] for case in CASES}
    families = {"iterations", "datasets", "models", "curves", "stopping", "history", "plots"}
    families |= {"timing", "gradients", "callbacks", "check", "paths", "env", "progress"}
    families |= {"seeds"}
    assert families <= helpers
    assert len(CASES) >= 500


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input_gets_the_promised_error(case):
    kind, message = hostile.outcome(case)
    assert kind == "promised", f"{kind}: {message}"


def _raises(message):
    def helper(**_):
        raise ValueError(message)

    return helper


@pytest.mark.parametrize(
    ("value", "message", "kind"),
    [
        (3, "size must be an integer >= 1, got 3", "promised"),
        (None, "size must be an integer >= 1, got None", "promised"),
        (3, "size must be an integer >= 1, got None", "unclear"),  # misreports the value
        ((1, 2), "size must be a number, got NoneType", "unclear"),
        (3, "the size is wrong", "unclear"),  # names no allowed value
        (3, "batch_size must be an integer >= 1, got 3", "unclear"),  # another argument
    ],
)
def test_the_harness_tells_a_promised_error_from_an_unclear_one(value, message, kind):
    case = hostile.Case("fake", "size", value, lambda _: _raises(message)())
    assert hostile.outcome(case)[0] == kind
