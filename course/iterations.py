"""Counting: how many iterations (updates) an epoch holds, and how big each batch is.

These are the course's central formulas, written the way Keras applies them to NumPy input:
the training set has ``N`` samples (after ``validation_split`` takes the LAST fraction away),
an epoch is ``ceil(N / B)`` iterations, and the last batch keeps whatever is left over.

Example:
    >>> iterations_per_epoch(1_000, 100)
    10
    >>> iterations_per_epoch(1_000, 300)   # 300 + 300 + 300 + 100
    4
    >>> batch_sizes(1_000, 300)
    [300, 300, 300, 100]
"""

from __future__ import annotations

import math

import numpy as np

from course.validation import check_fraction, check_int, check_seed


def training_samples(num_samples: int, validation_split: float = 0.0) -> int:
    """Samples left for training after Keras's ``validation_split`` takes the last fraction.

    Keras keeps ``floor(N * (1 - validation_split))`` samples for training.

    Example:
        >>> training_samples(1_000, validation_split=0.2)
        800
    """
    num_samples = check_int("num_samples", num_samples)
    check_fraction("validation_split", validation_split)
    # Keras's own arithmetic on the value as given (a float32 split rounds differently)
    kept = int(math.floor(num_samples * (1.0 - validation_split)))
    if kept == 0 or (validation_split > 0 and kept == num_samples):
        raise ValueError(
            f"validation_split={validation_split} leaves an empty training or validation set "
            f"for num_samples={num_samples}; choose a split that keeps both non-empty"
        )
    return kept


def iterations_per_epoch(num_samples: int, batch_size: int, validation_split: float = 0.0) -> int:
    """Iterations (optimizer updates) in one epoch of ``model.fit`` on NumPy arrays.

    Example:
        >>> iterations_per_epoch(10_000, 100)
        100
        >>> iterations_per_epoch(1_797, 32, validation_split=0.2)   # 1,437 training samples
        45
    """
    batch_size = check_int("batch_size", batch_size)
    return math.ceil(training_samples(num_samples, validation_split) / batch_size)


def batch_sizes(num_samples: int, batch_size: int, validation_split: float = 0.0) -> list[int]:
    """The size of every batch in one epoch; only the last one can be smaller.

    Example:
        >>> batch_sizes(10, 4)
        [4, 4, 2]
    """
    n = training_samples(num_samples, validation_split)
    batch_size = check_int("batch_size", batch_size)
    full, rest = divmod(n, batch_size)
    return [batch_size] * full + ([rest] if rest else [])


def epoch_counts(num_samples: int, batch_size: int, validation_split: float = 0.0) -> dict:
    """One epoch of ``model.fit`` counted, as one row of a table: the arguments, the training
    samples, the iterations and the size of the last batch.

    Example:
        >>> epoch_counts(1_000, 300)
        {'N': 1000, 'batch_size': 300, 'validation_split': 0.0,
         'training samples': 1000, 'iterations': 4, 'last batch': 100}
    """
    return {
        "N": num_samples,
        "batch_size": batch_size,
        "validation_split": validation_split,
        "training samples": training_samples(num_samples, validation_split),
        "iterations": iterations_per_epoch(num_samples, batch_size, validation_split),
        "last batch": batch_sizes(num_samples, batch_size, validation_split)[-1],
    }


def shuffled_passes(num_samples: int, length: int, seed: int = 0) -> np.ndarray:
    """Indices of ``length`` samples: shuffled passes over ``num_samples`` samples, end to end.

    Each pass is a fresh permutation of ``range(num_samples)``, as ``fit`` draws one per epoch;
    the last pass is cut off at ``length``. Indexing the data with it and calling
    ``fit(..., epochs=1, shuffle=False)`` makes exactly ``length / B`` full updates of ``B``
    samples in one ``fit`` (when ``B`` divides ``length``), where epochs would need a partial
    last batch each. Seeded: the same ``seed`` gives the same indices.

    Example:
        >>> order = shuffled_passes(4, 10, seed=0)
        >>> len(order), sorted(order[:4].tolist()), sorted(order[4:8].tolist())
        (10, [0, 1, 2, 3], [0, 1, 2, 3])
        >>> sorted(np.bincount(order).tolist())   # 2 whole passes, then 2 samples of a third
        [2, 2, 3, 3]
    """
    n = check_int("num_samples", num_samples)
    length = check_int("length", length)
    seed = check_seed("seed", seed)
    rng = np.random.default_rng(seed)
    passes = math.ceil(length / n)
    return np.concatenate([rng.permutation(n) for _ in range(passes)])[:length]
