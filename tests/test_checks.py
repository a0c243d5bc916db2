"""Exercise checks answer every kind of answer without raising; bad questions raise; and the
exact verdict a learner reads for each check, one case per branch (at the end of this file).

Pinning the whole text of each verdict means a wrong number, a dropped hint or a garbled
sentence in any verdict fails a test; each message was read against a hand computation."""

import inspect

import IPython.lib.pretty
import keras
import numpy as np
import pandas as pd
import pytest

from course import check


@pytest.mark.parametrize(
    ("func", "kwargs", "right", "wrong"),
    [
        (check.iterations_per_epoch, {"num_samples": 1_000, "batch_size": 300}, 4, 3),
        (
            check.iterations_per_epoch,
            {"num_samples": 1_000, "batch_size": 100, "validation_split": 0.2},
            8,
            10,
        ),
        (check.total_iterations, {"num_samples": 1_000, "batch_size": 100, "epochs": 5}, 50, 10),
        (check.last_batch_size, {"num_samples": 1_000, "batch_size": 300}, 100, 300),
        (check.last_batch_size, {"num_samples": 1_000, "batch_size": 100}, 100, 0),
        (check.epoch_fraction, {"iteration": 15, "num_samples": 1_000, "batch_size": 100}, 1.5, 15),
    ],
)
def test_right_wrong_and_unanswered(func, kwargs, right, wrong):
    assert func(right, **kwargs).correct
    assert func(str(right), **kwargs).correct  # "4" counts as 4
    verdict = func(wrong, **kwargs)
    assert not verdict and repr(verdict).startswith("Not quite") and "Hint:" in repr(verdict)
    assert repr(func(None, **kwargs)).startswith("Not answered yet")
    assert "should be a number" in repr(func("ten", **kwargs))
    assert not func([1, 2], **kwargs)


def test_thousands_separators_are_accepted():
    assert check.total_iterations("1,000", num_samples=10_000, batch_size=100, epochs=10)


def test_a_bad_question_raises_naming_the_argument():
    with pytest.raises(ValueError, match="batch_size must be an integer >= 1"):
        check.iterations_per_epoch(3, num_samples=10, batch_size=0)
    with pytest.raises(ValueError, match="epochs must be an integer >= 1"):
        check.total_iterations(3, num_samples=10, batch_size=1, epochs=0)


def test_backend_check():
    import keras

    assert check.backend(keras.backend.backend().upper())
    assert not check.backend("theano")
    assert repr(check.backend(None)).startswith("Not answered yet")


def test_identical_weights_check():
    w = [np.ones((2, 2)), np.zeros(2)]
    assert check.identical_weights(w, [a.copy() for a in w])
    differ = check.identical_weights(w, [np.ones((2, 2)), np.full(2, 0.5)])
    assert not differ and "largest difference 0.5" in repr(differ)
    assert not check.identical_weights(w, [np.ones((3, 2)), np.zeros(2)])
    assert not check.identical_weights(None, w)
    assert not check.identical_weights(5, w)


# The lessons' own questions, whose sizes do NOT divide evenly: an answer that forgets the
# partial last batch must be judged wrong. Truth by hand, written out.
def test_epoch_fraction_of_lesson_01_counts_the_partial_batch():
    # 1,079 samples in batches of 32: 33 full batches + 23 = 34 iterations per epoch.
    # Iteration 50 = one whole epoch + 16 batches of 32 = 1 + 512 / 1,079.
    kwargs = {"iteration": 50, "num_samples": 1_079, "batch_size": 32}
    assert check.epoch_fraction(1 + 512 / 1_079, **kwargs)
    assert check.epoch_fraction(1.4745, **kwargs)
    assert not check.epoch_fraction(50 * 32 / 1_079, **kwargs)  # 1.483: no partial batch
    assert not check.epoch_fraction(50 / 34, **kwargs)  # 1.471: iterations, not samples
    # with a split: 1,000 x 0.8 = 800 samples, batches of 300: 300 + 300 + 200
    split = {"iteration": 5, "num_samples": 1_000, "batch_size": 300, "validation_split": 0.2}
    assert check.epoch_fraction(1 + 600 / 800, **split)
    assert not check.epoch_fraction(1 + 2 / 3, **split)


def test_total_iterations_of_lesson_01_rounds_each_epoch_up():
    # 60,000 / 128 = 468.75: 469 iterations per epoch, 4,690 in 10 epochs
    kwargs = {"num_samples": 60_000, "batch_size": 128, "epochs": 10}
    assert check.total_iterations(4_690, **kwargs)
    assert "469 iterations per epoch x 10 epochs = 4,690 updates" in repr(
        check.total_iterations(4_690, **kwargs)
    )
    for wrong in (4_687.5, 4_688, 4_680, 469):
        assert not check.total_iterations(wrong, **kwargs), wrong


def test_iterations_per_epoch_of_lesson_01_with_a_split():
    # 1,797 x 0.8 = 1,437.6: Keras keeps floor = 1,437 samples; ceil(1,437 / 64) = 23
    kwargs = {"num_samples": 1_797, "batch_size": 64, "validation_split": 0.2}
    verdict = check.iterations_per_epoch(23, **kwargs)
    assert verdict and "leaves 1,437 for training" in repr(verdict)
    assert not check.iterations_per_epoch(22, **kwargs)  # rounded down
    assert not check.iterations_per_epoch(29, **kwargs)  # the whole data set


def test_last_batch_size_is_the_remainder():
    assert check.last_batch_size(23, num_samples=1_079, batch_size=32)
    assert not check.last_batch_size(32, num_samples=1_079, batch_size=32)
    assert "holds 23 of the 1,079 samples" in repr(
        check.last_batch_size(23, num_samples=1_079, batch_size=32)
    )


def test_true_is_not_the_answer_one():
    assert not check.iterations_per_epoch(True, num_samples=100, batch_size=100)
    assert not check.last_batch_size(True, num_samples=101, batch_size=100)
    assert check.last_batch_size(1, num_samples=101, batch_size=100)


def test_numbers_written_as_a_learner_writes_them():
    kwargs = {"num_samples": 60_000, "batch_size": 128, "epochs": 10}
    assert check.total_iterations("4_690", **kwargs) and check.total_iterations(" 4,690 ", **kwargs)
    assert check.total_iterations(np.int64(4_690), **kwargs)
    assert not check.total_iterations("4,69,0", **kwargs)  # not a thousands separator
    for odd in (float("inf"), float("nan"), "inf", 10**400):
        assert "should be a number" in repr(check.total_iterations(odd, **kwargs)), odd


def test_noise_ratio_and_expected_noise_at_the_smallest_sample():
    from course import gradients

    # two samples, batches of one without replacement: sigma^2 / 1 * (2 - 1) / (2 - 1)
    assert gradients.expected_noise(3.0, 1, num_samples=2) == 3.0
    assert check.noise_ratio(1, batch_size=1, other_batch_size=1, num_samples=2)
    with pytest.raises(ValueError, match="num_samples must be an integer >= 2"):
        gradients.expected_noise(3.0, 1, num_samples=1)


# The exact verdicts ------------------------------------------------------------------------


class _BrokenRepr:  # a learner's object whose repr fails: still an answer to judge
    def __repr__(self):
        raise RuntimeError("no repr")


BACKEND = keras.backend.backend()
W = [np.ones((2, 2)), np.zeros(2)]
CURVE = [0.9, 0.6, 0.45, 0.41, 0.40, 0.43, 0.47, 0.55]  # best epoch 5; threshold 0.44 at 10 %
STOP = [0.9, 0.7, 0.6, 0.65, 0.62, 0.7, 0.8, 0.9]  # best epoch 3

HINT_W = (
    "Hint: call keras.utils.set_random_seed(...) with the same seed right before building EACH "
    "model, then train both the same way; pass model.get_weights() of each."
)
DIFFER_W = (
    "The weights differ (largest difference 0.5), so these two runs were not repeats of each "
    "other. If you trained them with two different seeds, that is the expected outcome: check "
    "that half with same_seed=False. " + HINT_W
)
HINT_W_OTHER = (
    "Hint: train one model with one seed and another model with a different seed; pass "
    "model.get_weights() of each."
)
HINT_NOISE = (
    "Hint: write a function my_run(seed) that calls keras.utils.set_random_seed(seed), builds, "
    "compiles and fits a fresh model, and returns {'val_accuracy': ...}; then pass "
    "course.seeds.over_seeds(my_run, seeds) with at least 3 seeds."
)
HINT_ES = (
    "Hint: go through the curve epoch by epoch (epoch 1 first). An epoch improves when its value "
    "is lower than the best so far by MORE than min_delta. Every epoch that does not improve adds "
    "one to a counter that an improvement resets; training stops after the epoch where the "
    "counter reaches patience (Keras counts patience=0 like patience=1). restore_best_weights "
    "gives back the last improving epoch."
)
HINT_ZONE = (
    "Hint: find the minimum and the threshold (minimum + 10%). Before the curve first gets under "
    "the threshold: underfitting; after the best epoch, once it is back above: overfitting; "
    "otherwise neither. Answer 'underfitting', 'overfitting' or 'neither'."
)

HINT_BUDGET = (
    "the updates are ceil(N / batch_size) per epoch times the epochs: a larger batch makes fewer "
    "updates per epoch, so it can afford more epochs; with few updates each one must count, and "
    "the linear scaling rule says a larger batch takes a larger learning rate (too large and "
    "training falls apart)."
)


def _run(steps, val):
    """A History-like object without a model: Keras's planned steps per epoch and val_accuracy."""
    from types import SimpleNamespace

    epochs = len(val) if val else 1
    return SimpleNamespace(
        history={} if val is None else {"val_accuracy": val},
        params={} if steps is None else {"steps": steps},
        epoch=list(range(epochs)),
    )


