import keras
import numpy as np
import pytest
from fuzz import HOSTILE  # tests/fuzz.py's hostile objects

from course.models import mlp, restart, small_cnn


def test_mlp_layers_are_named_and_counted():
    model = mlp((64,), widths=(32, 16), num_outputs=10, dropout=0.2, l2=1e-3)
    names = [layer.name for layer in model.layers]
    assert names == ["input", "hidden_1", "dropout_1", "hidden_2", "dropout_2", "output"]
    assert model.count_params() == 64 * 32 + 32 + 32 * 16 + 16 + 16 * 10 + 10
    assert model.get_layer("output").activation.__name__ == "softmax"
    assert len(model.losses) == 2  # one L2 penalty per hidden layer


def test_mlp_tasks_and_image_input():
    assert mlp((2,), (4,), 1, task="binary").get_layer("output").activation.__name__ == "sigmoid"
    assert mlp((1,), (4,), 1, task="regression").get_layer("output").activation.__name__ == "linear"
    assert mlp((8, 8, 1), (4,), 10).get_layer("flatten").output.shape == (None, 64)


def test_names_do_not_depend_on_models_built_before():
    first, second = mlp((4,), (3,), 2), mlp((4,), (3,), 2)
    assert [lay.name for lay in first.layers] == [lay.name for lay in second.layers]


def test_small_cnn_trains_one_step():
    keras.utils.set_random_seed(0)
    model = small_cnn((8, 8, 1), 10, filters=(4, 8))
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="sparse_categorical_crossentropy")
    assert isinstance(model, keras.Model) and model.output_shape == (None, 10)
    x = np.random.default_rng(0).normal(size=(16, 8, 8, 1)).astype("float32")
    y = np.arange(16) % 10
    before = [w.copy() for w in model.get_weights()]
    loss_before = model.evaluate(x, y, verbose=0)
    model.fit(x, y, epochs=1, batch_size=16, verbose=0)  # one batch: exactly one update
    assert int(model.optimizer.iterations) == 1
    changed = [not np.array_equal(a, b) for a, b in zip(before, model.get_weights(), strict=True)]
    assert all(changed)  # every kernel and bias moved
    assert model.evaluate(x, y, verbose=0) < loss_before  # a step down the gradient


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"input_shape": (0,)}, r"input_shape must be a tuple of positive integers"),
        ({"input_shape": 64}, r"input_shape must be a tuple"),
        ({"input_shape": (4,), "widths": (8, 0)}, r"each entry of widths must be an integer >= 1"),
        ({"input_shape": (4,), "dropout": 1.5}, r"dropout must be a number with 0 <= dropout < 1"),
        ({"input_shape": (4,), "l2": -1}, r"l2 must be a finite number >= 0"),
        ({"input_shape": (4,), "task": "ranking"}, r"task must be one of 'multiclass'"),
        ({"input_shape": (4,), "num_outputs": 0}, r"num_outputs must be an integer >= 1"),
    ],
)
def test_mlp_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        mlp(**kwargs)


def test_cnn_needs_image_shape():
    with pytest.raises(ValueError, match=r"input_shape must be a tuple of 3 positive integers"):
        small_cnn((64,))


def test_mlp_without_hidden_layers_and_with_any_keras_activation():
    baseline = mlp((4,), widths=(), num_outputs=3)
    assert [layer.name for layer in baseline.layers] == ["input", "output"]
    assert baseline.count_params() == 4 * 3 + 3
    assert mlp((4,), (8,), 2, activation="leaky_relu").get_layer("hidden_1") is not None
    with pytest.raises(ValueError, match="activation must be a Keras activation name"):
        mlp((4,), (8,), 2, activation="relux")


def _build():
    return mlp((8,), widths=(16,), num_outputs=3)


def _data():
    rng = np.random.default_rng(3)
    return rng.normal(size=(60, 8)).astype("float32"), rng.integers(0, 3, size=60)


def _fresh_run(seed, optimizer, epochs=2):
    """Keras's own way: seed, build, compile, train (60 samples in batches of 16: 4 steps, in
    order). Returns the model and the initial weights it was built with."""
    x, y = _data()
    keras.utils.set_random_seed(seed)
    model = _build()
    initial = model.get_weights()
    model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy")
    model.fit(x, y, batch_size=16, epochs=epochs, shuffle=False, verbose=0)
    return model, initial


