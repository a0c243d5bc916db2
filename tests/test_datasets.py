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


# ---------------------------------------------------------------------------------------------
# Helpers for the tests below.


def _all_points(split):
    """Train, validation and test put back together (order: train, val, test)."""
    xs = np.concatenate([split.x_train, split.x_val, split.x_test])
    ys = np.concatenate([split.y_train, split.y_val, split.y_test])
    return xs, ys


def _sizes(split):
    return len(split.x_train), len(split.x_val), len(split.x_test)


def _assert_same_split(a, b):
    for field in ("x_train", "y_train", "x_val", "y_val", "x_test", "y_test"):
        assert np.array_equal(getattr(a, field), getattr(b, field)), field
    assert (a.name, a.num_classes) == (b.name, b.num_classes)


# ---------------------------------------------------------------------------------------------
# Documented defaults: calling with no arguments is the same as spelling the signature out.


@pytest.mark.parametrize(
    ("maker", "explicit"),
    [
        (
            datasets.make_moons,
            {"num_samples": 300, "noise": 0.25, "label_noise": 0.1, "seed": 0},
        ),
        (
            datasets.make_spirals,
            {"num_samples": 600, "classes": 3, "turns": 1.5, "noise": 0.2, "label_noise": 0.1},
        ),
        (datasets.make_regression_1d, {"num_samples": 200, "noise": 0.3, "seed": 0}),
    ],
)
def test_generators_defaults_match_the_signature(maker, explicit):
    explicit = {"val_fraction": 0.3, "test_fraction": 0.3, "seed": 0, **explicit}
    _assert_same_split(maker(), maker(**explicit))


def test_digits_defaults_and_names():
    d = datasets.load_digits()
    _assert_same_split(d, datasets.load_digits(val_fraction=0.2, test_fraction=0.2, seed=0))
    assert d.input_shape == (64,)  # images=False by default: 64 flat pixels
    assert (d.name, d.num_classes) == ("digits", 10)
    assert repr(d) == (
        "DataSplit(digits: train=1079, validation=359, test=359, input_shape=(64,), classes=10)"
    )


def test_split_data_defaults_and_repr():
    x, y = np.arange(40.0).reshape(20, 2), np.array([0, 1] * 10)
    s = datasets.split_data(x, y)
    explicit = datasets.split_data(
        x, y, val_fraction=0.2, test_fraction=0.2, seed=0, stratify=True, name="data"
    )
    _assert_same_split(s, explicit)
    # 20 samples: round(20 * 0.2) = 4 test, 4 validation, 12 train.
    assert _sizes(s) == (12, 4, 4)
    assert (s.name, s.num_classes) == ("data", None)
    assert repr(s) == "DataSplit(data: train=12, validation=4, test=4, input_shape=(2,))"
    named = datasets.split_data(x, y, name="pairs", num_classes=2)
    assert (named.name, named.num_classes) == ("pairs", 2)
    assert repr(named).endswith("input_shape=(2,), classes=2)")


# ---------------------------------------------------------------------------------------------
# split_data


def test_split_sizes_for_uneven_n_by_hand():
    x, y = np.arange(11.0)[:, None], np.zeros(11)
    s = datasets.split_data(x, y, val_fraction=0.2, test_fraction=0.3, stratify=False)
    # 11 samples: test round(11 * 0.3) = round(3.3) = 3, validation round(2.2) = 2, train 6.
    assert _sizes(s) == (6, 2, 3)
    assert sorted(_all_points(s)[0][:, 0]) == list(range(11))  # every sample exactly once


def test_split_allows_sets_of_exactly_one_sample():
    x, y = np.arange(11.0)[:, None], np.zeros(11)
    # 11 * 0.1 = 1.1 -> 1 test and 1 validation sample, 9 train: allowed.
    s = datasets.split_data(x, y, val_fraction=0.1, test_fraction=0.1, stratify=False)
    assert _sizes(s) == (9, 1, 1)
    x, y = np.arange(10.0)[:, None], np.zeros(10)
    # 10 samples: 4 test, 5 validation, leaving exactly 1 to train on: allowed.
    s = datasets.split_data(x, y, val_fraction=0.5, test_fraction=0.4, stratify=False)
    assert _sizes(s) == (1, 5, 4)


