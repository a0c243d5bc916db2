import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from course.plots import mark_epoch, plot_iterations, plot_learning_curves  # noqa: E402

RUNS = {
    "small": {"loss": [1.0, 0.6, 0.5], "val_loss": [1.1, 0.7, 0.8]},
    "large": {"loss": [1.0, 0.4, 0.2], "val_loss": [1.0, 0.9, 1.2]},
}


def test_one_colour_per_run_train_solid_validation_dashed():
    ax = plot_learning_curves(RUNS, "loss", mark_best=True)
    lines = [ln for ln in ax.get_lines() if ln.get_linestyle() in ("-", "--")]
    styles = [(ln.get_label(), ln.get_color(), ln.get_linestyle()) for ln in lines]
    assert styles == [
        ("small train", "C0", "-"),
        ("small validation", "C0", "--"),
        ("large train", "C1", "-"),
        ("large validation", "C1", "--"),
    ]
    dots = [ln for ln in ax.get_lines() if ln.get_marker() == "o"]
    assert [(d.get_xdata()[0], d.get_ydata()[0]) for d in dots] == [(2, 0.7), (2, 0.9)]
    plt.close("all")


def test_single_history_and_keras_history_object():
    class FakeHistory:
        history = {"accuracy": [0.5, 0.9], "val_accuracy": [0.5, 0.8]}

    ax = plot_learning_curves(FakeHistory(), "accuracy", mark_best=True)
    assert [ln.get_label() for ln in ax.get_lines()][:2] == ["train", "validation"]
    plt.close("all")


def test_a_nan_epoch_is_never_marked_best():
    ax = plot_learning_curves({"loss": [1.0, 0.5, 0.4], "val_loss": [0.9, float("nan"), 0.6]},
                              mark_best=True)  # fmt: skip
    dots = [ln for ln in ax.get_lines() if ln.get_marker() == "o"]
    assert [(d.get_xdata()[0], d.get_ydata()[0]) for d in dots] == [(3, 0.6)]


def test_unknown_metric_lists_what_was_recorded():
    with pytest.raises(
        ValueError, match=r"metric must be a recorded metric of run 'small', got 'accuracy'"
    ):
        plot_learning_curves(RUNS, "accuracy")
    with pytest.raises(ValueError, match="a run must be"):
        plot_learning_curves({"a": 3}, "loss")


def test_plot_iterations_axes_and_bad_x(tiny_model, random_data):
    from course.callbacks import IterationHistory

    x, y = random_data(100)
    rec = IterationHistory()
    tiny_model().fit(
        x, y, epochs=2, batch_size=30, callbacks=[rec], verbose=0, validation_data=(x, y)
    )
    for axis in ("epoch_fraction", "iteration", "samples_seen", "seconds"):
        ax = plot_iterations({"B=30": rec}, x=axis)
        per_batch, per_epoch, val = ax.get_lines()
        assert len(per_batch.get_xdata()) == 8 and len(per_epoch.get_xdata()) == 2
        assert val.get_linestyle() == "--"
    assert list(plot_iterations(rec).get_lines()[1].get_xdata()) == [1.0, 2.0]
    with pytest.raises(ValueError, match=r"x must be one of 'epoch_fraction'"):
        plot_iterations(rec, x="minutes")
    with pytest.raises(ValueError, match="runs must be a course IterationHistory"):
        plot_iterations({"a": {"loss": [1]}})
    plt.close("all")


def test_mark_epoch_draws_a_labelled_vertical_line_at_the_epoch():
    ax = plot_learning_curves(RUNS["small"], "loss")
    lines_before = len(ax.get_lines())
    mark_epoch(ax, 1.5, "here", color="red")
    line = ax.get_lines()[-1]
    assert len(ax.get_lines()) == lines_before + 1
    assert list(line.get_xdata()) == [1.5, 1.5] and line.get_linestyle() == ":"
    (text,) = [t for t in ax.texts if t.get_text() == "here"]
    assert text.xy == (1.5, 1.0) and text.get_color() == "red"
    with pytest.raises(ValueError, match="epoch must be"):
        mark_epoch(ax, "two", "bad")
    plt.close("all")
