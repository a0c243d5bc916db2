"""Lesson 08's checks against hand counts and against Keras itself: the weights a partly frozen
network trains, and a transfer run judged on its val_accuracy within a budget of epochs."""

import keras
import numpy as np
import pytest

from course import check

LESSON = {"widths": (128, 64), "num_inputs": 64, "num_classes": 10}


@pytest.mark.parametrize(
    ("question", "count"),
    [
        # block1: 64 x 128 = 8,192, BN 2 x 128 = 256; block2: 128 x 64 = 8,192, BN 2 x 64 = 128;
        # head: 64 x 10 + 10 = 650
        ({**LESSON, "frozen": "none"}, 17_418),
        ({**LESSON, "frozen": "base"}, 650),
        ({**LESSON, "frozen": "block1"}, 8_192 + 128 + 650),
        ({**LESSON, "frozen": "batchnorm"}, 8_192 + 8_192 + 650),
        # an uneven one: 5 inputs, one block of 3, 2 classes: 15 + 6 + (3 x 2 + 2)
        ({"widths": (3,), "num_inputs": 5, "num_classes": 2, "frozen": "none"}, 29),
        ({"widths": (3,), "num_inputs": 5, "num_classes": 2, "frozen": "base"}, 8),
        ({"widths": (3,), "num_inputs": 5, "num_classes": 2, "frozen": "block1"}, 8),
        ({"widths": (3,), "num_inputs": 5, "num_classes": 2, "frozen": "batchnorm"}, 23),
        # 2 inputs, blocks of 4 and 3, 3 classes: 8 + 8 + 12 + 6 + (3 x 3 + 3)
        ({"widths": (4, 3), "num_inputs": 2, "num_classes": 3, "frozen": "none"}, 46),
        ({"widths": (4, 3), "num_inputs": 2, "num_classes": 3, "frozen": "block1"}, 30),
        ({"widths": (4, 3), "num_inputs": 2, "num_classes": 3, "frozen": "batchnorm"}, 32),
    ],
)
def test_trainable_weights_counted_by_hand(question, count):
    assert check.trainable_weights(count, **question)
    assert check.trainable_weights(f"{count:,}", **question)
    assert not check.trainable_weights(count + 1, **question)
    assert not check.trainable_weights(count - 1, **question)


def test_trainable_weights_is_what_keras_trains():
    # the lesson's way of freezing: base.trainable = False on a nested base model
    inputs = keras.Input((64,))
    x = inputs
    for i, width in enumerate((128, 64), start=1):
        x = keras.layers.Dense(width, use_bias=False, name=f"block{i}_dense")(x)
        x = keras.layers.BatchNormalization(name=f"block{i}_bn")(x)
        x = keras.layers.Activation("relu")(x)
    base = keras.Model(inputs, x)
    base.trainable = False
    top = keras.Input((64,))
    model = keras.Model(top, keras.layers.Dense(10, activation="softmax")(base(top)))
    before = [w.copy() for w in model.get_weights()]
    model.compile(keras.optimizers.SGD(0.1), "sparse_categorical_crossentropy")
    model.fit(np.ones((4, 64), "float32"), np.arange(4), epochs=1, verbose=0)
    moved = sum(
        a.size for a, b in zip(before, model.get_weights(), strict=True) if not np.array_equal(a, b)
    )
    assert moved == 650
    assert check.trainable_weights(moved, **LESSON, frozen="base")


def test_trainable_weights_bad_questions_raise():
    with pytest.raises(ValueError, match="frozen"):
        check.trainable_weights(1, **LESSON, frozen="head")
    with pytest.raises(ValueError, match="widths"):
        check.trainable_weights(1, widths=(10_001,), num_inputs=2, num_classes=2, frozen="none")
    with pytest.raises(ValueError, match="widths"):
        check.trainable_weights(1, widths=(2,) * 11, num_inputs=2, num_classes=2, frozen="none")
    with pytest.raises(ValueError, match="num_classes"):
        check.trainable_weights(1, widths=(2,), num_inputs=2, num_classes=1, frozen="none")
    with pytest.raises(ValueError, match="num_inputs"):
        check.trainable_weights(1, widths=(2,), num_inputs=10_001, num_classes=2, frozen="none")
    # the limits themselves are allowed
    assert check.trainable_weights(
        10_000 * 2 + 4 + 2 * 2 + 2, widths=(2,), num_inputs=10_000, num_classes=2, frozen="none"
    )


def _run(curve, key="val_accuracy"):
    history = keras.callbacks.History()
    history.history = {key: curve}
    return history


def test_transfer_run_on_what_keras_ran():
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).normal(size=(40, 4)).astype("float32")
    y = (x[:, 0] > 0).astype("int64")
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, activation="softmax")])
    model.compile(
        keras.optimizers.Adam(0.1), "sparse_categorical_crossentropy", metrics=["accuracy"]
    )
    history = model.fit(x, y, epochs=3, validation_data=(x, y), verbose=0)
    best = max(history.history["val_accuracy"])
    assert check.transfer_run(history, max_epochs=3, target_val_accuracy=best)
    assert not check.transfer_run(history, max_epochs=2, target_val_accuracy=best)
    assert not check.transfer_run(history, max_epochs=3, target_val_accuracy=min(1.0, best + 0.01))


