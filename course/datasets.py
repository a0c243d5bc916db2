"""Datasets the lessons train on: all offline, seeded, split into train / validation / test.

- ``load_digits``: the 1,797 8x8 handwritten digits that scikit-learn ships, scaled to [0, 1].
- ``make_moons``, ``make_spirals``: 2-D classification with Gaussian noise and flipped labels,
  small and noisy enough to overfit in seconds.
- ``make_regression_1d``: a noisy sine curve, for regression demos.
- ``load_mnist``: MNIST or Fashion-MNIST through ``keras.datasets``, an optional extra that
  needs the internet once and fails with a clear message offline.

Example:
    >>> data = load("digits", seed=0)
    >>> data.x_train.shape, data.x_val.shape, data.x_test.shape
    ((1079, 64), (359, 64), (359, 64))
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from course.validation import (
    check_bool,
    check_choice,
    check_finite_array,
    check_fraction,
    check_int,
    check_number,
    check_same_length,
    check_seed,
)

DATASETS = ("digits", "moons", "spirals", "regression_1d", "mnist", "fashion_mnist")


class DatasetUnavailableError(RuntimeError):
    """An optional dataset could not be downloaded or did not look as expected."""


@dataclass(frozen=True)
class DataSplit:
    """Training, validation and test arrays, plus what the labels mean.

    The generated classification sets (``make_moons``, ``make_spirals``) flip some labels on
    purpose; ``flipped_train`` (and ``flipped_val``, ``flipped_test``) say which: a boolean per
    sample, True where the stored label is NOT the class the point was drawn from. ``None`` for
    data without planted label noise.
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    name: str = "data"
    num_classes: int | None = None
    flipped_train: np.ndarray | None = None
    flipped_val: np.ndarray | None = None
    flipped_test: np.ndarray | None = None

    @property
    def input_shape(self) -> tuple[int, ...]:
        """Shape of one sample, as a model's input layer expects it."""
        return tuple(self.x_train.shape[1:])

    def __repr__(self) -> str:
        classes = f", classes={self.num_classes}" if self.num_classes else ""
        return (
            f"DataSplit({self.name}: train={len(self.x_train)}, validation={len(self.x_val)}, "
            f"test={len(self.x_test)}, input_shape={self.input_shape}{classes})"
        )


def split_data(
    x: np.ndarray,
    y: np.ndarray,
    *,
    val_fraction: float = 0.2,
    test_fraction: float = 0.2,
    seed: int = 0,
    stratify: bool = True,
    name: str = "data",
    num_classes: int | None = None,
    flipped: np.ndarray | None = None,
) -> DataSplit:
    """Shuffle and split ``x, y`` into train / validation / test, stratified by label.

    ``flipped`` (optional, one boolean per sample: which labels were flipped on purpose) is
    split along with them, into ``flipped_train``, ``flipped_val`` and ``flipped_test``; it does
    not change how ``x`` and ``y`` are split.

    Example:
        >>> x, y = np.arange(20.0).reshape(10, 2), np.array([0, 1] * 5)
        >>> s = split_data(x, y, val_fraction=0.2, test_fraction=0.2, seed=0)
        >>> len(s.x_train), len(s.x_val), len(s.x_test)
        (6, 2, 2)
    """
    from sklearn.model_selection import train_test_split

    x = check_finite_array("x", x)
    y = check_finite_array("y", y)
    n = check_same_length(x=x, y=y)
    stratify = check_bool("stratify", stratify)
    if not isinstance(name, str):
        raise ValueError(f"name must be a string such as 'digits', got {type(name).__name__}")
    if num_classes is not None:
        num_classes = check_int("num_classes", num_classes, minimum=1)
    if flipped is not None:
        try:
            flipped = np.asarray(flipped)
        except Exception:  # ragged lists, an object whose attributes raise
            flipped = np.asarray(None)
        if flipped.dtype != bool or flipped.shape != (n,):
            raise ValueError(
                f"flipped must be one boolean per sample ({n}), "
                f"got {flipped.dtype} of shape {flipped.shape}"
            )
    val_fraction = check_fraction("val_fraction", val_fraction, allow_zero=False)
    test_fraction = check_fraction("test_fraction", test_fraction, allow_zero=False)
    seed = check_seed("seed", seed)
    n_test = round(n * test_fraction)
    n_val = round(n * val_fraction)
    if n_test < 1 or n_val < 1 or n - n_test - n_val < 1:
        raise ValueError(
            f"val_fraction={val_fraction} and test_fraction={test_fraction} of {n} samples leave "
            f"train={n - n_test - n_val}, validation={n_val}, test={n_test}; each set needs at "
            "least one sample, so val_fraction + test_fraction must be < 1 and large enough"
        )
    if stratify:
        _check_stratifiable(y, n_val=n_val, n_test=n_test)
    strat = y if stratify else None
    # the sample indices travel with x and y (extra arrays do not change sklearn's split)
    x_rest, x_test, y_rest, y_test, i_rest, i_test = train_test_split(
        x, y, np.arange(n), test_size=n_test, random_state=seed, stratify=strat
    )
    x_train, x_val, y_train, y_val, i_train, i_val = train_test_split(
        x_rest,
        y_rest,
        i_rest,
        test_size=n_val,
        random_state=seed,
        stratify=y_rest if stratify else None,
    )
    masks = (None,) * 3 if flipped is None else (flipped[i_train], flipped[i_val], flipped[i_test])
    return DataSplit(x_train, y_train, x_val, y_val, x_test, y_test, name, num_classes, *masks)


