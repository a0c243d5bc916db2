"""The range test sets the learning rate Keras uses for every batch (read back from the weights'
own changes and from the optimizer), stops where it says it does, and its suggestion follows the
rule it states, on curves computed by hand."""

import math

import keras
import numpy as np
import pytest
from fuzz import HOSTILE  # tests/fuzz.py's hostile objects

from course.lr_finder import LearningRateRangeTest, _smooth, suggest_learning_rate

OFFSET = 10.0  # keeps the loss below positive: the divergence rule compares it with its minimum


def _slope_one_model(loss=None, optimizer=None, steps_per_execution=1):
    """y = w * x with w = 0 and x = 1: with loss OFFSET + mean(y) the gradient of w is exactly 1,
    so plain SGD moves w by minus the learning rate it used, and each batch's loss is OFFSET + w."""
    model = keras.Sequential(
        [keras.Input((1,)), keras.layers.Dense(1, use_bias=False, kernel_initializer="zeros")]
    )
    model.compile(
        optimizer=optimizer or keras.optimizers.SGD(learning_rate=0.5),
        loss=loss or (lambda y_true, y_pred: OFFSET + keras.ops.mean(y_pred)),
        steps_per_execution=steps_per_execution,
    )
    return model


def _ones(n):
    return np.ones((n, 1), "float32"), np.zeros((n, 1), "float32")


class _Recorder(keras.callbacks.Callback):
    """After every batch: the weight w and the optimizer's learning rate, as Keras holds them."""

    def on_train_begin(self, logs=None):
        self.weights, self.rates = [float(self.model.get_weights()[0][0, 0])], []

    def on_train_batch_end(self, batch, logs=None):
        self.weights.append(float(self.model.get_weights()[0][0, 0]))
        self.rates.append(float(self.model.optimizer.learning_rate))


def test_each_batch_trains_with_the_rate_of_the_exponential_ramp():
    model = _slope_one_model()
    x, y = _ones(12)
    finder, seen = LearningRateRangeTest(start=0.01, stop=1.0, num_steps=5), _Recorder()
    model.fit(x, y, epochs=3, batch_size=4, shuffle=False, callbacks=[finder, seen], verbose=0)
    # 0.01 * 100 ** (k / 4): each rate 10 ** 0.5 = 3.1623 times the one before (by hand)
    by_hand = [0.01, 0.0316228, 0.1, 0.316228, 1.0]
    used = -np.diff(seen.weights)  # what the weights moved by: the rates Keras applied
    np.testing.assert_allclose(used, by_hand, rtol=1e-5)
    np.testing.assert_allclose(seen.rates, by_hand, rtol=1e-6)  # read from the optimizer
    np.testing.assert_allclose(finder.results["learning_rate"], by_hand, rtol=1e-6)
    # stopped after 5 updates, in the middle of the second epoch of 3 batches
    assert int(model.optimizer.iterations) == 5 and finder.stopped_by == "num_steps"
    assert finder.results["iteration"].tolist() == [1, 2, 3, 4, 5]
    assert finder.batches["epoch"].tolist() == [1, 1, 1, 2, 2]
    # each batch's loss is OFFSET + w before its update: 10, 9.99, 9.958377, 9.858377, 9.542149
    np.testing.assert_allclose(
        finder.results["loss"], [10.0, 9.99, 9.958377, 9.858377, 9.542149], rtol=1e-6
    )
    for k, rate in enumerate(by_hand):
        assert finder.learning_rate_at(k) == pytest.approx(rate, rel=1e-5)