def test_transfer_run_boundaries():
    # exactly at the target counts; exactly at the budget counts
    assert check.transfer_run(_run([0.5, 0.72]), max_epochs=2, target_val_accuracy=0.72)
    assert not check.transfer_run(_run([0.5, 0.719]), max_epochs=2, target_val_accuracy=0.72)
    assert not check.transfer_run(_run([0.5, 0.72, 0.8]), max_epochs=2, target_val_accuracy=0.72)
    assert check.transfer_run(_run([0.0]), max_epochs=1, target_val_accuracy=0.0)
    assert check.transfer_run(_run([1.0]), max_epochs=1, target_val_accuracy=1.0)


@pytest.mark.parametrize(
    "answer",
    [
        None,
        ...,
        "x",
        3,
        {"val_accuracy": [0.9]},
        _run([0.9], key="val_loss"),
        _run([]),
        _run("0.9"),
        _run(["a"]),
    ],
)
def test_transfer_run_never_raises_and_never_passes_a_non_run(answer):
    assert not check.transfer_run(answer, max_epochs=5, target_val_accuracy=0.5)


def test_transfer_run_bad_questions_raise():
    with pytest.raises(ValueError, match="max_epochs"):
        check.transfer_run(None, max_epochs=0, target_val_accuracy=0.5)
    with pytest.raises(ValueError, match="target_val_accuracy"):
        check.transfer_run(None, max_epochs=3, target_val_accuracy=1.5)
    with pytest.raises(ValueError, match="target_val_accuracy"):
        check.transfer_run(None, max_epochs=3, target_val_accuracy=-0.1)


def test_trainable_weights_at_the_limits_of_the_question():
    # 10 blocks are allowed (11 are not): 2 inputs, ten blocks of 2, 2 classes
    # each block: a 2 x 2 kernel and 2 x 2 for BatchNormalization's gamma and beta; head 2 x 2 + 2
    ten = 10 * (2 * 2 + 2 * 2) + (2 * 2 + 2)
    assert check.trainable_weights(
        ten, widths=(2,) * 10, num_inputs=2, num_classes=2, frozen="none"
    )
    # 10,000 units are allowed: 1 x 10,000 + 2 x 10,000 + 10,000 x 2 + 2; 10,000 classes: a
    # frozen base leaves the head, 2 x 10,000 + 10,000
    assert check.trainable_weights(
        50_002, widths=(10_000,), num_inputs=1, num_classes=2, frozen="none"
    )
    assert check.trainable_weights(
        30_000, widths=(2,), num_inputs=1, num_classes=10_000, frozen="base"
    )


def test_trainable_weights_bad_widths_show_the_lessons_form():
    question = {key: value for key, value in LESSON.items() if key != "widths"}
    with pytest.raises(ValueError) as err:
        check.trainable_weights(1, widths="64", **question, frozen="none")
    assert str(err.value) == "widths must be a list of integers >= 1 such as (128, 64), got '64'"


def test_trainable_weights_refuses_more_than_10000_classes():
    question = {**LESSON, "num_classes": 10_001}
    with pytest.raises(ValueError) as err:
        check.trainable_weights(1, **question, frozen="none")
    assert str(err.value) == "num_classes must be an integer from 2 to 10000, got 10001"


def test_transfer_run_hint_agrees_with_the_lesson():
    # lesson 08's frozen way (head at 0.01) reached 0.7 at epochs 10 and 12 and never in
    # seed 0; fine-tune at 6 to 9: the hint must name what the lesson measured, and the tool
    # for a lower base rate (fine-tune so compiled reached 0.72 within 10 epochs, at epochs
    # 10, 7 and 9 in seeds 0, 1 and 2; rerun on the base pretrained with seed 100: the same,
    # seed 0 only at the budget's last epoch, 0.730)
    hint = str(check.transfer_run(None, max_epochs=10, target_val_accuracy=0.72))
    assert "0.01 to 0.05" not in hint and "quick" not in hint
    assert "higher rate" not in hint
    assert "epochs 10 and 12, and never in one seed" in hint and "epochs 6 to 9" in hint
    assert "LayerRateAdam({'block': 0.1}, learning_rate=0.01)" in hint
    # a run like the lesson's frozen seed 0 at 0.01 (val_accuracy 0.69 at epoch 10) fails,
    # one like a frozen base whose head learns at 0.03 (0.72 at epoch 4) passes
    slow = [0.53, 0.56, 0.57, 0.58, 0.6, 0.62, 0.64, 0.66, 0.68, 0.69]
    fast = [0.55, 0.61, 0.7, 0.72, 0.73, 0.74, 0.75, 0.75, 0.75, 0.75]
    assert not check.transfer_run(_run(slow), max_epochs=10, target_val_accuracy=0.72)
    assert check.transfer_run(_run(fast), max_epochs=10, target_val_accuracy=0.72)
