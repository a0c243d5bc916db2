"""course.gradients: full-batch gradients, the single-sample variance and the 1/B noise law."""

import keras
import numpy as np
import pytest

from course import gradients

ON_TENSORFLOW = keras.backend.backend() == "tensorflow"
tf_only = pytest.mark.skipif(
    not ON_TENSORFLOW,
    reason="course.gradients uses tf.GradientTape: TensorFlow-specific on purpose",
)


@pytest.fixture()
def model_and_data(tiny_model, random_data):
    x, y = random_data(40, seed=1)
    return tiny_model(seed=0), x, y


@tf_only
def test_batch_gradient_is_the_mean_of_the_sample_gradients(model_and_data):
    model, x, y = model_and_data
    g = gradients.flat_gradient(model, x, y)
    assert g.shape == (model.count_params(),)
    singles = np.stack(
        [gradients.flat_gradient(model, x[i : i + 1], y[i : i + 1]) for i in range(4)]
    )
    np.testing.assert_allclose(
        gradients.flat_gradient(model, x[:4], y[:4]), singles.mean(0), atol=1e-6
    )


@tf_only
def test_gradient_matches_an_explicit_tape(model_and_data):
    import tensorflow as tf

    model, x, y = model_and_data
    with tf.GradientTape() as tape:
        loss = keras.ops.mean(
            keras.losses.sparse_categorical_crossentropy(y, model(x, training=True))
        )
    expected = np.concatenate(
        [g.numpy().ravel() for g in tape.gradient(loss, model.trainable_weights)]
    )
    np.testing.assert_allclose(gradients.flat_gradient(model, x, y), expected, atol=1e-6)


@tf_only
def test_noise_follows_one_over_b_with_replacement_and_vanishes_at_full_batch(model_and_data):
    model, x, y = model_and_data
    sigma2 = gradients.gradient_variance(model, x, y)
    assert sigma2 > 0
    with_r = gradients.gradient_noise(model, x, y, [1, 4, 16], num_batches=60, seed=0)
    assert list(with_r.columns) == ["batch_size", "noise", "noise_sem"]
    ratio = with_r["noise"].to_numpy() * np.array([1, 4, 16]) / sigma2
    assert np.all((ratio > 0.6) & (ratio < 1.4)), ratio
    full = gradients.gradient_noise(model, x, y, [40], num_batches=3, replace=False)
    assert full["noise"].iloc[0] < 1e-9  # without replacement, B = N is the full batch


@tf_only
def test_noise_is_seeded(model_and_data):
    model, x, y = model_and_data
    a = gradients.gradient_noise(model, x, y, [2, 8], num_batches=5, seed=3)
    b = gradients.gradient_noise(model, x, y, [2, 8], num_batches=5, seed=3)
    assert a.equals(b)


def test_expected_noise():
    assert gradients.expected_noise(2.0, 4) == 0.5
    assert gradients.expected_noise(2.0, 4, num_samples=9) == pytest.approx(0.3125)
    assert gradients.expected_noise(np.float32(3.0), 3, num_samples=3) == 0.0
    with pytest.raises(ValueError, match="sigma2 must be a finite number >= 0"):
        gradients.expected_noise(-1.0, 4)
    with pytest.raises(ValueError, match="batch_size must be <= num_samples"):
        gradients.expected_noise(1.0, 10, num_samples=5)
    with pytest.raises(ValueError, match="batch_size must be an integer >= 1"):
        gradients.expected_noise(1.0, 0)


@tf_only
@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"batch_sizes": [0]}, "each entry of batch_sizes must be an integer >= 1"),
        ({"batch_sizes": []}, "batch_sizes must hold at least one integer"),
        ({"batch_sizes": 8}, "batch_sizes must be a list"),
        ({"batch_sizes": [2], "num_batches": 1}, "num_batches must be an integer from 2 to 100000"),
        ({"batch_sizes": [41], "replace": False}, "without replacement every batch size"),
        ({"batch_sizes": [2], "replace": "no"}, "replace must be True or False"),
        ({"batch_sizes": [2], "loss": 3}, "loss must be a Keras loss name"),
        ({"batch_sizes": [2], "loss": "no_such_loss"}, "loss must be a Keras loss name"),
    ],
)
def test_bad_input_raises_naming_the_argument(model_and_data, kwargs, message):
    model, x, y = model_and_data
    with pytest.raises(ValueError, match=message):
        gradients.gradient_noise(model, x, y, **kwargs)


