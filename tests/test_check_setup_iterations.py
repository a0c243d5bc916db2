"""Checks of lessons 00 and 01 that judge what a learner trained: identical_weights (same seed,
different seeds, the same list passed twice), noise_floor (a table over seeds) and updates_made
(the updates a learner's own model.fit made, read from Keras).

The truth is independent of the checks: weights of models Keras really trained, tables whose
spread is computed by hand, update counts worked out by hand from ceil(N / B) x epochs."""

import math

import keras
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course import check
from course.check import CheckResult

W = [np.ones((2, 2)), np.zeros(2)]


def test_checks_are_exported():
    from course.check import lesson00_setup, lesson01_iterations

    assert sorted(lesson00_setup.__all__) == ["backend", "identical_weights", "noise_floor"]
    assert "updates_made" in lesson01_iterations.__all__
    for module in (lesson00_setup, lesson01_iterations):
        for name in module.__all__:
            assert getattr(check, name) is getattr(module, name)


# identical_weights -------------------------------------------------------------------------


def _trained_weights(seed: int) -> list:
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4), keras.layers.Dense(2)])
    model.compile(optimizer="sgd", loss="mse")
    x = np.arange(24, dtype="float32").reshape(8, 3) / 24
    model.fit(x, np.ones((8, 2)), batch_size=4, epochs=2, verbose=0)
    return model.get_weights()


def test_identical_weights_on_models_keras_trained():
    first, again, other = _trained_weights(7), _trained_weights(7), _trained_weights(8)
    assert check.identical_weights(first, again)  # same seed: bit-identical
    verdict = check.identical_weights(first, other)  # different seeds, judged as a repeat
    assert not verdict and "same_seed=False" in repr(verdict)
    verdict = check.identical_weights(first, other, same_seed=False)
    assert verdict and "as they should" in repr(verdict) and "noise floor" in repr(verdict)
    assert not check.identical_weights(first, again, same_seed=False)


def test_the_same_list_or_the_same_arrays_twice_is_not_a_repeat():
    for second in (W, list(W), [W[0], W[1].copy()], tuple(W)):
        for same_seed in (True, False):
            verdict = check.identical_weights(W, second, same_seed=same_seed)
            assert not verdict, (second, same_seed)
            assert repr(verdict).startswith("You passed the same weights twice")
    assert check.identical_weights(W, [a.copy() for a in W])  # equal values, separate arrays


def test_identical_weights_different_seeds_messages():
    other = [np.ones((2, 2)), np.full(2, 0.5)]  # largest difference 0.5, by hand
    good = check.identical_weights(W, other, same_seed=False)
    assert repr(good).startswith(
        "Correct: the two seeds ended with different weights (largest difference 0.5)"
    )
    same = check.identical_weights(W, [a.copy() for a in W], same_seed=False)
    assert not same and "both runs used the same seed" in repr(same)
    assert "train one model with one seed and another model with a different seed" in repr(same)
    assert "seed=" not in repr(same)  # the hint does not write the answer out


@pytest.mark.parametrize(
    ("first", "second", "shown"),
    [
        ([np.zeros(0)], [np.zeros(0)], "[array([], dtype=float64)], [array([], dtype=float64)]"),
        ([np.zeros(0)], [np.ones(2)], "[array([], dtype=float64)], [array([1., 1.])]"),  # one side
        ([np.ones(2)], [np.zeros(0)], "[array([1., 1.])], [array([], dtype=float64)]"),
    ],
)
def test_identical_weights_refuses_weights_without_numbers(first, second, shown):
    empty = check.identical_weights(first, second)
    assert not empty and repr(empty).startswith(
        "Your answer should be weights of trained models (arrays with numbers in them), "
        f"got ({shown}). Hint:"
    )


def test_noise_floor_refuses_values_too_far_apart_to_be_a_metric():
    table = pd.DataFrame({"seed": [0, 1, 2], "acc": [-1e308, 0.5, 1e308]})
    verdict = check.noise_floor(table, metric="acc")
    assert not verdict and "too far apart to be one metric" in repr(verdict)


def test_identical_weights_question_argument_must_be_a_bool():
    with pytest.raises(ValueError, match="same_seed must be True or False"):
        check.identical_weights(W, W, same_seed="yes")


@settings(max_examples=40, deadline=None)
@given(
    first=st.one_of(
        st.none(), st.integers(), st.text(max_size=4), st.lists(st.floats(), max_size=3)
    ),
    second=st.one_of(st.none(), st.integers(), st.lists(st.floats(), max_size=3)),
)
def test_identical_weights_different_seeds_never_raises(first, second):
    assert isinstance(check.identical_weights(first, second, same_seed=False), CheckResult)


# noise_floor -------------------------------------------------------------------------------


