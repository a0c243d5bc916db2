"""course.check.dropout_scale, l2_penalty and regularized_run (lesson 05): right answers from
hand computations, every branch and boundary, and bad questions that raise."""

import math
from types import SimpleNamespace

import keras
import numpy as np
import pytest

from course import check

# --- dropout_scale -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rate", "by_hand"),
    [(0.5, 2.0), (0.2, 1.25), (0.25, 4 / 3), (0.9, 10.0), (0.1, 1 / 0.9)],
)
def test_dropout_scale_is_one_over_the_keep_probability(rate, by_hand):
    assert check.dropout_scale(by_hand, rate=rate)
    assert check.dropout_scale(str(by_hand), rate=rate)
    assert not check.dropout_scale(1.0, rate=rate)  # no scaling at all
    assert not check.dropout_scale(1 - rate, rate=rate)  # the keep probability itself
    assert not check.dropout_scale(0, rate=rate)  # a dropped value


def test_dropout_scale_accepts_three_significant_digits_and_no_more_slack():
    assert check.dropout_scale(1.33, rate=0.25)  # 4/3 to 3 digits
    assert not check.dropout_scale(1.32, rate=0.25)
    # tolerance 0.5 % of 2.0 = 0.01, boundary included
    assert check.dropout_scale(2.01, rate=0.5) and check.dropout_scale(1.9901, rate=0.5)
    assert not check.dropout_scale(2.0101, rate=0.5) and not check.dropout_scale(1.9899, rate=0.5)


def test_dropout_scale_matches_a_real_dropout_layer():
    layer = keras.layers.Dropout(0.3, seed=1)
    out = keras.ops.convert_to_numpy(layer(np.ones((1, 1_000), "float32"), training=True))
    kept = out[out > 0]
    assert kept.size > 0 and np.allclose(kept, kept[0])
    assert check.dropout_scale(float(kept[0]), rate=0.3)
    assert np.isclose(kept[0], 1 / 0.7, rtol=1e-6)


@pytest.mark.parametrize("answer", [None, ...])
def test_dropout_scale_unanswered(answer):
    verdict = check.dropout_scale(answer, rate=0.5)
    assert not verdict and repr(verdict).startswith("Not answered yet")


@pytest.mark.parametrize("answer", ["two", [2.0], {"a": 2}, float("nan"), True])
def test_dropout_scale_wrong_form(answer):
    verdict = check.dropout_scale(answer, rate=0.5)
    assert not verdict and "should be a number" in repr(verdict)


@pytest.mark.parametrize(
    ("rate", "message"),
    [
        (0, "rate must be a finite number > 0 and <= 0.9, got 0"),
        (0.95, "rate must be a finite number > 0 and <= 0.9, got 0.95"),
        (-0.1, "rate must be a finite number > 0 and <= 0.9"),
        ("0.5", "rate must be a finite number > 0 and <= 0.9"),
        (float("nan"), "rate must be a finite number"),
        (None, "rate must be a finite number"),
    ],
)
def test_dropout_scale_bad_rate_raises(rate, message):
    with pytest.raises(ValueError, match=message.replace(".", r"\.")):
        check.dropout_scale(2.0, rate=rate)


def test_dropout_scale_rate_at_its_upper_boundary_is_allowed():
    assert check.dropout_scale(10, rate=0.9)


# --- l2_penalty --------------------------------------------------------------------------------

KERNEL = [[0.5, -1.0, 2.0], [1.5, 0.0, -0.5]]  # squares: 0.25 + 1 + 4 + 2.25 + 0 + 0.25 = 7.75


def test_l2_penalty_by_hand():
    assert check.l2_penalty(0.155, kernel=KERNEL, l2=0.02)  # 0.02 x 7.75
    assert check.l2_penalty(0.14, kernel=[[1.0, -2.0], [0.0, 3.0]], l2=0.01)  # 0.01 x 14
    assert check.l2_penalty("0.155", kernel=np.array(KERNEL), l2=0.02)
    assert check.l2_penalty(3.0, kernel=[1.0, 1.0, 1.0], l2=1.0)  # any shape of kernel


