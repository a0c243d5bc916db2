"""course.throughput: FLOP counted by hand, timings read from a fake clock, and what Keras ran."""

import itertools

import keras
import numpy as np
import pytest
from fuzz import HOSTILE  # tests/fuzz.py's hostile objects

from course import throughput


def test_dense_flops_counts_two_operations_per_weight_of_every_dense_kernel():
    model = keras.Sequential(
        [
            keras.Input((3,)),
            keras.layers.Dense(5, activation="relu"),
            keras.layers.Dropout(0.5),  # no weights: not counted
            keras.layers.Dense(2),
        ]
    )
    # by hand: 3 x 5 + 5 x 2 = 25 multiplications, as many additions; biases left out
    assert throughput.dense_flops(model) == 50


def test_dense_flops_of_a_course_mlp():
    model = keras.Sequential([keras.Input((64,)), keras.layers.Dense(7), keras.layers.Dense(10)])
    assert throughput.dense_flops(model) == 2 * (64 * 7 + 7 * 10)  # 1,036


@pytest.mark.parametrize(
    ("model", "message"),
    [
        (None, "model must be a built keras.Model, got NoneType"),
        ("mlp", "model must be a built keras.Model, got str"),
        (keras.Sequential([]), "model must be a built keras.Model, got Sequential"),
        (
            keras.Sequential([keras.Input((4,)), keras.layers.Dropout(0.1)]),
            "model must contain Dense layers (only they are counted), found none",
        ),
    ],
)
def test_dense_flops_refuses_what_it_cannot_count(model, message):
    with pytest.raises(ValueError) as err:
        throughput.dense_flops(model)
    assert str(err.value) == message


def _fake_clock(monkeypatch, times):
    ticks = iter(times)
    monkeypatch.setattr(throughput, "perf_counter", lambda: next(ticks))


def test_matmul_rate_divides_the_products_operations_by_each_timed_product(monkeypatch):
    _fake_clock(monkeypatch, [10.0, 10.5, 20.0, 20.25, 30.0, 31.0])
    rates = throughput.matmul_rate(8, repeats=3)
    # 2 x 8**3 = 1,024 operations in 0.5 s, 0.25 s and 1 s; the warm-up product is untimed
    assert rates.tolist() == [2048.0, 4096.0, 1024.0]


def test_matmul_rate_times_a_float32_matrix_times_itself_once_untimed_then_once_per_repeat(
    monkeypatch,
):
    products = []
    real_matmul = keras.ops.matmul

    def spy(a, b):
        products.append((a, b))
        return real_matmul(a, b)

    monkeypatch.setattr(throughput.keras.ops, "matmul", spy)
    throughput.matmul_rate(8, repeats=3)
    assert len(products) == 4  # the warm-up and three timed products
    for a, b in products:
        assert a is b and tuple(a.shape) == (8, 8)
        assert keras.backend.standardize_dtype(a.dtype) == "float32"


def test_matmul_rate_on_the_real_clock():
    rates = throughput.matmul_rate(32, repeats=2)
    assert rates.shape == (2,) and (rates > 0).all() and np.isfinite(rates).all()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"size": 0}, "size must be an integer from 1 to 16384, got 0"),
        ({"size": 16_385}, "size must be an integer from 1 to 16384, got 16385"),
        ({"repeats": 0}, "repeats must be an integer from 1 to 1000, got 0"),
        ({"repeats": 1_001}, "repeats must be an integer from 1 to 1000, got 1001"),
    ],
)
def test_matmul_rate_bounds(kwargs, message):
    with pytest.raises(ValueError) as err:
        throughput.matmul_rate(**kwargs)
    assert str(err.value) == message


def test_matmul_rate_largest_allowed_values_are_accepted(monkeypatch):
    monkeypatch.setattr(throughput.keras.ops, "matmul", lambda a, b: a)  # no real product
    _fake_clock(monkeypatch, itertools.count(0.0, 1.0))
    monkeypatch.setattr(throughput.np.random, "default_rng", _tiny_rng)
    assert throughput.matmul_rate(16_384, repeats=1).tolist() == [2 * 16_384**3]
    assert len(throughput.matmul_rate(2, repeats=1_000)) == 1_000