def _check_stratifiable(y: np.ndarray, *, n_val: int, n_test: int) -> None:
    """Raise, naming what to change, unless each class of ``y`` can be in every set: a
    stratified split (scikit-learn's) needs 2 samples of each class and, in the validation and
    test sets, at least one place per class.

    Example:
        >>> _check_stratifiable(np.array([0, 0, 1]), n_val=1, n_test=1)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        ValueError: stratify=True needs at least 2 samples of each class, got 1 of class 1: ...
    """
    if y.ndim != 1:
        raise ValueError(f"y must be one label per sample to stratify, got shape {y.shape}")
    classes, counts = np.unique(y, return_counts=True)
    if counts.min() < 2:
        raise ValueError(
            f"stratify=True needs at least 2 samples of each class, got {counts.min()} of class "
            f"{classes[counts.argmin()]:g}: pass more samples, fewer classes or stratify=False"
        )
    for label, size in (("val_fraction", n_val), ("test_fraction", n_test)):
        if size < len(classes):
            raise ValueError(
                f"{label} must leave at least one sample per class ({len(classes)} classes) in "
                f"its set to stratify, got a set of {size}: raise {label}, pass more samples "
                "or stratify=False"
            )
    if (n := len(y)) - n_val - n_test < len(classes):
        raise ValueError(
            f"val_fraction and test_fraction must leave at least one training sample per class "
            f"({len(classes)} classes), got {n - n_val - n_test} of {n}: lower them"
        )


MAX_SAMPLES = 10_000_000  # a made-up dataset larger than this does not fit a laptop's memory


def _check_size(num_samples: Any) -> int:
    """``num_samples`` of a made-up dataset: an integer from 10 to ``MAX_SAMPLES``."""
    num_samples = check_int("num_samples", num_samples, minimum=10)
    if num_samples > MAX_SAMPLES:  # NumPy's MemoryError otherwise, after a long wait
        raise ValueError(
            f"num_samples must be at most {MAX_SAMPLES:,} (more does not fit in memory), "
            f"got {num_samples:,}"
        )
    return num_samples


def load_digits(
    *, val_fraction: float = 0.2, test_fraction: float = 0.2, seed: int = 0, images: bool = False
) -> DataSplit:
    """scikit-learn's 1,797 handwritten digits (8x8 pixels), scaled to [0, 1], split by class.

    ``images=True`` gives shape (8, 8, 1) for a CNN instead of 64 flat features.

    Example:
        >>> d = load_digits(seed=0)
        >>> d.num_classes, bool(d.x_train.max() <= 1.0)
        (10, True)
    """
    check_bool("images", images)
    from sklearn import datasets

    raw = datasets.load_digits()
    x = (raw.data / 16.0).astype("float32")
    if images:
        x = x.reshape(-1, 8, 8, 1)
    y = raw.target.astype("int64")
    return split_data(
        x,
        y,
        val_fraction=val_fraction,
        test_fraction=test_fraction,
        seed=seed,
        name="digits",
        num_classes=10,
    )


