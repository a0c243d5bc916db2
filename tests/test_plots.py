import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from course import plots  # noqa: E402
from course.curves import find_zones  # noqa: E402
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


class _BrokenRepr:
    def __repr__(self):
        raise RuntimeError("repr is broken")


def _ax():
    return plt.subplots()[1]


def _spread(**kwargs):
    table = {"batch_size": [8, 8], "seed": [0, 1], "val_loss": [0.3, 0.4]}
    return plots.plot_seed_spread(pd.DataFrame(table), "batch_size", "val_loss", **kwargs)


def _curves(table=None, **kwargs):
    table = pd.DataFrame({"lr": [0.1], "curve": [[1.0, 0.5]]}) if table is None else table
    return plots.plot_seed_curves(table, "lr", **kwargs)


def _range_tests(**kwargs):
    from course.lr_finder import LearningRateRangeTest

    kwargs.setdefault("finders", {0: LearningRateRangeTest(start=1e-3, stop=1.0, num_steps=5)})
    return plots.plot_range_tests(**kwargs)


HISTORY = {"loss": [1.0, 0.5], "val_loss": [1.0, 0.6]}
NOT_AXES = [3, "x", None, _BrokenRepr()]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        # an Axes or a Figure: anything else is named, even an object whose repr raises
        *[
            (lambda v=v: plots.placeholder(v, "soon"), r"ax must be a matplotlib Axes, got")
            for v in NOT_AXES
        ],
        *[
            (lambda v=v: plots.legend_outside(v), r"ax must be a matplotlib Axes, got")
            for v in NOT_AXES
        ],
        *[
            (lambda v=v: plots.one_legend(v), r"figure must be a matplotlib Figure")
            for v in NOT_AXES
        ],
        (
            lambda: plots.plot_learning_curves(HISTORY, ax=_BrokenRepr()),
            r"ax must be a matplotlib Axes \(or None for a new figure\), got <_BrokenRepr object>",
        ),
        (lambda: plots.plot_epoch_batches(100, 32, ax="x"), r"ax must be a matplotlib Axes"),
        (lambda: plots.mark_epoch(None, 2, "best"), r"ax must be a matplotlib Axes, got None"),
        (lambda: _spread(ax=3), r"ax must be a matplotlib Axes \(or None"),
        (lambda: _curves(ax=3), r"ax must be a matplotlib Axes \(or None"),
        (lambda: _range_tests(ax=3), r"ax must be a matplotlib Axes \(or None"),
        # True or False: not a truthy stand-in
        (
            lambda: plots.plot_learning_curves(HISTORY, mark_best="yes"),
            r"mark_best must be True or False, got 'yes'",
        ),
        (
            lambda: plots.plot_learning_curves(HISTORY, validation=None),
            r"validation must be True or False, got None",
        ),
        (
            lambda: plots.shade_zones(_ax(), find_zones([0.9, 0.6, 0.7]), show_threshold=2),
            r"show_threshold must be True or False, got 2",
        ),
        # text: a string, not bytes, a list or a number
        (lambda: plots.caption(plt.subplots()[0], b"loss"), r"text must be a string, got b'loss'"),
        (lambda: plots.placeholder(_ax(), "soon", ylabel=["loss"]), r"ylabel must be a string"),
        (
            lambda: plots.mark_epoch(_ax(), 2, _BrokenRepr()),
            r"label must be a string, got <_BrokenRepr object>",
        ),
        (lambda: _spread(label=0.5), r"label must be a string, got 0.5"),
        (lambda: _curves(label=None), r"label must be a string, got None"),
        (lambda: _curves(label="lr={name}"), r"label must format one setting with '\{\}'"),
        # a colour matplotlib knows, as a string
        (lambda: plots.mark_epoch(_ax(), 2, "best", color=3), r"color must be a matplotlib colour"),
        (lambda: _spread(color="loss"), r"color must be a matplotlib colour .*, got 'loss'"),
        # a figure's shape
        (lambda: plots.detached_figure(True, (4.0, 3.0)), r"num_axes must be an integer >= 1"),
        (lambda: plots.detached_figure(10**400, (4.0, 3.0)), r"num_axes must be an integer of"),
        (lambda: plots.detached_figure(1, (0, 0)), r"each entry of figsize must be a finite num"),
        (lambda: plots.detached_figure(1, None), r"figsize must be \(width, height\) in inches"),
        # tables with rows; range tests in a mapping; rates to shade
        (
            lambda: plots.plot_seed_spread(pd.DataFrame(), "seed", "val_loss"),
            r"table must hold one row per seed",
        ),
        (lambda: _curves(pd.DataFrame(columns=["lr", "curve"])), r"table must hold one row per"),
        (lambda: _range_tests(finders=[1, 2]), r"finders must map a name \(a seed\)"),
        (lambda: _range_tests(finders={}), r"finders must map a name \(a seed\)"),
        (
            lambda: _range_tests(finders={0: "finder"}),
            r"finders must map each name to a course.lr_finder.LearningRateRangeTest, got 'finder'",
        ),
        (lambda: _range_tests(highlight=0.5), r"highlight must be a list of learning rates"),
        (
            lambda: _range_tests(highlight=[0.5, float("nan")]),
            r"each entry of highlight must be a finite number > 0, got nan",
        ),
    ],
)
def test_a_bad_argument_is_named_before_anything_is_drawn(call, message):
    before = plt.get_fignums()
    with pytest.raises(ValueError, match=message):
        call()
    new = [plt.figure(n) for n in plt.get_fignums() if n not in before]
    assert all(not ax.get_lines() and not ax.patches for f in new for ax in f.axes)
    plt.close("all")


