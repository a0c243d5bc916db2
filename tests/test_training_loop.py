"""The training loop written out by hand ends where model.fit ends (TensorFlow-specific)."""

import keras
import numpy as np
import pytest


@pytest.mark.skipif(
    keras.backend.backend() != "tensorflow", reason="TensorFlow-specific on purpose"
)
def test_hand_written_loop_matches_fit(tiny_model, random_data):
    import tensorflow as tf  # TensorFlow-specific: GradientTape

    x, y = random_data(230)
    fitted, by_hand = tiny_model(seed=3), tiny_model(seed=3)
    np.testing.assert_array_equal(fitted.get_weights()[0], by_hand.get_weights()[0])
    fitted.fit(x, y, epochs=3, batch_size=64, shuffle=False, verbose=0)

    loss_fn = keras.losses.SparseCategoricalCrossentropy()
    optimizer = by_hand.optimizer
    for _epoch in range(3):
        for start in range(0, len(x), 64):
            xb, yb = x[start : start + 64], y[start : start + 64]
            with tf.GradientTape() as tape:
                loss = loss_fn(yb, by_hand(xb, training=True))
            grads = tape.gradient(loss, by_hand.trainable_variables)
            optimizer.apply_gradients(zip(grads, by_hand.trainable_variables, strict=True))

    assert int(optimizer.iterations.numpy()) == int(fitted.optimizer.iterations.numpy()) == 12
    for a, b in zip(fitted.get_weights(), by_hand.get_weights(), strict=True):
        np.testing.assert_allclose(a, b, atol=1e-5)
