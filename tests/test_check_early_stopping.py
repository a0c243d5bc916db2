"""course.check.early_stopping and retrain_epochs: every answer handled, bad questions raise."""

import keras
import numpy as np
import pytest

from course import check
from course.stopping import replay_early_stopping

CURVE = [0.9, 0.7, 0.6, 0.65, 0.62, 0.7, 0.8, 0.9]  # best at epoch 3


def test_right_answer_in_any_sequence_form():
    for answer in [(5, 3), [5, 3], np.array([5, 3]), ("5", "3"), (5.0, 3.0)]:
        verdict = check.early_stopping(answer, val_loss=CURVE, patience=2)
        assert verdict.correct, answer
    assert "stops after epoch 5" in repr(verdict) and "epoch 3" in repr(verdict)
    assert "stopped_epoch attribute is 4" in repr(verdict)


def test_half_right_and_wrong_answers():
    half = check.early_stopping((5, 2), val_loss=CURVE, patience=2)
    assert not half and repr(half).startswith("Half right: the stop epoch")
    half = check.early_stopping((4, 3), val_loss=CURVE, patience=2)
    assert not half and repr(half).startswith("Half right: the kept epoch")
    wrong = check.early_stopping((8, 8), val_loss=CURVE, patience=2)
    assert not wrong and repr(wrong).startswith("Not quite") and "Hint:" in repr(wrong)


@pytest.mark.parametrize("answer", [None, 5, "5, 3", (5,), (5, 3, 1), ("five", 3), {"a": 1}])
def test_unanswered_or_wrongly_typed_answers_never_raise(answer):
    verdict = check.early_stopping(answer, val_loss=CURVE, patience=2)
    assert not verdict
    expected = "Not answered yet" if answer is None else "should be a pair"
    assert expected in repr(verdict)


def test_never_stopping_counts_every_epoch():
    verdict = check.early_stopping((4, 2), val_loss=[0.5, 0.3, 0.4, 0.35], patience=5)
    assert verdict and "never stops early" in repr(verdict)


def test_patience_zero_and_min_delta_and_start_from_epoch():
    assert check.early_stopping((4, 3), val_loss=CURVE, patience=0)
    curve = [1.0, 0.8, 0.79, 0.785, 0.78, 0.9]
    assert check.early_stopping((4, 2), val_loss=curve, patience=2, min_delta=0.05)
    curve = [0.2, 0.5, 0.4, 0.45, 0.5, 0.6]
    assert check.early_stopping((4, 3), val_loss=curve, patience=1, start_from_epoch=1)


def test_a_bad_question_raises_naming_the_argument():
    with pytest.raises(ValueError, match="patience must be an integer >= 0"):
        check.early_stopping((1, 1), val_loss=CURVE, patience=-1)
    with pytest.raises(ValueError, match="val_loss must hold one number per epoch"):
        check.early_stopping((1, 1), val_loss=[], patience=1)
    with pytest.raises(ValueError, match="min_delta must be"):
        check.early_stopping((1, 1), val_loss=CURVE, patience=1, min_delta=-1)


RETRAIN = {"best_epoch": 20, "train_samples": 160, "total_samples": 280, "batch_size": 16}


def test_retrain_epochs_accepts_either_rounding():
    # 20 epochs x 10 iterations = 200 updates; 280 samples make 18 iterations: 11.1 epochs.
    assert check.retrain_epochs(11, **RETRAIN) and check.retrain_epochs(12, **RETRAIN)
    assert check.retrain_epochs("11", **RETRAIN)
    wrong = check.retrain_epochs(20, **RETRAIN)
    assert not wrong and "Hint:" in repr(wrong)
    assert repr(check.retrain_epochs(None, **RETRAIN)).startswith("Not answered yet")
    assert "should be a number" in repr(check.retrain_epochs("many", **RETRAIN))


