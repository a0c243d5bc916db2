"""Small model factories that return ordinary Keras models with named layers.

Named layers keep summaries and outputs identical however many models a notebook has
built before (Keras's auto-names such as ``dense_3`` count up per session).

Example:
    >>> import keras
    >>> model = mlp((64,), widths=(32,), num_outputs=10)
    >>> model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    >>> [layer.name for layer in model.layers]
    ['input', 'hidden_1', 'output']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import keras
import numpy as np

from course.validation import (
    _short,
    check_choice,
    check_fraction,
    check_int,
    check_int_list,
    check_number,
    check_shape,
)

TASKS = ("multiclass", "binary", "regression")
SETTINGS = ("learning_rate", "rate_factor")  # optimizer variables restart() keeps


def _output_layer(num_outputs: int, task: str) -> keras.layers.Layer:
    activation = {"multiclass": "softmax", "binary": "sigmoid", "regression": None}[task]
    return keras.layers.Dense(num_outputs, activation=activation, name="output")


def mlp(
    input_shape: Sequence[int],
    widths: Sequence[int] = (64,),
    num_outputs: int = 10,
    *,
    task: str = "multiclass",
    activation: str = "relu",
    dropout: float = 0.0,
    l2: float = 0.0,
    name: str = "mlp",
) -> keras.Model:
    """A multilayer perceptron: ``Dense(w)`` per width, optional dropout and L2, then an output.

    With ``widths=()`` there is no hidden layer: the output layer alone, a linear model.
    Layers are named ``hidden_1``, ``dropout_1``, ..., ``output``. Not compiled: the lesson
    chooses the optimizer, learning rate and loss in plain view.

    Example:
        >>> m = mlp((2,), widths=(16, 16), num_outputs=1, task="binary", dropout=0.2, l2=1e-4)
        >>> m.count_params()
        337
    """
    shape = check_shape("input_shape", input_shape)
    widths = check_int_list("widths", widths, example="(64,) or (32, 32)", allow_empty=True)
    num_outputs = check_int("num_outputs", num_outputs)
    check_choice("task", task, TASKS)
    dropout = check_fraction("dropout", dropout)
    l2 = check_number("l2", l2, minimum=0)
    try:
        keras.activations.get(activation)
    except (ValueError, TypeError) as err:
        raise ValueError(
            "activation must be a Keras activation name such as 'relu' or 'tanh', or a "
            f"function, got {_short(activation)}"
        ) from err
    if not isinstance(name, str) or not name:
        raise ValueError(f"name must be a non-empty string, got {_short(name)}")
    regularizer = keras.regularizers.L2(l2) if l2 else None

    inputs = keras.Input(shape=shape, name="input")
    x = keras.layers.Flatten(name="flatten")(inputs) if len(shape) > 1 else inputs
    for i, width in enumerate(widths, start=1):
        x = keras.layers.Dense(
            width, activation=activation, kernel_regularizer=regularizer, name=f"hidden_{i}"
        )(x)
        if dropout:
            x = keras.layers.Dropout(dropout, name=f"dropout_{i}")(x)
    outputs = _output_layer(num_outputs, task)(x)
    return keras.Model(inputs, outputs, name=name)


def small_cnn(
    input_shape: Sequence[int] = (8, 8, 1),
    num_outputs: int = 10,
    *,
    filters: Sequence[int] = (16, 32),
    dense: int = 32,
    dropout: float = 0.0,
    name: str = "small_cnn",
) -> keras.Model:
    """Conv(3x3) + ReLU per entry of ``filters``, max-pooling between, then Dense and softmax.

    Example:
        >>> m = small_cnn((8, 8, 1), 10)
        >>> m.output_shape
        (None, 10)
    """
    shape = check_shape("input_shape", input_shape, ndim=3)
    num_outputs = check_int("num_outputs", num_outputs)
    filters = check_int_list("filters", filters, example="(16, 32)")
    dense = check_int("dense", dense)
    dropout = check_fraction("dropout", dropout)
    inputs = keras.Input(shape=shape, name="input")
    x = inputs
    for i, f in enumerate(filters, start=1):
        x = keras.layers.Conv2D(f, 3, padding="same", activation="relu", name=f"conv_{i}")(x)
        if i < len(filters):
            x = keras.layers.MaxPooling2D(name=f"pool_{i}")(x)
    x = keras.layers.GlobalAveragePooling2D(name="global_pool")(x)
    x = keras.layers.Dense(dense, activation="relu", name="dense")(x)
    if dropout:
        x = keras.layers.Dropout(dropout, name="dropout")(x)
    outputs = _output_layer(num_outputs, "multiclass")(x)
    return keras.Model(inputs, outputs, name=name)


def restart(model: keras.Model, weights: Sequence[Any]) -> keras.Model:
    """Give a compiled model ``weights`` and an empty optimizer state; returns the model.

    The optimizer's step counter and its per-weight state (momentum, Adam's moments) go back to
    zero, and a ``LossScaleOptimizer``'s dynamic loss scale to its initial value. Its settings
    stay: the learning rate and ``course.transfer.LayerRateAdam``'s per-layer
    factors (variables named as in ``SETTINGS``). The next ``fit`` then runs as it would on a
    model built with these weights and compiled anew, only without Keras tracing its training
    function again, which costs more than a short run. For the initial weights of seed ``s``:
    ``keras.utils.set_random_seed(s)`` and ``build().get_weights()``.

    Example:
        >>> keras.utils.set_random_seed(0)
        >>> model = mlp((2,), widths=(4,), num_outputs=1, task="regression")
        >>> model.compile(keras.optimizers.Adam(0.1), loss="mse")
        >>> start = model.get_weights()
        >>> _ = model.fit(np.ones((4, 2)), np.zeros((4, 1)), epochs=3, verbose=0)
        >>> int(restart(model, start).optimizer.iterations)
        0
    """
    if not isinstance(model, keras.Model):
        raise ValueError(f"model must be a compiled keras.Model, got {type(model).__name__}")
    optimizer = getattr(model, "optimizer", None)
    if optimizer is None:
        raise ValueError("model must be compiled (model.compile(optimizer=...)) before restart")
    if isinstance(weights, str | bytes) or not isinstance(weights, Sequence | np.ndarray):
        raise ValueError(
            f"weights must be the list model.get_weights() returns, got {type(weights).__name__}"
        )
    try:
        model.set_weights(list(weights))
    except Exception as err:
        raise ValueError(
            f"weights must be the list model.get_weights() returns for this model: {err}"
        ) from err
    for variable in optimizer.variables:
        if variable.name not in SETTINGS:
            variable.assign(keras.ops.zeros(variable.shape, variable.dtype))
    _restore_loss_scales(optimizer)
    return model


def _restore_loss_scales(optimizer: Any) -> None:
    """Put the dynamic loss scale of each ``LossScaleOptimizer`` in ``optimizer``'s chain back
    to its initial value (a scale of 0 would turn every later gradient into NaN)."""
    while optimizer is not None:
        if isinstance(optimizer, keras.optimizers.LossScaleOptimizer):
            optimizer.dynamic_scale.assign(float(optimizer.initial_scale))
        optimizer = getattr(optimizer, "inner_optimizer", None)


def _random_states(model: keras.Model) -> list[Any]:
    """The state variables of the seed generators in ``model``'s layers (Dropout masks,
    augmentation draws), in layer order."""
    return [v for v in model.variables if v.path.endswith("seed_generator_state")]


def restart_like(model: keras.Model, twin: keras.Model) -> keras.Model:
    """``restart`` with the weights *and* the random-number states of ``twin``.

    ``twin`` is a freshly built model of the same architecture, for example built right after
    ``keras.utils.set_random_seed(seed)``. Its initial weights and the states of its random
    layers (the masks ``Dropout`` draws, the shifts of ``RandomTranslation``) go into the
    compiled ``model``; its optimizer state goes back to zero. The next ``fit`` of ``model``
    then draws the masks and shifts a fresh model built with that seed would draw, without
    Keras tracing the training function again. Returns ``model``.

    Example:
        >>> keras.utils.set_random_seed(0)
        >>> model = mlp((4,), widths=(8,), num_outputs=2, dropout=0.5)
        >>> model.compile(keras.optimizers.SGD(0.1), loss="sparse_categorical_crossentropy")
        >>> _ = model.fit(np.ones((8, 4)), np.zeros(8), epochs=1, verbose=0)
        >>> keras.utils.set_random_seed(0)
        >>> twin = mlp((4,), widths=(8,), num_outputs=2, dropout=0.5)
        >>> restart_like(model, twin) is model, int(model.optimizer.iterations)
        (True, 0)
    """
    if not isinstance(twin, keras.Model):
        raise ValueError(
            f"twin must be a freshly built keras.Model like model, got {type(twin).__name__}"
        )
    restart(model, twin.get_weights())
    states, twin_states = _random_states(model), _random_states(twin)
    if len(states) != len(twin_states):
        raise ValueError(
            f"twin must have the random layers of model: model has {len(states)} seed "
            f"generators, twin {len(twin_states)}"
        )
    for state, twin_state in zip(states, twin_states, strict=True):
        state.assign(twin_state)
    return model


def active_units(layer: keras.layers.Layer, x: Any) -> int:
    """How many units of a ReLU ``Dense`` layer output more than 0 for at least one row of ``x``.

    ``x`` is the layer's input (for the first hidden layer of ``mlp``, the samples). A unit
    that outputs 0 for every sample passes no gradient back: it is dead, and stays dead.
    With no live unit left, the network gives the same output for every input.

    Example:
        >>> layer = keras.layers.Dense(3, activation="relu")
        >>> layer.build((None, 2))
        >>> layer.set_weights([np.array([[1.0, -1.0, 0.0], [0.0, -1.0, 0.0]]), np.zeros(3)])
        >>> active_units(layer, np.array([[1.0, 2.0], [0.5, 0.0]]))
        1
    """
    rule = (
        "layer must be a built Dense layer with a bias, such as "
        f"model.get_layer('hidden_1'), got {type(layer).__name__}"
    )
    try:
        kernel, bias = getattr(layer, "kernel", None), getattr(layer, "bias", None)
    except Exception as err:  # an attribute lookup that raises more than AttributeError
        raise TypeError(rule) from err
    if kernel is None or bias is None:
        raise ValueError(rule)
    try:
        inputs = np.asarray(x, dtype=float)
    except Exception as err:  # not numbers, ragged, or an object whose attributes raise
        raise ValueError(f"x must be an array of the layer's inputs, got {_short(x)}") from err
    w, b = keras.ops.convert_to_numpy(kernel), keras.ops.convert_to_numpy(bias)
    if inputs.ndim != 2 or inputs.shape[1] != w.shape[0]:
        raise ValueError(
            f"x must have shape (samples, {w.shape[0]}) for this layer, got {inputs.shape}"
        )
    return int(((inputs @ w + b) > 0).any(axis=0).sum())