HINT_RUN = (
    "Hint: pass callbacks=[keras.callbacks.EarlyStopping(monitor='val_loss', patience=..., "
    "restore_best_weights=True)] and validation_data=(x_val, y_val) to model.fit. Training stops "
    "`patience` epochs after the last improvement: too little patience stops at the first bump "
    "of a zigzagging curve, before the real minimum; too much spends epochs after it. "
    "restore_best_weights=True gives back the best epoch's weights."
)
RUN_X, RUN_Y = np.zeros((4, 8), "float32"), np.array([0, 1, 2, 0])


def _es_run(curve, planned, **question):
    """A History whose model predicts 1/3 for each of 3 classes: its val_loss is ln 3 = 1.0986."""
    model = keras.Sequential(
        [keras.Input((8,)), keras.layers.Dense(3, activation="softmax", kernel_initializer="zeros")]
    )
    model.compile(loss="sparse_categorical_crossentropy")
    history = keras.callbacks.History()
    history.history, history.params = {"val_loss": curve}, {"epochs": planned}
    history.set_model(model)
    args = {"max_extra_epochs": 2, "target_val_loss": 1.1, **question}
    return check.early_stopped_run(history, x_val=RUN_X, y_val=RUN_Y, **args)


LN3 = [1.3, 1.0986123, 1.2, 1.25]  # best epoch 2 holds the model's own loss, ln 3

HINT_HALVED = (
    "the schedule counts updates (optimizer.iterations), not epochs: the rate halves at "
    "optimizer step decay_steps, i.e. the update number decay_steps + 1. An epoch makes "
    "ceil(samples / batch_size) updates (the last batch may be smaller): in which epoch does "
    "that update fall?"
)
HINT_STATE = (
    "build the optimizer (optimizer.build(model.trainable_variables), or train one step) and "
    "add up the sizes of optimizer.variables, leaving out its step counter and learning rate: "
    "each slot variable has the shape of the weight it belongs to. The optimizer's "
    "documentation says which running averages it keeps."
)
HINT_TARGET = (
    "Hint: the learning rate decides how far each update moves: too small and the loss falls "
    "slowly, too large and it jumps around or blows up (NaN). Try the rates that reached the "
    "target in the fewest epochs in section 1, another optimizer from section 4, or a schedule; "
    "pass validation_data=(data.x_val, data.y_val) and epochs=4."
)


def _val_run(curve):
    """A History holding only a val_loss curve (lesson 06's reached_target_run reads nothing else)."""
    history = keras.callbacks.History()
    history.history = {"val_loss": curve}
    return history


HINT_DROPOUT = (
    "Hint: in training, Dropout sets each value to 0 with probability `rate` and scales the others "
    "up so that the average output stays the average input (try it: "
    "keras.layers.Dropout(rate)(np.ones((1, 10)), training=True))."
)
HINT_L2 = (
    "square every weight of the kernel, add the squares up and multiply the sum by the l2 "
    "factor (Keras's L2 has no 1/2 in front, unlike some textbooks, and takes no square root)."
)
HINT_REG = (
    "Hint: regularize and train again for all the epochs: Dropout layers after the hidden layers, "
    "kernel_regularizer=keras.regularizers.L2(...) on the Dense layers, or a RandomTranslation "
    "layer after the input (active only in training). Too little and the model learns "
    "the training labels by heart (a large gap); too much and it fits neither set well (a high "
    "validation loss)."
)
L2_KERNEL = [[0.5, -1.0, 2.0], [1.5, 0.0, -0.5]]  # squares: 0.25 + 1 + 4 + 2.25 + 0 + 0.25 = 7.75
REG_X = np.zeros((4, 3), "float32")


def _reg_run(history, **question):
    """Lesson 05's regularized_run on 4 samples: training labels 0, 0, 0, 0; validation 0, 1, 0, 1."""
    args = {"max_gap": 0.7, "max_val_loss": 0.95, "min_epochs": 10, **question}
    y_train, y_val = np.zeros(4, "int64"), np.array([0, 1, 0, 1])
    return check.regularized_run(
        history, x_train=REG_X, y_train=y_train, x_val=REG_X, y_val=y_val, **args
    )


def _skewed(epochs=10, features=3):
    """A History of `epochs` epochs whose model predicts (0.8, 0.2) for every sample: training
    cross-entropy -ln 0.8 = 0.223, validation (-ln 0.8 - ln 0.2) / 2 = 0.916, gap ln 2 = 0.693."""
    bias = keras.initializers.Constant(np.log([0.8, 0.2]).astype("float32"))
    model = keras.Sequential(
        [
            keras.Input((features,)),
            keras.layers.Dense(
                2, activation="softmax", kernel_initializer="zeros", bias_initializer=bias
            ),
        ]
    )
    history = keras.callbacks.History()
    history.history = {"loss": [1.0] * epochs}
    history.set_model(model)
    return history


def _search_run(curve, loss=None):
    """A History of one trial of lesson 07's search: val_loss (and loss) per epoch."""
    history = keras.callbacks.History()
    history.history = {"val_loss": curve}
    if loss is not None:
        history.history["loss"] = loss
    return history


HINT_HB = (
    "Hint: go bracket by bracket. The first bracket starts the most models for the fewest epochs "
    "(max_epochs / factor**bracket, rounded up), then keeps 1/3 of them, rounded up, and trains them "
    "3 times as long, until max_epochs; the last bracket trains a few models for max_epochs straight away. A "
    "model that goes on to the next round trains only its extra epochs (it continues from its "
    "checkpoint)."
)


def _hint_search(budget):
    return (
        "Hint: train a few models with different settings (epochs, batch_size, learning rate), each "
        "with validation data (in the lesson, validation_data=batches(x_va, y_va, len(x_va))), "
        f"and keep every History in a list. Their epochs add up: at most {budget} in all. The target is a lowest val_loss of at most 1.4000 in any "
        "run; spend the epochs on settings that learn fast, and stop a run before its validation "
        "loss turns up."
    )


