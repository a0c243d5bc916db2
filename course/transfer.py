"""Transfer learning helpers: a learning rate per group of layers, changed per epoch.

- ``LayerRateAdam(rates)``: Keras's ``Adam`` whose learning rate is multiplied, for each
  variable, by the factor of the first rule whose prefix starts a part of the variable's
  ``path`` (``"block1"`` matches ``block1_dense/kernel`` and ``mlp/block1_bn/gamma``); other
  variables keep factor 1. A factor of 0 leaves a layer's weights exactly as they are: frozen.
  ``keras.optimizers.MultiOptimizer`` does the like in Keras 3.15 but does not exist in 3.13
  (Google Colab's version); overriding ``update_step`` works in both. Scaling the gradients
  instead would not work with Adam: its step divides the gradient's running mean by the
  running root mean square, so a constant factor cancels out.
- ``SetRates(schedule)``: a callback that changes those factors at the start of given epochs
  (gradual unfreezing: the last layers first) without compiling the model again.
- ``course.models.restart(model, weights)`` starts a compiled model again and keeps these
  factors (they are settings, not state).
- ``shift_right(images, side)``, ``first_per_class(labels, per_class, classes)`` and
  ``accuracy(model, x, y)``: lesson 08's bookkeeping (a "new scanner" task, a few labelled
  samples per class, and the share of samples a model classifies right).

Example:
    >>> import keras
    >>> optimizer = LayerRateAdam({"hidden": 0.0}, learning_rate=0.01)
    >>> optimizer.factors
    {'hidden': 0.0}
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import keras
import numpy as np

from course.validation import (
    _short,
    check_finite_array,
    check_int,
    check_int_list,
    check_number,
    is_number,
)

__all__ = ["LayerRateAdam", "SetRates", "accuracy", "first_per_class", "shift_right"]


def _check_rates(name: str, rates: Any, known: Sequence[str] | None = None) -> dict[str, float]:
    """``rates`` as a dict of non-empty name prefixes to finite factors >= 0."""
    example = "a dict of layer-name prefixes to learning-rate factors such as {'block1': 0.1}"
    if not isinstance(rates, Mapping) or not rates:
        raise ValueError(f"{name} must be {example}, got {_short(rates)}")
    checked = {}
    for prefix, factor in rates.items():
        if not isinstance(prefix, str) or not prefix:
            raise ValueError(
                f"{name} must be {example}; {_short(prefix)} is not a non-empty string"
            )
        if known is not None and prefix not in known:
            raise ValueError(
                f"{name} must use the prefixes the optimizer was made with ({', '.join(known)}), "
                f"got {prefix!r}"
            )
        checked[prefix] = check_number(f"{name}[{prefix!r}]", factor, minimum=0.0)
    return checked


class LayerRateAdam(keras.optimizers.Adam):
    """Adam with the learning rate multiplied per variable by the factor of its layer group.

    ``rates`` maps a prefix (a layer name, or the start of several layer names) to a factor >= 0;
    a variable matches when one part of its ``path`` (model, layer and weight names joined by
    ``/``) starts with the prefix; the first matching prefix, in the order given, wins, and a
    variable that matches none keeps factor 1. ``set_rates`` changes the factors later (they are
    variables read at every step, so the model need not be compiled again). Other keyword
    arguments go to ``keras.optimizers.Adam``.

    Example:
        >>> keras.utils.set_random_seed(0)
        >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(3, name="hidden"),
        ...                           keras.layers.Dense(1, name="out")])
        >>> model.compile(LayerRateAdam({"hidden": 0.0}, learning_rate=0.1), loss="mse")
        >>> before = [w.copy() for w in model.get_weights()]
        >>> _ = model.fit(np.ones((4, 2)), np.zeros((4, 1)), epochs=2, verbose=0)
        >>> [bool(np.array_equal(a, b)) for a, b in zip(before, model.get_weights())]
        [True, True, False, False]
    """

    def __init__(self, rates: Mapping[str, float], learning_rate: Any = 0.001, **kwargs: Any):
        checked = _check_rates("rates", rates)
        if is_number(learning_rate):
            learning_rate = check_number("learning_rate", learning_rate, minimum=0.0)
        elif not (
            isinstance(learning_rate, keras.optimizers.schedules.LearningRateSchedule)
            or callable(learning_rate)
        ):
            raise ValueError(
                "learning_rate must be a finite number >= 0, a keras LearningRateSchedule or a "
                f"function of no arguments giving the rate, got {_short(learning_rate)}"
            )
        super().__init__(learning_rate=learning_rate, **kwargs)
        self._prefixes = tuple(checked)
        self._given = dict(checked)
        self._factors = {
            prefix: keras.Variable(factor, dtype="float32", trainable=False, name="rate_factor")
            for prefix, factor in checked.items()
        }

    @property
    def factors(self) -> dict[str, float]:
        """The current factor of each prefix, as given (the variables hold it in float32)."""
        return dict(self._given)

    def set_rates(self, rates: Mapping[str, float]) -> None:
        """Change the factors of some of the prefixes given at creation.

        Example:
            >>> optimizer = LayerRateAdam({"base": 0.0, "head": 1.0})
            >>> optimizer.set_rates({"base": 0.1})
            >>> optimizer.factors
            {'base': 0.1, 'head': 1.0}
        """
        for prefix, factor in _check_rates("rates", rates, self._prefixes).items():
            self._factors[prefix].assign(factor)
            self._given[prefix] = factor

    def factor_of(self, path: str) -> Any:
        """The factor variable for a variable ``path``, or 1.0 when no prefix starts a part of it.

        Example:
            >>> LayerRateAdam({"block1": 0.5}).factor_of("block2_dense/kernel")
            1.0
        """
        parts = path.split("/")  # e.g. "sequential/block1_dense/kernel": model, layer, weight
        for prefix in self._prefixes:
            if any(part.startswith(prefix) for part in parts):
                return self._factors[prefix]
        return 1.0

    def build(self, variables: Sequence[Any]) -> None:
        """Adam's state for ``variables``; refuses a prefix that starts no part of their paths.

        Keras builds the optimizer with the model's trainable variables before the first step,
        so a typo such as ``{"hiden": 0.0}``, or a prefix naming only frozen layers, whose
        factor would change nothing, fails there instead of training as if it were absent.
        """
        super().build(variables)
        parts = {part for variable in variables for part in variable.path.split("/")}
        for prefix in self._prefixes:
            if not any(part.startswith(prefix) for part in parts):
                layers = sorted({v.path.split("/")[-2] for v in variables if "/" in v.path})
                raise ValueError(
                    f"rates[{prefix!r}] must start the name of a layer that trains; no trainable "
                    f"variable's path has a part starting with {prefix!r} (a typo, or only frozen "
                    f"layers, whose factor would change nothing). Layers that train: "
                    f"{', '.join(layers[:12]) or 'none'}{' ...' if len(layers) > 12 else ''}"
                )

    def update_step(self, gradient: Any, variable: Any, learning_rate: Any) -> Any:
        """Adam's step for ``variable``, at ``learning_rate`` times its group's factor."""
        # the TensorFlow backend passes its own variable here: find the Keras one, with its path
        path = self._trainable_variables[self._get_variable_index(variable)].path
        factor = keras.ops.cast(self.factor_of(path), learning_rate.dtype)
        return super().update_step(gradient, variable, learning_rate * factor)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config["rates"] = self.factors
        return config


class SetRates(keras.callbacks.Callback):
    """At the start of the epochs in ``schedule`` (1-based), set the model's layer-rate factors.

    The model must be compiled with a ``LayerRateAdam``. Gradual unfreezing: start with the base
    at factor 0 (frozen), then raise the factor of its last block, later of the first.

    Example:
        >>> schedule = {1: {"block1": 0.0}, 4: {"block1": 0.1}}
        >>> SetRates(schedule).schedule[4]
        {'block1': 0.1}
    """

    def __init__(self, schedule: Mapping[int, Mapping[str, float]]):
        super().__init__()
        if not isinstance(schedule, Mapping) or not schedule:
            raise ValueError(
                "schedule must be a dict of 1-based epochs to rates, such as "
                f"{{1: {{'block1': 0.0}}, 4: {{'block1': 0.1}}}}, got {_short(schedule)}"
            )
        self.schedule = {
            check_int("schedule epoch", epoch): _check_rates(f"schedule[{epoch!r}]", rates)
            for epoch, rates in schedule.items()
        }

    def on_train_begin(self, logs: Mapping[str, Any] | None = None) -> None:
        # every entry checked before the first step, not when its epoch comes
        optimizer = self.model.optimizer
        if not isinstance(optimizer, LayerRateAdam):
            raise ValueError(
                "SetRates needs a model compiled with optimizer=LayerRateAdam(...), "
                f"got {type(optimizer).__name__}"
            )
        last = (self.params or {}).get("epochs")
        for epoch, rates in self.schedule.items():
            _check_rates(f"schedule[{epoch!r}]", rates, optimizer._prefixes)
            if isinstance(last, int) and epoch > last:
                raise ValueError(
                    f"schedule epoch {epoch} is after the run's last epoch, {last} "
                    f"(fit(epochs={last})): it would never apply; use epochs from 1 to {last}"
                )

    def on_epoch_begin(self, epoch: int, logs: Mapping[str, Any] | None = None) -> None:
        rates = self.schedule.get(epoch + 1)
        if rates is not None:
            self.model.optimizer.set_rates(rates)


def shift_right(images: Any, side: int = 8) -> np.ndarray:
    """Flattened ``side`` x ``side`` images, each moved one pixel to the right.

    The last column falls off; the first becomes 0. Rows of ``images`` are images of
    ``side * side`` pixels, row by row; the result has the same shape and dtype.

    Example:
        >>> shift_right(np.arange(1, 5).reshape(1, 4), side=2)
        array([[0, 1, 0, 3]])
    """
    side = check_int("side", side, maximum=10_000)
    array = check_finite_array("images", images)
    if array.ndim != 2 or array.shape[1] != side * side or len(array) == 0:
        raise ValueError(
            f"images must be a 2-d array of flattened {side}x{side} images "
            f"({side * side} columns, at least one row), got shape {array.shape}"
        )
    square = array.reshape(-1, side, side)
    out = np.zeros_like(square)
    out[:, :, 1:] = square[:, :, :-1]
    return out.reshape(array.shape)


def first_per_class(labels: Any, per_class: int, classes: Any) -> np.ndarray:
    """The indices of the first ``per_class`` samples of each class in ``classes``, in order.

    A class with fewer samples gives all it has.

    Example:
        >>> first_per_class(np.array([1, 0, 1, 1, 2, 0]), per_class=2, classes=[0, 1])
        array([1, 5, 0, 2])
    """
    per_class = check_int("per_class", per_class)
    wanted = check_int_list("classes", classes, minimum=0, example="range(10)")
    array = check_finite_array("labels", labels)
    if array.ndim != 1:
        raise ValueError(f"labels must be a 1-d array of class labels, got shape {array.shape}")
    found = [np.flatnonzero(array == k)[:per_class] for k in wanted]
    return np.concatenate(found).astype("int64")


def accuracy(model: Any, x: Any, y: Any) -> float:
    """The share of the samples ``x`` whose most probable class (``argmax``) is the label ``y``.

    One call of ``model`` in inference mode on all of ``x``: for a few hundred samples,
    cheaper than ``model.evaluate`` or ``model.predict``, which first trace a function.

    Example:
        >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Identity()])
        >>> accuracy(model, np.array([[0.9, 0.1], [0.2, 0.8], [0.6, 0.4]]), [0, 1, 1])
        0.6666666666666666
    """
    if not callable(model):
        raise ValueError(f"model must be a keras.Model, got {type(model).__name__}")
    inputs = check_finite_array("x", x)
    labels = check_finite_array("y", y)
    if labels.ndim != 1 or len(labels) != len(inputs) or len(labels) == 0:
        raise ValueError(
            f"y must hold one class label per sample of x ({len(inputs)}), got shape {labels.shape}"
        )
    outputs = keras.ops.convert_to_numpy(model(inputs, training=False))
    return float(np.mean(np.argmax(outputs, axis=-1) == labels))
