"""The lessons' widgets: counts checked by hand and against Keras, bad values answered in the
widget, runs drawn from what Keras logged, and the static picture a stored notebook keeps."""

import base64

import keras
import numpy as np
import pytest

from course.callbacks import LivePlot
from course.models import mlp
from course.widgets import WIDGET_VIEW, EpochExplorer, TrainingPlayground

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _is_png(text: str) -> bool:
    return base64.b64decode(text).startswith(PNG_SIGNATURE)


def _bars(explorer: EpochExplorer) -> list[tuple[float, str]]:
    """(width, colour) of every bar drawn, in order."""
    from matplotlib.colors import to_hex

    (ax,) = explorer.figure.axes
    return [(p.get_width(), to_hex(p.get_facecolor())) for p in ax.patches]


def test_explorer_counts_an_uneven_epoch_by_hand():
    explorer = EpochExplorer(num_samples=1_000, batch_size=300, epochs=5)
    # by hand: 300 + 300 + 300 + 100 = 1,000 -> 4 updates per epoch, 20 in 5 epochs
    assert explorer.summary == (
        "iterations per epoch: 4 (3 full batches of 300 and a last batch of 100)\n"
        "iterations in 5 epochs: 4 x 5 = 20"
    )
    bars = _bars(explorer)
    assert [w for w, _ in bars] == [300, 300, 300, 100]
    assert bars[-1][1] == "#ff7f0e" and bars[0][1] != "#ff7f0e"  # the partial batch is orange


def test_explorer_holds_out_the_last_samples_for_validation():
    explorer = EpochExplorer(num_samples=1_797, batch_size=32, validation_split=0.2)
    # floor(1797 * 0.8) = 1,437 training samples = 44 x 32 + 29; the last 360 are held out
    assert explorer.summary.splitlines()[0] == (
        "iterations per epoch: 45 (44 full batches of 32 and a last batch of 29)"
    )
    bars = _bars(explorer)
    assert sum(w for w, _ in bars[:-1]) == 1_437 and bars[-1][0] == 360
    assert bars[-2][0] == 29


def test_explorer_says_when_every_batch_is_full_and_when_one_batch_holds_everything():
    explorer = EpochExplorer(num_samples=1_000, batch_size=100, epochs=1)
    assert explorer.summary == (
        "iterations per epoch: 10 (10 full batches of 100)\niterations in 1 epoch: 10 x 1 = 10"
    )
    explorer.validation_split.value = 0.15
    explorer.batch_size.value = 5_000  # larger than the 850 training samples: one update
    assert explorer.summary.splitlines()[0] == (
        "iterations per epoch: 1 (one batch of all 850 training samples: batch_size is larger "
        "than the training set)"
    )
    (ax,) = explorer.figure.axes
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "the whole training set as one batch (850 samples)",
        "validation (150 last rows)",
    ]


def test_explorer_counts_what_keras_runs_for_the_values_in_its_controls():
    explorer = EpochExplorer(num_samples=50, batch_size=16, validation_split=0.1, epochs=2)
    keras.utils.set_random_seed(0)
    model = mlp((4,), widths=(4,), num_outputs=2)
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    x, y = np.zeros((50, 4), "float32"), np.zeros(50, "int64")
    model.fit(x, y, epochs=2, batch_size=16, validation_split=0.1, verbose=0)
    total = int(explorer.summary.splitlines()[1].rsplit("= ", 1)[1])
    assert total == int(model.optimizer.iterations) == 6  # 45 samples: 16 + 16 + 13, twice


def test_explorer_redraws_its_output_area_on_every_change():
    explorer = EpochExplorer(num_samples=100, batch_size=10)
    picture, text = explorer.output.outputs
    assert _is_png(picture["data"]["image/png"])
    assert text["text"] == explorer.summary + "\n"
    explorer.batch_size.value = 30
    assert explorer.output.outputs[1]["text"].startswith("iterations per epoch: 4 (3 full")
    assert explorer.output.outputs[0]["data"]["image/png"] != picture["data"]["image/png"]