def test_noise_floor_of_a_real_over_seeds_table():
    from course.seeds import over_seeds

    def train(seed, epochs):
        keras.utils.set_random_seed(seed)
        model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
        model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
        x = np.linspace(0, 1, 30, dtype="float32").reshape(10, 3)
        model.fit(x, np.ones((10, 2)), batch_size=5, epochs=epochs, verbose=0)
        return {"val_mae": model.evaluate(x, np.ones((10, 2)), verbose=0)[1]}

    table = over_seeds(train, [0, 1, 2], epochs=2)
    verdict = check.noise_floor(table, metric="val_mae")
    low, high = table["val_mae"].min(), table["val_mae"].max()
    assert verdict and f"from {low:.3f} to {high:.3f}" in repr(verdict)
    two_settings = pd.concat([table, over_seeds(train, [0, 1, 2], epochs=1)])
    assert "appears more than once" in repr(check.noise_floor(two_settings, metric="val_mae"))


def test_noise_floor_message_and_spread_by_hand():
    table = pd.DataFrame({"seed": [3, 1, 2, 0], "val_accuracy": [0.91, 0.88, 0.93, 0.90]})
    assert repr(check.noise_floor(table, metric="val_accuracy")) == (
        "Correct: 4 seeds of one setting, val_accuracy from 0.880 to 0.930: a seed spread of "
        "0.050. A difference between two settings smaller than that is not a finding."
    )


HINT_NF = (
    "Hint: write a function my_run(seed) that calls keras.utils.set_random_seed(seed), builds, "
    "compiles and fits a fresh model, and returns {'val_accuracy': ...}; then pass "
    "course.seeds.over_seeds(my_run, seeds) with at least 3 seeds."
)


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (None, "Not answered yet: replace None with your table from course.seeds.over_seeds. "),
        ([0.9, 0.8, 0.7], "Your answer should be a table (DataFrame) from course.seeds.over_seeds"),
        (
            pd.DataFrame({"seed": [0, 1, 2], "acc": [0.9, 0.8, 0.7]}),
            "Your table needs one column 'val_accuracy' (its columns: 'seed', 'acc'). ",
        ),
        (
            pd.DataFrame({"run": [0, 1, 2], "val_accuracy": [0.9, 0.8, 0.7]}),
            "Your table needs one column 'seed' (its columns: 'run', 'val_accuracy'). ",
        ),
        (
            pd.DataFrame({"seed": [0, 1], "val_accuracy": [0.9, 0.8]}),
            "Your table has 2 seed(s); the spread of fewer than 3 says little. ",
        ),
        (
            pd.DataFrame({"seed": [0, 1, 0], "val_accuracy": [0.9, 0.8, 0.9]}),
            "Seed 0 appears more than once",
        ),
        (
            pd.DataFrame({"seed": [0, 1, 2], "val_accuracy": [0.9, 0.9, 0.9]}),
            "All 3 seeds gave the same val_accuracy (0.900): the seed did not reach the training",
        ),
        (
            pd.DataFrame({"seed": [0, 1, 2], "val_accuracy": [0.9, np.nan, 0.7]}),
            "The 'val_accuracy' column must hold one finite number per seed. ",
        ),
        (
            pd.DataFrame({"seed": [0, 1, 2], "val_accuracy": ["high", "low", "mid"]}),
            "The 'val_accuracy' column must hold one finite number per seed. ",
        ),
        (pd.DataFrame(), "Your table needs one column 'seed' (its columns: none). "),
    ],
)
def test_noise_floor_misses_get_a_reason_and_the_hint(answer, message):
    verdict = check.noise_floor(answer, metric="val_accuracy")
    assert not verdict and repr(verdict).startswith(message) and repr(verdict).endswith(HINT_NF)


def test_noise_floor_bad_question_raises():
    table = pd.DataFrame({"seed": [0, 1, 2], "acc": [0.9, 0.8, 0.7]})
    with pytest.raises(ValueError, match="min_seeds must be an integer >= 2"):
        check.noise_floor(table, metric="acc", min_seeds=1)
    with pytest.raises(ValueError, match="metric must be"):
        check.noise_floor(table, metric="")


CELLS = st.one_of(
    st.integers(-3, 3), st.floats(allow_nan=True), st.text(max_size=3), st.none(), st.booleans()
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seeds=st.lists(CELLS, max_size=5), values=st.lists(CELLS, max_size=5))
def test_noise_floor_never_raises_on_a_table(seeds, values):
    n = min(len(seeds), len(values))
    table = pd.DataFrame({"seed": seeds[:n], "val_accuracy": values[:n]})
    assert isinstance(check.noise_floor(table, metric="val_accuracy"), CheckResult)
    odd = pd.DataFrame([[1, 2], [3, 4]], columns=["seed", "seed"])  # a repeated column name
    assert not check.noise_floor(odd, metric="val_accuracy")


