import urllib.error

import keras
import numpy as np
import pytest

from course import datasets


def test_digits_split_is_stratified_scaled_and_seeded():
    a, b = datasets.load_digits(seed=0), datasets.load_digits(seed=0)
    assert (len(a.x_train), len(a.x_val), len(a.x_test)) == (1079, 359, 359)
    assert a.x_train.dtype == np.float32 and 0.0 <= a.x_train.min() and a.x_train.max() <= 1.0
    np.testing.assert_array_equal(a.x_train, b.x_train)
    for split in (a.y_train, a.y_val, a.y_test):
        counts = np.bincount(split, minlength=10) / len(split)
        assert counts.min() > 0.08 and counts.max() < 0.12  # every digit about 10 %
    other = datasets.load_digits(seed=1)
    assert not np.array_equal(a.x_train, other.x_train)
    assert datasets.load_digits(images=True).input_shape == (8, 8, 1)


def test_sets_are_disjoint():
    d = datasets.load_digits(seed=0)
    rows = [{r.tobytes() for r in s} for s in (d.x_train, d.x_val, d.x_test)]
    total = len(d.x_train) + len(d.x_val) + len(d.x_test)
    assert total == 1797 and len(rows[0] & rows[2]) <= 2  # the raw digits hold 1 duplicate image


@pytest.mark.parametrize("maker", [datasets.make_moons, datasets.make_spirals])
def test_generated_classification_has_label_noise(maker):
    def labels_by_point(split):
        xs = np.concatenate([split.x_train, split.x_val, split.x_test])
        ys = np.concatenate([split.y_train, split.y_val, split.y_test])
        return {x.tobytes(): y for x, y in zip(xs, ys, strict=True)}

    clean = labels_by_point(maker(400, label_noise=0.0, seed=0))
    noisy = labels_by_point(maker(400, label_noise=0.3, seed=0))
    assert clean.keys() == noisy.keys()  # same points, only labels flipped
    flipped = np.mean([clean[k] != noisy[k] for k in clean])
    assert 0.2 < flipped < 0.4


def test_regression_is_a_noisy_curve():
    r = datasets.make_regression_1d(300, noise=0.0, seed=0)
    x = r.x_train[:, 0]
    np.testing.assert_allclose(r.y_train, np.sin(3 * x) + x / 2, atol=1e-5)


def test_load_by_name_and_unknown_name():
    assert datasets.load("spirals", num_samples=100).name == "spirals"
    with pytest.raises(ValueError, match=r"name must be one of 'digits', 'moons'.*got 'cifar'"):
        datasets.load("cifar")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"x": np.ones((5, 2)), "y": np.ones(4)}, r"x and y must have the same length"),
        (
            {"x": np.array([[np.nan, 1.0]] * 10), "y": np.zeros(10)},
            "x must hold finite numbers only; it contains 10 NaN",
        ),
        (
            {"x": np.ones((10, 2)), "y": np.zeros(10), "val_fraction": 0.5, "test_fraction": 0.5},
            r"each set needs at least one sample",
        ),
        ({"x": np.ones((10, 2)), "y": np.zeros(10), "val_fraction": 0.0}, r"val_fraction"),
        ({"x": np.ones((3, 2)), "y": np.zeros(3), "test_fraction": 0.1}, r"test=0"),
    ],
)
def test_split_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        datasets.split_data(stratify=False, **kwargs)


def test_generator_bad_input():
    with pytest.raises(ValueError, match=r"num_samples must be an integer >= 10"):
        datasets.make_moons(0)
    with pytest.raises(ValueError, match=r"label_noise"):
        datasets.make_spirals(100, label_noise=1.5)
    with pytest.raises(ValueError, match=r"noise must be a finite number >= 0"):
        datasets.make_regression_1d(100, noise=-1)


def test_mnist_offline_fails_with_a_clear_message(monkeypatch):
    def offline():
        raise urllib.error.URLError("no network")

    monkeypatch.setattr(keras.datasets.mnist, "load_data", offline)
    message = r"Connect to the internet.*load_digits"
    with pytest.raises(datasets.DatasetUnavailableError, match=message):
        datasets.load("mnist")


def test_mnist_download_is_verified(monkeypatch):
    bad = ((np.zeros((10, 28, 28)), np.zeros(10)), (np.zeros((5, 28, 28)), np.zeros(5)))
    monkeypatch.setattr(keras.datasets.fashion_mnist, "load_data", lambda: bad)
    with pytest.raises(datasets.DatasetUnavailableError, match=r"did not look as expected"):
        datasets.load_mnist("fashion_mnist")


def test_mnist_good_download_is_scaled_and_split(monkeypatch):
    rng = np.random.default_rng(0)
    train = (rng.integers(0, 256, (60_000, 28, 28), dtype=np.uint8), np.arange(60_000) % 10)
    test = (rng.integers(0, 256, (10_000, 28, 28), dtype=np.uint8), np.arange(10_000) % 10)
    monkeypatch.setattr(keras.datasets.mnist, "load_data", lambda: (train, test))
    d = datasets.load_mnist("mnist")
    assert (len(d.x_train), len(d.x_val), len(d.x_test)) == (50_000, 10_000, 10_000)
    assert d.x_train.max() <= 1.0 and d.x_train.dtype == np.float32