def test_retrain_epochs_exact_division_needs_the_exact_answer():
    args = {"best_epoch": 10, "train_samples": 100, "total_samples": 200, "batch_size": 10}
    assert check.retrain_epochs(5, **args)
    assert not check.retrain_epochs(6, **args)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"best_epoch": 0}, "best_epoch must be an integer >= 1"),
        ({"batch_size": 0}, "batch_size must be an integer >= 1"),
        ({"total_samples": 100}, "total_samples must be >= train_samples"),
    ],
)
def test_retrain_epochs_bad_question_raises(changes, message):
    with pytest.raises(ValueError, match=message):
        check.retrain_epochs(1, **{**RETRAIN, **changes})


def test_retrain_epochs_counts_the_partial_batches():
    # 100 samples in batches of 64: 2 iterations per epoch (64 + 36); 10 epochs = 20 updates.
    # 150 samples: 3 iterations per epoch (64 + 64 + 22); 20 / 3 = 6.67 epochs: 6 or 7.
    args = {"best_epoch": 10, "train_samples": 100, "total_samples": 150, "batch_size": 64}
    assert check.retrain_epochs(6, **args) and check.retrain_epochs(7, **args)
    assert not check.retrain_epochs(5, **args)  # 10 x 1 / 2: full batches only
    assert not check.retrain_epochs(10, **args) and not check.retrain_epochs(8, **args)
    assert "10 epochs x 2 iterations = 20 updates" in repr(check.retrain_epochs(6, **args))
    assert "an epoch has 3 iterations" in repr(check.retrain_epochs(6, **args))
    assert not check.retrain_epochs(6.5, **args)  # not a whole number of epochs


def test_retrain_epochs_of_lesson_04():
    # 800 / 64 -> 13 iterations; 30 epochs = 390 updates; 1,000 / 64 -> 16; 390 / 16 = 24.4
    args = {"best_epoch": 30, "train_samples": 800, "total_samples": 1_000, "batch_size": 64}
    assert check.retrain_epochs(24, **args) and check.retrain_epochs(25, **args)
    assert not check.retrain_epochs(23, **args) and not check.retrain_epochs(30, **args)
    assert not check.retrain_epochs(True, **args)


# --- the format example never gives the answer away (issue 9) ---------------------------------

LESSON_CURVE = [1.10, 0.84, 0.71, 0.66, 0.655, 0.67, 0.652, 0.66, 0.68, 0.70, 0.73, 0.76]


@pytest.mark.parametrize(
    ("kwargs", "answer"),
    [
        # By hand: best 0.655 at epoch 5, 0.652 at epoch 7 improves, epochs 8 and 9 do not: (9, 7).
        ({"patience": 2}, (9, 7)),
        # By hand, min_delta=0.01: 0.66 at epoch 4 is the last gain > 0.01; epochs 5-7 fail: (7, 4).
        ({"patience": 3, "min_delta": 0.01}, (7, 4)),
    ],
)
def test_lesson_exercises_messages_never_show_the_answer(kwargs, answer):
    assert check.early_stopping(answer, val_loss=LESSON_CURVE, **kwargs)
    for given in [None, "9 and 7", (1,)]:
        message = repr(check.early_stopping(given, val_loss=LESSON_CURVE, **kwargs))
        example = message.split("e.g. ")[1].split(")")[0] + ")"
        stop, kept = (int(v) for v in example.strip("()").split(","))
        assert stop != answer[0] and kept != answer[1], message
        assert str(answer) not in message and f"{answer[0]}, {answer[1]}" not in message


def test_format_example_shares_no_number_with_any_answer():
    rng = np.random.default_rng(0)
    for _ in range(40):
        curve = list(np.round(rng.uniform(0.5, 1.0, size=int(rng.integers(3, 25))), 3))
        patience = int(rng.integers(0, 6))
        replay = replay_early_stopping(curve, patience=patience)  # Keras's own callback
        right = (replay.epochs_run, replay.restored_epoch)
        assert check.early_stopping(right, val_loss=curve, patience=patience)
        message = repr(check.early_stopping(None, val_loss=curve, patience=patience))
        example = message.split("e.g. (")[1].split(")")[0]
        stop, kept = (int(v) for v in example.split(","))
        assert stop != right[0] and kept != right[1]


