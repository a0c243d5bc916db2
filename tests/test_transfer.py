"""course.transfer against what Keras itself does: a factor of 0 trains nothing (as
``trainable=False`` does), a factor scales Adam's step where scaling the gradient would not,
SetRates switches factors at the epochs it names, and restart() trains as a fresh model would."""

import keras
import numpy as np
import pytest

from course.models import restart
from course.transfer import LayerRateAdam, SetRates, accuracy, first_per_class, shift_right

X = np.random.default_rng(0).normal(size=(24, 4)).astype("float32")
Y = (np.arange(24) % 3).astype("int64")


def _model(seed=0):
    keras.utils.set_random_seed(seed)
    return keras.Sequential(
        [
            keras.Input((4,)),
            keras.layers.Dense(5, activation="relu", name="block1_dense"),
            keras.layers.Dense(4, activation="relu", name="block2_dense"),
            keras.layers.Dense(3, activation="softmax", name="head"),
        ]
    )


def _fit(model, optimizer, epochs=2, **kwargs):
    model.compile(optimizer, "sparse_categorical_crossentropy")
    return model.fit(X, Y, epochs=epochs, batch_size=8, shuffle=False, verbose=0, **kwargs)


def _changed(before, after):
    return [not np.array_equal(a, b) for a, b in zip(before, after, strict=True)]


def test_a_factor_of_zero_freezes_exactly_those_layers():
    model = _model()
    before = [w.copy() for w in model.get_weights()]
    _fit(model, LayerRateAdam({"block1": 0.0}, learning_rate=0.05))
    # kernel and bias of block1 unchanged, block2 and head trained
    assert _changed(before, model.get_weights()) == [False, False, True, True, True, True]