CASES = [
    (
        lambda: check.dropout_scale(1.25, rate=0.2),
        True,
        "Correct: Keras's Dropout(rate=0.2) sets each value to 0 with probability 0.2 and multiplies the kept ones by 1 / (1 - 0.2) = 1.25, so the average output stays the average input: at evaluation (training=False) the layer passes values through unchanged.",
    ),
    (
        lambda: check.dropout_scale(1.0, rate=0.2),
        False,
        "Not quite: 1.0 is not right. " + HINT_DROPOUT,
    ),
    (
        lambda: check.dropout_scale(None, rate=0.2),
        False,
        "Not answered yet: replace None with your answer. " + HINT_DROPOUT,
    ),
    (
        lambda: check.dropout_scale("x", rate=0.2),
        False,
        "Your answer should be a number, got 'x'. " + HINT_DROPOUT,
    ),
    (
        lambda: check.l2_penalty(0.155, kernel=L2_KERNEL, l2=0.02),
        True,
        "Correct: Keras adds l2 x (sum of the squared kernel weights) = 0.02 x 7.75 = 0.155 to the loss (the layer's losses, summed in model.losses); a compiled cross-entropy metric does not include it.",
    ),
    (
        lambda: check.l2_penalty(0.0775, kernel=L2_KERNEL, l2=0.02),
        False,
        "Not quite: 0.0775 is not right. Hint: that is half of it; " + HINT_L2,
    ),
    (
        lambda: check.l2_penalty(7.75, kernel=L2_KERNEL, l2=0.02),
        False,
        "Not quite: 7.75 is not right. Hint: " + HINT_L2,
    ),
    (
        lambda: check.l2_penalty(None, kernel=L2_KERNEL, l2=0.02),
        False,
        "Not answered yet: replace None with your answer. Hint: " + HINT_L2,
    ),
    (
        lambda: _reg_run(_skewed()),
        True,
        "Correct: after 10 epochs the validation cross-entropy is 0.916 and the training cross-entropy 0.223, a gap of 0.693: within both targets (validation cross-entropy at most 0.950, gap at most 0.700).",
    ),
    (
        lambda: _reg_run(_skewed(), max_val_loss=0.9),
        False,
        "Not quite: after 10 epochs the validation cross-entropy is 0.916 and the training cross-entropy 0.223, a gap of 0.693; the validation cross-entropy is above 0.900. "
        + HINT_REG,
    ),
    (
        lambda: _reg_run(_skewed(), max_gap=0.6),
        False,
        "Not quite: after 10 epochs the validation cross-entropy is 0.916 and the training cross-entropy 0.223, a gap of 0.693; the gap is above 0.600. "
        + HINT_REG,
    ),
    (
        lambda: _reg_run(_skewed(), max_gap=0.6, max_val_loss=0.9),
        False,
        "Not quite: after 10 epochs the validation cross-entropy is 0.916 and the training cross-entropy 0.223, a gap of 0.693; the validation cross-entropy is above 0.900 and the gap is above 0.600. "
        + HINT_REG,
    ),
    (
        lambda: _reg_run(_skewed(epochs=9)),
        False,
        "Not quite: the History records 9 epochs, fewer than the 10 the exercise asks for. "
        + HINT_REG,
    ),
    (
        lambda: _reg_run(_skewed(features=5)),
        False,
        "Not quite: the model in this History cannot score x_train and x_val: predicting failed, or did not give one finite number per class for every sample (built for other data? diverged to NaN?). "
        + HINT_REG,
    ),
    (
        lambda: _reg_run("x"),
        False,
        "Your answer should be the History that model.fit(...) returns (it holds the trained model), got 'x'. "
        + HINT_REG,
    ),
    (
        lambda: _reg_run(None),
        False,
        "Not answered yet: replace None with the History that model.fit(...) returns, history = model.fit(...). "
        + HINT_REG,
    ),
    (
        lambda: check.iterations_per_epoch("x" * 59, num_samples=1_079, batch_size=32),
        False,
        "Your answer should be a number, got 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.... Hint: divide the samples by the batch size and round UP: the last, smaller batch is an iteration too.",
    ),
    (
        lambda: check.identical_weights([], W),
        False,
        "Your answer should be two non-empty lists of arrays (model.get_weights()), got ([], [array([[1., 1.],\n       [1., 1.]]), array([0., 0.])]). "
        + HINT_W,
    ),
    (
        lambda: check.identical_weights([np.array([np.nan, 1.0])], [np.array([np.nan, 1.0])]),
        True,
        "Correct: the two runs ended with bit-identical weights.",
    ),
    (
        lambda: check.identical_weights([np.zeros(0), np.ones(2)], [np.zeros(0), np.full(2, 0.5)]),
        False,
        DIFFER_W,
    ),
    (
        lambda: check.iterations_per_epoch(list(range(30)), num_samples=1_079, batch_size=32),
        False,
        "Your answer should be a number, got [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16.... Hint: divide the samples by the batch size and round UP: the last, smaller batch is an iteration too.",
    ),
    (
        lambda: check.iterations_per_epoch("x" * 58, num_samples=1_079, batch_size=32),
        False,
        "Your answer should be a number, got 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'. Hint: divide the samples by the batch size and round UP: the last, smaller batch is an iteration too.",
    ),
    (
        lambda: check.iterations_per_epoch(_BrokenRepr(), num_samples=1_079, batch_size=32),
        False,
        "Your answer should be a number, got <_BrokenRepr object>. Hint: divide the samples by the batch size and round UP: the last, smaller batch is an iteration too.",
    ),
    (
        lambda: check.scaled_learning_rate(
            0.65, base_learning_rate=0.16, base_batch_size=32, batch_size=128
        ),
        False,
        "Not quite: 0.65 is not right. Hint: multiply the learning rate by the same factor as the batch size.",
    ),
    # trained_within_budget: a History-like run of 5 epochs x 10 steps = 50 updates (no model)
    (
        lambda: check.trained_within_budget(
            _run(steps=10, val=[0.5, 0.7, 0.8, 0.85, 0.86]),
            max_updates=50,
            target_val_accuracy=0.85,
        ),
        True,
        "Correct: the model made 50 updates (5 epochs of 10 iterations), within the budget of 50, and reached validation accuracy 0.860 (target 0.850).",
    ),
    (
        lambda: check.trained_within_budget(
            _run(steps=17, val=[0.5, 0.9, 0.9]), max_updates=50, target_val_accuracy=0.85
        ),
        False,
        "Not quite: the model made 51 updates (3 epochs of 17 iterations), over the budget of 50 (validation accuracy 0.900). Hint: "
        + HINT_BUDGET,
    ),
    (
        lambda: check.trained_within_budget(
            _run(steps=34, val=[0.8]), max_updates=50, target_val_accuracy=0.85
        ),
        False,
        "Not quite: the model made 34 updates (1 epoch of 34 iterations), within the budget of 50, but reached validation accuracy 0.800, below the target 0.850. Hint: "
        + HINT_BUDGET,
    ),
    (
        lambda: check.trained_within_budget(None, max_updates=50, target_val_accuracy=0.85),
        False,
        "Not answered yet: replace None with the History that model.fit(...) returns, history = model.fit(...). Hint: "
        + HINT_BUDGET,
    ),
    (
        lambda: check.trained_within_budget(
            _run(steps=34, val=None), max_updates=50, target_val_accuracy=0.85
        ),
        False,
        "Your answer should be the History of a fit with validation_data=(data.x_val, data.y_val) and metrics=['accuracy'] in compile (it has no val_accuracy), got namespace(history={}, params={'steps': 34}, epoch=[0]). Hint: "
        + HINT_BUDGET,
    ),
    (
        lambda: check.trained_within_budget(
            _run(steps=None, val=[0.9]), max_updates=50, target_val_accuracy=0.85
        ),
        False,
        "Your answer should be the History that model.fit(...) returns (its updates cannot be counted), got namespace(history={'val_accuracy': [0.9]}, params={}, epo.... Hint: "
        + HINT_BUDGET,
    ),
    (
        lambda: check.trained_within_budget(0.9, max_updates=50, target_val_accuracy=0.85),
        False,
        "Your answer should be the History that model.fit(...) returns, got 0.9. Hint: "
        + HINT_BUDGET,
    ),
    (
        lambda: check.retrain_epochs(
            5, best_epoch=5, train_samples=100, total_samples=100, batch_size=10
        ),
        True,
        "Correct: 5 epochs x 10 iterations = 50 updates; with 100 samples an epoch has 10 iterations, so 50 / 10 = 5.00, i.e. 5 epochs.",
    ),
    (
        lambda: check.backend(BACKEND.upper()),
        True,
        f"Correct: Keras runs on {BACKEND} here.",
    ),
    (
        lambda: check.backend("theano"),
        False,
        "Not quite: 'theano' is not right. Hint: ask Keras: keras.backend.backend() returns the name as a string.",
    ),
    (
        lambda: check.backend(None),
        False,
        "Not answered yet: replace None with your answer. Hint: ask Keras: keras.backend.backend() returns the name as a string.",
    ),
    (
        lambda: check.backend(5),
        False,
        "Your answer should be the backend's name as a string, such as 'jax', got 5. Hint: ask Keras: keras.backend.backend() returns the name as a string.",
    ),
    (
        lambda: check.identical_weights(W, [a.copy() for a in W]),
        True,
        "Correct: the two runs ended with bit-identical weights.",
    ),
    (
        lambda: check.identical_weights(W, [np.ones((2, 2)), np.full(2, 0.5)]),
        False,
        DIFFER_W,
    ),
    (
        lambda: check.identical_weights(W, [np.ones((3, 2)), np.zeros(2)]),
        False,
        "The two models have different shapes of weights. " + HINT_W,
    ),
    # identical_weights: the same list, or the same arrays, passed twice compares nothing
    (
        lambda: check.identical_weights(W, W),
        False,
        "You passed the same weights twice, so they are identical whatever the seed: this "
        "compares nothing. Train two models, one after the other, and pass the weights of each. "
        + HINT_W,
    ),
    (
        lambda: check.identical_weights(W, list(W), same_seed=False),
        False,
        "You passed the same weights twice, so they are identical whatever the seed: this "
        "compares nothing. Train two models, one after the other, and pass the weights of each. "
        + HINT_W_OTHER,
    ),
    # identical_weights(same_seed=False): different weights are the expected outcome
    (
        lambda: check.identical_weights(W, [np.ones((2, 2)), np.full(2, 0.5)], same_seed=False),
        True,
        "Correct: the two seeds ended with different weights (largest difference 0.5), as they "
        "should: a seed draws the initial weights and the order of the batches, and the spread "
        "this causes in the validation scores is the noise floor of section 4: a difference "
        "between two settings smaller than it is not a finding.",
    ),
    (
        lambda: check.identical_weights(W, [a.copy() for a in W], same_seed=False),
        False,
        "The two weight lists are bit-identical, but two different seeds should give different "
        "weights: both runs used the same seed (or are copies of one run). " + HINT_W_OTHER,
    ),
    (
        lambda: check.identical_weights(None, W, same_seed=False),
        False,
        "Not answered yet: replace None with both weight lists. " + HINT_W_OTHER,
    ),
    # noise_floor: a table over seeds of one setting (spread 0.93 - 0.88 = 0.05 by hand)
    (
        lambda: check.noise_floor(
            pd.DataFrame({"seed": [0, 1, 2], "val_accuracy": [0.90, 0.88, 0.93]}),
            metric="val_accuracy",
        ),
        True,
        "Correct: 3 seeds of one setting, val_accuracy from 0.880 to 0.930: a seed spread of "
        "0.050. A difference between two settings smaller than that is not a finding.",
    ),
    (
        lambda: check.noise_floor(None, metric="val_accuracy"),
        False,
        "Not answered yet: replace None with your table from course.seeds.over_seeds. "
        + HINT_NOISE,
    ),
    (
        lambda: check.noise_floor([0.9, 0.8], metric="val_accuracy"),
        False,
        "Your answer should be a table (DataFrame) from course.seeds.over_seeds, got [0.9, 0.8]. "
        + HINT_NOISE,
    ),
    (
        lambda: check.noise_floor(
            pd.DataFrame({"seed": [0, 1], "val_accuracy": [0.9, 0.8]}), metric="val_accuracy"
        ),
        False,
        "Your table has 2 seed(s); the spread of fewer than 3 says little. " + HINT_NOISE,
    ),
    (
        lambda: check.noise_floor(
            pd.DataFrame({"seed": [4, 4, 5], "val_accuracy": [0.9, 0.8, 0.7]}),
            metric="val_accuracy",
        ),
        False,
        "Seed 4 appears more than once: a table of one setting has one row per seed (a repeated "
        "seed is the same run twice). If you ran several settings, pass the rows of one of them. "
        + HINT_NOISE,
    ),
    (
        lambda: check.noise_floor(
            pd.DataFrame({"seed": [0, 1, 2], "val_accuracy": [0.5, 0.5, 0.5]}),
            metric="val_accuracy",
        ),
        False,
        "All 3 seeds gave the same val_accuracy (0.500): the seed did not reach the training, so "
        "this measures no spread. " + HINT_NOISE,
    ),
    (
        lambda: check.noise_floor(
            pd.DataFrame({"seed": [0, 1, 2], "loss": [0.5, 0.4, 0.3]}), metric="val_accuracy"
        ),
        False,
        "Your table needs one column 'val_accuracy' (its columns: 'seed', 'loss'). " + HINT_NOISE,
    ),
    (
        lambda: check.noise_floor(
            pd.DataFrame({"seed": [0, 1, 2], "val_accuracy": [0.5, np.inf, 0.3]}),
            metric="val_accuracy",
        ),
        False,
        "The 'val_accuracy' column must hold one finite number per seed. " + HINT_NOISE,
    ),
    # updates_made: answers that are not a trained model
    (
        lambda: check.updates_made(None, target=100, num_samples=1_079),
        False,
        "Not answered yet: replace None with your trained model (or the History that model.fit "
        "returned). Hint: the updates are ceil(N / batch_size) x epochs, with N = 1,079. Pick a "
        "number of epochs that divides 100, then a batch_size that makes 100 / epochs iterations "
        "per epoch (the last, smaller batch counts), and fit a freshly built model.",
    ),
    (
        lambda: check.updates_made(100, target=100, num_samples=1_079),
        False,
        "Your answer should be your trained model (or the History that model.fit returned), "
        "after model.fit, got 100. Hint: the updates are ceil(N / batch_size) x epochs, with "
        "N = 1,079. Pick a number of epochs that divides 100, then a batch_size that makes "
        "100 / epochs iterations per epoch (the last, smaller batch counts), and fit a freshly "
        "built model.",
    ),
    (
        lambda: check.identical_weights(W, W[:1]),
        False,
        "The two models have different shapes of weights. " + HINT_W,
    ),
    (
        lambda: check.identical_weights(None, W),
        False,
        "Not answered yet: replace None with both weight lists. " + HINT_W,
    ),
    (
        lambda: check.identical_weights(W, None),
        False,
        "Not answered yet: replace None with both weight lists. " + HINT_W,
    ),
    (
        lambda: check.identical_weights(5, W),
        False,
        "Your answer should be two lists of arrays (model.get_weights()), got (5, [array([[1., 1.],\n       [1., 1.]]), array([0., 0.])]). "
        + HINT_W,
    ),
    (
        lambda: check.identical_weights([], []),
        False,
        "Your answer should be two non-empty lists of arrays (model.get_weights()), got ([], []). "
        + HINT_W,
    ),
    (
        lambda: check.iterations_per_epoch(
            23, num_samples=1_797, batch_size=64, validation_split=0.2
        ),
        True,
        "Correct: 1,437 samples (validation_split=0.2 leaves 1,437 for training) in batches of 64 make 23 iterations per epoch.",
    ),
    (
        lambda: check.iterations_per_epoch(
            22, num_samples=1_797, batch_size=64, validation_split=0.2
        ),
        False,
        "Not quite: 22 is not right. Hint: divide the samples by the batch size and round UP: the last, smaller batch is an iteration too. Count only the training samples.",
    ),
    (
        lambda: check.iterations_per_epoch(34, num_samples=1_079, batch_size=32),
        True,
        "Correct: 1,079 samples in batches of 32 make 34 iterations per epoch.",
    ),
    (
        lambda: check.iterations_per_epoch(33, num_samples=1_079, batch_size=32),
        False,
        "Not quite: 33 is not right. Hint: divide the samples by the batch size and round UP: the last, smaller batch is an iteration too.",
    ),
    (
        lambda: check.iterations_per_epoch(None, num_samples=1_079, batch_size=32),
        False,
        "Not answered yet: replace None with your answer. Hint: divide the samples by the batch size and round UP: the last, smaller batch is an iteration too.",
    ),
    (
        lambda: check.iterations_per_epoch("ten", num_samples=1_079, batch_size=32),
        False,
        "Your answer should be a number, got 'ten'. Hint: divide the samples by the batch size and round UP: the last, smaller batch is an iteration too.",
    ),
    (
        lambda: check.total_iterations(4_690, num_samples=60_000, batch_size=128, epochs=10),
        True,
        "Correct: 469 iterations per epoch x 10 epochs = 4,690 updates.",
    ),
    (
        lambda: check.total_iterations(4_687.5, num_samples=60_000, batch_size=128, epochs=10),
        False,
        "Not quite: 4687.5 is not right. Hint: first find the iterations in one epoch, then multiply by the number of epochs.",
    ),
    (
        lambda: check.last_batch_size(23, num_samples=1_079, batch_size=32),
        True,
        "Correct: the last batch holds 23 of the 1,079 samples.",
    ),
    (
        lambda: check.last_batch_size(32, num_samples=1_079, batch_size=32),
        False,
        "Not quite: 32 is not right. Hint: it is what is left after the full batches: the remainder of the division, or a full batch when the division is exact.",
    ),
    (
        lambda: check.epoch_fraction(1.4745, iteration=50, num_samples=1_079, batch_size=32),
        True,
        "Correct: after iteration 50 the model has seen the data 1.475 times.",
    ),
    (
        lambda: check.epoch_fraction(1.483, iteration=50, num_samples=1_079, batch_size=32),
        False,
        "Not quite: 1.483 is not right. Hint: count the samples seen so far (whole epochs plus the batches of the current one) and divide by the number of training samples.",
    ),
    (
        lambda: check.update_ratio(31.74, num_samples=1_079, batch_size=1, other_batch_size=32),
        True,
        "Correct: an epoch of 1,079 samples is 1,079 updates with batch size 1 and 34 with batch size 32: 31.74 times as many, for the same epochs.",
    ),
    (
        lambda: check.update_ratio(32, num_samples=1_079, batch_size=1, other_batch_size=32),
        False,
        "Not quite: 32 is not right. Hint: count the iterations per epoch of each, ceil(N / B), and divide; the number of epochs cancels out.",
    ),
    (
        lambda: check.noise_ratio(16, batch_size=8, other_batch_size=128),
        True,
        "Correct: with replacement the noise is sigma^2 / B, so batch size 8 is 16 times as noisy as 128.",
    ),
    (
        lambda: check.noise_ratio(0.0625, batch_size=8, other_batch_size=128),
        False,
        "Not quite: 0.0625 is not right. Hint: the noise is proportional to 1 / B: divide the two 1 / B values.",
    ),
    (
        lambda: check.noise_ratio(27.16, batch_size=8, other_batch_size=128, num_samples=300),
        True,
        "Correct: without replacement from 300 samples it is sigma^2 / B * (N - B) / (N - 1), so batch size 8 is 27.16 times as noisy as 128.",
    ),
    (
        lambda: check.noise_ratio(16, batch_size=8, other_batch_size=128, num_samples=300),
        False,
        "Not quite: 16 is not right. Hint: use sigma^2 / B * (N - B) / (N - 1) for each batch size and divide: sigma^2 and N - 1 cancel.",
    ),
    (
        lambda: check.scaled_learning_rate(
            0.64, base_learning_rate=0.16, base_batch_size=32, batch_size=128
        ),
        True,
        "Correct: batch size 32 -> 128 is x4, so the learning rate goes 0.16 -> 0.64.",
    ),
    (
        lambda: check.scaled_learning_rate(
            0.04, base_learning_rate=0.16, base_batch_size=32, batch_size=128
        ),
        False,
        "Not quite: 0.04 is not right. Hint: multiply the learning rate by the same factor as the batch size.",
    ),
    (
        lambda: check.scaled_learning_rate(
            0.12, base_learning_rate=0.16, base_batch_size=128, batch_size=96
        ),
        True,
        "Correct: batch size 128 -> 96 is x0.75, so the learning rate goes 0.16 -> 0.12.",
    ),
    (
        lambda: check.good_zone_run({"val_loss": CURVE[:5]}, val_loss=CURVE),
        True,
        "Correct: 5 epochs is in the good zone (epochs 4-6); your run ended with validation loss 0.400, within 10% of the best 0.400 (epoch 5).",
    ),
    (
        lambda: check.good_zone_run({"val_loss": CURVE[:2]}, val_loss=CURVE),
        False,
        "Too early: after 2 epochs the reference run is still underfitting (its validation loss has not yet got within 10% of its best). Train longer. "
        + "Hint: find the reference run's zones (course.curves.find_zones of its validation losses), choose a number of epochs after its underfit zone and before its overfit zone, train a fresh model of the same setup for that many epochs and pass the History that model.fit returned.",
    ),
    (
        lambda: check.good_zone_run({"val_loss": CURVE[:7]}, val_loss=CURVE),
        False,
        "Too late: after 7 epochs the reference run is overfitting (back above its threshold since epoch 7). Train fewer epochs. "
        + "Hint: find the reference run's zones (course.curves.find_zones of its validation losses), choose a number of epochs after its underfit zone and before its overfit zone, train a fresh model of the same setup for that many epochs and pass the History that model.fit returned.",
    ),
    (
        lambda: check.good_zone_run({"val_loss": [0.9, 0.8, 0.7, 0.6]}, val_loss=CURVE),
        False,
        "4 epochs is in the reference's good zone, but your run ended with validation loss 0.600, above the threshold 0.440: it is not the same setup (same seed, model, data, optimizer). "
        + "Hint: find the reference run's zones (course.curves.find_zones of its validation losses), choose a number of epochs after its underfit zone and before its overfit zone, train a fresh model of the same setup for that many epochs and pass the History that model.fit returned.",
    ),
    (
        lambda: check.good_zone_run({"val_loss": CURVE * 2}, val_loss=CURVE),
        False,
        "Your run trained 16 epochs, more than the 8 of the reference: nothing to compare it with. "
        + "Hint: find the reference run's zones (course.curves.find_zones of its validation losses), choose a number of epochs after its underfit zone and before its overfit zone, train a fresh model of the same setup for that many epochs and pass the History that model.fit returned.",
    ),
    (
        lambda: check.good_zone_run(None, val_loss=CURVE),
        False,
        "Not answered yet: replace None with the History of your run. "
        + "Hint: find the reference run's zones (course.curves.find_zones of its validation losses), choose a number of epochs after its underfit zone and before its overfit zone, train a fresh model of the same setup for that many epochs and pass the History that model.fit returned.",
    ),
    (
        lambda: check.good_zone_run(7, val_loss=CURVE),
        False,
        "Your answer should be the History that model.fit(..., validation_data=...) returned, got 7. "
        + "Hint: find the reference run's zones (course.curves.find_zones of its validation losses), choose a number of epochs after its underfit zone and before its overfit zone, train a fresh model of the same setup for that many epochs and pass the History that model.fit returned.",
    ),
    (
        lambda: check.best_epoch(5, val_loss=CURVE),
        True,
        "Correct: epoch 5 has the lowest validation loss, 0.4000. Epochs count from 1.",
    ),
    (
        lambda: check.best_epoch(4, val_loss=CURVE),
        False,
        "Not quite: 4 is not right. Hint: find the smallest validation loss and count its position from 1, not from 0 (the first epoch is epoch 1).",
    ),
    (
        lambda: check.training_time(10, seconds_per_epoch=0.2, epochs=50),
        True,
        "Correct: 50 epochs x 0.2 s = 10 s, assuming every epoch costs the same.",
    ),
    (
        lambda: check.training_time(11, seconds_per_epoch=0.2, epochs=50),
        False,
        "Not quite: 11 is not right. Hint: every epoch does the same work (same samples, same number of updates), so multiply the time of one epoch by the number of epochs.",
    ),
    (
        lambda: check.training_time(
            10.8, seconds_per_epoch=0.2, epochs=50, first_epoch_seconds=1.0
        ),
        True,
        "Correct: the first epoch (1 s) + 49 epochs x 0.2 s = 10.8 s, assuming every epoch after the first costs the same.",
    ),
    (
        lambda: check.training_time(10, seconds_per_epoch=0.2, epochs=50, first_epoch_seconds=1.0),
        False,
        "Not quite: 10 is not right. Hint: every epoch does the same work (same samples, same number of updates), so multiply the time of one epoch by the number of epochs, counting the slower first epoch once.",
    ),
    (
        lambda: check.fit_zone("underfitting", val_loss=CURVE, epoch=3),
        True,
        "Correct: underfitting. At epoch 3 the validation loss is 0.4500 (threshold 0.4400): the validation loss has not yet got within 10% of its best.",
    ),
    (
        lambda: check.fit_zone("neither", val_loss=CURVE, epoch=4),
        True,
        "Correct: neither. At epoch 4 the validation loss is 0.4100 (threshold 0.4400): the validation loss is within 10% of its best (0.4000 at epoch 5).",
    ),
    (
        lambda: check.fit_zone("Overfit", val_loss=CURVE, epoch=7),
        True,
        "Correct: overfitting. At epoch 7 the validation loss is 0.4700 (threshold 0.4400): after the best epoch (5) the validation loss went back above the threshold at epoch 7.",
    ),
    (
        lambda: check.fit_zone("neither", val_loss=CURVE, epoch=7, tolerance=0.2),
        True,
        "Correct: neither. At epoch 7 the validation loss is 0.4700 (threshold 0.4800): the validation loss is within 20% of its best (0.4000 at epoch 5).",
    ),
    (
        lambda: check.fit_zone("overfitting", val_loss=CURVE, epoch=1),
        False,
        "Not quite: 'overfitting' is not right. " + HINT_ZONE,
    ),
    (
        lambda: check.fit_zone(None, val_loss=CURVE, epoch=1),
        False,
        "Not answered yet: replace None with your answer. " + HINT_ZONE,
    ),
    (
        lambda: check.fit_zone(3, val_loss=CURVE, epoch=1),
        False,
        "Your answer should be 'underfitting', 'overfitting' or 'neither', got 3. " + HINT_ZONE,
    ),
    (
        lambda: check.early_stopping((5, 3), val_loss=STOP, patience=2),
        True,
        "Correct: Keras's EarlyStopping (patience=2) stops after epoch 5 (its stopped_epoch attribute is 4, 0-based), and restore_best_weights=True keeps the weights of epoch 3.",
    ),
    (
        lambda: check.early_stopping((5, 2), val_loss=STOP, patience=2),
        False,
        "Half right: the stop epoch 5 is right, the kept epoch is not. " + HINT_ES,
    ),
    (
        lambda: check.early_stopping((4, 3), val_loss=STOP, patience=2),
        False,
        "Half right: the kept epoch 3 is right, the stop epoch is not. " + HINT_ES,
    ),
    (
        lambda: check.early_stopping((8, 8), val_loss=STOP, patience=2),
        False,
        "Not quite: (8, 8) is not right. " + HINT_ES,
    ),
    (
        lambda: check.early_stopping(None, val_loss=STOP, patience=2),
        False,
        "Not answered yet: replace None with a pair (stop_epoch, restored_epoch) of 1-based epoch numbers, e.g. (10, 6). "
        + HINT_ES,
    ),
    (
        lambda: check.early_stopping("5, 3", val_loss=STOP, patience=2),
        False,
        "Your answer should be a pair (stop_epoch, restored_epoch) of 1-based epoch numbers, e.g. (10, 6), got '5, 3'. "
        + HINT_ES,
    ),
    (
        lambda: check.early_stopping((4, 2), val_loss=[0.5, 0.3, 0.4, 0.35], patience=5),
        True,
        "Correct: Keras's EarlyStopping (patience=5) never stops early: all 4 epochs run, and restore_best_weights=True keeps the weights of epoch 2.",
    ),
    (
        lambda: check.early_stopping(
            (4, 2), val_loss=[1.0, 0.8, 0.79, 0.785, 0.78, 0.9], patience=2, min_delta=0.05
        ),
        True,
        "Correct: Keras's EarlyStopping (patience=2, min_delta=0.05) stops after epoch 4 (its stopped_epoch attribute is 3, 0-based), and restore_best_weights=True keeps the weights of epoch 2.",
    ),
    (
        lambda: check.early_stopping(
            (4, 3), val_loss=[0.2, 0.5, 0.4, 0.45, 0.5, 0.6], patience=1, start_from_epoch=1
        ),
        True,
        "Correct: Keras's EarlyStopping (patience=1, start_from_epoch=1) stops after epoch 4 (its stopped_epoch attribute is 3, 0-based), and restore_best_weights=True keeps the weights of epoch 3.",
    ),
    (
        lambda: check.early_stopping(
            (5, 3), val_loss=[0.2, 0.5, 0.4, 0.45, 0.5, 0.6], patience=1, start_from_epoch=1
        ),
        False,
        "Half right: the kept epoch 3 is right, the stop epoch is not. Hint: go through the curve epoch by epoch (epoch 1 first). An epoch improves when its value is lower than the best so far by MORE than min_delta; the first 1 epochs are ignored entirely. Every epoch that does not improve adds one to a counter that an improvement resets; training stops after the epoch where the counter reaches patience (Keras counts patience=0 like patience=1). restore_best_weights gives back the last improving epoch.",
    ),
    (
        lambda: check.retrain_epochs(
            6, best_epoch=10, train_samples=100, total_samples=150, batch_size=64
        ),
        True,
        "Correct: 10 epochs x 2 iterations = 20 updates; with 150 samples an epoch has 3 iterations, so 20 / 3 = 6.67, i.e. 6 or 7 epochs.",
    ),
    (
        lambda: check.retrain_epochs(
            5, best_epoch=10, train_samples=100, total_samples=150, batch_size=64
        ),
        False,
        "Not quite: 5 is not right. Hint: training runs a whole number of epochs; count the updates early stopping allowed (epochs x iterations per epoch, iterations = ceil(samples / batch_size)), then divide by the iterations per epoch on the larger data set.",
    ),
    (
        lambda: check.retrain_epochs(
            6.5, best_epoch=10, train_samples=100, total_samples=150, batch_size=64
        ),
        False,
        "Not quite: 6.5 is not right. Hint: training runs a whole number of epochs; count the updates early stopping allowed (epochs x iterations per epoch, iterations = ceil(samples / batch_size)), then divide by the iterations per epoch on the larger data set.",
    ),
    (
        lambda: check.retrain_epochs(
            5, best_epoch=10, train_samples=100, total_samples=200, batch_size=10
        ),
        True,
        "Correct: 10 epochs x 10 iterations = 100 updates; with 200 samples an epoch has 20 iterations, so 100 / 20 = 5.00, i.e. 5 epochs.",
    ),
    (
        lambda: check.retrain_epochs(
            None, best_epoch=10, train_samples=100, total_samples=200, batch_size=10
        ),
        False,
        "Not answered yet: replace None with your answer. Hint: count the updates early stopping allowed (epochs x iterations per epoch, iterations = ceil(samples / batch_size)), then divide by the iterations per epoch on the larger data set.",
    ),
    (
        lambda: _es_run(LN3, 10),
        True,
        "Correct: training stopped after epoch 4 of 10, 2 epochs after the best epoch 2 (at most 2); its val_loss 1.0986 is at most the target 1.1000, and the model holds that epoch's weights (val_loss 1.0986).",
    ),
    (
        lambda: _es_run(LN3, 4),
        False,
        "Not quite: training ran 4 epochs, the lowest val_loss 1.0986 at epoch 2, and it ran all 4 epochs of fit: no early stop happened. "
        + HINT_RUN,
    ),
    (
        lambda: _es_run(LN3, 10, max_extra_epochs=1),
        False,
        "Not quite: training ran 4 epochs, the lowest val_loss 1.0986 at epoch 2, so 2 epochs ran after the best one, more than 1. "
        + HINT_RUN,
    ),
    (
        lambda: _es_run(LN3, 10, target_val_loss=1.0),
        False,
        "Not quite: training ran 4 epochs, the lowest val_loss 1.0986 at epoch 2, above the target 1.0000: training stopped before it reached a low enough val_loss. "
        + HINT_RUN,
    ),
    (
        lambda: _es_run([1.3, 1.05, 1.2, 1.0986123], 10),
        False,
        "Not quite: training ran 4 epochs, the lowest val_loss 1.0500 at epoch 2, but the model now scores val_loss 1.0986 (closest to epoch 4): it does not hold the best epoch's weights. "
        + HINT_RUN,
    ),
    (
        lambda: check.early_stopped_run(
            None, x_val=RUN_X, y_val=RUN_Y, max_extra_epochs=2, target_val_loss=1.1
        ),
        False,
        "Not answered yet: replace None with the History that model.fit(...) returns, history = model.fit(...). "
        + HINT_RUN,
    ),
    (
        lambda: check.early_stopped_run(
            "x", x_val=RUN_X, y_val=RUN_Y, max_extra_epochs=2, target_val_loss=1.1
        ),
        False,
        "Your answer should be the History that model.fit(...) returns with validation_data=(x_val, y_val) (it has no val_loss), got 'x'. "
        + HINT_RUN,
    ),
    # lesson 06: halved_rate_epoch (16 updates per epoch, 15 x 64 + 40), optimizer_state_size,
    # reached_target_run
    (
        lambda: check.halved_rate_epoch(7, num_samples=1_000, batch_size=64, decay_steps=100),
        True,
        "Correct: the schedule counts updates: the first update at half the rate is number 101 (optimizer step 100); with 1,000 samples in batches of 64 an epoch makes 16 updates, the last one of 40 samples, so update 101 falls in epoch 7 (updates 97 to 112).",
    ),
    (
        lambda: check.halved_rate_epoch(
            2, num_samples=1_024, batch_size=64, decay_steps=16, initial_learning_rate=0.5
        ),
        True,
        "Correct: the schedule counts updates: the first update at half the rate is number 17 (optimizer step 16); with 1,024 samples in batches of 64 an epoch makes 16 updates, all full, so update 17 falls in epoch 2 (updates 17 to 32).",
    ),
    (
        lambda: check.halved_rate_epoch(6, num_samples=1_000, batch_size=64, decay_steps=100),
        False,
        "Not quite: 6 is not right. Hint: " + HINT_HALVED,
    ),
    (
        lambda: check.halved_rate_epoch(6.5, num_samples=1_000, batch_size=64, decay_steps=100),
        False,
        "Not quite: 6.5 is not right. Hint: answer with a whole epoch number (1-based); "
        + HINT_HALVED,
    ),
    (
        lambda: check.halved_rate_epoch("seven", num_samples=1_000, batch_size=64, decay_steps=100),
        False,
        "Your answer should be a number, got 'seven'. Hint: " + HINT_HALVED,
    ),
    (
        lambda: check.halved_rate_epoch(None, num_samples=1_000, batch_size=64, decay_steps=100),
        False,
        "Not answered yet: replace None with your answer. Hint: " + HINT_HALVED,
    ),
    (
        lambda: check.optimizer_state_size(2_000, optimizer="adam", num_weights=1_000),
        True,
        "Correct: Adam() keeps 2,000 numbers for 1,000 weights: 2 per weight, besides its step counter and learning rate.",
    ),
    (
        lambda: check.optimizer_state_size(0, optimizer="sgd", num_weights=1_000),
        True,
        "Correct: SGD() keeps 0 numbers for 1,000 weights: 0 per weight, besides its step counter and learning rate.",
    ),
    (
        lambda: check.optimizer_state_size(3_000, optimizer="adam_amsgrad", num_weights=1_000),
        True,
        "Correct: Adam(amsgrad=True) keeps 3,000 numbers for 1,000 weights: 3 per weight, besides its step counter and learning rate.",
    ),
    (
        lambda: check.optimizer_state_size(1_000, optimizer="sgd_momentum", num_weights=1_000),
        True,
        "Correct: SGD(momentum=0.9) keeps 1,000 numbers for 1,000 weights: 1 per weight, besides its step counter and learning rate.",
    ),
    (
        lambda: check.optimizer_state_size(2_000, optimizer="rmsprop_centered", num_weights=1_000),
        True,
        "Correct: RMSprop(centered=True) keeps 2,000 numbers for 1,000 weights: 2 per weight, besides its step counter and learning rate.",
    ),
    (
        lambda: check.optimizer_state_size(10, optimizer="rmsprop", num_weights=10),
        True,
        "Correct: RMSprop() keeps 10 numbers for 10 weights: 1 per weight, besides its step counter and learning rate.",
    ),
    (
        lambda: check.optimizer_state_size(6, optimizer="adamw", num_weights=3),
        True,
        "Correct: AdamW() keeps 6 numbers for 3 weights: 2 per weight, besides its step counter and learning rate.",
    ),
    (
        lambda: check.optimizer_state_size(1_000, optimizer="adam_amsgrad", num_weights=1_000),
        False,
        "Not quite: 1000 is not right. Hint: " + HINT_STATE,
    ),
    (
        lambda: check.optimizer_state_size(None, optimizer="rmsprop", num_weights=1_000),
        False,
        "Not answered yet: replace None with your answer. Hint: " + HINT_STATE,
    ),
    (
        lambda: check.optimizer_state_size("two", optimizer="rmsprop_centered", num_weights=1_000),
        False,
        "Your answer should be a number, got 'two'. Hint: " + HINT_STATE,
    ),
    (
        lambda: check.reached_target_run(None, max_epochs=4, target_val_loss=0.35),
        False,
        "Not answered yet: replace None with the History that model.fit(...) returns, history = model.fit(...). "
        + HINT_TARGET,
    ),
    (
        lambda: check.reached_target_run("x", max_epochs=4, target_val_loss=0.35),
        False,
        "Your answer should be the History that model.fit(...) returns with validation_data=(x_val, y_val) (it has no val_loss), got 'x'. "
        + HINT_TARGET,
    ),
    (
        lambda: check.reached_target_run(
            _val_run([1.0, 0.5, 0.4, 0.36, 0.1]), max_epochs=4, target_val_loss=0.35
        ),
        False,
        "Not quite: training ran 5 epochs, more than the budget of 4. " + HINT_TARGET,
    ),
    (
        lambda: check.reached_target_run(
            _val_run([1.0, float("nan"), 0.1]), max_epochs=4, target_val_loss=0.35
        ),
        False,
        "Not quite: val_loss is not a number from epoch 2 on: training diverged, the learning rate is too large. "
        + HINT_TARGET,
    ),
    (
        lambda: check.reached_target_run(
            _val_run([1.0, 2.0, 1.5]), max_epochs=4, target_val_loss=0.35
        ),
        False,
        "Not quite: the lowest val_loss was 1.000 (epoch 1 of 3), above the target 0.350; it ended higher than it started: the learning rate is likely too large. "
        + HINT_TARGET,
    ),
    (
        lambda: check.reached_target_run(
            _val_run([1.0, 0.8, 0.6]), max_epochs=4, target_val_loss=0.35
        ),
        False,
        "Not quite: the lowest val_loss was 0.600 (epoch 3 of 3), above the target 0.350; it was still too high at the end: the learning rate is likely too small. "
        + HINT_TARGET,
    ),
    (
        lambda: check.reached_target_run(
            _val_run([1.0, 0.35, 0.6]), max_epochs=4, target_val_loss=0.35
        ),
        True,
        "Correct: val_loss reached 0.350 at epoch 2 of 3 (budget 4), at or below the target 0.350.",
    ),
    (
        lambda: check.reached_target_run(
            _val_run([0.9, 0.5, 0.3, 0.2]), max_epochs=4, target_val_loss=0.4
        ),
        True,
        "Correct: val_loss reached 0.300 at epoch 3 of 4 (budget 4), at or below the target 0.400.",
    ),
    (
        lambda: check.hyperband_epochs(75, max_epochs=9, factor=3),
        True,
        "Correct: max_epochs=9, factor=3, trials x the epochs each trains: bracket 2: 9 x 1 + 3 x 2 + 1 x 6 = 21; bracket 1: 5 x 3 + 2 x 6 = 27; bracket 0: 3 x 9 = 27; 23 trials, 75 epochs in all.",
    ),
    (
        lambda: check.hyperband_epochs(11, max_epochs=3),
        True,
        "Correct: max_epochs=3, factor=3, trials x the epochs each trains: bracket 1: 3 x 1 + 1 x 2 = 5; bracket 0: 2 x 3 = 6; 6 trials, 11 epochs in all.",
    ),
    (
        lambda: check.hyperband_epochs(81, max_epochs=9, factor=3),
        False,
        "Not quite: 81 is not right. " + HINT_HB,
    ),
    (
        lambda: check.hyperband_epochs(None, max_epochs=9, factor=3),
        False,
        "Not answered yet: replace None with your answer. " + HINT_HB,
    ),
    (
        lambda: check.hyperband_epochs("lots", max_epochs=9, factor=3),
        False,
        "Your answer should be a number, got 'lots'. " + HINT_HB,
    ),
    (
        lambda: check.search_within_budget(None, budget=40, target_val_loss=1.4),
        False,
        "Not answered yet: replace None with a list of the Histories your model.fit(...) calls returned, e.g. runs = [model.fit(...), ...]. "
        + _hint_search(40),
    ),
    (
        lambda: check.search_within_budget("runs", budget=40, target_val_loss=1.4),
        False,
        "Your answer should be a list of the Histories your model.fit(...) calls returned, got 'runs'. "
        + _hint_search(40),
    ),
    (
        lambda: check.search_within_budget([5], budget=40, target_val_loss=1.4),
        False,
        "Your answer should be a list of the Histories your model.fit(...) calls returned, each trained with validation_data (one has no val_loss), got [5]. "
        + _hint_search(40),
    ),
    (
        lambda: check.search_within_budget(
            [_search_run([1.5, 1.3], loss=[2.0, 1.0, 0.9])], budget=2, target_val_loss=1.4
        ),
        False,
        "Not quite: 1 run, 3 epochs in all, more than the budget of 2. " + _hint_search(2),
    ),
    (
        lambda: check.search_within_budget(
            [_search_run([float("nan"), float("nan")])], budget=2, target_val_loss=1.4
        ),
        False,
        "Not quite: 1 run, 2 epochs in all, but no val_loss is a finite number: training diverged (a learning rate too high?). "
        + _hint_search(2),
    ),
    (
        lambda: check.search_within_budget(
            [_search_run([1.5]), _search_run([1.45, 1.41])], budget=3, target_val_loss=1.4
        ),
        False,
        "Not quite: 2 runs, 3 epochs in all (budget 3); the lowest val_loss, 1.4100 at epoch 2 of run 2, is above the target 1.4000. "
        + _hint_search(3),
    ),
    (
        lambda: check.search_within_budget(
            _search_run([1.5, 1.4, 1.42]), budget=3, target_val_loss=1.4
        ),
        True,
        "Correct: 1 run, 3 epochs in all (budget 3); the lowest val_loss, 1.4000 at epoch 2 of run 1, is at most the target 1.4000.",
    ),
]