@tf_only
def test_bad_model_and_data(model_and_data):
    model, x, y = model_and_data
    with pytest.raises(ValueError, match="must have the same length"):
        gradients.flat_gradient(model, x, y[:-1])
    with pytest.raises(ValueError, match="model must be a keras.Model"):
        gradients.flat_gradient("model", x, y)


@pytest.mark.skipif(ON_TENSORFLOW, reason="checks the message on the other backends")
def test_other_backends_get_a_clear_error(tiny_model, random_data):
    x, y = random_data(10)
    with pytest.raises(NotImplementedError, match="needs the TensorFlow backend"):
        gradients.flat_gradient(tiny_model(), x, y)


def _tape_gradients(model, x, y):
    """Per-sample gradients from an explicit tf.GradientTape: independent of course.gradients."""
    import tensorflow as tf

    rows = []
    for i in range(len(x)):
        with tf.GradientTape() as tape:
            out = model(x[i : i + 1], training=True)
            loss = keras.ops.mean(keras.losses.sparse_categorical_crossentropy(y[i : i + 1], out))
            if model.losses:
                loss = loss + keras.ops.sum(keras.ops.stack(model.losses))
        rows.append(
            np.concatenate(
                [g.numpy().ravel() for g in tape.gradient(loss, model.trainable_weights)]
            )
        )
    return np.stack(rows)


@tf_only
def test_sigma2_and_noise_table_equal_a_hand_computation(model_and_data):
    model, x, y = model_and_data
    per_sample = _tape_gradients(model, x, y).astype("float64")
    full = per_sample.mean(0)  # no penalty: the full-batch gradient is the mean of the samples'
    sigma2 = np.mean(np.sum((per_sample - full) ** 2, axis=1))
    assert gradients.gradient_variance(model, x, y) == pytest.approx(sigma2, rel=1e-4)

    table = gradients.gradient_noise(model, x, y, [3, 7], num_batches=4, replace=False, seed=2)
    rng = np.random.default_rng(2)  # the draws the docstring promises: seeded, in order
    for row, b in zip(table.itertuples(), [3, 7], strict=True):
        draws = [rng.choice(len(x), size=b, replace=False) for _ in range(4)]
        dists = np.array([np.sum((per_sample[d].mean(0) - full) ** 2) for d in draws])
        assert row.batch_size == b
        assert row.noise == pytest.approx(dists.mean(), rel=1e-4)
        assert row.noise_sem == pytest.approx(dists.std(ddof=1) / np.sqrt(4), rel=1e-4)


@tf_only
def test_gradient_includes_the_models_penalty(random_data):
    def dense(regularizer):
        keras.utils.set_random_seed(0)  # the same initial weights for both
        layer = keras.layers.Dense(3, activation="softmax", kernel_regularizer=regularizer)
        return keras.Sequential([keras.Input((8,)), layer])

    x, y = random_data(12, seed=4)
    with_l2, without = dense(keras.regularizers.L2(0.5)), dense(None)
    kernel = with_l2.get_weights()[0]
    np.testing.assert_array_equal(kernel, without.get_weights()[0])
    difference = gradients.flat_gradient(with_l2, x, y) - gradients.flat_gradient(without, x, y)
    # Keras's L2(0.5) adds 0.5 * sum(W^2): its gradient is W on the kernel, 0 on the bias
    np.testing.assert_allclose(difference[: kernel.size], kernel.ravel(), atol=1e-5)
    np.testing.assert_allclose(difference[kernel.size :], 0.0, atol=1e-6)


@tf_only
def test_the_loss_argument_is_the_loss_differentiated(model_and_data):
    model, x, y = model_and_data

    def doubled(y_true, y_pred):  # twice the default loss: twice the gradient, 4x the noise
        return 2.0 * keras.losses.sparse_categorical_crossentropy(y_true, y_pred)

    g = gradients.flat_gradient(model, x, y)
    np.testing.assert_allclose(gradients.flat_gradient(model, x, y, loss=doubled), 2 * g, rtol=1e-5)
    sigma2 = gradients.gradient_variance(model, x[:10], y[:10])
    assert gradients.gradient_variance(model, x[:10], y[:10], loss=doubled) == pytest.approx(
        4 * sigma2, rel=1e-4
    )
    plain = gradients.gradient_noise(model, x, y, [4], num_batches=3)
    twice = gradients.gradient_noise(model, x, y, [4], num_batches=3, loss=doubled)
    assert twice["noise"].iloc[0] == pytest.approx(4 * plain["noise"].iloc[0], rel=1e-4)
    with pytest.raises(ValueError, match="x and y must have the same length"):
        gradients.gradient_variance(model, x, y[:-1])


