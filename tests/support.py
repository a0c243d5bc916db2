"""Small, seeded things to train on, shared by the unit tests and the docstring examples."""

from __future__ import annotations

import keras
import numpy as np

import course


def tiny_classifier(seed: int = 0, lr: float = 0.1) -> keras.Model:
    """A small, seeded, compiled classifier on 8 features and 3 classes."""
    keras.utils.set_random_seed(seed)
    model = course.models.mlp((8,), widths=(16,), num_outputs=3)
    model.compile(optimizer=keras.optimizers.SGD(lr), loss="sparse_categorical_crossentropy")
    return model


def random_classification(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Random features and labels matching ``tiny_classifier``."""
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, 8)).astype("float32"), rng.integers(0, 3, size=n)
