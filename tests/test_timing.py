"""course.timing: epoch timings per batch size, and its argument checks."""

import pytest

from course import timing


def test_time_epochs_reports_one_row_per_batch_size(tiny_model, random_data):
    model = tiny_model()
    x, y = random_data(50)
    table = timing.time_epochs(model, x, y, [10, 25], epochs=2, rounds=2, progress=False)
    assert list(table["batch_size"]) == [10, 25]
    assert list(table["iterations"]) == [5, 2]
    assert (table["seconds_min"] <= table["seconds"]).all()
    assert (table["seconds"] <= table["seconds_max"]).all()
    assert table["samples_per_s"].to_numpy() == pytest.approx(50 / table["seconds"].to_numpy())
    expected_ms = 1000 * table["seconds"] / table["iterations"]
    assert table["step_ms"].to_numpy() == pytest.approx(expected_ms.to_numpy())


def test_epoch_timer_records_every_epoch(tiny_model, random_data):
    model = tiny_model()
    x, y = random_data(20)
    timer = timing.EpochTimer()
    model.fit(x, y, epochs=3, batch_size=10, verbose=0, callbacks=[timer])
    assert len(timer.seconds) == 3 and all(t > 0 for t in timer.seconds)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"batch_sizes": [0]}, "each entry of batch_sizes must be an integer >= 1"),
        ({"batch_sizes": []}, "batch_sizes must hold at least one integer"),
        ({"batch_sizes": "32"}, "batch_sizes must be a list"),
        ({"batch_sizes": [4], "epochs": 0}, "epochs must be an integer from 1 to 1000"),
        ({"batch_sizes": [4], "rounds": 0}, "rounds must be an integer from 1 to 100"),
    ],
)
def test_bad_input_raises_before_training(tiny_model, random_data, kwargs, message):
    x, y = random_data(20)
    with pytest.raises(ValueError, match=message):
        timing.time_epochs(tiny_model(), x, y, progress=False, **kwargs)


def test_uncompiled_model_and_mismatched_data_are_refused(random_data):
    import course

    x, y = random_data(20)
    with pytest.raises(ValueError, match="model must be compiled"):
        timing.time_epochs(course.models.mlp((8,), num_outputs=3), x, y, [4], progress=False)
    with pytest.raises(ValueError, match="must have the same length"):
        timing.time_epochs(course.models.mlp((8,), num_outputs=3), x, y[:-1], [4], progress=False)


# epoch_times / summarize_times: every timed epoch, and its median and quartiles -------------


def test_epoch_times_visits_the_batch_sizes_in_alternating_order(tiny_model, random_data):
    model = tiny_model()
    x, y = random_data(50)
    calls = []
    fit = model.fit

    def spy(*args, **kwargs):
        calls.append((kwargs["batch_size"], kwargs["epochs"]))
        return fit(*args, **kwargs)

    model.fit = spy
    table = timing.epoch_times(model, x, y, [10, 25, 50], epochs=2, rounds=3, progress=False)
    # one untimed warm-up epoch per batch size, then rounds in order, reversed, in order
    assert calls == [(10, 1), (25, 1), (50, 1)] + [
        (b, 2) for b in [10, 25, 50, 50, 25, 10, 10, 25, 50]
    ]
    assert len(table) == 3 * 3 * 2  # batch sizes x rounds x epochs
    assert table.groupby("batch_size").size().to_dict() == {10: 6, 25: 6, 50: 6}
    assert sorted(set(table["round"])) == [1, 2, 3] and sorted(set(table["epoch"])) == [1, 2]
    assert dict(zip(table["batch_size"], table["iterations"], strict=True)) == {10: 5, 25: 2, 50: 1}
    assert (table["seconds"] > 0).all()
    assert table["samples_per_s"].to_numpy() == pytest.approx(50 / table["seconds"].to_numpy())


def test_epoch_times_without_alternating_keeps_the_order(tiny_model, random_data):
    model = tiny_model()
    x, y = random_data(20)
    table = timing.epoch_times(
        model, x, y, [5, 10], epochs=1, rounds=2, alternate=False, progress=False
    )
    assert table["batch_size"].tolist() == [5, 10, 5, 10]


