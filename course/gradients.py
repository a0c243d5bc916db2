"""Gradient noise: how far mini-batch gradients scatter around the full-batch gradient.

At fixed weights, the gradient of the mean loss over ALL ``N`` training samples is the
full-batch gradient ``g``. A mini-batch of ``B`` samples gives an estimate ``g_B``; its noise is
the mean squared distance ``E ||g_B - g||^2``. With ``sigma^2`` the mean of ``||g_i - g||^2``
over the single samples ``i``:

- batches drawn WITH replacement: ``E ||g_B - g||^2 = sigma^2 / B`` exactly;
- batches drawn WITHOUT replacement (what ``fit`` does: each epoch is a shuffled permutation
  cut into batches): ``sigma^2 / B * (N - B) / (N - 1)``, the finite-population factor, which
  reaches 0 for the full batch ``B = N``.

Computing a gradient is backend-specific. This module uses TensorFlow's ``tf.GradientTape``
inside a ``tf.function`` (TensorFlow-specific: the TensorFlow backend only); on another backend
the functions raise ``NotImplementedError``. ``expected_noise`` is plain arithmetic.

Example:
    >>> g = flat_gradient(model, x, y)
    >>> noise = gradient_noise(model, x, y, batch_sizes=[1, 4, 16])
    >>> bool(noise["noise"].iloc[0] > noise["noise"].iloc[-1])    # smaller batch, more noise
    True
    >>> expected_noise(2.0, batch_size=4)
    0.5
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import keras
import numpy as np
import pandas as pd

from course.validation import (
    _short,
    check_bool,
    check_int,
    check_int_list,
    check_noise_table,
    check_number,
    check_same_length,
    check_seed,
)

LossLike = str | Callable[..., Any]


def _check_model_and_loss(model: Any, loss: LossLike) -> Callable[..., Any]:
    if not isinstance(model, keras.Model):
        raise ValueError(f"model must be a keras.Model, got {type(model).__name__}")
    if not model.trainable_weights:
        raise ValueError("model has no trainable weights yet: build it (or call it once) first")
    if not (isinstance(loss, str) or callable(loss)):
        raise ValueError(
            "loss must be a Keras loss name such as 'sparse_categorical_crossentropy' or a "
            f"function loss(y_true, y_pred) returning one loss per sample, got {_short(loss)}"
        )
    try:
        fn = keras.losses.get(loss)
    except ValueError as err:
        raise ValueError(
            "loss must be a Keras loss name such as 'sparse_categorical_crossentropy' or a "
            f"function, got {_short(loss)}"
        ) from err
    backend = keras.backend.backend()
    if backend != "tensorflow":
        raise NotImplementedError(
            "course.gradients computes gradients with TensorFlow's GradientTape, so it needs the "
            f"TensorFlow backend; Keras runs on {_short(backend)}. Set KERAS_BACKEND=tensorflow."
        )
    return fn


def gradient_function(
    model: keras.Model, loss: LossLike = "sparse_categorical_crossentropy"
) -> Callable[[Any, Any], np.ndarray]:
    """A fast function ``(x, y) -> gradient`` of the MEAN loss over the batch, flattened.

    TensorFlow-specific: ``tf.GradientTape`` in a ``tf.function`` (traced once per input shape,
    then reused). The loss adds the model's own penalties (``model.losses``), as ``fit`` does.

    Example:
        >>> grad = gradient_function(model)
        >>> grad(x[:32], y[:32]).shape      # 8 x 16 + 16 + 16 x 3 + 3 weights
        (195,)
    """
    loss_fn = _check_model_and_loss(model, loss)
    import tensorflow as tf  # TensorFlow-specific from here on

    weights = model.trainable_weights

    @tf.function(reduce_retracing=True)
    def _grad(xb, yb):
        with tf.GradientTape() as tape:
            value = tf.reduce_mean(loss_fn(yb, model(xb, training=True)))
            if model.losses:
                value += tf.add_n(model.losses)
        grads = tape.gradient(value, weights)
        return tf.concat([tf.reshape(g, [-1]) for g in grads], axis=0)

    def grad(x: Any, y: Any) -> np.ndarray:
        return _grad(tf.convert_to_tensor(x), tf.convert_to_tensor(y)).numpy()

    return grad


def flat_gradient(
    model: keras.Model, x: Any, y: Any, *, loss: LossLike = "sparse_categorical_crossentropy"
) -> np.ndarray:
    """The gradient of the mean loss over all of ``x, y`` (the full batch), as one vector.

    TensorFlow-specific (``tf.GradientTape``).

    Example:
        >>> g = flat_gradient(model, x, y)
        >>> g.shape == (model.count_params(),)
        True
    """
    check_same_length(x=x, y=y)
    return gradient_function(model, loss)(x, y)


def gradient_variance(
    model: keras.Model, x: Any, y: Any, *, loss: LossLike = "sparse_categorical_crossentropy"
) -> float:
    """``sigma^2``: the mean of ``||g_i - g||^2`` over every single sample ``i`` of ``x, y``.

    ``g_i`` is the gradient of sample ``i`` alone and ``g`` the full-batch gradient; this is
    the noise of a batch of ONE sample, computed exactly (one gradient per sample).
    TensorFlow-specific (``tf.GradientTape``).

    Example:
        >>> sigma2 = gradient_variance(model, x[:50], y[:50])
        >>> sigma2 > 0
        True
    """
    n = check_same_length(x=x, y=y)
    grad = gradient_function(model, loss)
    x, y = np.asarray(x), np.asarray(y)
    full = grad(x, y)
    dists = [np.sum((grad(x[i : i + 1], y[i : i + 1]) - full) ** 2) for i in range(n)]
    return float(np.mean(dists))


def gradient_noise(
    model: keras.Model,
    x: Any,
    y: Any,
    batch_sizes: Sequence[int],
    *,
    num_batches: int = 50,
    replace: bool = True,
    seed: int = 0,
    loss: LossLike = "sparse_categorical_crossentropy",
) -> pd.DataFrame:
    """Measure the spread of mini-batch gradients around the full-batch gradient.

    For each ``B`` in ``batch_sizes``, draws ``num_batches`` random batches of ``B`` samples
    from ``x, y`` (with replacement, or without: distinct samples within a batch), computes
    each batch's gradient at the model's CURRENT weights (nothing is trained) and returns one
    row per batch size: ``batch_size``, ``noise`` = mean of ``||g_B - g||^2`` and
    ``noise_sem``, its standard error over the ``num_batches`` draws. Seeded: the same
    ``seed`` draws the same batches. TensorFlow-specific (``tf.GradientTape``).

    Example:
        >>> table = gradient_noise(model, x, y, [1, 8, 64], num_batches=20)
        >>> table.columns.tolist()
        ['batch_size', 'noise', 'noise_sem']
    """
    n = check_same_length(x=x, y=y)
    sizes = check_int_list("batch_sizes", batch_sizes, example="[1, 8, 64]")
    num_batches = check_int("num_batches", num_batches, minimum=2, maximum=100_000)
    seed = check_seed("seed", seed)
    replace = check_bool("replace", replace)
    if not replace and max(sizes) > n:
        raise ValueError(
            f"batch_sizes holds {max(sizes)}, more than the {n} samples in x; without "
            "replacement every batch size must be <= len(x)"
        )
    grad = gradient_function(model, loss)
    x, y = np.asarray(x), np.asarray(y)
    full = grad(x, y)
    rng = np.random.default_rng(seed)
    rows = []
    for b in sizes:
        dists = np.array(
            [
                np.sum((grad(x[idx], y[idx]) - full) ** 2)
                for idx in (rng.choice(n, size=b, replace=replace) for _ in range(num_batches))
            ]
        )
        rows.append(
            {
                "batch_size": b,
                "noise": float(dists.mean()),
                "noise_sem": float(dists.std(ddof=1) / np.sqrt(num_batches)),
            }
        )
    return pd.DataFrame(rows)


def expected_noise(sigma2: float, batch_size: int, num_samples: int | None = None) -> float:
    """The noise ``E ||g_B - g||^2`` theory predicts for batches of ``batch_size``.

    ``sigma2 / B`` for batches drawn with replacement (``num_samples=None``); times the
    finite-population factor ``(N - B) / (N - 1)`` without replacement from ``N`` samples.

    Example:
        >>> expected_noise(2.0, batch_size=4)
        0.5
        >>> expected_noise(2.0, batch_size=4, num_samples=9)     # 2/4 * 5/8
        0.3125
    """
    sigma2 = check_number("sigma2", sigma2, minimum=0)
    b = check_int("batch_size", batch_size)
    if num_samples is None:
        return float(sigma2) / b
    n = check_int("num_samples", num_samples, minimum=2)
    if b > n:
        raise ValueError(f"batch_size must be <= num_samples ({n}) without replacement, got {b}")
    return float(sigma2) / b * (n - b) / (n - 1)


def noise_table(
    with_replacement: pd.DataFrame,
    without_replacement: pd.DataFrame,
    sigma2: float,
    num_samples: int,
) -> pd.DataFrame:
    """Measured gradient noise next to what theory predicts, one row per batch size.

    ``with_replacement`` and ``without_replacement`` are ``gradient_noise`` tables for the
    same batch sizes (``replace=True`` and ``replace=False``); ``sigma2`` is
    ``gradient_variance`` on the ``num_samples`` samples they drew from. Columns:
    ``batch size``; ``with repl.`` (measured) and ``sigma2/B`` (predicted); ``without
    repl.`` and ``sigma2/B*(N-B)/(N-1)``; and ``with: within 2 SE``, ``without: within 2
    SE``: whether the measured value lies within two standard errors of its prediction.

    Example:
        >>> measured = pd.DataFrame({"batch_size": [1, 2], "noise": [2.1, 0.9],
        ...                          "noise_sem": [0.1, 0.1]})
        >>> table = noise_table(measured, measured, sigma2=2.0, num_samples=3)
        >>> table["sigma2/B"].tolist(), table["sigma2/B*(N-B)/(N-1)"].tolist()
        ([2.0, 1.0], [2.0, 0.5])
        >>> table["with: within 2 SE"].tolist(), table["without: within 2 SE"].tolist()
        ([True, True], [True, False])
    """
    check_noise_table("with_replacement", with_replacement)
    check_noise_table("without_replacement", without_replacement)
    sizes = [int(b) for b in with_replacement["batch_size"]]
    if sizes != [int(b) for b in without_replacement["batch_size"]]:
        raise ValueError(
            "with_replacement and without_replacement must measure the same batch sizes, "
            f"got {sizes} and {without_replacement['batch_size'].tolist()}"
        )
    n = check_int("num_samples", num_samples, minimum=2)
    rows = []
    for (_, w), (_, wo) in zip(
        with_replacement.iterrows(), without_replacement.iterrows(), strict=True
    ):
        b = int(w["batch_size"])
        with_pred = expected_noise(sigma2, b)
        without_pred = expected_noise(sigma2, b, n)
        rows.append(
            {
                "batch size": b,
                "with repl.": float(w["noise"]),
                "sigma2/B": with_pred,
                "without repl.": float(wo["noise"]),
                "sigma2/B*(N-B)/(N-1)": without_pred,
                "with: within 2 SE": bool(abs(w["noise"] - with_pred) <= 2 * w["noise_sem"]),
                "without: within 2 SE": bool(
                    abs(wo["noise"] - without_pred) <= 2 * wo["noise_sem"]
                ),
            }
        )
    return pd.DataFrame(rows)