def test_l2_penalty_matches_a_layer_with_kernel_regularizer():
    layer = keras.layers.Dense(3, kernel_regularizer=keras.regularizers.L2(0.02), use_bias=False)
    layer.build((None, 2))
    layer.kernel.assign(np.array(KERNEL, "float32"))
    layer(np.zeros((1, 2), "float32"))
    penalty = float(sum(keras.ops.convert_to_numpy(loss) for loss in layer.losses))
    assert math.isclose(penalty, 0.155, rel_tol=1e-6)
    assert check.l2_penalty(penalty, kernel=KERNEL, l2=0.02)


@pytest.mark.parametrize(
    "answer",
    [
        7.75,  # forgot the factor
        0.02 * math.sqrt(7.75),  # a norm, not a squared norm
        0.02 * 5.5,  # sum of absolute values: L1
        0.16,
    ],
)
def test_l2_penalty_wrong_answers(answer):
    verdict = check.l2_penalty(answer, kernel=KERNEL, l2=0.02)
    assert not verdict and repr(verdict).startswith("Not quite") and "Hint:" in repr(verdict)
    assert "half" not in repr(verdict)


def test_l2_penalty_tolerance_boundary():
    # tolerance 0.5 % of 0.155 = 0.000775
    assert check.l2_penalty(0.1557, kernel=KERNEL, l2=0.02)
    assert check.l2_penalty(0.1543, kernel=KERNEL, l2=0.02)
    assert not check.l2_penalty(0.1558, kernel=KERNEL, l2=0.02)
    assert not check.l2_penalty(0.1542, kernel=KERNEL, l2=0.02)


def test_l2_penalty_half_is_named():
    for half in [0.0775, 0.0775 * 1.0049, 0.0775 * 0.9951]:
        verdict = check.l2_penalty(half, kernel=KERNEL, l2=0.02)
        assert not verdict and "that is half of it" in repr(verdict), half
    for not_half in [0.0775 * 1.0052, 0.0775 * 0.9948]:
        verdict = check.l2_penalty(not_half, kernel=KERNEL, l2=0.02)
        assert not verdict and "half" not in repr(verdict), not_half


def test_l2_penalty_of_a_zero_kernel_is_zero():
    assert check.l2_penalty(0, kernel=[[0.0, 0.0]], l2=0.1)
    verdict = check.l2_penalty(0.01, kernel=[[0.0, 0.0]], l2=0.1)
    assert not verdict and "half" not in repr(verdict)


def test_l2_penalty_unanswered_and_wrong_form():
    assert repr(check.l2_penalty(None, kernel=KERNEL, l2=0.02)).startswith("Not answered yet")
    assert "should be a number" in repr(check.l2_penalty("small", kernel=KERNEL, l2=0.02))
    assert "should be a number" in repr(check.l2_penalty([0.155], kernel=KERNEL, l2=0.02))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kernel": KERNEL, "l2": 0}, "l2 must be a finite number > 0, got 0"),
        ({"kernel": KERNEL, "l2": -0.01}, "l2 must be a finite number > 0"),
        ({"kernel": KERNEL, "l2": float("inf")}, "l2 must be a finite number > 0"),
        ({"kernel": [], "l2": 0.01}, "kernel must hold at least one sample"),
        ({"kernel": [[1.0, float("nan")]], "l2": 0.01}, "kernel must hold finite numbers only"),
        ({"kernel": "abc", "l2": 0.01}, "kernel must be an array of numbers"),
    ],
)
def test_l2_penalty_bad_question_raises(kwargs, message):
    with pytest.raises(ValueError, match=message.replace(".", r"\.")):
        check.l2_penalty(0.1, **kwargs)


# --- regularized_run ---------------------------------------------------------------------------

X = np.zeros((4, 3), "float32")
Y_ALL_ZERO = np.array([0, 0, 0, 0])
Y_HALF = np.array([0, 1, 0, 1])
Y_OTHER_HALF = np.array([1, 0, 1, 0])


def _model(bias, *, softmax=True, features=3):
    """A model that ignores its input: zero kernel, so every sample gets softmax(bias) (or bias
    itself as logits when softmax=False)."""
    model = keras.Sequential(
        [
            keras.Input((features,)),
            keras.layers.Dense(
                len(bias),
                activation="softmax" if softmax else None,
                kernel_initializer="zeros",
                bias_initializer=keras.initializers.Constant(np.array(bias, "float32")),
            ),
        ]
    )
    model.compile(loss="sparse_categorical_crossentropy")
    return model