def test_smoothed_loss_is_the_bias_corrected_moving_average():
    model = _slope_one_model()
    x, y = _ones(8)
    finder = LearningRateRangeTest(start=0.1, stop=1.0, num_steps=3, smoothing=0.5)
    model.fit(x, y, epochs=1, batch_size=2, shuffle=False, callbacks=[finder], verbose=0)
    # losses 10, 9.9, 9.9 - 0.316228 = 9.583772; averages 5, 7.45, 8.516886 over 0.5, 0.75, 0.875
    np.testing.assert_allclose(
        finder.results["smoothed_loss"], [10.0, 9.933333, 9.733584], rtol=1e-6
    )
    np.testing.assert_allclose(_smooth(np.array([4.0, 2.0]), 0.0), [4.0, 2.0])


def test_a_run_that_ends_first_is_kept_whole_and_a_second_fit_starts_over():
    model = _slope_one_model()
    x, y = _ones(6)
    finder = LearningRateRangeTest(start=0.001, stop=0.1, num_steps=50)
    model.fit(x, y, epochs=1, batch_size=2, callbacks=[finder], verbose=0)
    assert finder.stopped_by is None and len(finder.results) == 3
    assert not model.stop_training
    model.fit(x, y, epochs=2, batch_size=3, callbacks=[finder], verbose=0)
    assert len(finder.results) == 4 and finder.results["iteration"].tolist() == [1, 2, 3, 4]
    assert finder.results["learning_rate"].iloc[0] == pytest.approx(0.001, rel=1e-6)


def test_a_diverging_loss_stops_training_at_the_first_blow_up():
    # loss (w - 1)^2 with w = 0: SGD multiplies the error by (1 - 2 lr); beyond lr = 1 it grows
    loss = lambda y_true, y_pred: keras.ops.mean((y_pred - 1.0) ** 2)  # noqa: E731
    model = _slope_one_model(loss=loss)
    x, y = _ones(40)
    finder = LearningRateRangeTest(start=0.01, stop=100.0, num_steps=40, diverge_factor=4.0)
    model.fit(x, y, epochs=1, batch_size=1, shuffle=False, callbacks=[finder], verbose=0)
    results = finder.results
    assert finder.stopped_by == "diverged" and len(results) < 40
    assert int(model.optimizer.iterations) == len(results)
    smoothed = results["smoothed_loss"].to_numpy()
    lowest = np.minimum.accumulate(smoothed)
    assert smoothed[-1] > 4.0 * lowest[-2]  # the rule that stopped it ...
    assert np.all(smoothed[1:-1] <= 4.0 * lowest[:-2])  # ... held nowhere before
    assert results["learning_rate"].iloc[-1] > 1.0  # where SGD on this loss must diverge


def test_a_non_finite_loss_stops_training_whatever_the_factor():
    loss = lambda y_true, y_pred: keras.ops.mean((y_pred - 1.0) ** 2)  # noqa: E731
    model = _slope_one_model(loss=loss)
    x, y = _ones(60)
    finder = LearningRateRangeTest(start=1.0, stop=1e30, num_steps=60, diverge_factor=1e300)
    model.fit(x, y, epochs=1, batch_size=1, shuffle=False, callbacks=[finder], verbose=0)
    losses = finder.results["loss"].to_numpy()
    assert finder.stopped_by == "diverged"
    assert not math.isfinite(losses[-1]) and np.all(np.isfinite(losses[:-1]))


def _quarter_run(num_steps, diverge_factor):
    """A range test from rate 0.75 (smoothing 0) on the loss |w - 0.25|, one sample per batch."""
    model = _slope_one_model(
        loss=lambda y_true, y_pred: keras.ops.abs(keras.ops.mean(y_pred) - 0.25)
    )
    x, y = _ones(4)
    finder = LearningRateRangeTest(
        start=0.75, stop=1.0, num_steps=num_steps, diverge_factor=diverge_factor, smoothing=0
    )
    model.fit(x, y, epochs=1, batch_size=1, callbacks=[finder], verbose=0)
    return model, finder