def test_split_error_counts_every_set():
    x, y = np.ones((10, 2)), np.zeros(10)
    # 10 samples at 0.5 / 0.5: 5 validation, 5 test, 10 - 5 - 5 = 0 train.
    with pytest.raises(ValueError, match=r"leave train=0, validation=5, test=5; each set needs"):
        datasets.split_data(x, y, val_fraction=0.5, test_fraction=0.5, stratify=False)
    # 10 samples at 0.3 / 0.8: 3 validation, 8 test, 10 - 3 - 8 = -1 train.
    with pytest.raises(ValueError, match=r"leave train=-1, validation=3, test=8;"):
        datasets.split_data(x, y, val_fraction=0.3, test_fraction=0.8, stratify=False)


@pytest.mark.parametrize("which", ["val_fraction", "test_fraction"])
def test_split_fraction_zero_is_refused_by_name(which):
    message = rf"^{which} must be a number with 0 < {which} < 1, got 0"
    with pytest.raises(ValueError, match=message):
        datasets.split_data(np.ones((20, 2)), np.zeros(20), stratify=False, **{which: 0})


def test_split_bad_labels_are_named_y():
    y = np.zeros(10)
    y[3] = np.nan
    with pytest.raises(ValueError, match=r"^y must hold finite numbers only; it contains 1 NaN"):
        datasets.split_data(np.ones((10, 2)), y)


def test_split_stratification_keeps_class_proportions():
    # 100 samples, 10 % of class 1. Stratified: the 20 test samples hold exactly 2 of class 1,
    # the 20 validation samples exactly 2, the 60 train samples exactly 6.
    x, y = np.arange(100.0)[:, None], (np.arange(100) % 10 == 0).astype(int)
    s = datasets.split_data(x, y, seed=3)
    assert [int(part.sum()) for part in (s.y_train, s.y_val, s.y_test)] == [6, 2, 2]
    # Without stratification the counts wander: over a few seeds some split is not 6 / 2 / 2.
    counts = set()
    for seed in range(10):
        u = datasets.split_data(x, y, seed=seed, stratify=False)
        counts.add(tuple(int(part.sum()) for part in (u.y_train, u.y_val, u.y_test)))
    assert counts != {(6, 2, 2)}


