import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from fuzz import HOSTILE  # noqa: E402  (tests/fuzz.py's hostile objects)

from course.curves import Zones, find_zones, labels_reproduced, zones_table  # noqa: E402
from course.plots import plot_learning_curves, shade_zones  # noqa: E402

CURVE = [0.9, 0.6, 0.45, 0.41, 0.40, 0.43, 0.47, 0.55]  # threshold 0.44 at tolerance 0.1


def test_zones_follow_the_stated_rule():
    z = find_zones(CURVE, tolerance=0.1)
    assert (z.underfit_end, z.best_epoch, z.overfit_start, z.epochs) == (3, 5, 7, 8)
    assert z.best_value == 0.40 and z.threshold == pytest.approx(0.44)
    assert [z.zone(e) for e in range(1, 9)] == ["underfit"] * 3 + ["good"] * 3 + ["overfit"] * 2


def test_tolerance_moves_the_zone_boundaries():
    wide = find_zones(CURVE, tolerance=0.5)  # threshold 0.60
    assert (wide.underfit_end, wide.overfit_start) == (1, None)
    narrow = find_zones(CURVE, tolerance=0.01)  # threshold 0.404
    assert (narrow.underfit_end, narrow.overfit_start) == (4, 6)


def test_still_improving_run_has_no_overfit_zone():
    z = find_zones([0.9, 0.7, 0.6, 0.55])
    assert z.best_epoch == 4 and z.overfit_start is None and z.zone(4) == "good"
    assert "none within 4 epochs" in str(z)


def test_best_first_epoch_has_no_underfit_zone_and_ties_take_the_first():
    z = find_zones([0.4, 0.4, 0.5])
    assert (z.underfit_end, z.best_epoch, z.overfit_start) == (0, 1, 3)
    assert "none (close from epoch 1)" in str(z)


def test_overfit_zone_runs_to_the_end_even_if_the_curve_dips_back():
    z = find_zones([0.5, 0.4, 0.6, 0.42, 0.7])
    assert z.overfit_start == 3 and z.zone(4) == "overfit"


def test_str_names_every_zone():
    assert str(find_zones(CURVE, tolerance=0.05)) == (
        "best epoch:    5 (validation loss 0.4000)\n"
        "threshold:     0.4200 (the minimum + 5%)\n"
        "underfit zone: epochs 1-3\n"
        "overfit zone:  epochs 6-8"
    )
    assert str(find_zones([0.4, 0.9])).splitlines()[2:] == [
        "underfit zone: none (close from epoch 1)",
        "overfit zone:  epochs 2-2",
    ]


def test_a_value_exactly_on_the_threshold_is_close_enough():
    # threshold 0.5 * 1.5 = 0.75 exactly (binary fractions): epoch 1 at 0.75 is not underfit
    z = find_zones([0.75, 0.5, 0.75, 1.0], tolerance=0.5)
    assert (z.underfit_end, z.overfit_start) == (0, 4)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"val_loss": []}, "val_loss must hold one number per epoch"),
        ({"val_loss": [0.5, np.nan]}, "NaN"),
        ({"val_loss": [[0.5, 0.4]]}, "flat list"),
        ({"val_loss": [0.5, 0.0]}, "above 0"),
        ({"val_loss": CURVE, "tolerance": 0}, "tolerance must be a finite number > 0 and < 1"),
        ({"val_loss": CURVE, "tolerance": 1.5}, "tolerance must be a finite number > 0 and < 1"),
        ({"val_loss": CURVE, "tolerance": "10%"}, "tolerance"),
    ],
)
def test_bad_input_names_the_argument(kwargs, message):
    with pytest.raises(ValueError, match=message):
        find_zones(**kwargs)


@pytest.mark.parametrize("epoch", [0, -1, 9, 2.5])
def test_zone_rejects_epochs_outside_the_run(epoch):
    with pytest.raises(ValueError, match="epoch must be an integer from 1 to 8"):
        find_zones(CURVE).zone(epoch)


def test_zones_table_one_row_per_run():
    runs = {
        "small": {"loss": [0.9, 0.7, 0.6], "val_loss": [0.9, 0.7, 0.6]},
        "large": {"loss": [0.9, 0.4, 0.2], "val_loss": [0.8, 0.5, 0.9]},
    }
    table = zones_table(runs)
    assert table["run"].tolist() == ["small", "large"]
    assert table["best epoch"].tolist() == [3, 2]
    assert table["overfit from"].tolist() == ["none", 3]
    assert table["last train loss"].tolist() == [0.6, 0.2]
    precise = zones_table({"a": {"loss": [0.123456], "val_loss": [0.654321]}})
    assert precise[["best val_loss", "last val_loss", "last train loss"]].values.tolist() == [
        [0.6543, 0.6543, 0.1235]
    ]  # rounded to 4 decimals for the printed table
    no_train = zones_table({"a": {"val_loss": [0.5, 0.4]}})
    assert np.isnan(no_train["last train loss"].iloc[0])  # a run without "loss" still has a row
    assert table["underfit to"].tolist() == [2, 1]  # thresholds 0.66 and 0.55
    assert table["best val_loss"].tolist() == [0.6, 0.5]
    assert table["last val_loss"].tolist() == [0.6, 0.9]  # the last epoch, not the best
    assert list(table.columns) == [
        "run", "underfit to", "best epoch", "overfit from", "best val_loss", "last val_loss",
        "last train loss",
    ]  # fmt: skip