def test_a_loss_exactly_factor_times_the_lowest_is_not_yet_diverging():
    # loss |w - 0.25| from w = 0: the first update (rate 0.75, gradient -1) takes w to 0.75, so
    # the two batch losses are exactly 0.25 and 0.5 = 2 x 0.25: not MORE than factor 2 x lowest
    model, finder = _quarter_run(num_steps=2, diverge_factor=2.0)
    assert finder.results["loss"].tolist() == [0.25, 0.5]
    assert finder.results["smoothed_loss"].tolist() == [0.25, 0.5]  # smoothing 0: the losses
    assert finder.stopped_by == "num_steps" and int(model.optimizer.iterations) == 2
    assert [finder.learning_rate_at(k) for k in (0, 1)] == [0.75, 1.0]


def test_divergence_is_caught_at_the_second_batch():
    # as above, losses 0.25 then 0.5; with factor 1.9, 0.5 > 1.9 x 0.25 = 0.475: the range test
    # stops right after the second update instead of running its 3 steps
    model, finder = _quarter_run(num_steps=3, diverge_factor=1.9)
    assert finder.results["loss"].tolist() == [0.25, 0.5]
    assert finder.stopped_by == "diverged" and int(model.optimizer.iterations) == 2


def test_a_flat_loss_never_counts_as_diverging():
    # identical losses never exceed factor x lowest, however small the factor above 1
    model = _slope_one_model(loss=lambda y_true, y_pred: keras.ops.mean(y_pred * 0.0) + 2.0)
    x, y = _ones(8)
    finder = LearningRateRangeTest(start=0.1, stop=1.0, num_steps=8, diverge_factor=1.000001)
    model.fit(x, y, epochs=1, batch_size=1, callbacks=[finder], verbose=0)
    assert finder.stopped_by == "num_steps" and len(finder.results) == 8


def test_a_schedule_or_several_steps_per_call_is_refused_before_any_update():
    schedule = keras.optimizers.schedules.ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5)
    x, y = _ones(8)
    model = _slope_one_model(optimizer=keras.optimizers.SGD(learning_rate=schedule))
    with pytest.raises(ValueError, match="must have a plain learning rate") as err:
        model.fit(x, y, epochs=1, callbacks=[LearningRateRangeTest()], verbose=0)
    assert str(err.value) == (
        "the model's optimizer must have a plain learning rate for the range test to set, such "
        "as keras.optimizers.SGD(learning_rate=0.01); got the schedule ExponentialDecay"
    )
    assert int(model.optimizer.iterations) == 0
    # also behind a LossScaleOptimizer (mixed precision), whose own rate is a plain variable
    wrapped = keras.optimizers.LossScaleOptimizer(keras.optimizers.SGD(learning_rate=schedule))
    model = _slope_one_model(optimizer=wrapped)
    with pytest.raises(ValueError, match="got the schedule ExponentialDecay"):
        model.fit(x, y, epochs=1, callbacks=[LearningRateRangeTest()], verbose=0)
    assert int(model.optimizer.iterations) == 0
    model = _slope_one_model(steps_per_execution=2)
    with pytest.raises(ValueError) as err:
        model.fit(x, y, epochs=1, batch_size=2, callbacks=[LearningRateRangeTest()], verbose=0)
    assert str(err.value) == (
        "steps_per_execution must be 1 for the range test (the learning rate changes every "
        "batch), got model.compile(steps_per_execution=2)"
    )
    assert int(model.optimizer.iterations) == 0


