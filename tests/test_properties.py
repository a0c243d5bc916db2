"""Property-based tests (Hypothesis) of the counting helpers, the recorder and NumPy scalars,
against independent truth: plain arithmetic written out, and what Keras itself ran."""

import math

import keras
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import course
from course.callbacks import IterationHistory
from course.iterations import batch_sizes, iterations_per_epoch

SIZES = st.integers(min_value=1, max_value=5_000)


@given(n=SIZES, b=SIZES)
def test_batches_cover_the_data_once_and_only_the_last_is_smaller(n, b):
    sizes = batch_sizes(n, b)
    assert sum(sizes) == n and len(sizes) == iterations_per_epoch(n, b)
    assert all(s == b for s in sizes[:-1]) and 1 <= sizes[-1] <= b
    assert len(sizes) == -(-n // b)  # ceiling division written another way


@given(
    n=SIZES,
    b=SIZES,
    ints=st.sampled_from([np.int8, np.int16, np.int32, np.int64, np.uint16, np.uint32]),
)
def test_numpy_integers_count_as_integers(n, b, ints):
    if n > np.iinfo(ints).max or b > np.iinfo(ints).max:
        return
    assert iterations_per_epoch(ints(n), ints(b)) == iterations_per_epoch(n, b)


@settings(max_examples=8, deadline=None)
@given(n=st.integers(5, 120), b=st.integers(1, 50), split=st.sampled_from([0.0, 0.2, 0.5]))
def test_the_recorder_sees_the_batches_keras_runs(n, b, split):
    if split and math.floor(n * (1 - split)) in (0, n):
        return
    rng = np.random.default_rng(n)
    x, y = rng.normal(size=(n, 3)).astype("float32"), rng.integers(0, 2, size=n)
    keras.utils.set_random_seed(0)
    model = course.models.mlp((3,), (4,), 2)
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    rec = IterationHistory()
    model.fit(x, y, epochs=2, batch_size=b, validation_split=split, callbacks=[rec], verbose=0)
    assert int(model.optimizer.iterations) == len(rec.batches)  # Keras's own update count
    assert list(rec.batches["batch_size"]) == batch_sizes(n, b, split) * 2
    np.testing.assert_allclose(rec.batches["epoch_fraction"].iloc[-1], 2.0)