def test_zones_table_rejects_runs_without_validation():
    with pytest.raises(ValueError, match="run 'a' has loss, lr$"):
        zones_table({"a": {"loss": [1.0, 0.5], "lr": [0.1, 0.1]}})
    with pytest.raises(ValueError, match="run 'a' has nothing$"):
        zones_table({"a": {}})
    with pytest.raises(ValueError, match="runs"):
        zones_table({})


def test_shade_zones_draws_both_zones_and_the_best_epoch():
    h = {"loss": [0.9, 0.5, 0.3, 0.2, 0.1], "val_loss": CURVE[2:7]}  # 0.45 .. 0.47
    ax = plot_learning_curves(h)
    z = find_zones(h["val_loss"])
    shade_zones(ax, z, show_threshold=True)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "underfit zone" in labels and "overfit zone" in labels
    assert "best val_loss + 10%" in labels
    assert any(t.get_text() == f"best epoch {z.best_epoch}" for t in ax.texts)
    assert ax.get_xlim() == (0.5, 5.5)
    plt.close("all")


def test_shade_zones_skips_missing_zones_and_checks_its_input():
    ax = plot_learning_curves({"loss": [0.9, 0.5], "val_loss": [0.9, 0.5]})
    shade_zones(ax, find_zones([0.9, 0.5]))
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "overfit zone" not in labels and "underfit zone" in labels
    with pytest.raises(ValueError, match="find_zones"):
        shade_zones(ax, {"best_epoch": 2})
    plt.close("all")


def test_zones_is_frozen():
    z = find_zones(CURVE)
    assert isinstance(z, Zones)
    with pytest.raises(AttributeError):
        z.best_epoch = 1


# labels_reproduced, and the callback whose predictions it counts (course.callbacks)


def test_labels_reproduced_counts_by_hand_on_an_uneven_case():
    labels = [0, 1, 2, 3, 4]
    flipped = np.array([True, False, False, True, False])  # 2 flipped, 3 clean
    predicted = [np.array([0, 1, 0, 0, 0]), np.array([9, 1, 2, 0, 4]), np.array(labels)]
    table = labels_reproduced(predicted, labels, flipped)
    assert table.index.tolist() == [1, 2, 3] and table.index.name == "epoch"
    assert list(table.columns) == ["flipped", "clean", "all"]
    # epoch 1: flipped labels 0 (predicted 0) and 3 (predicted 0): 1 of 2; clean labels 1, 2, 4
    # (predicted 1, 0, 0): 1 of 3; all: 2 of 5
    assert table.loc[1].tolist() == [0.5, pytest.approx(1 / 3), 0.4]
    # epoch 2: flipped: neither (9 for 0, 0 for 3); clean: all three; all: 3 of 5
    assert table.loc[2].tolist() == [0.0, 1.0, 0.6]
    assert table.loc[3].tolist() == [1.0, 1.0, 1.0]


def test_labels_reproduced_takes_plain_lists():
    table = labels_reproduced([[1, 1, 0]], np.array([1, 0, 0]), [True, False, False])
    assert table.loc[1].tolist() == [1.0, 0.5, pytest.approx(2 / 3)]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"flipped": [1, 0, 0]}, "^flipped must be one boolean per sample"),
        ({"flipped": [True, True, True]}, "^flipped must mark at least one flipped and one clean"),
        ({"flipped": [False, False, False]}, "^flipped must mark at least one flipped"),
        ({"flipped": [True, False]}, "must have the same length"),
        ({"labels": [[0, 1, 2]]}, "^labels must be one class label per sample"),
        ({"labels": [0, np.nan, 2]}, "^labels must hold finite numbers"),
        ({"predicted": []}, "^predicted must hold at least one epoch"),
        ({"predicted": np.array([[0, 1, 2]])}, "^predicted must be a list"),
        ({"predicted": "012"}, "^predicted must be a list"),
        ({"predicted": [[0, 1]]}, r"^predicted\[0\] must hold one class per sample \(3\)"),
        ({"predicted": [[0, 1, 2], [0, "a", 2]]}, r"^predicted\[1\] must be an array of numbers"),
    ],
)
def test_labels_reproduced_names_a_bad_argument(kwargs, message):
    arguments = {"predicted": [[0, 1, 2]], "labels": [0, 1, 2], "flipped": [True, False, False]}
    with pytest.raises(ValueError, match=message):
        labels_reproduced(**{**arguments, **kwargs})


def _digits_like(seed: int = 0, n: int = 60, classes: int = 3):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, 4)).astype("float32"), rng.integers(0, classes, n)