def test_the_default_arguments():
    finder = LearningRateRangeTest()
    assert (finder.start, finder.stop, finder.num_steps) == (1e-4, 10.0, 100)
    assert (finder.diverge_factor, finder.smoothing) == (4.0, 0.9)
    assert finder.stopped_by is None  # nothing has stopped it before it runs
    assert finder.learning_rate_at(99) == pytest.approx(10.0, rel=1e-9)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"start": 0}, "start must be a finite number > 0, got 0"),
        ({"stop": -1.0}, "stop must be a finite number > 0, got -1.0"),
        (
            {"start": 0.1, "stop": 0.1},
            "stop must be a learning rate larger than start (0.1), got 0.1",
        ),
        ({"num_steps": 1}, "num_steps must be an integer >= 2, got 1"),
        ({"diverge_factor": 1}, "diverge_factor must be a finite number > 1, got 1"),
        ({"smoothing": 1.0}, "smoothing must be a number with 0 <= smoothing < 1, got 1.0"),
    ],
)
def test_bad_arguments_are_named(kwargs, message):
    with pytest.raises(ValueError) as err:
        LearningRateRangeTest(**kwargs)
    assert str(err.value) == message
    with pytest.raises(ValueError, match="step must be an integer >= 0"):
        LearningRateRangeTest().learning_rate_at(-1)


RATES = [0.001, 0.01, 0.1, 1.0, 10.0, 100.0]


@pytest.mark.parametrize(
    ("losses", "method", "expected"),
    [
        # slopes against ln(rate), step h: -0.3/h, -0.65/h, -0.55/h, -0.075/h, ...: index 1
        ([2.3, 2.0, 1.0, 0.9, 0.85, 9.0], "steepest", 0.01),
        # lowest loss at index 4 (10.0), divided by 10
        ([2.3, 2.0, 1.0, 0.9, 0.85, 9.0], "minimum", 1.0),
        # the steepest fall of all (9.0 -> 1.1, index 4) comes after the lowest loss (index 2):
        # only the part up to the lowest counts, where index 1 falls fastest
        ([2.0, 1.9, 1.0, 9.0, 1.1, 1.2], "steepest", 0.01),
        # the curve ends at the first NaN: the 0.1 after it is not the minimum
        ([2.0, 1.5, 1.0, float("nan"), 0.1, 0.1], "minimum", 0.01),
        ([2.0, 1.5, 1.0, float("inf"), 0.1, 0.1], "minimum", 0.01),
        # first point falls fastest: the forward difference at the edge counts
        ([3.0, 1.0, 0.9, 0.8, 0.79, 0.78], "steepest", 0.001),
        # the lowest point itself may be the steepest: slopes -0.1, -0.5, -0.2, -0.75, -0.95
        ([3.0, 2.9, 2.0, 2.5, 0.5, 0.6], "steepest", 10.0),
    ],
)
def test_suggestions_on_curves_computed_by_hand(losses, method, expected):
    assert suggest_learning_rate(RATES, losses, method=method, smoothing=0.0) == pytest.approx(
        expected
    )


def test_smoothing_changes_which_point_is_lowest():
    losses = [2.0, 1.0, 3.0, 0.9, 3.0]
    rates = RATES[:5]
    assert suggest_learning_rate(rates, losses, method="minimum", smoothing=0.0) == pytest.approx(
        0.1
    )
    # smoothed with 0.5: 2, 1.333333, 2.285714, 1.546667, 2.296774: lowest at index 1
    assert suggest_learning_rate(rates, losses, method="minimum", smoothing=0.5) == pytest.approx(
        0.001
    )
    np.testing.assert_allclose(
        _smooth(np.array(losses), 0.5), [2.0, 1.333333, 2.285714, 1.546667, 2.296774], rtol=1e-6
    )