@tf_only
def test_gradient_noise_defaults_and_messages(model_and_data):
    model, x, y = model_and_data
    default = gradients.gradient_noise(model, x, y, [4])
    assert default.equals(gradients.gradient_noise(model, x, y, [4], num_batches=50, seed=0))
    with pytest.raises(ValueError, match="x and y must have the same length"):
        gradients.gradient_noise(model, x, y[:-1], [4])
    with pytest.raises(ValueError, match=r"such as \[1, 8, 64\]"):
        gradients.gradient_noise(model, x, y, "8")
    with pytest.raises(ValueError) as err:
        gradients.gradient_noise("model", x, y, [4])
    assert str(err.value) == "model must be a keras.Model, got str"


def test_gradient_messages_a_learner_reads(tiny_model, monkeypatch):
    unbuilt = keras.Sequential([keras.layers.Dense(2)])
    with pytest.raises(ValueError) as err:
        gradients.gradient_function(unbuilt)
    assert str(err.value) == "model has no trainable weights yet: build it (or call it once) first"
    with pytest.raises(ValueError) as err:
        gradients.gradient_function(tiny_model(), loss=3)
    assert str(err.value).startswith(
        "loss must be a Keras loss name such as 'sparse_categorical_crossentropy' or a function"
    )
    with pytest.raises(ValueError) as err:
        gradients.gradient_function(tiny_model(), loss="no_such_loss")
    assert str(err.value) == (
        "loss must be a Keras loss name such as 'sparse_categorical_crossentropy' or a function, "
        "got 'no_such_loss'"
    )
    monkeypatch.setattr(keras.backend, "backend", lambda: "jax")
    with pytest.raises(NotImplementedError) as err:
        gradients.gradient_function(tiny_model())
    assert str(err.value) == (
        "course.gradients computes gradients with TensorFlow's GradientTape, so it needs the "
        "TensorFlow backend; Keras runs on 'jax'. Set KERAS_BACKEND=tensorflow."
    )


@tf_only
def test_gradient_function_defaults_to_sparse_categorical_crossentropy(model_and_data):
    model, x, y = model_and_data
    explicit = gradients.gradient_function(model, "sparse_categorical_crossentropy")(x, y)
    np.testing.assert_array_equal(gradients.gradient_function(model)(x, y), explicit)


def test_noise_table_by_hand():
    import pandas as pd

    # sigma2 = 6 over N = 4 samples. Predictions by hand: with replacement 6/1, 6/2, 6/3;
    # without, times (N - B) / (N - 1): 6 * 3/3 = 6, 3 * 2/3 = 2, 2 * 1/3 = 2/3.
    with_repl = pd.DataFrame(
        {"batch_size": [1, 2, 3], "noise": [5.0, 3.5, 2.0], "noise_sem": [0.4, 0.2, 0.1]}
    )
    without = pd.DataFrame(
        {"batch_size": [1, 2, 3], "noise": [6.5, 2.0, 0.7], "noise_sem": [0.2, 0.1, 0.01]}
    )
    table = gradients.noise_table(with_repl, without, sigma2=6.0, num_samples=4)
    assert table["batch size"].tolist() == [1, 2, 3]
    assert table["sigma2/B"].tolist() == pytest.approx([6.0, 3.0, 2.0])
    assert table["sigma2/B*(N-B)/(N-1)"].tolist() == pytest.approx([6.0, 2.0, 2 / 3])
    # |5 - 6| = 1 > 2 * 0.4; |3.5 - 3| = 0.5 > 0.4; |2 - 2| = 0 <= 0.2
    assert table["with: within 2 SE"].tolist() == [False, False, True]
    # |6.5 - 6| = 0.5 > 0.4; |2 - 2| = 0; |0.7 - 2/3| = 0.033 > 0.02
    assert table["without: within 2 SE"].tolist() == [False, True, False]
    assert table["with repl."].tolist() == [5.0, 3.5, 2.0]


def test_noise_table_bad_input():
    import pandas as pd

    good = pd.DataFrame({"batch_size": [1, 2], "noise": [1.0, 0.5], "noise_sem": [0.1, 0.1]})
    with pytest.raises(ValueError, match="with_replacement"):
        gradients.noise_table("noise", good, 1.0, 4)
    with pytest.raises(ValueError, match="without_replacement"):
        gradients.noise_table(good, good.drop(columns="noise_sem"), 1.0, 4)
    other = good.assign(batch_size=[1, 3])
    with pytest.raises(ValueError, match="same batch sizes"):
        gradients.noise_table(good, other, 1.0, 4)
    with pytest.raises(ValueError, match="num_samples"):
        gradients.noise_table(good, good, 1.0, 1)