# --- early_stopped_run: a run the learner trains -----------------------------------------------


def _fit(callbacks, seed=0, epochs=30):
    """A tiny classifier on random labels: its validation loss rises after a few epochs."""
    rng = np.random.default_rng(seed)
    x, y = rng.normal(size=(200, 8)).astype("float32"), rng.integers(0, 3, size=200)
    keras.utils.set_random_seed(seed)
    model = keras.Sequential(
        [
            keras.Input((8,)),
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dense(3, activation="softmax"),
        ]
    )
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="sparse_categorical_crossentropy")
    history = model.fit(
        x[:120],
        y[:120],
        epochs=epochs,
        batch_size=20,
        validation_data=(x[120:], y[120:]),
        callbacks=callbacks,
        verbose=0,
    )
    return history, x[120:], y[120:]


def _truth(history):
    curve = history.history["val_loss"]
    return len(curve), int(np.argmin(curve)) + 1, float(min(curve))


def test_early_stopped_run_passes_a_restored_early_stop():
    es = keras.callbacks.EarlyStopping(patience=2, restore_best_weights=True)
    history, xv, yv = _fit([es])
    epochs, best, low = _truth(history)
    assert epochs < 30 and epochs - best == 2  # Keras stopped it, 2 epochs after the best
    verdict = check.early_stopped_run(
        history, x_val=xv, y_val=yv, max_extra_epochs=2, target_val_loss=low + 0.01
    )
    assert verdict, verdict
    assert f"training stopped after epoch {epochs} of 30, 2 epochs after the best epoch {best}" in (
        repr(verdict)
    )


def test_early_stopped_run_misses_each_target_with_a_hint():
    es = keras.callbacks.EarlyStopping(patience=2, restore_best_weights=True)
    history, xv, yv = _fit([es])
    epochs, best, low = _truth(history)
    args = {"x_val": xv, "y_val": yv}
    over = check.early_stopped_run(history, **args, max_extra_epochs=1, target_val_loss=10.0)
    assert not over and "2 epochs ran after the best one, more than 1" in repr(over)
    high = check.early_stopped_run(history, **args, max_extra_epochs=5, target_val_loss=low - 0.01)
    assert not high and "above the target" in repr(high) and "Hint:" in repr(high)

    no_restore = keras.callbacks.EarlyStopping(patience=2)
    history, xv, yv = _fit([no_restore])
    epochs, best, _ = _truth(history)
    last = check.early_stopped_run(history, **args, max_extra_epochs=5, target_val_loss=10.0)
    assert not last and "does not hold the best epoch's weights" in repr(last)
    assert f"(closest to epoch {epochs})" in repr(last)  # Keras left the last epoch's weights

    history, xv, yv = _fit([], epochs=3)
    ran = check.early_stopped_run(history, **args, max_extra_epochs=5, target_val_loss=10.0)
    assert not ran and "ran all 3 epochs of fit: no early stop happened" in repr(ran)


@pytest.mark.parametrize(
    "answer", [None, "history", 3, {"val_loss": [1.0]}, keras.callbacks.History()]
)
def test_early_stopped_run_never_raises_on_answers(answer):
    xv, yv = np.zeros((4, 8), "float32"), np.zeros(4, int)
    verdict = check.early_stopped_run(
        answer, x_val=xv, y_val=yv, max_extra_epochs=2, target_val_loss=1.0
    )
    assert not verdict
    expected = "Not answered yet" if answer is None else "Your answer should be the History"
    assert repr(verdict).startswith(expected), verdict