def _compiled(num_outputs: int, task: str, loss: str):
    import keras

    from course.models import mlp

    keras.utils.set_random_seed(0)
    model = mlp((4,), widths=(8,), num_outputs=num_outputs, task=task)
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss=loss)
    return model


@pytest.mark.parametrize(
    ("num_outputs", "task", "loss", "metric"),
    [
        (3, "multiclass", "sparse_categorical_crossentropy", "sparse_categorical_accuracy"),
        (1, "binary", "binary_crossentropy", "binary_accuracy"),
    ],
)
def test_validation_pass_logs_what_keras_validation_computes(num_outputs, task, loss, metric):
    """Against Keras's own validation loop: the same val_loss and val_accuracy every epoch,
    and the predicted classes of the followed inputs are those of model.predict."""
    import keras

    from course.callbacks import ValidationPass

    x, y = _digits_like(classes=3 if num_outputs == 3 else 2)
    x_val, y_val = _digits_like(seed=1, n=25, classes=3 if num_outputs == 3 else 2)
    ours = _compiled(num_outputs, task, loss)
    watch = ValidationPass(x_val, y_val, x_train=x)
    mine = ours.fit(x, y, epochs=3, batch_size=16, shuffle=False, callbacks=[watch], verbose=0)

    theirs = _compiled(num_outputs, task, loss)
    theirs.compile(optimizer=keras.optimizers.Adam(0.01), loss=loss, metrics=[metric])
    keras_run = theirs.fit(
        x, y, epochs=3, batch_size=16, shuffle=False, validation_data=(x_val, y_val), verbose=0
    )
    np.testing.assert_allclose(mine.history["val_loss"], keras_run.history["val_loss"], rtol=1e-5)
    np.testing.assert_allclose(
        mine.history["val_accuracy"], keras_run.history[f"val_{metric}"], rtol=1e-6
    )
    assert len(watch.predicted) == 3 and watch.predicted[-1].shape == (60,)
    outputs = ours.predict(x, verbose=0)
    expected = (outputs[:, 0] > 0.5).astype(int) if num_outputs == 1 else outputs.argmax(axis=1)
    np.testing.assert_array_equal(watch.predicted[-1], expected)


def test_validation_pass_restarts_with_each_fit_and_follows_nothing_by_default():
    from course.callbacks import ValidationPass

    x, y = _digits_like()
    model = _compiled(3, "multiclass", "sparse_categorical_crossentropy")
    follow = ValidationPass(x[:10], y[:10], x_train=x)
    model.fit(x, y, epochs=2, callbacks=[follow], verbose=0)
    model.fit(x, y, epochs=1, callbacks=[follow], verbose=0)
    assert len(follow.predicted) == 1  # emptied when the second fit began
    plain = ValidationPass(x[:10], y[:10])
    history = model.fit(x, y, epochs=2, callbacks=[plain], verbose=0)
    assert plain.predicted == [] and len(history.history["val_loss"]) == 2
    assert 0.0 <= min(history.history["val_accuracy"]) <= 1.0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"x_val": []}, "^x_val must hold at least one sample"),
        ({"y_val": [0, 1]}, "^x_val and y_val must have the same length"),
        ({"y_val": [[0, 1, 2]] * 4}, "^y_val must be one class label"),
        ({"y_val": [0.5, 1, 2, 0]}, "^y_val must be one class label"),
        ({"x_train": np.ones((5, 3))}, r"^x_train must hold inputs shaped like those of x_val"),
        ({"x_train": "abc"}, "^x_train must be an array of numbers"),
    ],
)
def test_validation_pass_names_a_bad_argument(kwargs, message):
    from course.callbacks import ValidationPass

    arguments = {"x_val": np.ones((4, 4)), "y_val": [0, 1, 2, 0]}
    with pytest.raises(ValueError, match=message):
        ValidationPass(**{**arguments, **kwargs})


def test_validation_pass_needs_a_compiled_loss():
    import keras

    from course.callbacks import ValidationPass

    model = _compiled(3, "multiclass", "sparse_categorical_crossentropy")
    x, y = _digits_like()
    watch = ValidationPass(x[:10], y[:10])
    watch.set_model(keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)]))
    with pytest.raises(ValueError, match="^ValidationPass needs a model compiled with one loss"):
        watch.on_train_begin()
    watch.set_model(model)
    watch.on_train_begin()  # compiled: fine


@pytest.mark.parametrize("hostile", HOSTILE, ids=[type(h).__name__ for h in HOSTILE])
def test_hostile_flipped_and_runs_are_named(hostile):
    predicted = [np.array([0, 1])]
    with pytest.raises((ValueError, TypeError), match=r"^flipped must be one boolean per sample"):
        labels_reproduced(predicted, [0, 1], hostile)
    with pytest.raises((ValueError, TypeError), match=r"^(a )?runs? must be"):
        zones_table({"a": hostile})
    with pytest.raises(ValueError, match=r"^runs must be one run"):
        zones_table(hostile)