def test_alt_text_says_the_title_what_is_plotted_against_what_and_the_legend():
    figure, ax = plt.subplots()
    plot_learning_curves(RUNS, "loss", ax=ax)
    ax.set_title("The large network overfits from epoch 2")
    assert plots.alt_text(figure) == (
        "The large network overfits from epoch 2. Plot of loss against epoch. Legend: "
        "small train, small validation, large train, large validation."
    )
    plt.close("all")


def test_alt_text_names_panels_left_to_right_after_the_figure_title():
    figure, axes = plt.subplots(1, 2, sharey=True)
    figure.suptitle("Counted in updates, the curves agree")
    axes[0].set(title="in epochs", xlabel="epoch", ylabel="loss")
    axes[1].set(title="in updates?", xlabel="updates")  # shares the left panel's y label
    axes[1].plot([1, 2], [3, 4], label="200 digits")
    axes[1].legend()
    assert plots.alt_text(figure) == (
        "Counted in updates, the curves agree. Left: in epochs. Plot of loss against epoch. "
        "Right: in updates? Plot of loss against updates. Legend: 200 digits."
    )
    plt.close("all")


def test_alt_text_counts_pictures_and_lists_their_titles():
    figure, axes = plt.subplots(1, 3)
    figure.suptitle("Three digits")
    for ax, label in zip(axes, (7, 1, 2), strict=True):
        ax.imshow([[0, 1], [1, 0]])
        ax.set_title(f"label {label}")
        ax.axis("off")
    assert plots.alt_text(figure) == "Three digits. 3 pictures: label 7, label 1, label 2."
    plt.close("all")


def test_alt_text_names_six_legend_entries_then_counts_the_rest():
    figure, ax = plt.subplots()
    for i in range(8):
        ax.plot([0, 1], [i, i], label=f"seed {i}")
    ax.legend()
    ax.set_title("Eight seeds\n  agree on $x^2$")  # a line break and mathtext read as words
    assert plots.alt_text(figure) == (
        "Eight seeds agree on x^2. Legend: seed 0, seed 1, seed 2, seed 3, seed 4, seed 5 "
        "and 2 more."
    )
    plt.close("all")


def test_alt_text_of_an_untitled_panel_is_its_placeholder_text_and_never_empty():
    figure, axes = plt.subplots(2, 2)
    plots.placeholder(axes[0, 0], "press Train to add a run", ylabel="loss")
    text = plots.alt_text(figure)
    assert text.startswith("Panel 1: press Train to add a run. Plot of loss against epoch.")
    assert "Panel 2" not in text  # empty panels say nothing
    assert plots.alt_text(plt.figure()) == "A figure of 0 panels without a title."
    with pytest.raises(ValueError, match="figure must be a matplotlib Figure"):
        plots.alt_text("curves.png")
    plt.close("all")


def test_alt_text_keeps_legend_entries_with_commas_apart():
    figure, ax = plt.subplots()
    ax.plot([1, 2], label="theory, with replacement")
    ax.plot([2, 1], label="measured")
    ax.legend()
    assert plots.alt_text(figure) == "Legend: theory, with replacement; measured."
    plt.close("all")