HINT_REPLICA = (
    "Hint: under MirroredStrategy the batch that fit counts is the GLOBAL batch: the per-replica "
    "batch times the number of replicas, split across them. Iterations per epoch = samples / "
    "global batch, rounded up when the partial last batch is kept, down with drop_remainder=True."
)
HINT_THROUGHPUT = (
    "Hint: first the time of one step: the fixed cost plus the per-sample cost times the batch size "
    "(in ms); then the samples of one step divided by that time, in seconds."
)


def _hint_few(steps, epochs):
    return (
        "Hint: each iteration pays a fixed cost, so fewer, larger batches make an epoch cheaper: "
        f"pick a batch_size that gives at most {steps} iterations per epoch. Larger batches make "
        "fewer updates per epoch, so raise the learning rate or train more epochs, at most "
        f"{epochs}. Compile with "
        "metrics=['accuracy'] and pass validation_data."
    )


class _FewStepsHistory(keras.callbacks.History):
    def __repr__(self):
        return "<History>"


def _fs(curve, steps=5):
    """A History of lesson 09's exercise: val_accuracy per epoch, Keras's steps per epoch."""
    history = _FewStepsHistory()
    history.history = {"val_accuracy": curve}
    history.params = {"steps": steps, "epochs": len(curve)}
    return history