def _tiny_rng(seed):
    class Rng:
        def random(self, shape, dtype):
            return np.zeros((2, 2), dtype)

    return Rng()


def test_time_steps_times_the_second_epoch_between_batch_ends(tiny_model, random_data, monkeypatch):
    model = tiny_model()
    x, y = random_data(5)
    # the clock is read once per batch end: squares 0, 1, 4, ... make every gap different
    _fake_clock(monkeypatch, (float(k * k) for k in itertools.count()))
    seconds = throughput.time_steps(model, x, y, batch_size=4, steps=4)
    # epoch 1 reads 0, 1, 4, 9 (untimed); epoch 2 reads 16, 25, 36, 49
    assert seconds.tolist() == [9.0, 11.0, 13.0]
    # two epochs of exactly 4 steps, from 16 samples although x has only 5
    assert int(model.optimizer.iterations) == 8


def test_time_steps_uses_the_samples_in_order_repeated(tiny_model, monkeypatch):
    seen = []
    model = tiny_model()
    real_fit = model.fit

    def fit(xs, ys, **kwargs):
        seen.append((xs.copy(), ys.copy(), kwargs))
        return real_fit(xs, ys, **kwargs)

    monkeypatch.setattr(model, "fit", fit)
    x = np.arange(24, dtype="float32").reshape(3, 8)
    y = np.array([0, 1, 2])
    seconds = throughput.time_steps(model, x, y, batch_size=2, steps=5)
    (xs, ys, kwargs) = seen[0]
    assert len(seen) == 1 and len(seconds) == 4
    assert ys.tolist() == [0, 1, 2, 0, 1, 2, 0, 1, 2, 0]
    assert xs[3].tolist() == x[0].tolist()
    assert kwargs["batch_size"] == 2 and kwargs["epochs"] == 2 and kwargs["shuffle"] is False


def test_time_steps_on_the_real_clock(tiny_model, random_data):
    x, y = random_data(40)
    seconds = throughput.time_steps(tiny_model(), x, y, batch_size=8, steps=6)
    assert seconds.shape == (5,) and (seconds > 0).all()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"batch_size": 0}, "batch_size must be an integer from 1 to 1000000, got 0"),
        ({"batch_size": 1_000_001}, "batch_size must be an integer from 1 to 1000000, got 1000001"),
        ({"steps": 3}, "steps must be an integer from 4 to 10000, got 3"),
        ({"steps": 10_001}, "steps must be an integer from 4 to 10000, got 10001"),
    ],
)
def test_time_steps_bounds(tiny_model, random_data, kwargs, message):
    x, y = random_data(8)
    model = tiny_model()
    with pytest.raises(ValueError) as err:
        throughput.time_steps(model, x, y, **{"batch_size": 4, **kwargs})
    assert str(err.value) == message
    assert int(model.optimizer.iterations) == 0


def test_time_steps_refuses_empty_mismatched_data_and_an_uncompiled_model(tiny_model, random_data):
    x, y = random_data(8)
    empty = "^x and y must hold at least one sample, got empty arrays$"
    with pytest.raises(ValueError, match=empty):
        throughput.time_steps(tiny_model(), x[:0], y[:0], batch_size=4)
    with pytest.raises(ValueError, match="x and y must have the same length"):
        throughput.time_steps(tiny_model(), x, y[:5], batch_size=4)
    bare = keras.Sequential([keras.Input((8,)), keras.layers.Dense(3)])
    uncompiled = "^model must be compiled before timing: call model.compile\\(...\\) first$"
    for model in (bare, None, "model"):
        with pytest.raises(ValueError, match=uncompiled):
            throughput.time_steps(model, x, y, batch_size=4)