def test_early_stopped_run_bad_question_raises():
    xv, yv = np.zeros((4, 8), "float32"), np.zeros(4, int)
    with pytest.raises(ValueError, match="max_extra_epochs must be an integer >= 0"):
        check.early_stopped_run(None, x_val=xv, y_val=yv, max_extra_epochs=-1, target_val_loss=1)
    with pytest.raises(ValueError, match="target_val_loss must be"):
        check.early_stopped_run(None, x_val=xv, y_val=yv, max_extra_epochs=1, target_val_loss=-1)
    with pytest.raises(ValueError, match="same, non-zero length"):
        check.early_stopped_run(None, x_val=xv, y_val=yv[:3], max_extra_epochs=1, target_val_loss=1)


# --- early_stopped_run: logged curves set by hand, a model whose loss is known by hand ---------

HINT = (
    "pass callbacks=[keras.callbacks.EarlyStopping(monitor='val_loss', patience=..., "
    "restore_best_weights=True)] and validation_data=(x_val, y_val) to model.fit. Training "
    "stops `patience` epochs after the last improvement: too little patience stops at the "
    "first bump of a zigzagging curve, before the real minimum; too much spends epochs after "
    "it. restore_best_weights=True gives back the best epoch's weights."
)
X4, Y4 = np.zeros((4, 1), "float32"), np.zeros(4, "float32")


def _constant_model(bias):
    """Predicts ``bias`` for every sample: its MSE on the all-zero labels Y4 is bias**2."""
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    model.compile(loss="mse")
    model.layers[0].set_weights([np.zeros((1, 1), "float32"), np.array([bias], "float32")])
    return model


def _run(curve, model, **params):
    """A History as fit leaves it: per-epoch logs, fit's params (when given) and the model."""
    from types import SimpleNamespace

    run = SimpleNamespace(history={"val_loss": curve}, model=model)
    if params:
        run.params = params
    return run


def test_early_stopped_run_accepts_a_best_value_equal_to_the_target():
    # 0.5**2 = 0.25 exactly in float32: the model holds epoch 2's weights; 0.25 is "at most" 0.25.
    run = _run([0.4, 0.25, 0.3, 0.35], _constant_model(0.5), epochs=10)
    verdict = check.early_stopped_run(
        run, x_val=X4, y_val=Y4, max_extra_epochs=2, target_val_loss=0.25
    )
    assert repr(verdict) == (
        "Correct: training stopped after epoch 4 of 10, 2 epochs after the best epoch 2 (at most "
        "2); its val_loss 0.2500 is at most the target 0.2500, and the model holds that epoch's "
        "weights (val_loss 0.2500)."
    )


def test_early_stopped_run_tolerance_is_relative_above_a_loss_of_one():
    # Loss 0.25, best logged 0.24985: 1.5e-4 apart, more than the 1e-4 a loss below 1 allows.
    run = _run([0.4, 0.24985, 0.3, 0.35], _constant_model(0.5), epochs=10)
    verdict = check.early_stopped_run(
        run, x_val=X4, y_val=Y4, max_extra_epochs=2, target_val_loss=1.0
    )
    assert repr(verdict) == (
        "Not quite: training ran 4 epochs, the lowest val_loss 0.2498 at epoch 2, but the model "
        "now scores val_loss 0.2500 (closest to epoch 2): it does not hold the best epoch's "
        f"weights. Hint: {HINT}"
    )
    # Loss 100**2 = 10,000, best logged 9,999.5: 0.5 apart, within 1e-4 x 10,000 = 1.
    run = _run([12_000.0, 9_999.5, 11_000.0], _constant_model(100.0), epochs=10)
    verdict = check.early_stopped_run(
        run, x_val=X4, y_val=Y4, max_extra_epochs=1, target_val_loss=10_000.0
    )
    assert verdict, verdict
    assert repr(verdict).endswith("the model holds that epoch's weights (val_loss 10000.0000).")