_Q09 = {"num_samples": 1_079, "per_replica_batch": 64, "replicas": 4}
CASES += [
    (
        lambda: check.replica_iterations(4, **_Q09, drop_remainder=True),
        True,
        "Correct: 4 replicas x 64 samples = a global batch of 256; 1,079 samples make 4 iterations per epoch (the last 55 samples are dropped).",
    ),
    (
        lambda: check.replica_iterations(5, **_Q09, drop_remainder=False),
        True,
        "Correct: 4 replicas x 64 samples = a global batch of 256; 1,079 samples make 5 iterations per epoch (the last batch holds 55 samples).",
    ),
    (
        lambda: check.replica_iterations(
            8, num_samples=1_024, per_replica_batch=64, replicas=2, drop_remainder=False
        ),
        True,
        "Correct: 2 replicas x 64 samples = a global batch of 128; 1,024 samples make 8 iterations per epoch (no partial batch).",
    ),
    (
        lambda: check.replica_iterations(16, **_Q09, drop_remainder=True),
        False,
        "Not quite: 16 counts batches of 64 samples, one replica's share. " + HINT_REPLICA,
    ),
    (
        lambda: check.replica_iterations(6, **_Q09, drop_remainder=True),
        False,
        "Not quite: 6 is not right. " + HINT_REPLICA,
    ),
    (
        lambda: check.replica_iterations(None, **_Q09, drop_remainder=True),
        False,
        "Not answered yet: replace None with your answer. " + HINT_REPLICA,
    ),
    (
        lambda: check.replica_iterations("four", **_Q09, drop_remainder=True),
        False,
        "Your answer should be a number, got 'four'. " + HINT_REPLICA,
    ),
    (
        lambda: check.step_throughput(12_648, fixed_ms=2.5, per_sample_ms=0.04, batch_size=64),
        True,
        "Correct: a step of 64 samples takes 2.5 + 0.04 x 64 = 5.06 ms, so 64 samples / 5.06 ms = 12,648 samples per second.",
    ),
    (
        lambda: check.step_throughput(12.6, fixed_ms=2.5, per_sample_ms=0.04, batch_size=64),
        False,
        "Not quite: 12.6 is not right. " + HINT_THROUGHPUT,
    ),
    (
        lambda: check.step_throughput(None, fixed_ms=2.5, per_sample_ms=0.04, batch_size=64),
        False,
        "Not answered yet: replace None with your answer. " + HINT_THROUGHPUT,
    ),
    (
        lambda: check.step_throughput([1], fixed_ms=2.5, per_sample_ms=0.04, batch_size=64),
        False,
        "Your answer should be a number, got [1]. " + HINT_THROUGHPUT,
    ),
    (
        lambda: check.few_steps_run(
            None, max_steps_per_epoch=5, max_epochs=20, target_val_accuracy=0.9
        ),
        False,
        "Not answered yet: replace None with the History that model.fit(...) returns, history = model.fit(...). "
        + _hint_few(5, 20),
    ),
    (
        lambda: check.few_steps_run(
            "history", max_steps_per_epoch=5, max_epochs=20, target_val_accuracy=0.9
        ),
        False,
        "Your answer should be the History that model.fit(...) returns with metrics=['accuracy'] and validation_data (it has no val_accuracy), got 'history'. "
        + _hint_few(5, 20),
    ),
    (
        lambda: check.few_steps_run(
            _fs([0.5, 0.95], steps=None),
            max_steps_per_epoch=5,
            max_epochs=20,
            target_val_accuracy=0.9,
        ),
        False,
        "Your answer should be the History that model.fit(...) returns of a dataset whose size Keras knows (it has no steps count), got <History>. "
        + _hint_few(5, 20),
    ),
    (
        lambda: check.few_steps_run(
            _fs([0.5, 0.95], steps=6), max_steps_per_epoch=5, max_epochs=20, target_val_accuracy=0.9
        ),
        False,
        "Not quite: each epoch ran 6 iterations, more than 5. " + _hint_few(5, 20),
    ),
    (
        lambda: check.few_steps_run(
            _fs([0.5, 0.95, 0.9]), max_steps_per_epoch=5, max_epochs=2, target_val_accuracy=0.9
        ),
        False,
        "Not quite: 5 iterations per epoch, but 3 epochs, more than 2. " + _hint_few(5, 2),
    ),
    (
        lambda: check.few_steps_run(
            _fs([0.5, 0.85, 0.8]), max_steps_per_epoch=5, max_epochs=20, target_val_accuracy=0.9
        ),
        False,
        "Not quite: 5 iterations per epoch, 3 epochs; the best val_accuracy, 0.850 at epoch 2, is below the target 0.900. "
        + _hint_few(5, 20),
    ),
    (
        lambda: check.few_steps_run(
            _fs([0.5, 0.9, 0.8], steps=5),
            max_steps_per_epoch=5,
            max_epochs=3,
            target_val_accuracy=0.9,
        ),
        True,
        "Correct: 5 iterations per epoch (at most 5), 3 epochs (at most 3); the best val_accuracy, 0.900 at epoch 2, reaches the target 0.900.",
    ),
]