def test_summarize_times_gives_median_and_quartiles_by_hand():
    import pandas as pd

    times = pd.DataFrame(
        {
            "batch_size": [8, 8, 8, 8, 8, 32, 32, 32],
            "iterations": [4, 4, 4, 4, 4, 1, 1, 1],
            "seconds": [0.5, 0.1, 0.3, 0.2, 0.4, 0.2, 0.1, 0.4],
        }
    ).assign(samples_per_s=lambda t: 32 / t["seconds"])
    table = timing.summarize_times(times)
    assert table["batch_size"].tolist() == [8, 32] and table["epochs"].tolist() == [5, 3]
    assert table["iterations"].tolist() == [4, 1]
    # 0.1 0.2 0.3 0.4 0.5: median 0.3, quartiles 0.2 and 0.4 (linear interpolation)
    assert table.loc[0, ["seconds", "seconds_q1", "seconds_q3"]].tolist() == pytest.approx(
        [0.3, 0.2, 0.4]
    )
    # 0.1 0.2 0.4: median 0.2; q1 halfway from 0.1 to 0.2, q3 halfway from 0.2 to 0.4
    assert table.loc[1, ["seconds", "seconds_q1", "seconds_q3"]].tolist() == pytest.approx(
        [0.2, 0.15, 0.3]
    )
    # throughputs 320 160 80 (from 0.1 0.2 0.4 s): median 160, q1 120, q3 240
    assert table.loc[1, ["samples_per_s", "samples_per_s_q1", "samples_per_s_q3"]].tolist() == (
        pytest.approx([160, 120, 240])
    )


@pytest.mark.parametrize("bad", [None, [1, 2], "times"])
def test_summarize_times_refuses_what_is_not_a_timing_table(bad):
    with pytest.raises(ValueError, match="times must be a table from epoch_times"):
        timing.summarize_times(bad)


def test_summarize_times_refuses_an_empty_table():
    import pandas as pd

    empty = pd.DataFrame(columns=["batch_size", "iterations", "seconds", "samples_per_s"])
    with pytest.raises(ValueError, match="at least one timed epoch"):
        timing.summarize_times(empty)


def _throughput(rows):
    """A summarize_times-shaped table from (batch_size, median, q1, q3) rows."""
    import pandas as pd

    return pd.DataFrame(
        rows, columns=["batch_size", "samples_per_s", "samples_per_s_q1", "samples_per_s_q3"]
    )


def test_power_of_two_verdict_by_hand():
    # 32's middle half, 110 to 125, lies above 31's (85 to 95): faster. 33's reaches 112,
    # inside 32's: within the spread. Only one neighbour beaten: not faster than both.
    table = _throughput([(31, 90, 85, 95), (32, 120, 110, 125), (33, 100, 95, 112)])
    assert timing.power_of_two_verdict(table, 32) == (
        "B=32 vs 31: faster; vs 33: within the spread. Faster than both: no."
    )
    # both neighbours' q3 below 64's q1: faster than both
    table = _throughput([(63, 50, 48, 52), (64, 70, 60, 80), (65, 55, 50, 59.9)])
    assert timing.power_of_two_verdict(table, 64).endswith("Faster than both: yes.")
    # a slower power of two: its q3 below a neighbour's q1
    table = _throughput([(7, 100, 90, 110), (8, 50, 40, 60), (9, 55, 45, 65)])
    assert timing.power_of_two_verdict(table, 8) == (
        "B=8 vs 7: slower; vs 9: within the spread. Faster than both: no."
    )
    # touching ranges (q1 equal to the other's q3) are within the spread
    table = _throughput([(15, 10, 9, 11), (16, 12, 11, 13), (17, 14, 13, 15)])
    assert "vs 15: within the spread; vs 17: within the spread" in (
        timing.power_of_two_verdict(table, 16)
    )


def test_power_of_two_verdict_bad_input():
    with pytest.raises(ValueError, match="summarize_times"):
        timing.power_of_two_verdict("fast", 32)
    table = _throughput([(31, 90, 85, 95), (32, 120, 110, 125)])
    with pytest.raises(ValueError, match=r"missing \[33\]"):
        timing.power_of_two_verdict(table, 32)
    with pytest.raises(ValueError, match="power"):
        timing.power_of_two_verdict(table, 1)