def test_the_finder_suggests_from_its_own_curve():
    model = _slope_one_model(loss=lambda y_true, y_pred: keras.ops.mean((y_pred - 1.0) ** 2))
    x, y = _ones(30)
    finder = LearningRateRangeTest(start=0.001, stop=10.0, num_steps=30)
    model.fit(x, y, epochs=1, batch_size=1, shuffle=False, callbacks=[finder], verbose=0)
    results = finder.results
    for method in ("steepest", "minimum"):
        assert finder.suggestion(method) == suggest_learning_rate(
            results["learning_rate"], results["loss"], method=method, smoothing=0.9
        )
    assert finder.suggestion() == finder.suggestion("steepest")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"losses": [1.0, 2.0]}, "learning_rates and losses must have the same length"),
        ({"learning_rates": [0.1, 0.01, 1.0]}, "learning_rates must be finite, positive and"),
        ({"learning_rates": [0.0, 0.01, 1.0]}, "learning_rates must be finite, positive and"),
        ({"learning_rates": [0.1, 0.1, 1.0]}, "learning_rates must be finite, positive and"),
        ({"learning_rates": [0.1, 1.0, float("inf")]}, "learning_rates must be finite"),
        ({"learning_rates": "abc"}, "learning_rates must be a list of numbers"),
        ({"learning_rates": [[0.1, 1.0, 2.0]]}, "learning_rates must be a flat list"),
        ({"losses": "123"}, "losses must be a flat list"),
        (
            {"losses": [1.0, float("nan"), 2.0]},
            "losses must hold at least 3 finite values before the first NaN or infinity",
        ),
        ({"method": "valley"}, "method must be one of 'steepest', 'minimum', got 'valley'"),
        ({"smoothing": -0.1}, "smoothing must be a number with 0 <= smoothing < 1"),
    ],
)
def test_bad_curves_are_named(kwargs, message):
    args = {"learning_rates": [0.01, 0.1, 1.0], "losses": [2.0, 1.0, 3.0], **kwargs}
    with pytest.raises(ValueError) as err:
        suggest_learning_rate(**args)
    assert str(err.value).startswith(message)


def test_three_finite_points_are_enough():
    assert suggest_learning_rate([0.01, 0.1, 1.0], [2.0, 1.0, 3.0], smoothing=0.0) == 0.01
    assert suggest_learning_rate(
        [0.01, 0.1, 1.0, 2.0], [2.0, 1.0, 3.0, float("nan")], method="minimum", smoothing=0.0
    ) == pytest.approx(0.01)


def test_the_finder_suggests_with_its_own_smoothing():
    model = _slope_one_model(loss=lambda y_true, y_pred: keras.ops.mean((y_pred - 1.0) ** 2))
    x, y = _ones(30)
    finder = LearningRateRangeTest(start=0.001, stop=10.0, num_steps=30, smoothing=0.0)
    model.fit(x, y, epochs=1, batch_size=1, shuffle=False, callbacks=[finder], verbose=0)
    rates, losses = finder.results["learning_rate"], finder.results["loss"]
    for method in ("steepest", "minimum"):
        raw = suggest_learning_rate(rates, losses, method=method, smoothing=0.0)
        assert raw != suggest_learning_rate(rates, losses, method=method)  # 0.9 picks another
        assert finder.suggestion(method) == raw


def test_steepest_is_measured_against_the_logarithm_of_the_rate():
    # Rates a decade apart, then two decades: log-spacing L = ln 10, then 2L. Losses 2.0, 1.4, 0.5.
    # Slope per log-rate (np.gradient's uneven formula): first -0.6/L = -0.261, middle
    # (L^2 x 0.5 - 4L^2 x 2.0 + 3L^2 x 1.4) / (6L^3) = -0.55/L = -0.239, last -0.9/(2L) = -0.195:
    # steepest at 0.01. Per point instead of per log-rate it would be the last, 10.0.
    rates, losses = [0.01, 0.1, 10.0], [2.0, 1.4, 0.5]
    assert suggest_learning_rate(rates, losses, smoothing=0.0) == 0.01


def test_steepest_looks_no_further_than_the_lowest_loss():
    # A curve that only rises (the range test started too high): the lowest loss is the first,
    # so the only slope looked at is the first one, and the suggestion is the first rate.
    # (The slope at the second point, 2.2 / 2 per decade, is smaller than the first, 2.0.)
    assert suggest_learning_rate([0.001, 0.01, 0.1], [1.0, 3.0, 3.2], smoothing=0.0) == 0.001


# --- helpers lesson 06 uses (they live in course.lr_finder, course.seeds, course.models and
# course.plots; tested here, next to the range test they serve) ---