HINT_EPOCH_SAMPLES = (
    "Hint: what does one epoch mean, counted in samples rather than in batches? Section 2 "
    "counts what happens to the last batch when the batch size does not divide the samples."
)
HINT_MAJORITY = (
    "Hint: accuracy is the share of right answers over all samples. Which samples does an "
    "answer that never changes get right?"
)
HINT_LINE = (
    "Hint: section 7 measured which of its two losses the outliers pull less. Its learning "
    "rate and batch size are a good start; at most 10 epochs."
)


class _LineRun:
    """A History-like record of lesson 10's exercise: epochs run and the model's function."""

    def __init__(self, model, epochs=3):
        self.epoch, self.model = list(range(epochs)), model

    def __repr__(self):
        return "<History>"


_GRID10 = np.array([-1.0, 0.0, 0.5, 1.0], dtype="float32")  # 2x + 1 + c exact in float32
_Q10 = {"x_grid": _GRID10, "slope": 2.0, "intercept": 1.0, "max_distance": 0.25}
CASES += [
    (
        lambda: check.samples_per_epoch(1_079, num_samples=1_079, batch_size=32),
        True,
        "Correct: one epoch shows each of the 1,079 samples once: 34 iterations, 33 batches of 32 and a last one of 23.",
    ),
    (
        lambda: check.samples_per_epoch("1,000", num_samples=1_000, batch_size=100),
        True,
        "Correct: one epoch shows each of the 1,000 samples once: 10 batches of 100.",
    ),
    (
        lambda: check.samples_per_epoch(1_088, num_samples=1_079, batch_size=32),
        False,
        "Not quite: 1,088 is 34 iterations x 32, which counts the last batch as full; it holds 23 samples. "
        + HINT_EPOCH_SAMPLES,
    ),
    (
        lambda: check.samples_per_epoch(12, num_samples=10, batch_size=3),
        False,
        "Not quite: 12 is 4 iterations x 3, which counts the last batch as full; it holds 1 sample. "
        + HINT_EPOCH_SAMPLES,
    ),
    (
        lambda: check.samples_per_epoch(1_000, num_samples=1_079, batch_size=32),
        False,
        "Not quite: 1000 is not right. " + HINT_EPOCH_SAMPLES,
    ),
    (
        lambda: check.samples_per_epoch(None, num_samples=1_079, batch_size=32),
        False,
        "Not answered yet: replace None with your answer. " + HINT_EPOCH_SAMPLES,
    ),
    (
        lambda: check.samples_per_epoch("all", num_samples=1_079, batch_size=32),
        False,
        "Your answer should be a number, got 'all'. " + HINT_EPOCH_SAMPLES,
    ),
    (
        lambda: check.majority_accuracy(0.95, majority=950, minority=50),
        True,
        "Correct: always answering the common class is right on its 950 samples and wrong on the 50 rare ones: 950 / 1,000 = 0.950, without finding a single rare sample.",
    ),
    (
        lambda: check.majority_accuracy(95, majority=950, minority=50),
        False,
        "Almost: 95 is a percentage; give the accuracy as a fraction between 0 and 1. "
        + HINT_MAJORITY,
    ),
    (
        lambda: check.majority_accuracy(0.05, majority=950, minority=50),
        False,
        "Not quite: 0.05 is not right. " + HINT_MAJORITY,
    ),
    (
        lambda: check.majority_accuracy(None, majority=950, minority=50),
        False,
        "Not answered yet: replace None with your answer. " + HINT_MAJORITY,
    ),
    (
        lambda: check.majority_accuracy("high", majority=950, minority=50),
        False,
        "Your answer should be a number, got 'high'. " + HINT_MAJORITY,
    ),
    (
        lambda: check.line_fit(None, **_Q10),
        False,
        "Not answered yet: replace None with the History that model.fit(...) returns, history = model.fit(...). "
        + HINT_LINE,
    ),
    (
        lambda: check.line_fit("x", **_Q10),
        False,
        "Your answer should be the History that model.fit(...) returns, got 'x'. " + HINT_LINE,
    ),
    (
        lambda: check.line_fit(_LineRun(lambda x: np.zeros((len(x), 2))), **_Q10),
        False,
        "Your answer should be the History that model.fit(...) returns for a model of one input and one output, got <History>. "
        + HINT_LINE,
    ),
    (
        lambda: check.line_fit(_LineRun(lambda x: 2 * x + 1, epochs=11), **_Q10),
        False,
        "Not quite: training ran 11 epochs, more than the budget of 10. " + HINT_LINE,
    ),
    (
        lambda: check.line_fit(_LineRun(lambda x: x * np.nan), **_Q10),
        False,
        "Not quite: the model's outputs are not all numbers: training diverged (a learning rate too large?). "
        + HINT_LINE,
    ),
    (
        lambda: check.line_fit(_LineRun(lambda x: 2 * x + 1.5), **_Q10),
        False,
        "Not quite: the fitted line is 0.500 from the true line on average, more than 0.250. "
        + HINT_LINE,
    ),
    (
        lambda: check.line_fit(_LineRun(lambda x: 2 * x + 0.75, epochs=10), **_Q10),
        True,
        "Correct: the fitted line is 0.250 from the true line y = 2x + 1 on average (at most 0.250), after 10 epochs (budget 10).",
    ),
]