def test_time_steps_prints_nothing(tiny_model, random_data, capsys):
    x, y = random_data(8)
    throughput.time_steps(tiny_model(), x, y, batch_size=4, steps=4)
    assert capsys.readouterr() == ("", "")


def test_time_steps_accepts_the_largest_and_smallest_allowed_counts(tiny_model, random_data):
    x, y = random_data(4)
    assert len(throughput.time_steps(tiny_model(), x, y, batch_size=1)) == 7  # default 8 steps
    assert len(throughput.time_steps(tiny_model(), x, y, batch_size=1, steps=4)) == 3


def test_step_cost_is_the_least_squares_line_by_hand():
    # two repeats at 10 (mean 3 ms) and one at 30 (7 ms): slope (7 - 3) / 20 = 0.2 ms per sample,
    # intercept 3 - 10 x 0.2 = 1 ms
    fixed, per_sample = throughput.step_cost([10, 10, 30], [0.002, 0.004, 0.007])
    assert fixed == pytest.approx(0.001) and per_sample == pytest.approx(0.0002)


def test_step_cost_uneven_points():
    # points (1, 5), (2, 4), (4, 9): mean x 7/3, mean y 6; deviations x -4/3, -1/3, 5/3 and
    # y -1, -2, 3: Sxy = 4/3 + 2/3 + 5 = 7, Sxx = 42/9: slope 1.5, intercept 6 - 1.5 x 7/3 = 2.5
    fixed, per_sample = throughput.step_cost([1, 2, 4], [5.0, 4.0, 9.0])
    assert per_sample == pytest.approx(1.5) and fixed == pytest.approx(2.5)


@pytest.mark.parametrize(
    ("sizes", "seconds", "message"),
    [
        ([8, 8], [0.1, 0.2], "batch_sizes must hold at least two different batch sizes"),
        ([8, 16], [0.1], "seconds must be a flat list of one time per entry of batch_sizes (2)"),
        ([8, 16], [[0.1, 0.2]], "seconds must be a flat list of one time per entry"),
        ([8, 16], [[0.1], [0.2]], "seconds must be a flat list of one time per entry"),
        ([8, 16], [0.1, float("nan")], "seconds must hold finite numbers only"),
        ([8, 0], [0.1, 0.2], "each entry of batch_sizes must be an integer >= 1"),
        ("8", [0.1], "batch_sizes must be a list of integers >= 1 such as [16, 64, 256]"),
    ],
)
def test_step_cost_refuses_bad_measurements(sizes, seconds, message):
    with pytest.raises(ValueError) as err:
        throughput.step_cost(sizes, seconds)
    assert str(err.value).startswith(message)


# --- robust_step_cost, step_costs, time_settings (lesson 09's robust fit and timing) ---


def test_robust_step_cost_ignores_one_slow_step_by_hand():
    # 1 ms + 0.01 ms per sample, three steps at each batch size, and one step of 85 ms at 64.
    # Slopes between steps of different batch sizes: 8-64: 6 of 0.01 and 3 of
    # (85 - 1.08) / 56; 8-256: 9 of 0.01; 64-256: 6 of 0.01 and 3 of (3.56 - 85) / 192.
    # 21 of the 27 slopes are 0.01, so their median is 0.01; at batch size 8 every step
    # less 8 x 0.01 is 1.0.
    sizes = [8, 8, 8, 64, 64, 64, 256, 256, 256]
    ms = [1.08, 1.08, 1.08, 1.64, 1.64, 85.0, 3.56, 3.56, 3.56]
    fixed, per_sample = throughput.robust_step_cost(sizes, ms)
    assert fixed == pytest.approx(1.0) and per_sample == pytest.approx(0.01)
    # the least-squares line through the same steps is pulled far off by the slow step
    ls_fixed, _ = throughput.step_cost(sizes, ms)
    assert ls_fixed > 5.0