def _reshaped(shape):
    """EVEN's model with its output reshaped to (n, *shape): not one column per class."""
    if shape == ():
        squeeze = keras.layers.Lambda(lambda t: keras.ops.sum(t, axis=1))
        return keras.Sequential([_model(EVEN), squeeze])
    return keras.Sequential([_model(EVEN), keras.layers.Reshape(shape)])


def _history(model, epochs=12):
    history = keras.callbacks.History()
    history.history = {"loss": [1.0] * epochs, "cross_entropy": [1.0] * epochs}
    history.set_model(model)
    return history


def _run(history, y_train=Y_HALF, y_val=Y_OTHER_HALF, **question):
    args = {"max_gap": 0.0, "max_val_loss": math.log(2), "min_epochs": 12, **question}
    return check.regularized_run(history, x_train=X, y_train=y_train, x_val=X, y_val=y_val, **args)


EVEN = [0.0, 0.0]  # softmax: 0.5 and 0.5 exactly; cross-entropy ln 2 on any labels
SKEWED = [math.log(0.8), math.log(0.2)]  # softmax: 0.8 and 0.2


def test_regularized_run_at_both_targets_exactly_is_right():
    # train and validation cross-entropy are both ln 2: the gap is 0, the targets 0 and ln 2
    verdict = _run(_history(_model(EVEN)))
    assert verdict and "validation cross-entropy is 0.693" in repr(verdict)
    assert "a gap of 0.000" in repr(verdict)


def test_regularized_run_just_past_each_target_misses():
    history = _history(_model(EVEN))
    high = _run(history, max_val_loss=math.log(2) - 1e-9)
    assert not high and "the validation cross-entropy is above" in repr(high)
    assert "gap is above" not in repr(high)
    wide = _run(history, max_gap=-1e-9)
    assert not wide and "the gap is above" in repr(wide)
    assert "cross-entropy is above" not in repr(wide)
    both = _run(history, max_gap=-1e-9, max_val_loss=0.5)
    assert not both and "is above 0.500 and the gap is above -0.000" in repr(both)


def test_regularized_run_uneven_case_by_hand():
    # p = (0.8, 0.2) for every sample. Training labels all 0: -ln 0.8 = 0.2231.
    # Validation labels half 0, half 1: (-ln 0.8 - ln 0.2) / 2 = 0.9163. Gap: ln 2 = 0.6931.
    history = _history(_model(SKEWED))
    verdict = _run(history, y_train=Y_ALL_ZERO, y_val=Y_HALF, max_gap=0.7, max_val_loss=0.92)
    assert verdict
    text = repr(verdict)
    assert "validation cross-entropy is 0.916 and the training cross-entropy 0.223" in text
    assert "a gap of 0.693" in text
    assert not _run(history, y_train=Y_ALL_ZERO, y_val=Y_HALF, max_gap=0.69, max_val_loss=0.92)
    assert not _run(history, y_train=Y_ALL_ZERO, y_val=Y_HALF, max_gap=0.7, max_val_loss=0.91)


def test_regularized_run_reads_logits_as_logits():
    # the same skewed model without softmax: its outputs ln 0.8, ln 0.2 are logits of (0.8, 0.2)
    logits = _history(_model(SKEWED, softmax=False))
    verdict = _run(logits, y_train=Y_ALL_ZERO, y_val=Y_HALF, max_gap=0.7, max_val_loss=0.92)
    assert verdict and "0.916 and the training cross-entropy 0.223" in repr(verdict)
    # positive outputs that do not sum to 1 are logits too: softmax(2, 1) = (0.731, 0.269);
    # labels all 0: -ln 0.731 = ln(1 + e^-1) = 0.313
    positive = _history(_model([2.0, 1.0], softmax=False))
    verdict = _run(positive, y_train=Y_ALL_ZERO, y_val=Y_ALL_ZERO, max_gap=0.0, max_val_loss=0.32)
    assert verdict and f"cross-entropy is {math.log(1 + math.exp(-1)):.3f}" in repr(verdict)