def test_split_is_seeded():
    x, y = np.arange(60.0).reshape(30, 2), np.arange(30) % 3
    a, b = datasets.split_data(x, y, seed=4), datasets.split_data(x, y, seed=4)
    _assert_same_split(a, b)
    c = datasets.split_data(x, y, seed=5)
    assert not np.array_equal(a.x_train, c.x_train)
    for s in (a, c):  # x and y stay paired: row i of x is (2i, 2i + 1) and its label is i % 3
        xs, ys = _all_points(s)
        np.testing.assert_array_equal(ys, (xs[:, 0] // 2).astype(int) % 3)


# ---------------------------------------------------------------------------------------------
# load_digits


def test_digits_pixels_are_sixteenths_scaled_to_one():
    d = datasets.load_digits()
    xs, ys = _all_points(d)
    # The raw digits are integers 0..16, so every pixel is k / 16 and the brightest is 1.0.
    assert xs.min() == 0.0 and xs.max() == 1.0
    np.testing.assert_array_equal(xs * 16, np.round(xs * 16))
    assert set(np.unique(ys)) == set(range(10)) and ys.dtype == np.int64


def test_digits_images_hold_the_same_pixels():
    flat, img = datasets.load_digits(seed=2), datasets.load_digits(seed=2, images=True)
    assert img.x_train.shape[1:] == (8, 8, 1) and img.input_shape == (8, 8, 1)
    np.testing.assert_array_equal(img.x_train.reshape(len(img.x_train), 64), flat.x_train)
    np.testing.assert_array_equal(img.y_test, flat.y_test)


def test_digits_fractions_are_honoured():
    d = datasets.load_digits(val_fraction=0.3, test_fraction=0.1)
    # 1797 samples: test round(179.7) = 180, validation round(539.1) = 539, train 1078.
    assert _sizes(d) == (1078, 539, 180)


# ---------------------------------------------------------------------------------------------
# make_moons


def _moon_of(points):
    """Which of scikit-learn's noise-free half circles each point lies on (0, 1 or -1)."""
    on_0 = np.isclose(np.hypot(points[:, 0], points[:, 1]), 1, atol=1e-5) & (points[:, 1] >= 0)
    on_1 = np.isclose(np.hypot(points[:, 0] - 1, points[:, 1] - 0.5), 1, atol=1e-5) & (
        points[:, 1] <= 0.5
    )
    return np.where(on_0 & ~on_1, 0, np.where(on_1 & ~on_0, 1, -1))


def test_moons_without_noise_lie_on_the_two_half_circles():
    m = datasets.make_moons(200, noise=0.0, label_noise=0.0, seed=1)
    xs, ys = _all_points(m)
    assert len(xs) == 200 and xs.dtype == np.float32 and ys.dtype == np.int64
    np.testing.assert_array_equal(_moon_of(xs), ys)  # class 0 upper circle, class 1 lower
    assert (m.name, m.num_classes, m.input_shape) == ("moons", 2, (2,))


def test_moons_flipped_labels_match_label_noise():
    m = datasets.make_moons(2000, noise=0.0, label_noise=0.3, seed=2)
    xs, ys = _all_points(m)
    truth = _moon_of(xs)
    assert set(np.unique(truth)) == {0, 1} and set(np.unique(ys)) == {0, 1}
    # 2000 flips of a 30 % coin: standard deviation sqrt(0.3 * 0.7 / 2000) ~ 0.01.
    assert abs(np.mean(ys != truth) - 0.3) < 0.04


def test_moons_noise_moves_points_off_the_circles():
    m = datasets.make_moons(1000, noise=0.1, label_noise=0.0, seed=0)
    xs, ys = _all_points(m)
    centre = np.where(ys[:, None] == 0, [0.0, 0.0], [1.0, 0.5])
    radial = np.hypot(*(xs - centre).T) - 1  # 0 on the clean half circle
    # Gaussian noise of standard deviation 0.1 per axis: the radial offset has about 0.1 too.
    assert 0.08 < radial.std() < 0.12


def test_moons_fractions_and_seed():
    m = datasets.make_moons(100, val_fraction=0.1, test_fraction=0.25, seed=5)
    # 100 samples: 25 test, 10 validation, 65 train.
    assert _sizes(m) == (65, 10, 25)
    _assert_same_split(m, datasets.make_moons(100, val_fraction=0.1, test_fraction=0.25, seed=5))
    with pytest.raises(ValueError, match=r"^noise must be a finite number >= 0, got -0.5"):
        datasets.make_moons(100, noise=-0.5)


# ---------------------------------------------------------------------------------------------
# make_spirals


@pytest.mark.parametrize(("classes", "turns"), [(3, 1.5), (5, 0.7)])
def test_spiral_arms_are_rotated_copies_winding_turns_times(classes, turns):
    s = datasets.make_spirals(1000, classes=classes, turns=turns, noise=0.0, label_noise=0.0)
    xs, ys = _all_points(s)
    radius = np.hypot(xs[:, 0], xs[:, 1])
    assert radius.max() <= 1.01  # radius drawn from [0, 1) (plus a 0.0005 jitter)
    far = radius > 0.1  # the jitter makes angles near the centre meaningless
    # Angle of the arm at radius r: `turns` full turns from centre to rim, plus the class's
    # rotation 2 pi k / classes.
    expected = 2 * np.pi * turns * radius + 2 * np.pi * ys / classes
    angle = np.arctan2(xs[:, 1], xs[:, 0])
    off = (angle - expected + np.pi) % (2 * np.pi) - np.pi
    assert np.abs(off[far]).max() < 0.05
    assert (s.name, s.num_classes, s.input_shape) == ("spirals", classes, (2,))
    assert xs.dtype == np.float32 and ys.dtype == np.int64


def test_spirals_classes_are_balanced():
    s = datasets.make_spirals(10, classes=3, label_noise=0.0)
    # 10 samples over 3 classes, dealt in turn: 4, 3, 3.
    assert np.bincount(_all_points(s)[1]).tolist() == [4, 3, 3]
    s = datasets.make_spirals(40, classes=2, turns=0.5, label_noise=0.0)
    assert np.bincount(_all_points(s)[1]).tolist() == [20, 20]


def test_spirals_label_noise_flips_to_other_classes():
    def labels_by_point(split):
        xs, ys = _all_points(split)
        return {x.tobytes(): y for x, y in zip(xs, ys, strict=True)}

    clean = labels_by_point(datasets.make_spirals(3000, classes=4, label_noise=0.0, seed=3))
    noisy = labels_by_point(datasets.make_spirals(3000, classes=4, label_noise=0.2, seed=3))
    assert clean.keys() == noisy.keys()  # same points, only labels flipped
    assert set(noisy.values()) == {0, 1, 2, 3}
    # 3000 flips of a 20 % coin: standard deviation ~ 0.007.
    assert abs(np.mean([clean[k] != noisy[k] for k in clean]) - 0.2) < 0.03


def test_spiral_noise_grows_with_radius_and_noise():
    clean = datasets.make_spirals(3000, noise=0.0, label_noise=0.0, seed=1)
    noisy = datasets.make_spirals(3000, noise=0.4, label_noise=0.0, seed=1)
    base, _ = _all_points(clean)
    moved = _all_points(noisy)[0] - base  # noise is added to the same clean arm points
    radius = np.hypot(base[:, 0], base[:, 1])
    # Noise per axis has standard deviation noise * r / 2 (+ 0.0005): 0.2 per unit of radius.
    far = radius > 0.3
    per_radius = moved[far] / radius[far, None]
    assert np.all(np.abs(per_radius.std(axis=0) - 0.2) < 0.02)
    # Near the centre the points are far less noisy than at the rim.
    inner = np.hypot(*moved[radius < 0.2].T).mean()
    outer = np.hypot(*moved[radius > 0.8].T).mean()
    assert inner < outer / 3
    # The two axes get independent noise.
    assert abs(np.corrcoef(moved[:, 0], moved[:, 1])[0, 1]) < 0.1


def test_spirals_bad_input_names_the_argument():
    assert len(_all_points(datasets.make_spirals(10))[0]) == 10  # 10 is the smallest allowed
    assert datasets.make_spirals(30, classes=2).num_classes == 2
    assert datasets.make_spirals(30, turns=0.5).x_train.shape[1:] == (2,)
    cases = [
        ({"num_samples": 9}, r"^num_samples must be an integer >= 10, got 9$"),
        ({"classes": 1}, r"^classes must be an integer >= 2, got 1$"),
        ({"turns": 0}, r"^turns must be a finite number > 0, got 0$"),
        ({"label_noise": 1.0}, r"^label_noise must be a number with 0 <= label_noise < 1"),
        ({"seed": -1}, r"^seed must be an integer from 0 to 4294967295, got -1$"),
        ({"seed": 2**32}, r"^seed must be an integer from 0 to 4294967295, got 4294967296$"),
    ]
    for kwargs, message in cases:
        with pytest.raises(ValueError, match=message):
            datasets.make_spirals(**{"num_samples": 30, **kwargs})


# ---------------------------------------------------------------------------------------------
# make_regression_1d


def test_regression_x_is_uniform_on_minus_two_two_and_noise_has_the_given_scale():
    r = datasets.make_regression_1d(2000, noise=0.5, seed=0)
    xs, ys = _all_points(r)
    assert xs.shape == (2000, 1) and r.input_shape == (1,)
    assert xs.dtype == np.float32 and ys.dtype == np.float32
    # 2000 uniform draws on [-2, 2]: the extremes come within 0.01 of the bounds.
    assert -2 <= xs.min() < -1.99 and 1.99 < xs.max() <= 2
    assert abs(xs.mean()) < 0.1  # centred: mean 0, standard error 1.15 / sqrt(2000) ~ 0.026
    residual = ys - (np.sin(3 * xs[:, 0]) + xs[:, 0] / 2)
    # Independent Gaussian noise of standard deviation 0.5 on every sample.
    assert abs(residual.std() - 0.5) < 0.03 and abs(residual.mean()) < 0.05
    assert (r.name, r.num_classes) == ("regression_1d", None)


def test_regression_fractions_seed_and_bad_input():
    r = datasets.make_regression_1d(100, val_fraction=0.1, test_fraction=0.25, seed=3)
    # 100 samples: 25 test, 10 validation, 65 train (real-valued y: no stratification).
    assert _sizes(r) == (65, 10, 25)
    _assert_same_split(
        r, datasets.make_regression_1d(100, val_fraction=0.1, test_fraction=0.25, seed=3)
    )
    assert len(_all_points(datasets.make_regression_1d(10))[0]) == 10  # 10 is allowed
    with pytest.raises(ValueError, match=r"^num_samples must be an integer >= 10, got 9$"):
        datasets.make_regression_1d(9)


@pytest.mark.parametrize(
    "maker", [datasets.make_moons, datasets.make_spirals, datasets.make_regression_1d]
)
def test_generators_pass_their_seed_and_fractions_to_the_split(maker, monkeypatch):
    calls = []
    real_split = datasets.split_data

    def spy(*args, **kwargs):
        calls.append(kwargs)
        return real_split(*args, **kwargs)

    monkeypatch.setattr(datasets, "split_data", spy)
    maker(50, val_fraction=0.1, test_fraction=0.2, seed=7)
    assert len(calls) == 1
    assert (calls[0]["seed"], calls[0]["val_fraction"], calls[0]["test_fraction"]) == (7, 0.1, 0.2)


def test_load_forwards_keyword_arguments():
    m = datasets.load("moons", num_samples=50, val_fraction=0.2, test_fraction=0.2, seed=1)
    assert _sizes(m) == (30, 10, 10) and m.name == "moons"
    _assert_same_split(m, datasets.make_moons(50, val_fraction=0.2, test_fraction=0.2, seed=1))


# ---------------------------------------------------------------------------------------------
# load_mnist, with keras.datasets replaced by a fake download


@pytest.fixture(scope="module")
def fake_mnist():
    rng = np.random.default_rng(1)
    x_train = rng.integers(0, 256, (60_000, 28, 28), dtype=np.uint8)
    x_train[0, 0, 0] = 255  # the brightest pixel scales to exactly 1.0
    x_test = rng.integers(0, 256, (10_000, 28, 28), dtype=np.uint8)
    x_test[0, 0, :3] = [0, 51, 255]  # scale to 0.0, 0.2, 1.0
    return (x_train, np.arange(60_000) % 10), (x_test, (np.arange(10_000) * 7) % 10)


def _offline():
    raise urllib.error.URLError("no network")


@pytest.fixture(scope="module")
def default_mnist(fake_mnist):
    """``load_mnist()`` with no arguments, from the fake download (loaded once: it is big)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(keras.datasets.mnist, "load_data", lambda: fake_mnist)
        mp.setattr(keras.datasets.fashion_mnist, "load_data", _offline)
        return datasets.load_mnist()


def test_mnist_default_is_mnist_and_stratified(default_mnist, fake_mnist):
    d = default_mnist
    assert (d.name, d.num_classes) == ("mnist", 10)
    # 1/6 of 60,000 for validation: 10,000, stratified: exactly 1,000 of each digit.
    assert _sizes(d) == (50_000, 10_000, 10_000)
    assert len(d.y_train) == 50_000 and len(d.y_val) == 10_000
    assert np.bincount(d.y_val).tolist() == [1000] * 10
    assert np.bincount(d.y_train).tolist() == [5000] * 10
    # The test set is the downloaded one, untouched apart from the scaling by 1/255.
    np.testing.assert_array_equal(d.y_test, fake_mnist[1][1])
    assert d.x_test.dtype == np.float32 and d.x_train.dtype == np.float32
    np.testing.assert_array_equal(d.x_test[0, 0, :3], np.float32([0.0, 0.2, 1.0]))
    assert d.x_train.max() == 1.0 and d.x_val.min() == 0.0


def test_mnist_default_seed_is_zero_and_reproducible(monkeypatch, default_mnist, fake_mnist):
    monkeypatch.setattr(keras.datasets.mnist, "load_data", lambda: fake_mnist)
    _assert_same_split(default_mnist, datasets.load_mnist("mnist", seed=0))


def test_fashion_mnist_uses_its_own_loader_and_val_fraction(monkeypatch, fake_mnist):
    monkeypatch.setattr(keras.datasets.mnist, "load_data", _offline)
    monkeypatch.setattr(keras.datasets.fashion_mnist, "load_data", lambda: fake_mnist)
    d = datasets.load("fashion_mnist", val_fraction=0.25, seed=1)
    # 60,000 * 0.25 = 15,000 validation images, 45,000 train.
    assert _sizes(d) == (45_000, 15_000, 10_000)
    assert (d.name, d.num_classes) == ("fashion_mnist", 10)


def test_mnist_val_fraction_zero_is_refused(monkeypatch, fake_mnist):
    monkeypatch.setattr(keras.datasets.mnist, "load_data", lambda: fake_mnist)
    with pytest.raises(ValueError, match=r"^val_fraction must be a number with 0 < val_fraction"):
        datasets.load_mnist(val_fraction=0)


def test_mnist_offline_message_says_what_to_do(monkeypatch):
    monkeypatch.setattr(keras.datasets.mnist, "load_data", _offline)
    with pytest.raises(datasets.DatasetUnavailableError) as info:
        datasets.load_mnist("mnist")
    assert str(info.value) == (
        "Could not load mnist (URLError: <urlopen error no network>). It is downloaded once "
        "from the internet into ~/.keras/datasets. Connect to the internet and try again, "
        "or use the offline dataset the course ships: course.datasets.load_digits()."
    )


@pytest.mark.parametrize("problem", ["missing_class", "short_labels"])
def test_mnist_download_with_bad_labels_is_refused(monkeypatch, problem):
    x_train, x_test = np.zeros((60_000, 28, 28), np.uint8), np.zeros((10_000, 28, 28), np.uint8)
    if problem == "missing_class":  # right shapes, but the digit 9 never appears
        y_train = np.arange(60_000) % 9
    else:  # all ten digits, but one label short of the 60,000 images
        y_train = np.arange(59_999) % 10
    bad = ((x_train, y_train), (x_test, np.arange(10_000) % 10))
    monkeypatch.setattr(keras.datasets.mnist, "load_data", lambda: bad)
    with pytest.raises(datasets.DatasetUnavailableError) as info:
        datasets.load_mnist("mnist")
    assert str(info.value).startswith("mnist did not look as expected (image shapes ")
    assert str(info.value).endswith(
        "). Delete the cached file in ~/.keras/datasets and load it again."
    )


# flipped_train / flipped_val / flipped_test: which labels were flipped on purpose -------------


def _flipped_of(split):
    return np.concatenate([split.flipped_train, split.flipped_val, split.flipped_test])


def test_moons_flipped_masks_mark_exactly_the_labels_off_their_circle():
    m = datasets.make_moons(600, noise=0.0, label_noise=0.3, seed=3)
    xs, ys = _all_points(m)
    truth = _moon_of(xs)  # the class of the half-circle each point lies on, by geometry
    np.testing.assert_array_equal(_flipped_of(m), ys != truth)
    assert m.flipped_train.dtype == bool and len(m.flipped_train) == len(m.y_train)
    assert len(m.flipped_val) == len(m.y_val) and len(m.flipped_test) == len(m.y_test)


def test_spirals_flipped_masks_mark_the_labels_that_differ_from_the_noise_free_labels():
    clean = datasets.make_spirals(300, classes=3, label_noise=0.0, seed=4)
    noisy = datasets.make_spirals(300, classes=3, label_noise=0.3, seed=4)
    truth = dict(zip(map(bytes, _all_points(clean)[0]), _all_points(clean)[1], strict=True))
    xs, ys = _all_points(noisy)
    expected = np.array([y != truth[bytes(x)] for x, y in zip(xs, ys, strict=True)])
    np.testing.assert_array_equal(_flipped_of(noisy), expected)
    assert not _flipped_of(clean).any()


def _old_moons(num_samples, noise, label_noise, val_fraction, test_fraction, seed):
    """make_moons as it was written before the flipped masks, step by step with sklearn."""
    from sklearn import datasets as skd
    from sklearn.model_selection import train_test_split

    x, y = skd.make_moons(num_samples, noise=noise, random_state=seed)
    rng = np.random.default_rng(seed)
    flip = rng.random(len(y)) < label_noise
    shift = rng.integers(1, 2, size=len(y))
    y = y.copy()
    y[flip] = (y[flip] + shift[flip]) % 2
    x, y = x.astype("float32"), y.astype("int64")
    n = len(y)
    x_rest, x_test, y_rest, y_test = train_test_split(
        x, y, test_size=round(n * test_fraction), random_state=seed, stratify=y
    )
    x_train, x_val, y_train, y_val = train_test_split(
        x_rest, y_rest, test_size=round(n * val_fraction), random_state=seed, stratify=y_rest
    )
    return x_train, y_train, x_val, y_val, x_test, y_test


@pytest.mark.parametrize(
    "kwargs",
    [
        {
            "num_samples": 1000,
            "noise": 0.2,
            "label_noise": 0.1,
            "val_fraction": 0.2,
            "test_fraction": 0.2,
            "seed": 0,
        },  # lesson 03's data
        {
            "num_samples": 300,
            "noise": 0.25,
            "label_noise": 0.1,
            "val_fraction": 0.3,
            "test_fraction": 0.3,
            "seed": 5,
        },
    ],
)
def test_moons_data_is_unchanged_by_the_flipped_masks(kwargs):
    m = datasets.make_moons(**kwargs)
    got = (m.x_train, m.y_train, m.x_val, m.y_val, m.x_test, m.y_test)
    for a, b in zip(got, _old_moons(**kwargs), strict=True):
        assert a.dtype == b.dtype
        np.testing.assert_array_equal(a, b)


def test_flipped_masks_are_none_without_planted_noise_and_checked_in_split_data():
    assert datasets.load_digits().flipped_train is None
    assert datasets.make_regression_1d(50).flipped_val is None
    x, y = np.arange(40.0).reshape(20, 2), np.array([0, 1] * 10)
    s = datasets.split_data(x, y, flipped=np.arange(20) % 5 == 0, seed=1)
    rows = {tuple(r): i for i, r in enumerate(x)}
    for xs, mask in [
        (s.x_train, s.flipped_train),
        (s.x_val, s.flipped_val),
        (s.x_test, s.flipped_test),
    ]:
        np.testing.assert_array_equal(mask, [rows[tuple(r)] % 5 == 0 for r in xs])
    for bad in (np.ones(20), np.ones(19, bool), [1] * 20):
        with pytest.raises(ValueError, match="flipped must be one boolean per sample"):
            datasets.split_data(x, y, flipped=bad)
