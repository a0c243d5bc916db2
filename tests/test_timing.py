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