def test_regularized_run_probabilities_are_clipped_like_keras_losses():
    # p(class 1) = 0 in float32 for every sample: keras.losses clips predicted probabilities at
    # 1e-7, so -ln 1e-7 = 16.118 (model.evaluate would use the softmax's logits instead: 200)
    model = _model([0.0, -200.0])
    y_val = np.array([1, 1, 1, 1])
    verdict = _run(
        _history(model), y_train=Y_ALL_ZERO, y_val=y_val, max_gap=100.0, max_val_loss=100.0
    )
    assert verdict and "validation cross-entropy is 16.118" in repr(verdict)
    on_probabilities = keras.losses.sparse_categorical_crossentropy(y_val, model.predict(X))
    assert math.isclose(float(np.mean(on_probabilities)), -math.log(1e-7), rel_tol=1e-4)


def test_regularized_run_counts_the_epochs():
    model = _model(EVEN)
    assert _run(_history(model, epochs=12), min_epochs=12)  # exactly enough
    short = _run(_history(model, epochs=11), min_epochs=12)
    assert not short and "the History records 11 epochs, fewer than the 12" in repr(short)
    empty = keras.callbacks.History()
    empty.history = {}
    empty.set_model(model)
    assert "records 0 epochs" in repr(_run(empty, min_epochs=1))
    odd = keras.callbacks.History()
    odd.history = "not a dict"
    odd.set_model(model)
    assert "records 0 epochs" in repr(_run(odd, min_epochs=1))


def test_regularized_run_default_needs_one_epoch():
    model = _model(EVEN)
    args = {"x_train": X, "y_train": Y_HALF, "x_val": X, "y_val": Y_OTHER_HALF}
    assert check.regularized_run(_history(model, epochs=1), max_gap=0.0, max_val_loss=0.7, **args)
    assert not check.regularized_run(
        _history(model, epochs=0), max_gap=0.0, max_val_loss=0.7, **args
    )


class Broken:
    @property
    def model(self):
        raise RuntimeError("no model here")


@pytest.mark.parametrize("answer", ["history", 5, [1, 2], Broken(), _model(EVEN)])
def test_regularized_run_needs_a_history_with_a_model(answer):
    verdict = _run(answer)
    assert not verdict and "should be the History that model.fit(...) returns" in repr(verdict)


def test_regularized_run_unanswered():
    for answer in [None, ...]:
        verdict = _run(answer)
        assert not verdict and repr(verdict).startswith("Not answered yet")


@pytest.mark.parametrize(
    "model",
    [
        _model(EVEN, features=5),  # built for other data: predict raises
        _model([0.0]),  # one output column for labels 0 and 1
        _model([float("nan"), 0.0]),  # NaN predictions
        _reshaped(()),  # one number per sample, shape (n,)
        _reshaped((2, 1)),  # shape (n, 2, 1)
    ],
)
def test_regularized_run_model_that_cannot_score_the_data(model):
    verdict = _run(_history(model))
    assert not verdict and "cannot score x_train and x_val" in repr(verdict)


def test_regularized_run_model_that_scores_only_the_training_data():
    # x_val has 5 features, the model takes 3: predicting on x_val fails, on x_train it works
    verdict = check.regularized_run(
        _history(_model(EVEN)), x_train=X, y_train=Y_HALF, x_val=np.zeros((4, 5), "float32"),
        y_val=Y_HALF, max_gap=0.0, max_val_loss=1.0, min_epochs=1,
    )  # fmt: skip
    assert not verdict and "cannot score x_train and x_val" in repr(verdict)


def test_regularized_run_inf_logits_are_not_finite():
    verdict = _run(_history(_model([float("inf"), 0.0], softmax=False)))
    assert not verdict and "cannot score x_train and x_val" in repr(verdict)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"max_gap": float("nan")}, "max_gap must be a finite number"),
        ({"max_gap": "0.1"}, "max_gap must be a finite number"),
        ({"max_val_loss": 0}, "max_val_loss must be a finite number > 0, got 0"),
        ({"max_val_loss": None}, "max_val_loss must be a finite number > 0"),
        ({"min_epochs": 0}, "min_epochs must be an integer >= 1"),
        ({"x_train": np.zeros((3, 3))}, "x_train and y_train must hold the same number"),
        ({"y_val": np.zeros((4, 2))}, "x_val and y_val must hold the same number"),
        ({"y_val": np.array([0, 1, -1, 0])}, "y_val must hold integer class labels >= 0"),
        ({"y_train": np.array([0, 0.5, 1, 0])}, "y_train must hold integer class labels >= 0"),
        ({"y_train": []}, "y_train must hold at least one sample"),
        ({"x_val": [[float("nan")]] * 4}, "x_val must hold finite numbers only"),
    ],
)
def test_regularized_run_bad_question_raises(changes, message):
    args = {
        "x_train": X,
        "y_train": Y_HALF,
        "x_val": X,
        "y_val": Y_OTHER_HALF,
        "max_gap": 0.1,
        "max_val_loss": 1.0,
        **changes,
    }
    with pytest.raises(ValueError, match=message.replace(".", r"\.")):
        check.regularized_run(_history(_model(EVEN)), **args)