def test_robust_step_cost_uneven_case_by_hand():
    # steps (2, 5), (2, 7), (4, 8), (10, 12): slopes between different sizes
    # (2->4) 1.5, 0.5; (2->10) 0.875, 0.625; (4->10) 0.6667: median 0.6667.
    # fixed at size 2: median(5 - 4/3, 7 - 4/3) = 6 - 4/3
    fixed, per_sample = throughput.robust_step_cost([2, 2, 4, 10], [5.0, 7.0, 8.0, 12.0])
    assert per_sample == pytest.approx(2 / 3)
    assert fixed == pytest.approx(6.0 - 4 / 3)


def test_robust_step_cost_of_an_exact_line_is_the_line():
    sizes = [3, 17, 40, 40, 100]
    fixed, per_sample = throughput.robust_step_cost(sizes, [0.5 + 0.25 * b for b in sizes])
    assert fixed == pytest.approx(0.5) and per_sample == pytest.approx(0.25)


@pytest.mark.parametrize(
    ("sizes", "seconds", "message"),
    [
        ([8, 8], [0.1, 0.2], "batch_sizes must hold at least two different batch sizes"),
        ([8, 16], [0.1], "seconds must be a flat list of one time per entry of batch_sizes"),
        ([8, 16], [0.1, float("nan")], "seconds must hold finite numbers only"),
        ([8, 0], [0.1, 0.2], "batch_sizes must be"),
    ],
)
def test_robust_step_cost_refuses_what_it_cannot_fit(sizes, seconds, message):
    with pytest.raises(ValueError, match=message):
        throughput.robust_step_cost(sizes, seconds)


def _steps_table():
    import pandas as pd

    rows = []
    # model "a": round 1 is the exact line 1 ms + 0.1 ms per sample; round 2 is 2 ms +
    # 0.3 ms per sample; round 3 is 0 ms + 0.2 ms per sample with one slow step at 20
    lines = {1: (1.0, 0.1), 2: (2.0, 0.3), 3: (0.0, 0.2)}
    for r, (fixed, per) in lines.items():
        for b in (10, 20, 40):
            for k in range(3):
                ms = fixed + per * b + (50.0 if (r, b, k) == (3, 20, 0) else 0.0)
                rows.append({"model": "a", "round": r, "batch_size": b, "seconds": ms / 1e3})
    return pd.DataFrame(rows)


def test_step_costs_are_the_medians_of_the_rounds_fits_by_hand():
    costs = throughput.step_costs(_steps_table())
    row = costs.loc["a"]
    # the rounds' fits: fixed 1, 2, 0 ms (median 1); per sample 100, 300, 200 us (median 200)
    assert row["fixed_ms"] == pytest.approx(1.0)
    assert (row["fixed_ms_low"], row["fixed_ms_high"]) == (pytest.approx(0.0), pytest.approx(2.0))
    assert row["per_sample_us"] == pytest.approx(200.0)
    assert row["per_sample_us_low"] == pytest.approx(100.0)
    assert row["per_sample_us_high"] == pytest.approx(300.0)
    # median step at 10: rounds give 2, 5 and 2 ms (three steps each): median 2 ms;
    # at 40: 5, 14, 8 ms: median 8 ms
    assert row["smallest_batch_ms"] == pytest.approx(2.0)
    assert row["largest_batch_ms"] == pytest.approx(8.0)


def test_step_costs_one_row_per_group_in_order():
    table = _steps_table()
    both = __import__("pandas").concat([table.assign(model="z"), table])
    assert throughput.step_costs(both).index.tolist() == ["z", "a"]


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        (None, "steps must be a table of timed steps with the columns"),
        ("steps", "steps must be a table of timed steps with the columns"),
    ],
)
def test_step_costs_refuses_what_is_not_a_table(steps, message):
    with pytest.raises(ValueError, match=message):
        throughput.step_costs(steps)


def test_step_costs_refuses_an_empty_table_and_a_round_of_one_batch_size():
    table = _steps_table()
    with pytest.raises(ValueError, match="steps must hold at least one timed step"):
        throughput.step_costs(table.iloc[:0])
    with pytest.raises(ValueError, match="at least two different batch sizes"):
        throughput.step_costs(table[table["batch_size"] == 10])