HINT_WEIGHTS = (
    "Hint: a Dense layer without bias has inputs x units weights; BatchNormalization has 4 "
    "numbers per unit, of which only 2 (gamma and beta) are trainable, and none when it is "
    "frozen; the softmax head has inputs x classes weights plus one bias per class. Add up the "
    "layers that are not frozen (model.trainable_weights lists them)."
)
HINT_TRANSFER = (
    "Hint: start from the pretrained base: its features let the head learn from a few images "
    "in few epochs. In the lesson, the frozen way (head at 0.01) reached 0.7 at epochs 10 and "
    "12, and never in one seed: too slow for this budget. Fine-tune reached it at epochs 6 to "
    "9: build(seed, 'fine-tune') lets the base learn too, with its BatchNormalization layers "
    "frozen; compile it with LayerRateAdam({'block': 0.1}, learning_rate=0.01), the base at a "
    "tenth of the head's rate. Compile with metrics=['accuracy'], pass "
    "validation_data=(x_val, y_val) or batches(x_val, y_val, len(x_val)) and epochs=10 or "
    "fewer."
)
_Q08 = {"widths": (128, 64), "num_inputs": 64, "num_classes": 10}
_TAIL08 = (
    "of the 17,418 trainable weights the network has when nothing is frozen (BatchNormalization's "
    "moving mean and variance are never trained by the optimizer)."
)