def test_early_stopped_run_of_a_model_that_evaluates_to_nan():
    # Bias NaN: every prediction and the loss are NaN, whatever the logged curve said.
    run = _run([0.4, 0.25, 0.3, 0.35], _constant_model(float("nan")), epochs=10)
    verdict = check.early_stopped_run(
        run, x_val=X4, y_val=Y4, max_extra_epochs=2, target_val_loss=1.0
    )
    assert repr(verdict) == (
        "Your answer should be the History that model.fit(...) returns of a model that can be "
        "evaluated on x_val, y_val (evaluating it failed), got namespace(history={'val_loss': "
        f"[0.4, 0.25, 0.3, 0.35]}}, m.... Hint: {HINT}"
    )


def test_early_stopped_run_without_fit_params_counts_the_logged_epochs():
    # No params: the 4 logged epochs are taken as all fit was asked for, so no early stop.
    run = _run([0.4, 0.25, 0.3, 0.35], _constant_model(0.5))
    verdict = check.early_stopped_run(
        run, x_val=X4, y_val=Y4, max_extra_epochs=2, target_val_loss=1.0
    )
    assert repr(verdict) == (
        "Not quite: training ran 4 epochs, the lowest val_loss 0.2500 at epoch 2, and it ran all "
        f"4 epochs of fit: no early stop happened. Hint: {HINT}"
    )


@pytest.mark.parametrize(
    ("curve", "shown"),  # the answer's repr, cut to 57 characters and "..."
    [
        ([], "namespace(history={'val_loss': []}, model=<Sequential nam..."),
        ([0.4, float("nan")], "namespace(history={'val_loss': [0.4, nan]}, model=<Sequen..."),
    ],
)
def test_early_stopped_run_refuses_an_empty_or_nan_curve(curve, shown):
    run = _run(curve, _constant_model(0.5), epochs=10)
    verdict = check.early_stopped_run(
        run, x_val=X4, y_val=Y4, max_extra_epochs=2, target_val_loss=1.0
    )
    assert repr(verdict) == (
        "Your answer should be the History that model.fit(...) returns with validation_data="
        f"(x_val, y_val) (it has no val_loss), got {shown}. Hint: {HINT}"
    )


def test_early_stopped_run_prints_nothing(capsys):
    # evaluate(verbose=1) or its "auto" default would print a progress bar into the notebook.
    run = _run([0.4, 0.25, 0.3, 0.35], _constant_model(0.5), epochs=10)
    assert check.early_stopped_run(run, x_val=X4, y_val=Y4, max_extra_epochs=2, target_val_loss=1.0)
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("x_val", [np.zeros(4), np.zeros((1, 8))])
def test_early_stopped_run_takes_one_dimensional_or_one_sample_validation_data(x_val):
    verdict = check.early_stopped_run(
        None, x_val=x_val, y_val=np.zeros(len(x_val)), max_extra_epochs=1, target_val_loss=1.0
    )
    assert repr(verdict) == (
        "Not answered yet: replace None with the History that model.fit(...) returns, history = "
        f"model.fit(...). Hint: {HINT}"
    )


@pytest.mark.parametrize(
    ("x_val", "y_val", "message"),
    [
        (
            [[1.0, 2.0], [3.0]],
            [0, 1],
            "x_val and y_val must be arrays, e.g. data.x_val and data.y_val",
        ),
        (
            np.zeros((0, 8)),
            np.zeros(0),
            "x_val and y_val must be arrays of the same, non-zero "
            "length (one label per sample), got shapes (0, 8) and (0,)",
        ),
        (
            5.0,
            np.zeros(2),
            "x_val and y_val must be arrays of the same, non-zero length (one "
            "label per sample), got shapes () and (2,)",
        ),
        (
            np.zeros((2, 8)),
            5.0,
            "x_val and y_val must be arrays of the same, non-zero length "
            "(one label per sample), got shapes (2, 8) and ()",
        ),
    ],
)
def test_early_stopped_run_bad_validation_data_raises_in_full(x_val, y_val, message):
    with pytest.raises(ValueError) as err:
        check.early_stopped_run(
            None, x_val=x_val, y_val=y_val, max_extra_epochs=1, target_val_loss=1.0
        )
    assert str(err.value) == message