# updates_made ------------------------------------------------------------------------------


def _fit(num_samples: int, batch_size: int, epochs: int, *, fits: int = 1):
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    x, y = np.zeros((num_samples, 2)), np.zeros(num_samples)
    for _ in range(fits):
        history = model.fit(x, y, batch_size=batch_size, epochs=epochs, verbose=0)
    return model, history


def test_updates_made_on_the_lesson_question():
    # 1,079 / 22 = 49.05: 50 iterations per epoch, x 2 epochs = 100 updates
    model, history = _fit(1_079, 22, 2)
    for answer in (history, model):
        verdict = check.updates_made(answer, target=100, num_samples=1_079)
        assert repr(verdict) == (
            "Correct: your model.fit ran 50 iterations per epoch x 2 epochs = 100 updates "
            "(model.optimizer.iterations), the target."
        )
    # 1,079 / 11 = 98.09: 99 iterations, one short; 99 iterations come from B = 11 only
    # (1,079 / 10 = 107.9 -> 108; 1,079 / 12 = 89.9 -> 90)
    _, history = _fit(1_079, 11, 1)
    verdict = check.updates_made(history, target=100, num_samples=1_079)
    assert not verdict and repr(verdict).startswith(
        "Not yet: your model.fit ran 99 iterations per epoch x 1 epoch = 99 updates, not 100. "
        "99 iterations per epoch of 1,079 samples come from batch size 11. Hint: the updates are "
        "ceil(N / batch_size) x epochs"
    )


def test_updates_made_ranges_of_batch_sizes_by_hand():
    # 10 samples, batches of 4: ceil(10 / 4) = 3 per epoch; B = 4 only gives 3 (B=3 -> 4, B=5 -> 2)
    _, history = _fit(10, 4, 2)
    assert check.updates_made(history, target=6, num_samples=10)
    assert "come from batch size 4." in repr(check.updates_made(history, target=5, num_samples=10))
    # 100 samples, batches of 30: 4 per epoch, from B = 25 (100 / 25 = 4) to 33 (100 / 33 = 3.03)
    _, history = _fit(100, 30, 1)
    assert math.ceil(100 / 25) == math.ceil(100 / 33) == 4 and math.ceil(100 / 34) == 3
    assert "come from batch sizes 25 to 33." in repr(
        check.updates_made(history, target=8, num_samples=100)
    )
    _, history = _fit(10, 64, 3)  # one full batch per epoch
    assert "from batch sizes of 10 or more." in repr(
        check.updates_made(history, target=4, num_samples=10)
    )
    # trained on other data: 20 samples in batches of 4 make 5 iterations per epoch
    _, history = _fit(20, 4, 1)  # 5 iterations; ceil(12 / B) = 5 has no solution (B=2 -> 6, 3 -> 4)
    assert "No batch size makes 5 iterations per epoch of 12 samples" in repr(
        check.updates_made(history, target=3, num_samples=12)
    )


def test_updates_made_sees_a_model_fitted_twice():
    model, history = _fit(10, 5, 1, fits=2)  # 2 per fit, the optimizer counted 4
    verdict = check.updates_made(history, target=2, num_samples=10)
    assert not verdict and repr(verdict).startswith(
        "The optimizer counted 4 updates, but the last fit ran 2 iterations per epoch x 1 epoch "
        "= 2: this model was trained more than once"
    )


def test_updates_made_untrained_or_odd_answers():
    compiled = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    compiled.compile(optimizer="sgd", loss="mse")
    bare = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    for answer in (compiled, bare, keras.callbacks.History(), 100, "100", [1, 2], {"loss": [1]}):
        verdict = check.updates_made(answer, target=100, num_samples=1_079)
        assert not verdict and "should be your trained model" in repr(verdict), answer
    assert repr(check.updates_made(None, target=100, num_samples=1_079)).startswith(
        "Not answered yet: replace None with your trained model"
    )


def test_updates_made_bad_question_raises():
    with pytest.raises(ValueError, match="target must be an integer >= 1"):
        check.updates_made(None, target=0, num_samples=10)
    with pytest.raises(ValueError, match="num_samples must be an integer >= 1"):
        check.updates_made(None, target=5, num_samples="ten")


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ([None], [None]),
        ({0: 1.0}, {0: 2.0}),
        ({"kernel": np.zeros(2)}, {"kernel": np.ones(2)}),
        (["ab"], ["ab"]),
        ([np.array([None, None])], [np.array([None, None])]),
    ],
)
def test_identical_weights_refuses_what_is_not_a_list_of_arrays(first, second):
    for same_seed in (True, False):
        verdict = check.identical_weights(first, second, same_seed=same_seed)
        assert not verdict
        assert repr(verdict).startswith(
            "Your answer should be two lists of arrays (model.get_weights())"
        )
