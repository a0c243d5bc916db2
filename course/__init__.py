"""Helpers for the Keras course on epochs, iterations, batch size and early stopping.

Importing ``course`` is cheap: the submodules load on first use. ``course.setup()`` imports
Keras (and TensorFlow, without its C++ start-up lines), seeds everything and enables
deterministic ops.

Example:
    >>> import course
    >>> course.setup(seed=0)
    >>> data = course.datasets.load_digits()
    >>> rec = course.callbacks.IterationHistory(num_samples=len(data.x_train), batch_size=32)
"""

from __future__ import annotations

import importlib
from typing import Any

from course.env import report, setup

__all__ = ["report", "setup"]
__version__ = "0.1.0"
_SUBMODULES = (
    "callbacks",
    "check",
    "curves",
    "datasets",
    "env",
    "gradients",
    "iterations",
    "models",
    "notebooks",
    "paths",
    "plots",
    "stopping",
    "timing",
    "validation",
)


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f"course.{name}")
    raise AttributeError(f"module 'course' has no attribute {name!r}")