@pytest.mark.parametrize(
    ("control", "value", "message"),
    [
        ("batch_size", 0, "batch_size must be an integer from 1 to 1000000, got 0"),
        ("num_samples", -5, "num_samples must be an integer from 1 to 1000000, got -5"),
        ("num_samples", 10**7, "num_samples must be an integer from 1 to 1000000, got 10000000"),
        ("num_samples", 1, "validation_split=0.5 leaves an empty training or validation"),
    ],
)
def test_a_bad_value_is_a_message_in_the_widget_and_empties_the_drawing(control, value, message):
    explorer = EpochExplorer(num_samples=100, validation_split=0.5)
    getattr(explorer, control).value = value  # no exception reaches the learner
    assert explorer.message.startswith(message)
    assert "#b00020" in explorer.message_view.value  # shown in red
    assert explorer.summary == ""
    (picture,) = explorer.output.outputs  # no counts printed for values that have none
    assert _is_png(picture["data"]["image/png"])
    assert [t.get_text() for t in explorer.figure.axes[0].texts] == [
        "nothing to count: see the message above"
    ]
    explorer.batch_size.value, explorer.num_samples.value = 7, 100
    assert explorer.message == "" and explorer.summary.startswith("iterations per epoch: 8 (")


def test_the_constructor_checks_the_values_together():
    with pytest.raises(ValueError, match="validation_split=0.5 leaves an empty training"):
        EpochExplorer(num_samples=1, validation_split=0.5)


def test_displayed_widget_carries_a_static_picture_and_its_values():
    explorer = EpochExplorer(num_samples=1_079, batch_size=32, epochs=5)
    bundle, metadata = explorer._repr_mimebundle_()
    assert metadata["image/png"]["alt"].startswith("1,079 training samples, batch_size=32")
    assert bundle[WIDGET_VIEW] == {
        "version_major": 2,
        "version_minor": 0,
        "model_id": explorer.widget.model_id,
    }
    assert _is_png(bundle["image/png"])
    assert bundle["text/plain"].splitlines() == [
        "Epoch explorer: num_samples=1,079, batch_size=32, validation_split=0.00, epochs=5",
        "iterations per epoch: 34 (33 full batches of 32 and a last batch of 23)",
        "iterations in 5 epochs: 34 x 5 = 170",
    ]
    # the picture's caption is taken off again: the live drawing keeps no caption
    assert explorer.figure.texts == []


@pytest.fixture()
def train_digits_like():
    """A train(batch_size, learning_rate, epochs, callbacks) on small seeded data, recording
    what Keras returned and whether the Train button was disabled while it ran."""
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(60, 8)).astype("float32"), rng.integers(0, 3, size=60)
    calls = []

    def train(batch_size, learning_rate, epochs, callbacks):
        keras.utils.set_random_seed(0)
        model = mlp((8,), widths=(8,), num_outputs=3)
        model.compile(
            optimizer=keras.optimizers.SGD(learning_rate),
            loss="sparse_categorical_crossentropy",
            metrics=["accuracy"],
        )
        history = model.fit(
            x,
            y,
            epochs=epochs,
            batch_size=batch_size,
            validation_split=0.25,
            callbacks=callbacks,
            verbose=0,
        )
        calls.append((history.history, train.playground.train_button.disabled))
        return history

    train.calls = calls
    return train