@pytest.mark.parametrize(
    "make", [lambda: keras.optimizers.SGD(0.1, momentum=0.9), lambda: keras.optimizers.Adam(0.01)]
)
def test_a_restarted_model_trains_to_the_weights_of_a_fresh_one(make):
    x, y = _data()
    fresh, initial = _fresh_run(5, make())
    reused, _ = _fresh_run(1, make())  # trained already: other weights, optimizer slots filled
    assert int(reused.optimizer.iterations) == 8
    assert restart(reused, initial) is reused
    assert int(reused.optimizer.iterations) == 0
    reused.fit(x, y, batch_size=16, epochs=2, shuffle=False, verbose=0)
    for a, b in zip(fresh.get_weights(), reused.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)


def test_restart_puts_the_weights_back_and_keeps_the_learning_rate():
    model, start = _fresh_run(0, keras.optimizers.SGD(0.1), epochs=0)
    model.optimizer.learning_rate.assign(0.05)
    model.fit(*_data(), epochs=1, verbose=0)
    restart(model, tuple(start))
    for a, b in zip(start, model.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    assert float(keras.ops.convert_to_numpy(model.optimizer.learning_rate)) == pytest.approx(0.05)


def test_restart_gives_a_loss_scale_optimizer_its_initial_scale():
    keras.utils.set_random_seed(0)
    model = _build()
    model.compile(keras.optimizers.LossScaleOptimizer(keras.optimizers.SGD(0.1)), loss="mse")
    start = model.get_weights()
    x = np.linspace(-1, 1, 48, dtype="float32").reshape(6, 8)
    y = np.zeros((6, 3), dtype="float32")
    model.fit(x, y, epochs=1, verbose=0)
    restart(model, start)
    assert float(model.optimizer.dynamic_scale.numpy()) == model.optimizer.initial_scale
    history = model.fit(x, y, epochs=2, verbose=0)
    assert np.isfinite(history.history["loss"]).all()
    assert all(np.isfinite(w).all() for w in model.get_weights())


def test_restart_refuses_a_bad_question():
    model, _ = _fresh_run(0, keras.optimizers.SGD(0.1), epochs=0)
    with pytest.raises(ValueError, match="model must be a compiled keras.Model, got NoneType"):
        restart(None, [])
    with pytest.raises(ValueError, match=r"model must be compiled \(model.compile"):
        restart(_build(), model.get_weights())
    with pytest.raises(ValueError, match="weights must be the list model.get_weights"):
        restart(model, "weights")
    wider = mlp((8,), widths=(17,), num_outputs=3)
    with pytest.raises(ValueError, match="weights must be the list .* for this model"):
        restart(model, wider.get_weights())


def _dropout_net(seed):
    from course.models import mlp as build

    keras.utils.set_random_seed(seed)
    return build((6,), widths=(32,), num_outputs=2, dropout=0.5)


def test_restart_like_gives_the_twins_weights_and_dropout_masks():
    from course.models import restart_like

    model = _dropout_net(0)
    model.compile(keras.optimizers.SGD(0.1), loss="sparse_categorical_crossentropy")
    x = np.ones((5, 6), "float32")
    model.fit(x, np.zeros(5), epochs=1, verbose=0)  # moves weights, masks and optimizer
    restart_like(model, _dropout_net(7))
    twin = _dropout_net(7)  # an identical second twin: the masks it draws are the truth
    for a, b in zip(model.get_weights(), twin.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(model(x, training=True), twin(x, training=True))
    other = _dropout_net(8)
    assert not np.array_equal(model(x, training=True), other(x, training=True))
    assert int(model.optimizer.iterations) == 0


def test_restart_like_refuses_a_twin_without_the_random_layers():
    from course.models import mlp as build
    from course.models import restart_like

    model = _dropout_net(0)
    model.compile(keras.optimizers.SGD(0.1), loss="sparse_categorical_crossentropy")
    keras.utils.set_random_seed(0)
    plain = build((6,), widths=(32,), num_outputs=2)
    with pytest.raises(ValueError, match="twin must have the random layers"):
        restart_like(model, plain)
    with pytest.raises(ValueError, match="twin must be a freshly built keras.Model"):
        restart_like(model, None)


@pytest.mark.parametrize("hostile", HOSTILE, ids=[type(h).__name__ for h in HOSTILE])
def test_active_units_names_a_hostile_layer_or_input(hostile):
    from course.models import active_units

    layer = keras.layers.Dense(3, activation="relu")
    layer.build((None, 2))
    with pytest.raises((ValueError, TypeError), match=r"^layer must be a built Dense layer"):
        active_units(hostile, np.ones((2, 2)))
    with pytest.raises(ValueError, match=r"^x must (be an array of|have shape)"):
        active_units(layer, hostile)
