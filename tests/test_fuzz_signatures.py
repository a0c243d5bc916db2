"""The fuzz generated from the signatures (tests/fuzz.py): every public callable, given a value
its type hint rules out, raises a clear error naming the argument before any update, and every
check, given any learner object, returns a verdict that is not "correct", in time.

Cases that still fail are listed in tests/fuzz_known.txt with who fixes them, and run as strict
xfails: a fix makes its case pass, and the suite then asks for the line to be removed.
"""

import fuzz  # tests/fuzz.py (not "from tests": Colab's IPython ships a "tests" package)
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course.datasets import DatasetUnavailableError

KIT = fuzz.Kit()
KNOWN = fuzz.known()
CASES = fuzz.cases()
CHECK_CASES = fuzz.check_cases()


def _params(cases):
    out = []
    for case in cases:
        reason = KNOWN.get(case.id)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        out.append(pytest.param(case, id=case.id, marks=marks))
    return out


def test_every_public_callable_has_a_good_call():
    missing = fuzz.missing_good_calls()
    assert not missing, "; ".join(
        f"add a good call for {name} to _own_good_calls in tests/fuzz.py (or a reason to EXEMPT)"
        for name in missing
    )


def test_a_new_public_function_joins_the_fuzz(monkeypatch):
    import course.iterations

    def brand_new(count: int) -> int:
        return count

    brand_new.__module__ = "course.iterations"
    monkeypatch.setattr(course.iterations, "brand_new", brand_new, raising=False)
    assert "iterations.brand_new" in fuzz.missing_good_calls()


def test_bad_values_come_from_the_hints():
    values = [fuzz.describe(v) for v in fuzz.bad_values(int)]
    assert {"True", "nan", "-1", "10**400", "'3'", "None"} <= set(values)
    assert "None" not in [fuzz.describe(v) for v in fuzz.bad_values(int | None)]
    assert "'loss'" not in [fuzz.describe(v) for v in fuzz.bad_values(str | list[str])]
    assert {"<__len__ raises>", "<__repr__ raises>"} <= set(values)


def test_the_cases_cover_every_documented_module_and_check():
    names = {case.name for case in CASES}
    modules = {name.split(".")[0] for name in names}
    assert {m.removeprefix("course.") for m in fuzz.documented_modules()} <= modules | {"text"}
    assert {n for n in fuzz.checks() if n not in fuzz.EXEMPT} <= {c.name for c in CHECK_CASES}
    assert len({case.id for case in CASES}) == len(CASES), "two cases share an id"


def test_the_known_list_names_only_cases_that_exist():
    ids = {case.id for case in CASES} | {case.id for case in CHECK_CASES}
    assert not set(KNOWN) - ids, sorted(set(KNOWN) - ids)[:5]


@pytest.mark.parametrize("name", sorted(fuzz.good_calls()))
def test_the_good_call_works(name):
    if name not in {**fuzz.public_callables(), **fuzz.checks()}:
        pytest.skip(f"{name} is in the hand list only")
    case = fuzz.Case(name, "-", 0, None)
    arguments = fuzz._good_arguments(case.name, KIT)
    with fuzz.time_limit(30):
        try:
            fuzz._lookup(name)(**arguments)
        except DatasetUnavailableError:
            pytest.skip("offline: MNIST is downloaded")
        except NotImplementedError as err:  # course.gradients on another backend, as it says
            if "needs the TensorFlow backend" not in str(err):
                raise
            pytest.skip(f"TensorFlow only: {err}")


@pytest.mark.parametrize("case", _params(CASES))
def test_a_bad_value_gets_a_clear_error(case):
    kind, message = fuzz.outcome(case, KIT)
    assert kind in ("clear", "legal"), f"{kind}: {message}"


@pytest.mark.parametrize("case", _params(CHECK_CASES))
def test_a_check_judges_any_learner_object(case):
    kind, message = fuzz.check_outcome(case)
    assert kind == "returns", f"{kind}: {message}"


# Integers the hints rule out, drawn by Hypothesis (derandomized: the same examples each run),
# for the counting helpers and the checks' questions, whose every int argument is a count.
INT_ARGUMENTS = sorted(
    (case.name, case.argument)
    for case in CASES
    if case.name.split(".")[0] in ("iterations", "check")
    and fuzz.kinds(fuzz._hints(fuzz._lookup(case.name)).get(case.argument))[0] == ["int"]
    and case.index == 0
    and not any(key[:2] == (case.name, case.argument) for key in map(fuzz.key_of, KNOWN))
)


@pytest.mark.parametrize(("name", "argument"), INT_ARGUMENTS)
@settings(
    derandomize=True, max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(
    value=st.one_of(
        st.integers(max_value=-1),
        st.integers(min_value=2**63, max_value=10**500),
        st.floats().filter(lambda f: not f.is_integer()),
        st.booleans(),
        st.text(max_size=3),
    )
)
def test_generated_integers_get_a_clear_error(name, argument, value):
    kind, message = fuzz.outcome(fuzz.Case(name, argument, -1, value), KIT)
    assert kind in ("clear", "legal"), f"{kind}: {message}"
