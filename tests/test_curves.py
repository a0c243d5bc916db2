import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course.curves import Zones, find_zones, zones_table  # noqa: E402
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