def _acc_run(curve):
    """A History holding only a val_accuracy curve (lesson 08's transfer_run reads nothing else)."""
    history = keras.callbacks.History()
    history.history = {"val_accuracy": curve}
    return history


# lesson 08: trainable_weights (one case per frozen choice), transfer_run (one per branch)
CASES += [
    (
        lambda: check.trainable_weights(650, **_Q08, frozen="base"),
        True,
        "Correct: with the base frozen (base.trainable = False) the optimizer updates 650 "
        + _TAIL08,
    ),
    (
        lambda: check.trainable_weights(17_418, **_Q08, frozen="none"),
        True,
        "Correct: with nothing frozen the optimizer updates 17,418 " + _TAIL08,
    ),
    (
        lambda: check.trainable_weights("8,970", **_Q08, frozen="block1"),
        True,
        "Correct: with block 1 frozen (its Dense and BatchNormalization layers) the optimizer "
        "updates 8,970 " + _TAIL08,
    ),
    (
        lambda: check.trainable_weights(17_034, **_Q08, frozen="batchnorm"),
        True,
        "Correct: with the BatchNormalization layers frozen the optimizer updates 17,034 "
        + _TAIL08,
    ),
    (
        lambda: check.trainable_weights(651, **_Q08, frozen="base"),
        False,
        "Not quite: 651 is not right. " + HINT_WEIGHTS,
    ),
    (
        lambda: check.trainable_weights("lots", **_Q08, frozen="base"),
        False,
        "Your answer should be a number, got 'lots'. " + HINT_WEIGHTS,
    ),
    (
        lambda: check.trainable_weights(None, **_Q08, frozen="base"),
        False,
        "Not answered yet: replace None with your answer. " + HINT_WEIGHTS,
    ),
    (
        lambda: check.transfer_run(None, max_epochs=10, target_val_accuracy=0.72),
        False,
        "Not answered yet: replace None with the History that model.fit(...) returns, "
        "history = model.fit(...). " + HINT_TRANSFER,
    ),
    (
        lambda: check.transfer_run("x", max_epochs=10, target_val_accuracy=0.72),
        False,
        "Your answer should be the History that model.fit(...) returns with "
        "metrics=['accuracy'] and validation_data=(x_val, y_val) (it has no val_accuracy), "
        "got 'x'. " + HINT_TRANSFER,
    ),
    (
        lambda: check.transfer_run(_acc_run([0.5] * 11), max_epochs=10, target_val_accuracy=0.72),
        False,
        "Not quite: training ran 11 epochs, more than the budget of 10. " + HINT_TRANSFER,
    ),
    (
        lambda: check.transfer_run(
            _acc_run([0.5, float("nan"), 0.9]), max_epochs=10, target_val_accuracy=0.72
        ),
        False,
        "Not quite: val_accuracy is not a number in epoch 2: the loss diverged, the learning "
        "rate is too large. " + HINT_TRANSFER,
    ),
    (
        lambda: check.transfer_run(
            _acc_run([0.5, 0.71, 0.7]), max_epochs=10, target_val_accuracy=0.72
        ),
        False,
        "Not quite: the highest val_accuracy was 0.710 (epoch 2 of 3), below the target 0.720. "
        + HINT_TRANSFER,
    ),
    (
        lambda: check.transfer_run(
            _acc_run([0.5, 0.72, 0.8]), max_epochs=10, target_val_accuracy=0.72
        ),
        True,
        "Correct: val_accuracy reached 0.720 at epoch 2 of 3 (budget 10), at or above the target "
        "0.720.",
    ),
]


def _call_text(case) -> str:
    """The check call as written above: the test's id, stable when cases are added."""
    return inspect.getsource(case[0]).strip().removeprefix("lambda: ").rstrip(",")


@pytest.mark.parametrize(("call", "correct", "message"), CASES, ids=map(_call_text, CASES))
def test_the_verdict_a_learner_reads(call, correct, message):
    verdict = call()
    assert repr(verdict) == message
    assert bool(verdict) is correct and verdict.correct is correct
    shown = IPython.lib.pretty.pretty(verdict)  # what a notebook shows: wrapped to fit the page
    assert all(len(line) <= 100 for line in shown.splitlines()), shown
    assert " ".join(shown.split()) == " ".join(message.split())


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: check.noise_ratio(1, batch_size=1, other_batch_size=1, num_samples=1),
            "num_samples must be an integer >= 2, got 1",
        ),
        (
            lambda: check.scaled_learning_rate(
                1, base_learning_rate=0.1, base_batch_size=8, batch_size=0
            ),
            "batch_size must be an integer >= 1, got 0",
        ),
        (lambda: check.best_epoch(1, val_loss=[]), "val_loss must hold one number per epoch"),
        (
            lambda: check.training_time(1, seconds_per_epoch=0.1, epochs=5, first_epoch_seconds=0),
            "first_epoch_seconds must be a finite number > 0, got 0",
        ),
        (
            lambda: check.retrain_epochs(
                1, best_epoch=2, train_samples=0, total_samples=10, batch_size=2
            ),
            "train_samples must be an integer >= 1, got 0",
        ),
    ],
)
def test_a_bad_question_names_its_argument_first(call, message):
    with pytest.raises(ValueError) as err:
        call()
    assert str(err.value).startswith(message)


def test_each_verdict_case_has_its_own_id():
    assert len({_call_text(case) for case in CASES}) == len(CASES)


class _LogsWithHistory(dict):
    """A dict (a Mapping) that also has a ``history`` attribute: still not a History."""

    history = {"val_loss": [0.5]}


def test_history_logs_only_reads_a_mapping_from_a_history():
    from types import SimpleNamespace

    from course.check._core import history_logs

    assert history_logs(SimpleNamespace(history={"val_loss": [0.5]})) == {"val_loss": [0.5]}
    assert history_logs(SimpleNamespace(history=[0.5, 0.4])) is None  # logs not a Mapping
    assert history_logs(SimpleNamespace(history="0.5")) is None
    assert history_logs(_LogsWithHistory(loss=[1.0])) is None  # a Mapping is never a History


@pytest.mark.parametrize("widths", [[[128], [64, 32]], [128, [64]]])
def test_trainable_weights_names_nested_widths(widths):
    with pytest.raises(ValueError, match=r"^each entry of widths must be an integer >= 1, got \["):
        check.trainable_weights(1, widths=widths, num_inputs=64, num_classes=10, frozen="none")