def test_train_draws_the_run_keras_logged_beside_the_earlier_ones(train_digits_like):
    playground = TrainingPlayground(train_digits_like, batch_size=16, epochs=3)
    train_digits_like.playground = playground
    playground.train_button.click()
    playground.batch_size.value = 45
    playground.train_button.click()
    (first, disabled_1), (second, disabled_2) = train_digits_like.calls
    assert disabled_1 and disabled_2 and not playground.train_button.disabled
    names = ["B=16, lr=0.01, 3 epochs", "B=45, lr=0.01, 3 epochs"]
    assert list(playground.runs) == names
    for name, logged in zip(names, (first, second), strict=True):
        for key in ("loss", "val_loss", "accuracy", "val_accuracy"):
            np.testing.assert_allclose(playground.runs[name][key], logged[key], rtol=1e-6)
    loss_ax = playground.figure.axes[0]
    labels = [line.get_label() for line in loss_ax.get_lines()]
    assert labels == [f"{n} {part}" for n in names for part in ("train", "validation")]
    np.testing.assert_allclose(loss_ax.get_lines()[2].get_ydata(), second["loss"], rtol=1e-6)
    assert playground.message.startswith("B=45, lr=0.01, 3 epochs: after the last epoch")
    assert _is_png(playground.output.outputs[0]["data"]["image/png"])


def test_the_same_values_are_not_trained_twice_and_clear_forgets_every_run(train_digits_like):
    playground = TrainingPlayground(
        train_digits_like, epochs=1, runs={"earlier": {"loss": [1.0], "accuracy": [0.5]}}
    )
    train_digits_like.playground = playground
    playground.train_button.click()
    playground.train_button.click()  # the same values: the same seeded run, not trained again
    assert len(train_digits_like.calls) == 1
    assert list(playground.runs) == ["earlier", "B=32, lr=0.01, 1 epochs"]
    assert playground.message == (
        "B=32, lr=0.01, 1 epochs is already drawn: the seed is fixed, so it would be the same run"
    )
    assert [ax.get_legend() is not None for ax in playground.figure.axes] == [False, True]
    playground.clear_button.click()
    assert playground.runs == {} and playground.message == ""
    assert [t.get_text() for t in playground.figure.axes[0].texts] == ["press Train to add a run"]


def test_at_most_ten_runs_are_drawn(train_digits_like):
    runs = {f"run {i}": {"loss": [1.0], "accuracy": [0.5]} for i in range(10)}
    playground = TrainingPlayground(train_digits_like, runs=runs)
    playground.train_button.click()
    assert train_digits_like.calls == []
    assert playground.message == "10 runs are drawn: press Clear runs first"


def test_bad_values_and_failing_training_are_messages_not_tracebacks(train_digits_like):
    playground = TrainingPlayground(train_digits_like)
    train_digits_like.playground = playground
    playground.batch_size.value = 0
    playground.train_button.click()
    assert playground.message == "batch_size must be an integer from 1 to 1000000, got 0"
    assert train_digits_like.calls == [] and playground.runs == {}

    def broken(batch_size, learning_rate, epochs, callbacks):
        raise RuntimeError("the data is missing")

    playground = TrainingPlayground(broken)
    playground.train_button.click()
    assert playground.message == "training failed: RuntimeError: the data is missing"
    assert not playground.train_button.disabled and playground.runs == {}

    def forgets_callbacks(batch_size, learning_rate, epochs, callbacks):
        return None

    playground = TrainingPlayground(forgets_callbacks)
    playground.train_button.click()
    assert playground.message.startswith("no epoch was recorded: train must pass its callbacks")


def test_liveplot_shows_each_epoch_through_show_and_draws_the_runs_to_compare(
    tiny_model, random_data
):
    x, y = random_data(40)
    model = tiny_model()
    shown = []
    live = LivePlot(
        compare_with={"before": {"loss": [2.0, 1.5, 1.2], "val_loss": [2.1, 1.7, 1.6]}},
        name="now",
        show=lambda figure: shown.append([line.get_label() for line in figure.axes[0].get_lines()]),
    )
    history = model.fit(
        x, y, epochs=3, batch_size=10, validation_split=0.25, callbacks=[live], verbose=0
    )
    assert len(shown) == 3  # once per epoch, in place of the display handle
    assert shown[-1] == ["before train", "before validation", "now train", "now validation"]
    assert live.logs["loss"] == pytest.approx(history.history["loss"])
    with pytest.raises(ValueError, match="name must differ from the runs in compare_with"):
        LivePlot(compare_with={"now": {"loss": [1.0]}}, name="now")