def _flip_labels(y: np.ndarray, fraction: float, num_classes: int, rng: np.random.Generator):
    """Replace a ``fraction`` of labels with a different, random class."""
    y = y.copy()
    flip = rng.random(len(y)) < fraction
    shift = rng.integers(1, num_classes, size=len(y))
    y[flip] = (y[flip] + shift[flip]) % num_classes
    return y


def make_moons(
    num_samples: int = 300,
    *,
    noise: float = 0.25,
    label_noise: float = 0.1,
    val_fraction: float = 0.3,
    test_fraction: float = 0.3,
    seed: int = 0,
) -> DataSplit:
    """Two interleaving half-circles with Gaussian noise and a fraction of flipped labels.

    ``flipped_train`` (``flipped_val``, ``flipped_test``) of the result says which labels were
    flipped.

    Example:
        >>> m = make_moons(200, seed=0)
        >>> m.input_shape, m.num_classes
        ((2,), 2)
        >>> int(m.flipped_train.sum()), len(m.flipped_train)
        (11, 80)
    """
    num_samples = _check_size(num_samples)
    label_noise = check_fraction("label_noise", label_noise)
    noise = check_number("noise", noise, minimum=0)
    seed = check_seed("seed", seed)
    from sklearn import datasets

    x, drawn = datasets.make_moons(num_samples, noise=noise, random_state=seed)
    y = _flip_labels(drawn, label_noise, 2, np.random.default_rng(seed))
    return split_data(
        x.astype("float32"),
        y.astype("int64"),
        val_fraction=val_fraction,
        test_fraction=test_fraction,
        seed=seed,
        name="moons",
        num_classes=2,
        flipped=y != drawn,
    )


def make_spirals(
    num_samples: int = 600,
    *,
    classes: int = 3,
    turns: float = 1.5,
    noise: float = 0.2,
    label_noise: float = 0.1,
    val_fraction: float = 0.3,
    test_fraction: float = 0.3,
    seed: int = 0,
) -> DataSplit:
    """Interleaved spiral arms, one per class, with noise and flipped labels.

    Example:
        >>> s = make_spirals(300, classes=3, seed=0)
        >>> s.num_classes, s.input_shape
        (3, (2,))
    """
    num_samples = _check_size(num_samples)
    classes = check_int("classes", classes, minimum=2)
    if classes > num_samples // 2:  # a stratified split needs 2 samples of each class
        raise ValueError(
            f"classes must be at most num_samples / 2 ({num_samples // 2} for {num_samples} "
            f"samples: a stratified split needs 2 samples of each class), got {classes}"
        )
    label_noise = check_fraction("label_noise", label_noise)
    noise = check_number("noise", noise, minimum=0)
    turns = check_number("turns", turns, minimum=0, exclusive_minimum=True)
    seed = check_seed("seed", seed)
    rng = np.random.default_rng(seed)
    y = np.arange(num_samples) % classes
    r = rng.random(num_samples)
    theta = r * turns * 2 * np.pi + y * 2 * np.pi / classes
    x = np.stack([r * np.cos(theta), r * np.sin(theta)], axis=1)
    x += rng.normal(scale=noise * r[:, None] + 1e-3, size=x.shape) * 0.5
    drawn = y
    y = _flip_labels(drawn, label_noise, classes, rng)
    return split_data(
        x.astype("float32"),
        y.astype("int64"),
        val_fraction=val_fraction,
        test_fraction=test_fraction,
        seed=seed,
        name="spirals",
        num_classes=classes,
        flipped=y != drawn,
    )