def test_regularized_run_judges_a_model_trained_here():
    """A real fit: the check's cross-entropies equal Keras's own loss on the same data."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(60, 3)).astype("float32")
    y = (x[:, 0] > 0).astype("int64")
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, activation="softmax")])
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="sparse_categorical_crossentropy")
    history = model.fit(x[:40], y[:40], epochs=3, verbose=0)
    train_loss = model.evaluate(x[:40], y[:40], verbose=0)
    val_loss = model.evaluate(x[40:], y[40:], verbose=0)
    verdict = check.regularized_run(
        history,
        x_train=x[:40],
        y_train=y[:40],
        x_val=x[40:],
        y_val=y[40:],
        max_gap=val_loss - train_loss + 1e-4,
        max_val_loss=val_loss + 1e-4,
        min_epochs=3,
    )
    assert verdict, repr(verdict)
    assert f"validation cross-entropy is {val_loss:.3f}" in repr(verdict)
    assert f"training cross-entropy {train_loss:.3f}" in repr(verdict)


def test_regularized_run_outputs_that_do_not_sum_to_one_are_logits():
    # outputs 0.5 and 0.3 are >= 0 but sum to 0.8: logits, softmax (0.550, 0.450);
    # labels all 0: -ln 0.550 = ln(1 + e^-0.2) = 0.598 (as probabilities it would be -ln 0.5)
    history = _history(_model([0.5, 0.3], softmax=False))
    verdict = _run(history, y_train=Y_ALL_ZERO, y_val=Y_ALL_ZERO, max_gap=0.0, max_val_loss=1.0)
    assert verdict and f"cross-entropy is {math.log(1 + math.exp(-0.2)):.3f}" in repr(verdict)


def test_regularized_run_large_logits_do_not_overflow():
    # logits (400, 0): p(class 0) = 1 - e^-400; labels all 0 -> 0.000, labels 0, 1, 0, 1 -> 200
    history = _history(_model([400.0, 0.0], softmax=False))
    verdict = _run(history, y_train=Y_ALL_ZERO, y_val=Y_HALF, max_gap=201.0, max_val_loss=201.0)
    assert verdict and "validation cross-entropy is 200.000 and the training" in repr(verdict)
    assert "training cross-entropy 0.000, a gap of 200.000" in repr(verdict)


def test_regularized_run_rows_of_logits_far_apart_do_not_underflow():
    # sample 1 gets logits (1000, 0), sample 2 (0, -1000): each row is shifted by its own
    # largest logit, so both rows give p(class 0) = 1 - e^-1000 and a cross-entropy of 0.000
    # (shifting both by the overall largest, 1000, would make every exp of row 2 underflow)
    model = keras.Sequential(
        [keras.Input((2,)), keras.layers.Dense(2, use_bias=False, kernel_initializer="zeros")]
    )
    model.layers[0].set_weights([np.array([[1000.0, 0.0], [0.0, -1000.0]], "float32")])
    x, y = np.eye(2, dtype="float32"), np.array([0, 0])
    verdict = check.regularized_run(
        _history(model), x_train=x, y_train=y, x_val=x, y_val=y, max_gap=0.0, max_val_loss=0.001
    )
    assert verdict and "validation cross-entropy is 0.000" in repr(verdict)


def test_regularized_run_counts_no_epochs_in_logs_that_are_not_a_dict():
    run = SimpleNamespace(history=[1.0] * 12, model=_model(EVEN))
    verdict = _run(run, min_epochs=1)
    assert not verdict and "0 epoch" in repr(verdict)


def test_checks_print_nothing(capsys):
    _run(_history(_model(EVEN)))
    check.dropout_scale(2, rate=0.5)
    check.l2_penalty(0.14, kernel=[[1.0, -2.0], [0.0, 3.0]], l2=0.01)
    assert capsys.readouterr().out == ""