def test_time_settings_alternates_the_order_and_times_one_epoch_each(tiny_model, random_data):
    x, y = random_data(12)
    order = []
    models = {"a": tiny_model(), "b": tiny_model()}
    for name, model in models.items():
        real_fit = model.fit

        def fit(*args, _name=name, _fit=real_fit, **kwargs):
            order.append((_name, kwargs["epochs"], kwargs["batch_size"]))
            return _fit(*args, **kwargs)

        model.fit = fit
    times = throughput.time_settings(models, x, y, batch_size=4, rounds=3)
    # one untimed epoch each, then rounds a b, b a, a b
    assert [name for name, _, _ in order] == ["a", "b", "a", "b", "b", "a", "a", "b"]
    assert {(e, b) for _, e, b in order} == {(1, 4)}
    assert times["setting"].tolist() == ["a", "b", "b", "a", "a", "b"]
    assert times["round"].tolist() == [1, 1, 2, 2, 3, 3]
    assert (times["samples_per_s"] * times["seconds"]).round(6).eq(12).all()


@pytest.mark.parametrize(
    ("models", "message"),
    [
        ({}, "models must be a dict of setting names to compiled keras models"),
        ([1, 2], "models must be a dict of setting names to compiled keras models"),
        ({"a": None}, "models must hold compiled keras models; 'a' is NoneType"),
    ],
)
def test_time_settings_refuses_what_it_cannot_time(random_data, models, message):
    x, y = random_data(8)
    with pytest.raises(ValueError, match=message):
        throughput.time_settings(models, x, y, batch_size=4)


def test_time_settings_refuses_an_uncompiled_model_and_bad_counts(tiny_model, random_data):
    x, y = random_data(8)
    bare = keras.Sequential([keras.Input((8,)), keras.layers.Dense(3)])
    with pytest.raises(ValueError, match="'bare' is Sequential, not compiled"):
        throughput.time_settings({"bare": bare}, x, y, batch_size=4)
    model = tiny_model()
    with pytest.raises(ValueError, match="rounds must be an integer from 1 to 100, got 0"):
        throughput.time_settings({"m": model}, x, y, batch_size=4, rounds=0)
    with pytest.raises(ValueError, match="batch_size must be an integer"):
        throughput.time_settings({"m": model}, x, y, batch_size=0)
    assert int(model.optimizer.iterations) == 0  # refused before any training


def test_dense_flops_counts_the_dense_layers_of_nested_models():
    base = keras.Sequential(
        [keras.Input((4,)), keras.layers.Dense(8), keras.layers.Dense(6)], name="base"
    )
    model = keras.Sequential([keras.Input((4,)), base, keras.layers.Dense(2, name="head")])
    assert throughput.dense_flops(model) == 2 * (4 * 8 + 8 * 6 + 6 * 2)  # 184 by hand


@pytest.mark.parametrize("by", [3, None, ["model"], "", HOSTILE[3]])
def test_step_costs_names_a_bad_by(by):
    with pytest.raises(ValueError, match=r"^by must be the name of the column that groups"):
        throughput.step_costs(_steps_table(), by=by)


@pytest.mark.parametrize("hostile", HOSTILE, ids=[type(h).__name__ for h in HOSTILE])
def test_hostile_models_are_named(hostile):
    with pytest.raises(ValueError, match=r"^model must be a built keras.Model"):
        throughput.dense_flops(hostile)
    with pytest.raises(ValueError, match=r"^models must be a dict of setting names"):
        throughput.time_settings(hostile, np.zeros((4, 8)), np.zeros(4), batch_size=4)


@pytest.mark.parametrize("ragged", [[[1], [2, 3]], [8, [16]]])
def test_robust_step_cost_names_nested_batch_sizes(ragged):
    with pytest.raises(ValueError, match=r"^each entry of batch_sizes must be an integer"):
        throughput.robust_step_cost(ragged, [0.1, 0.2])