def test_a_factor_of_zero_trains_the_rest_as_trainable_false_does():
    frozen = _model()
    frozen.get_layer("block1_dense").trainable = False
    _fit(frozen, keras.optimizers.Adam(0.05))
    zero = _model()
    _fit(zero, LayerRateAdam({"block1": 0.0}, learning_rate=0.05))
    for a, b in zip(frozen.get_weights(), zero.get_weights(), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("factor", [0.5, 0.1, 2.0])
def test_a_factor_scales_adams_first_step(factor):
    # Adam's first step on a weight is lr * g / (|g| + eps) ~ lr in the direction of -g
    # (m_hat = g, v_hat = g**2): with the factor it moves factor * lr.
    w = keras.Variable(np.array([1.0, -2.0], "float32"), name="kernel")
    w_path = w.path
    optimizer = LayerRateAdam({w_path: factor}, learning_rate=0.01)
    optimizer.apply_gradients([(np.array([0.3, -4.0], "float32"), w)])
    step = np.array([1.0, -2.0]) - keras.ops.convert_to_numpy(w)
    np.testing.assert_allclose(step, [0.01 * factor, -0.01 * factor], rtol=1e-4)


def test_scaling_the_gradient_does_not_change_adams_step():
    # why the factor goes on the learning rate: Adam divides the gradient's mean by its RMS
    steps = []
    for scale in (1.0, 0.1):
        w = keras.Variable(np.array([1.0, -2.0], "float32"))
        optimizer = keras.optimizers.Adam(0.01)
        for _ in range(3):
            optimizer.apply_gradients([(scale * np.array([0.3, -4.0], "float32"), w)])
        steps.append(keras.ops.convert_to_numpy(w))
    np.testing.assert_allclose(steps[0], steps[1], rtol=1e-4)


def test_the_first_matching_prefix_wins_and_unmatched_get_one():
    optimizer = LayerRateAdam({"block1": 0.5, "block": 0.1})
    assert float(keras.ops.convert_to_numpy(optimizer.factor_of("block1_dense/kernel"))) == 0.5
    assert float(keras.ops.convert_to_numpy(optimizer.factor_of("block2_dense/kernel"))) == (
        pytest.approx(0.1)
    )
    assert optimizer.factor_of("head/kernel") == 1.0
    assert optimizer.factor_of("xblock1/kernel") == 1.0


def test_set_rates_and_factors():
    optimizer = LayerRateAdam({"a": 0.0, "b": 1.0})
    optimizer.set_rates({"a": 0.25})
    assert optimizer.factors == {"a": 0.25, "b": 1.0}
    assert optimizer.get_config()["rates"] == {"a": 0.25, "b": 1.0}


def test_set_rates_switches_at_the_epochs_it_names():
    model = _model()
    seen = []

    class Record(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            seen.append((epoch + 1, self.model.optimizer.factors["block1"]))

    snapshots = []

    class Weights(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            snapshots.append([w.copy() for w in self.model.get_weights()])

    start = [w.copy() for w in model.get_weights()]
    _fit(
        model,
        LayerRateAdam({"block1": 1.0}, learning_rate=0.05),
        epochs=4,
        callbacks=[SetRates({1: {"block1": 0.0}, 3: {"block1": 0.5}}), Record(), Weights()],
    )
    assert seen == [(1, 0.0), (2, 0.0), (3, 0.5), (4, 0.5)]
    # block1's kernel stays put in epochs 1-2 and moves from epoch 3 on
    assert np.array_equal(snapshots[1][0], start[0])
    assert not np.array_equal(snapshots[2][0], start[0])


def test_set_rates_needs_a_layer_rate_optimizer():
    model = _model()
    message = r"^SetRates needs a model compiled with optimizer=LayerRateAdam\(...\), got Adam$"
    with pytest.raises(ValueError, match=message):
        _fit(model, keras.optimizers.Adam(0.01), callbacks=[SetRates({1: {"block1": 0.0}})])


def test_restart_trains_as_a_freshly_built_and_compiled_model():
    fresh = _model(seed=1)
    start = [w.copy() for w in fresh.get_weights()]
    expected = _fit(fresh, LayerRateAdam({"block1": 0.1}, learning_rate=0.05), epochs=3)
    reused = _model(seed=2)
    _fit(reused, LayerRateAdam({"block1": 0.1}, learning_rate=0.05), epochs=2)
    assert int(reused.optimizer.iterations) == 6
    restart(reused, start)
    assert int(reused.optimizer.iterations) == 0
    assert reused.optimizer.factors == {"block1": pytest.approx(0.1)}  # the factors are kept
    again = reused.fit(X, Y, epochs=3, batch_size=8, shuffle=False, verbose=0)
    np.testing.assert_allclose(again.history["loss"], expected.history["loss"], rtol=1e-5)
    for a, b in zip(reused.get_weights(), fresh.get_weights(), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_set_rates_accepts_only_the_prefixes_given_at_creation():
    optimizer = LayerRateAdam({"a": 0.0})
    with pytest.raises(ValueError, match=r"rates must use the prefixes .* \(a\), got 'b'"):
        optimizer.set_rates({"b": 0.5})
    assert optimizer.factors == {"a": 0.0}


def test_set_rates_refuses_an_unknown_prefix_before_the_first_step():
    model = _model()
    start = [w.copy() for w in model.get_weights()]
    schedule = SetRates({1: {"block1": 0.0}, 3: {"block9": 0.5}})  # block9: not the optimizer's
    with pytest.raises(ValueError, match=r"schedule\[3\] must use the prefixes"):
        _fit(model, LayerRateAdam({"block1": 0.0}, learning_rate=0.05), callbacks=[schedule])
    for a, b in zip(model.get_weights(), start, strict=True):  # no step was taken
        np.testing.assert_array_equal(a, b)
    assert int(model.optimizer.iterations) == 0


def test_rates_must_be_a_non_empty_dict_of_prefixes():
    for rates in ([], {}):
        with pytest.raises(ValueError) as err:
            LayerRateAdam(rates)
        assert str(err.value) == (
            "rates must be a dict of layer-name prefixes to learning-rate factors such as "
            f"{{'block1': 0.1}}, got {rates!r}"
        )


def test_set_rates_names_every_prefix_it_accepts():
    optimizer = LayerRateAdam({"block1": 0.0, "head": 1.0})
    with pytest.raises(ValueError) as err:
        optimizer.set_rates({"block2": 0.5})
    assert str(err.value) == (
        "rates must use the prefixes the optimizer was made with (block1, head), got 'block2'"
    )


def test_the_default_learning_rate_and_other_keywords_are_adams():
    # Keras's Adam: learning_rate=0.001 by default; beta_1 and amsgrad are its own arguments
    assert float(LayerRateAdam({"block1": 0.5}).learning_rate) == pytest.approx(0.001)
    assert float(keras.optimizers.Adam().learning_rate) == pytest.approx(0.001)
    optimizer = LayerRateAdam({"block1": 0.5}, beta_1=0.5, amsgrad=True)
    assert (optimizer.beta_1, optimizer.amsgrad) == (0.5, True)


def test_the_factors_are_settings_like_keras_own_learning_rate():
    # Keras keeps its learning rate in a variable with trainable=False: so are the factors
    optimizer = LayerRateAdam({"block1": 0.5, "head": 0.0})
    kinds = {(v.name, v.dtype, v.trainable) for v in optimizer.variables if v.name != "iteration"}
    assert kinds == {  # (the step counter's integer type depends on the backend)
        ("learning_rate", "float32", False),
        ("rate_factor", "float32", False),
    }


def test_a_factor_scales_a_schedule_that_gives_float64():
    class Constant(keras.optimizers.schedules.LearningRateSchedule):
        def __call__(self, step):
            return keras.ops.convert_to_tensor(0.01, "float64")

    # Adam's first step is lr * g / (|g| + eps) ~ 0.01 in the direction of -g; factor 0.5 halves it
    w = keras.Variable(np.array([1.0, -2.0], "float32"), name="kernel")
    optimizer = LayerRateAdam({w.path: 0.5}, learning_rate=Constant())
    optimizer.apply_gradients([(np.array([0.3, -4.0], "float32"), w)])
    step = np.array([1.0, -2.0]) - keras.ops.convert_to_numpy(w)
    np.testing.assert_allclose(step, [0.005, -0.005], rtol=1e-4)


def test_shift_right_by_hand_on_an_uneven_image():
    # one 3x3 image, rows [1 2 3], [4 5 6], [7 8 9]: each row moves right, 0 comes in on the left
    image = np.arange(1, 10, dtype="float32").reshape(1, 9)
    expected = np.array([[0, 1, 2, 0, 4, 5, 0, 7, 8]], "float32")
    np.testing.assert_array_equal(shift_right(image, side=3), expected)
    assert shift_right(image, side=3).dtype == np.float32
    # two images at once, each on its own; the input is not changed
    two = np.vstack([image, image * 10])
    np.testing.assert_array_equal(shift_right(two, side=3)[1], expected[0] * 10)
    assert two[0, 0] == 1


def test_shift_right_moves_the_lessons_digits_one_column():
    x = np.random.default_rng(0).random((5, 64))
    out = shift_right(x).reshape(5, 8, 8)
    np.testing.assert_array_equal(out[:, :, 0], 0)
    np.testing.assert_array_equal(out[:, :, 1:], x.reshape(5, 8, 8)[:, :, :-1])


def test_shift_right_refuses_images_of_another_size():
    with pytest.raises(ValueError, match="images must be a 2-d array of flattened 8x8"):
        shift_right(np.zeros((2, 63)))
    with pytest.raises(ValueError, match="images"):
        shift_right(np.zeros(64))
    with pytest.raises(ValueError, match="side"):
        shift_right(np.zeros((1, 4)), side=0)


def test_first_per_class_by_hand():
    labels = np.array([2, 0, 2, 1, 0, 2, 0])
    # class 0 at 1, 4, 6; class 2 at 0, 2, 5; class 1 only at 3; class 3 nowhere
    np.testing.assert_array_equal(first_per_class(labels, 2, [0, 2]), [1, 4, 0, 2])
    np.testing.assert_array_equal(first_per_class(labels, 2, range(4)), [1, 4, 3, 0, 2])
    np.testing.assert_array_equal(first_per_class(labels, 1, (2,)), [0])
    assert first_per_class(labels, 2, [0]).dtype == np.int64


def test_first_per_class_refuses_bad_arguments():
    with pytest.raises(ValueError, match="per_class"):
        first_per_class([0, 1], 0, [0])
    with pytest.raises(ValueError, match="classes"):
        first_per_class([0, 1], 1, "01")
    with pytest.raises(ValueError, match="labels"):
        first_per_class([[0, 1]], 1, [0])


def test_accuracy_counts_by_hand():
    # an identity model: the output is the input, so the class is the argmax of each row
    model = keras.Sequential([keras.Input((3,)), keras.layers.Identity()])
    x = np.array([[0.1, 0.7, 0.2], [0.5, 0.4, 0.1], [0.2, 0.2, 0.6], [0.3, 0.3, 0.4]])
    # predicted classes 1, 0, 2, 2 against labels 1, 1, 2, 0: two of four right
    assert accuracy(model, x, [1, 1, 2, 0]) == 0.5
    assert accuracy(model, x, [1, 0, 2, 2]) == 1.0


def test_accuracy_agrees_with_keras_evaluate():
    model = _model()
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    _, keras_accuracy = model.evaluate(X, Y, verbose=0)
    assert accuracy(model, X, Y) == pytest.approx(keras_accuracy, abs=1e-6)


def test_accuracy_refuses_bad_arguments():
    model = _model()
    with pytest.raises(ValueError, match="y must hold one class label per sample of x"):
        accuracy(model, X, Y[:-1])
    with pytest.raises(ValueError, match="model"):
        accuracy("model", X, Y)
    with pytest.raises(ValueError, match="x"):
        accuracy(model, [[np.nan] * 4], [0])


def test_a_schedule_epoch_after_the_run_is_refused_before_the_first_step():
    model = _model()
    schedule = SetRates({1: {"block1": 0.0}, 4: {"block1": 0.5}})  # the run has 3 epochs
    message = r"schedule epoch 4 is after the run's last epoch, 3 \(fit\(epochs=3\)\)"
    with pytest.raises(ValueError, match=message):
        _fit(model, LayerRateAdam({"block1": 0.0}, learning_rate=0.05), 3, callbacks=[schedule])
    assert int(model.optimizer.iterations) == 0


def test_a_prefix_that_names_no_layer_that_trains_is_refused_before_the_first_step():
    # issue 28: {"hiden": 0.0} (a typo of "hidden") trained as if it were not there; a prefix
    # naming only a frozen layer changes nothing either
    for rates, frozen, bad in (
        ({"block1": 0.0, "blok2": 0.5}, None, "blok2"),
        ({"block1": 0.5, "head": 1.0}, "block1_dense", "block1"),
    ):
        model = _model()
        if frozen:
            model.get_layer(frozen).trainable = False
        start = [w.copy() for w in model.get_weights()]
        with pytest.raises(ValueError, match=rf"^rates\['{bad}'\] must start the name of a layer"):
            _fit(model, LayerRateAdam(rates, learning_rate=0.05))
        assert int(model.optimizer.iterations) == 0
        for a, b in zip(model.get_weights(), start, strict=True):
            np.testing.assert_array_equal(a, b)