def make_regression_1d(
    num_samples: int = 200,
    *,
    noise: float = 0.3,
    val_fraction: float = 0.3,
    test_fraction: float = 0.3,
    seed: int = 0,
) -> DataSplit:
    """y = sin(3x) + x/2 + Gaussian noise, for x uniform in [-2, 2]: a curve to overfit.

    Example:
        >>> r = make_regression_1d(100, seed=0)
        >>> r.input_shape, r.num_classes
        ((1,), None)
    """
    num_samples = _check_size(num_samples)
    noise = check_number("noise", noise, minimum=0)
    seed = check_seed("seed", seed)
    rng = np.random.default_rng(seed)
    x = rng.uniform(-2, 2, size=(num_samples, 1))
    y = np.sin(3 * x[:, 0]) + x[:, 0] / 2 + rng.normal(scale=noise, size=num_samples)
    return split_data(
        x.astype("float32"),
        y.astype("float32"),
        val_fraction=val_fraction,
        test_fraction=test_fraction,
        seed=seed,
        stratify=False,
        name="regression_1d",
    )


_MNIST_SHAPES = {"train": (60_000, 28, 28), "test": (10_000, 28, 28)}


def load_mnist(kind: str = "mnist", *, val_fraction: float = 1 / 6, seed: int = 0) -> DataSplit:
    """MNIST or Fashion-MNIST (optional, needs the internet the first time).

    Downloads through ``keras.datasets`` into ``~/.keras/datasets``, checks the shapes and
    labels it got, scales pixels to [0, 1] and takes a stratified validation set from the
    training images. Offline, it raises ``DatasetUnavailableError`` saying what to do.

    Example:
        >>> import contextlib, io
        >>> with contextlib.redirect_stdout(io.StringIO()):   # Keras prints download progress
        ...     try:
        ...         data = load_mnist("fashion_mnist")
        ...     except DatasetUnavailableError as err:    # offline and never downloaded
        ...         data = load_digits()                  # the message suggests this one
        >>> data.num_classes
        10
    """
    kind = check_choice("kind", kind, ["mnist", "fashion_mnist"])
    check_fraction("val_fraction", val_fraction, allow_zero=False)
    seed = check_seed("seed", seed)  # before the download, not after it
    import keras

    module = keras.datasets.mnist if kind == "mnist" else keras.datasets.fashion_mnist
    try:
        (x_train, y_train), (x_test, y_test) = module.load_data()
    except Exception as err:  # urllib, SSL and file errors all mean "could not get it"
        raise DatasetUnavailableError(
            f"Could not load {kind} ({type(err).__name__}: {err}). It is downloaded once "
            "from the internet into ~/.keras/datasets. Connect to the internet and try again, "
            "or use the offline dataset the course ships: course.datasets.load_digits()."
        ) from err
    got = {"train": x_train.shape, "test": x_test.shape}
    labels_ok = set(np.unique(y_train)) == set(range(10)) and len(y_train) == len(x_train)
    if got != _MNIST_SHAPES or not labels_ok:
        raise DatasetUnavailableError(
            f"{kind} did not look as expected (image shapes {got}, expected {_MNIST_SHAPES}). "
            "Delete the cached file in ~/.keras/datasets and load it again."
        )
    from sklearn.model_selection import train_test_split

    x_train = (x_train / 255.0).astype("float32")
    x_test = (x_test / 255.0).astype("float32")
    x_tr, x_val, y_tr, y_val = train_test_split(
        x_train, y_train, test_size=val_fraction, random_state=seed, stratify=y_train
    )
    return DataSplit(x_tr, y_tr, x_val, y_val, x_test, y_test, kind, 10)


_LOADERS = {
    "digits": load_digits,
    "moons": make_moons,
    "spirals": make_spirals,
    "regression_1d": make_regression_1d,
    "mnist": lambda **kw: load_mnist("mnist", **kw),
    "fashion_mnist": lambda **kw: load_mnist("fashion_mnist", **kw),
}


def load(name: str, **kwargs) -> DataSplit:
    """Load a dataset by name; ``kwargs`` go to its loader.

    Example:
        >>> load("moons", num_samples=100, seed=1).name
        'moons'
    """
    check_choice("name", name, DATASETS)
    return _LOADERS[name](**kwargs)