def test_nearest_rate_on_a_log_scale():
    from course.lr_finder import nearest_rate

    grid = [0.01, 0.1, 0.3, 1.0, 3.0]
    # 0.17 is 1.7 times 0.1 and 0.3 is 1.76 times 0.17: 0.1 is nearer on a log scale
    assert nearest_rate(0.17, grid) == 0.1
    assert nearest_rate(0.2, grid) == 0.3  # 2 times 0.1 against 1.5 times: 0.3
    assert nearest_rate(0.055, grid) == 0.1  # 5.5 times 0.01 against 1.82 times
    assert nearest_rate(50.0, grid) == 3.0
    with pytest.raises(ValueError, match="grid"):
        nearest_rate(0.1, "0.1")
    with pytest.raises(ValueError, match="rate"):
        nearest_rate(-1.0, grid)


def test_fastest_rates_by_hand():
    from course.seeds import fastest_rates

    # means: 0.1 -> 4, 0.3 -> 7/3, 1.0 -> 10/3, 3.0 never in one seed. Best: 0.3.
    # 1.0: difference 1.0, spread max(1, 2) = 2 -> 1.0 < 2 * 1.25: not real, kept.
    # 0.1: difference 5/3, spread max(1, 0) = 1 -> 1.67 > 1.25: real, left out.
    epochs = {0.1: [4, 4, 4], 0.3: [2, 2, 3], 1.0: [2, 4, 4], 3.0: [2, None, 2]}
    assert fastest_rates(epochs) == [0.3, 1.0]
    # 2, 2, 3 against 3, 4, 4: difference 4/3, spread 1: real beyond 1.25 times, not 1.5
    assert fastest_rates({0.3: [2, 2, 3], 1.0: [3, 4, 4]}) == [0.3]
    assert fastest_rates({0.3: [2, 2, 3], 1.0: [3, 4, 4]}, band=1.5) == [0.3, 1.0]
    assert fastest_rates({0.1: [None, None], 1.0: [float("nan"), 3]}) == []
    with pytest.raises(ValueError, match="dict"):
        fastest_rates([2, 2, 2])


def test_active_units_counts_units_alive_on_some_input():
    from course.models import active_units

    layer = keras.layers.Dense(4, activation="relu")
    layer.build((None, 2))
    kernel = np.array([[1.0, -1.0, 0.0, 2.0], [1.0, 0.0, -1.0, -3.0]])
    layer.set_weights([kernel, np.array([0.0, 0.5, -0.1, 0.0])])
    x = np.array([[1.0, 0.0], [-2.0, 1.0], [0.0, -1.0]])
    # pre-activations by hand: unit 0: 1, -1, -1 (alive); unit 1: -0.5, 2.5, 0.5 (alive);
    # unit 2: -0.1, -1.1, 0.9 (alive); unit 3: 2, -7, 3 (alive) -> 4; on x[:1] only: units 0, 3
    assert active_units(layer, x) == 4
    assert active_units(layer, x[:1]) == 2
    # on (-1, -1): unit 0: -2; unit 1: 1 + 0.5; unit 2: 1 - 0.1; unit 3: -2 + 3 -> 3 alive
    assert active_units(layer, np.array([[-1.0, -1.0]])) == 3
    with pytest.raises(ValueError, match="shape"):
        active_units(layer, np.ones((2, 3)))
    with pytest.raises(ValueError, match="Dense"):
        active_units(keras.layers.ReLU(), x)


