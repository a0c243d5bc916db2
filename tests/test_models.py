import keras
import numpy as np
import pytest

from course.models import mlp, small_cnn


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
