"""The environment: seeding and determinism for the course, and a report of what runs where.

Example:
    >>> import course
    >>> course.setup(seed=0)          # seeds Python, NumPy and Keras; deterministic ops
    >>> print(course.report())        # versions, backend, devices, Colab or not
    Python       ...
    Google Colab no
"""

from __future__ import annotations

import contextlib
import os
import platform
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from course.validation import _short

PERTURB_VARIABLE = "COURSE_PERTURB"
"""The environment variable that nudges every initial weight (``perturbation``)."""

COLAB_GPU_HINT = (
    "On Colab: Runtime > Change runtime type > Hardware accelerator: GPU, then Run all."
)


@contextlib.contextmanager
def _stderr_fd_silenced() -> Iterator[None]:
    """Send file descriptor 2 (where C++ libraries write) to /dev/null for a moment."""
    sys.stderr.flush()
    saved, devnull = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def quiet_tensorflow() -> None:
    """Import TensorFlow without its C++ start-up lines (TensorFlow backend only).

    ``TF_CPP_MIN_LOG_LEVEL=3`` silences TensorFlow's later C++ logs, but TensorFlow 2.21
    prints some lines ("oneDNN custom operations are on", "Could not find cuda drivers")
    before its logging is set up, so the import itself runs with the C-level stderr muted.
    Python errors still raise. Does nothing if TensorFlow is already imported.

    Example:
        >>> quiet_tensorflow()
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    if os.environ.get("KERAS_BACKEND", "tensorflow") != "tensorflow":
        return
    if "tensorflow" in sys.modules:
        return
    with _stderr_fd_silenced():
        try:
            import tensorflow  # noqa: F401
        except ImportError:
            pass


def setup(seed: int = 0, *, deterministic: bool = True) -> None:
    """Prepare a lesson: quiet logs, seed everything and (on TensorFlow) deterministic ops.

    Call it once at the top of a notebook. Seed again with ``keras.utils.set_random_seed``
    right before building each model, so that every model starts from known weights.
    With ``COURSE_PERTURB`` set (``perturbation``), every weight a layer creates from then on
    is nudged by that relative amount: the course's stand-in for another machine's arithmetic.
    In a notebook, each figure shown from then on carries alt text that says what it shows
    (``course.plots.add_alt_text_to_inline_figures``).

    Example:
        >>> setup(seed=0)
    """
    from course.validation import check_bool, check_seed

    seed = check_seed("seed", seed)
    check_bool("deterministic", deterministic)
    quiet_tensorflow()
    import keras

    keras.utils.set_random_seed(seed)
    _nudge_initial_weights(perturbation())
    if deterministic and keras.backend.backend() == "tensorflow":
        # TensorFlow-specific: this switch exists only in TensorFlow.
        import tensorflow as tf

        tf.config.experimental.enable_op_determinism()
        tf.get_logger().setLevel("ERROR")
    if "IPython" in sys.modules:  # a notebook, perhaps (a script need not import matplotlib)
        from course.plots import add_alt_text_to_inline_figures

        add_alt_text_to_inline_figures()


def perturbation(text: str | None = None) -> float:
    """The relative nudge ``setup`` gives each initial weight: ``COURSE_PERTURB``, or 0.

    Another CPU sums in another order, and training amplifies those last-bit differences.
    ``COURSE_PERTURB=1e-6`` stands in for that machine: each trainable float weight a layer
    creates is multiplied by ``1 + 1e-6 * u``, with ``u`` in [-1, 1] a hash of the weight's own
    bits: the same seed still gives the same weights, and no seeded random stream moves. CI
    reruns every lesson so, and a finding that flips is fragile. ``text`` is read in place of
    the environment variable when given.

    Example:
        >>> perturbation("1e-6")
        1e-06
        >>> perturbation("")
        0.0
        >>> perturbation("lots")
        Traceback (most recent call last):
        ...
        ValueError: COURSE_PERTURB must be a relative size from 0 to 0.001, such as 1e-6, got 'lots'
    """
    if text is None:
        text = os.environ.get(PERTURB_VARIABLE, "")
    if not isinstance(text, str):
        raise ValueError(f"text must be a string such as '1e-6', got {type(text).__name__}")
    text = text.strip()
    if not text:
        return 0.0
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 <= value <= 1e-3:  # NaN fails too
        raise ValueError(
            f"{PERTURB_VARIABLE} must be a relative size from 0 to 0.001, such as 1e-6, "
            f"got {_short(text)}"
        )
    return value


def _nudge(value: Any, relative: float) -> Any:
    """``value * (1 + relative * u)``, with ``u`` in [-1, 1] a hash of each number's own bits.

    A function of the weights alone: the same seed gives the same nudged weights, so a lesson's
    "the same seed repeats the run to the last bit" still holds, and no random stream moves.
    """
    import numpy as np

    bits = np.ascontiguousarray(value).view(f"u{value.dtype.itemsize}").astype(np.uint64)
    mixed = (bits + np.uint64(0x9E3779B9)) * np.uint64(0xBF58476D1CE4E5B9)  # wraps: a hash
    u = (mixed >> np.uint64(40)).astype(np.float64) / 2.0**23 - 1.0
    return (value * (1.0 + relative * u)).astype(value.dtype)


def _nudge_initial_weights(relative: float) -> None:
    """From now on, nudge each trainable float weight a layer creates (``_nudge``).

    ``relative=0`` puts Keras's own ``Layer.add_weight`` back.
    """
    import keras

    layer = keras.layers.Layer
    original = getattr(layer.add_weight, "_course_original", layer.add_weight)
    if relative == 0:
        layer.add_weight = original
        return

    def add_weight(self, *args, **kwargs):
        variable = original(self, *args, **kwargs)
        if variable.trainable and "float" in keras.backend.standardize_dtype(variable.dtype):
            variable.assign(_nudge(keras.ops.convert_to_numpy(variable.value), relative))
        return variable

    add_weight._course_original = original
    layer.add_weight = add_weight


def in_colab() -> bool:
    """True when running inside Google Colab.

    Example:
        >>> in_colab()
        False
    """
    return "google.colab" in sys.modules or "COLAB_RELEASE_TAG" in os.environ


@dataclass(frozen=True)
class EnvironmentReport:
    """What the course runs on; ``str()`` gives the printable report."""

    python: str
    platform: str
    cpu_count: int
    keras: str
    backend: str
    backend_version: str
    devices: list[str] = field(default_factory=list)
    colab: bool = False

    @property
    def has_gpu(self) -> bool:
        """True when the backend sees at least one GPU."""
        return any("GPU" in d.upper() or "CUDA" in d.upper() for d in self.devices)

    def __str__(self) -> str:
        rows = [
            ("Python", self.python),
            ("Platform", self.platform),
            ("CPU cores", str(self.cpu_count)),
            ("Keras", self.keras),
            ("Backend", f"{self.backend} {self.backend_version}"),
            ("Devices", ", ".join(self.devices) or "none found"),
            ("GPU", "yes" if self.has_gpu else "no (the course runs on CPU, in seconds)"),
            ("Google Colab", "yes" if self.colab else "no"),
        ]
        lines = [f"{name:<13}{value}" for name, value in rows]
        if self.colab and not self.has_gpu:
            lines.append("Hint: " + COLAB_GPU_HINT)
        return "\n".join(lines)


def report() -> EnvironmentReport:
    """Collect the versions, backend and devices the course runs on.

    Example:
        >>> r = report()
        >>> r.backend in {"tensorflow", "jax", "torch", "numpy"}
        True
    """
    quiet_tensorflow()
    import keras

    backend = keras.backend.backend()
    if backend == "tensorflow":
        import tensorflow as tf

        version = tf.__version__
        devices = [
            f"{d.device_type}:{d.name.split(':')[-1]}" for d in tf.config.list_physical_devices()
        ]
    elif backend == "jax":
        import jax

        version = jax.__version__
        devices = [f"{d.platform.upper()}:{d.id}" for d in jax.devices()]
    else:
        module = __import__(backend)
        version = getattr(module, "__version__", "unknown")
        devices = ["CPU:0"]
    return EnvironmentReport(
        python=platform.python_version(),
        platform=f"{platform.system()} {platform.machine()}",
        cpu_count=os.cpu_count() or 1,
        keras=keras.__version__,
        backend=backend,
        backend_version=version,
        devices=devices,
        colab=in_colab(),
    )