def test_by_seed_lists_each_seed_and_marks_missing():
    import pandas as pd

    from course.seeds import by_seed

    table = pd.DataFrame(
        {
            "lr": [1.0, 1.0, 0.1, 0.1, 0.1],
            "seed": [2, 0, 0, 2, 5],
            "epochs": [None, 3, 4, 4, 5],
            "loss": [2.30251, 0.5, 1.0, 1.25, 0.1234],
        }
    )
    frame = by_seed(table, "lr", ["epochs", "loss"], digits=2, missing="-")
    assert list(frame.index) == [1.0, 0.1]  # in the order of the table
    assert frame[("epochs", "seed 2")].tolist() == ["-", "4"]
    assert frame[("epochs", "seed 5")].tolist() == ["", "5"]  # lr 1.0 has no seed 5
    assert frame[("loss", "seed 2")].tolist() == ["2.30", "1.25"]
    assert frame[("loss", "seed 0")].tolist() == ["0.50", "1"]  # whole numbers: no decimals
    with pytest.raises(ValueError, match="metric"):
        by_seed(table, "lr", ["nope"])


def test_fewer_epochs_every_branch():
    from course.seeds import fewer_epochs

    assert fewer_epochs([None, None, None], [3, None, 4])[0] == "holds"
    assert fewer_epochs([3, 3, 4], [None, 4, 4]) == (
        "the opposite",
        "A reached the target in 3 of 3 seeds, B in 2 of 3",
    )
    assert fewer_epochs([None, None], [None, None])[0] == "untested"
    assert fewer_epochs([3, None, 4], [None, 2, 2]) == (
        "untested",
        "both reached the target in 2 of 3 seeds",
    )
    # 4, 4, 5 against 2, 2, 2: difference 7/3, spread 1 -> real, B lower: holds
    assert fewer_epochs([4, 4, 5], [2, 2, 2])[0] == "holds"
    # 2, 2, 3 against 3, 4, 4: B higher by 4/3, spread 1 -> real: the opposite
    assert fewer_epochs([2, 2, 3], [3, 4, 4])[0] == "the opposite"
    # 2, 3, 4 against 3, 3, 4: difference 1/3, spread 2 -> not real: not shown
    verdict, why = fewer_epochs([2, 3, 4], [3, 3, 4])
    assert verdict == "not shown" and "no evidence of a difference" in why
    # 2, 2, 3 against 3, 3, 4: difference 1, spread 1: between 0.8 and 1.25 -> close call
    verdict, why = fewer_epochs([2, 2, 3], [3, 3, 4])
    assert verdict == "not shown" and "too close to call" in why
    with pytest.raises(ValueError, match="one result per seed"):
        fewer_epochs([2, 2], [2, 2, 2])


def test_plot_seed_curves_one_colour_per_setting():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import pandas as pd

    from course.plots import plot_seed_curves

    table = pd.DataFrame(
        {"opt": ["a", "b", "a"], "seed": [0, 0, 1], "curve": [[3.0, 2.0, 1.0], [2.0], [4.0, 3.5]]}
    )
    ax = plot_seed_curves(table, "opt")
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["a", "_nolegend_", "b"]
    assert [line.get_color() for line in lines] == ["C0", "C0", "C1"]
    assert lines[1].get_xdata().tolist() == [1, 2] and lines[1].get_ydata().tolist() == [4.0, 3.5]
    plt.close("all")
    with pytest.raises(ValueError, match="curve"):
        plot_seed_curves(table, "opt", "loss")


@pytest.mark.parametrize("hostile", HOSTILE, ids=[type(h).__name__ for h in HOSTILE])
def test_hostile_curves_and_grids_are_named(hostile):
    from course.lr_finder import nearest_rate

    rates, losses = [0.001, 0.01, 0.1], [2.3, 2.0, 1.0]
    with pytest.raises(ValueError, match=r"^learning_rates must be a (flat )?list of numbers"):
        suggest_learning_rate(hostile, losses)
    with pytest.raises(ValueError, match=r"^losses must be a (flat )?list of numbers"):
        suggest_learning_rate(rates, hostile)
    for grid in (hostile, np.array(0.3)):  # a 0-d array is one number, no grid
        with pytest.raises(ValueError, match=r"^grid must be a list of learning rates"):
            nearest_rate(0.2, grid)
