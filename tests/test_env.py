import sys
import types

import keras
import numpy as np
import pytest

import course
from course import env

# An environment report's fields, less its devices, as on Colab
REPORT_FIELDS = dict(
    python="3.13.0",
    platform="x",
    cpu_count=2,
    keras="3",
    backend="tensorflow",
    backend_version="2",
    colab=True,
)


def _train_once(data) -> list[np.ndarray]:
    keras.utils.set_random_seed(5)
    model = course.models.mlp(data.input_shape, (16,), 10, dropout=0.2)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(data.x_train[:300], data.y_train[:300], epochs=2, batch_size=32, verbose=0)
    return model.get_weights()


def test_seeded_training_is_bit_identical(digits):
    course.setup(seed=0)
    first, second = _train_once(digits), _train_once(digits)
    for a, b in zip(first, second, strict=True):
        np.testing.assert_array_equal(a, b)


def test_setup_rejects_a_seed_numpy_cannot_take():
    for bad in (-1, 2**32, 2.0, True):
        with pytest.raises(ValueError, match="seed must be an integer from 0 to 4294967295"):
            course.setup(seed=bad)


def test_setup_takes_a_numpy_integer_seed():
    course.setup(seed=np.int64(3))
    first = keras.random.uniform((3,), seed=None)
    course.setup(seed=3)
    np.testing.assert_array_equal(first, keras.random.uniform((3,), seed=None))


def test_report_describes_this_machine():
    r = course.report()
    assert r.backend == keras.backend.backend() and r.keras == keras.__version__
    assert r.python.count(".") == 2 and r.cpu_count >= 1 and r.devices
    text = str(r)
    for label in ("Python", "Keras", "Backend", "Devices", "GPU", "Google Colab"):
        assert label in text
    assert "Hint" not in text  # not on Colab


def test_colab_without_gpu_gets_the_hint(monkeypatch):
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    assert env.in_colab()
    assert env.report().colab
    cpu_only = env.EnvironmentReport(devices=["CPU:0"], **REPORT_FIELDS)
    assert env.COLAB_GPU_HINT in str(cpu_only)


def test_gpu_detection_from_device_names():
    base = REPORT_FIELDS
    assert env.EnvironmentReport(devices=["CPU:0", "GPU:0"], **base).has_gpu
    assert "Hint" not in str(env.EnvironmentReport(devices=["CPU:0", "GPU:0"], **base))
    assert not env.EnvironmentReport(devices=["CPU:0"], **base).has_gpu


def _initial_weights(seed: int) -> list[np.ndarray]:
    keras.utils.set_random_seed(seed)
    model = course.models.mlp((8,), widths=(16,), num_outputs=3)
    return model.get_weights()


def test_course_perturb_nudges_each_initial_weight_by_at_most_its_relative_size(monkeypatch):
    # CI's colab stage runs the suite with COURSE_PERTURB set: start from Keras's own weights
    monkeypatch.delenv("COURSE_PERTURB", raising=False)
    course.setup(seed=0)
    plain = _initial_weights(0)
    monkeypatch.setenv("COURSE_PERTURB", "1e-6")
    try:
        course.setup(seed=0)
        nudged = _initial_weights(0)
        again = _initial_weights(0)
    finally:
        monkeypatch.delenv("COURSE_PERTURB")
        course.setup(seed=0)  # and the hook off again, whatever the environment says
    for before, after, repeat in zip(plain, nudged, again, strict=True):
        change = np.abs(after.astype("float64") - before) / np.maximum(np.abs(before), 1e-30)
        if before.any():  # kernels: most weights moved (some round back), none beyond 1e-6
            assert (after != before).mean() > 0.5 and change.max() <= 1.1e-6
        else:  # zero biases stay zero: the nudge is relative
            assert not after.any()
        assert np.array_equal(after, repeat)  # the same seed, the same nudged weights
    # without the variable, Keras's own add_weight is back: the seeded weights exactly
    assert all(np.array_equal(a, b) for a, b in zip(plain, _initial_weights(0), strict=True))
    assert keras.layers.Layer.add_weight.__qualname__ == "Layer.add_weight"


@pytest.mark.parametrize("value", ["lots", "-1e-6", "0.5", "nan"])
def test_a_bad_course_perturb_is_refused_by_setup_naming_the_variable(monkeypatch, value):
    monkeypatch.setenv("COURSE_PERTURB", value)
    with pytest.raises(ValueError, match="COURSE_PERTURB must be a relative size from 0 to 0.001"):
        course.setup(seed=0)


def test_perturbation_reads_its_argument_before_the_environment(monkeypatch):
    monkeypatch.setenv("COURSE_PERTURB", "2e-6")
    assert env.perturbation() == 2e-6
    assert env.perturbation("") == 0.0 and env.perturbation(" 1e-6 ") == 1e-6
    with pytest.raises(ValueError, match="text must be a string such as '1e-6', got int"):
        env.perturbation(1)
