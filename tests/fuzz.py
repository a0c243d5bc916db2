"""A fuzz generated from the signatures: bad values derived from each public callable's type
hints, tried one argument at a time from a good call (issue 28, item 2).

The callables are every public name (no leading underscore, defined in that module) of the
modules that ``docs/api.md`` documents, and every exercise check of ``course.check``. For each
argument, ``bad_values`` reads its hint (``typing.get_type_hints``) and derives values that the
hint or the documented range rules out: wrong types, NaN and infinities, booleans where numbers
are meant, empty, huge, negative, ragged and 0-d values, and objects whose ``__len__``,
``__iter__``, ``__getattr__`` or ``__repr__`` raise. Each case ends in one of:

- ``clear``: a ValueError or TypeError that names the argument and says what is allowed
  ("must"), raised before any update (a model's ``optimizer.iterations`` is still 0);
- ``unclear``: any other error, or a message that does not name the argument;
- ``silent``: no error, for a value the hint and docstring rule out;
- ``legal``: no error, for a value listed in ``LEGAL`` with the reason it is allowed;
- ``late``: the promised error, but after the model was updated;
- ``hangs``: no answer within ``TIME_LIMIT`` seconds.

A check's learner argument (its answer, History or histories) gets ``learner_objects()``
instead: it must return a CheckResult (``returns``), not raise (``raises``), not hang
(``hangs``) and never judge the nonsense correct (``wrong verdict``).

A public callable with no good call in ``_own_good_calls`` (and no reason in ``EXEMPT``) fails
``tests/test_fuzz_signatures.py`` with "add a good call for X": a new function joins the fuzz.

``python tests/fuzz.py --table`` prints the counts and every case that is not clear.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import inspect
import re
import signal
import types
import typing
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
TIME_LIMIT = 4.0  # seconds a single call may take before it counts as hanging
NAN, INF = float("nan"), float("inf")
HUGE = 10**400


# -- hostile objects -------------------------------------------------------------------------


class Hostile:
    """Base of the objects that break one protocol; each has a readable repr of its own."""

    label = "hostile"

    def __repr__(self) -> str:
        return f"<{self.label}>"


class BadLen(Hostile):
    label = "__len__ raises"

    def __len__(self) -> int:
        raise RuntimeError("len is broken")

    def __iter__(self):
        return iter([0.5, 0.4])


class BadIter(Hostile):
    label = "__iter__ raises"

    def __iter__(self):
        raise RuntimeError("iter is broken")

    def __len__(self) -> int:
        return 2


class BadGetattr(Hostile):
    label = "__getattr__ raises"

    def __getattr__(self, name: str) -> Any:
        raise ZeroDivisionError(f"no attribute {name} today")


class BadRepr:
    """An object whose repr and str raise (an error message that prints it must not)."""

    def __repr__(self) -> str:
        raise RuntimeError("repr is broken")

    __str__ = __repr__


HOSTILE = (BadLen(), BadIter(), BadGetattr(), BadRepr())


def _endless():
    """A metric that never ends (a Python generator, so a time limit can interrupt it)."""
    value = 0.5
    while True:
        yield value


# -- bad values derived from a hint ----------------------------------------------------------


def _kind(hint: Any) -> str:
    """One hint, not a union: the family its bad values come from."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is bool:
        return "bool"
    if hint is int:
        return "int"
    if hint is float:
        return "float"
    if hint is str:
        return "str"
    if hint is Any:
        return "any"
    if isinstance(hint, type) and issubclass(hint, Path):
        return "path"
    if hint is np.ndarray:
        return "floats"
    if hint is pd.DataFrame:
        return "frame"
    if origin in (tuple,) and len(args) == 2 and args[1] is not Ellipsis:
        return "name pair" if args[0] is str else "number pair"
    if origin in (list, tuple, Sequence, Iterable, typing.Sequence):
        item = args[0] if args else Any
        return {int: "ints", float: "floats", str: "strings", bool: "bools"}.get(item, "sequence")
    if origin in (dict, Mapping) or hint in (dict, Mapping):
        return "mapping"
    if (
        origin is Callable
        or hint is Callable
        or origin is type(Callable)
        or "Callable" in str(hint)
    ):
        return "callable"
    name = getattr(hint, "__name__", str(hint))
    if name in ("Model", "Functional", "Sequential"):
        return "model"
    return "object"


def kinds(hint: Any) -> tuple[list[str], bool]:
    """The families a hint allows, and whether None is allowed."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        members = typing.get_args(hint)
    else:
        members = (hint,)
    optional = any(m is type(None) for m in members)
    return [_kind(m) for m in members if m is not type(None)], optional


def _bad_for(kind: str) -> list[Any]:
    """Values a family of hints rules out (None is added by ``bad_values``)."""
    if kind == "int":
        return ["3", 1.5, True, NAN, INF, -1, HUGE, np.array(3), [2], 1j]
    if kind == "float":
        return ["0.1", True, NAN, INF, -INF, HUGE, np.array([0.1, 0.2]), [0.5], 1j]
    if kind == "bool":
        return ["yes", 2, 0.5, [True]]
    if kind == "str":
        return [3, b"loss", ["loss"], 0.5]
    if kind == "path":
        return [3, ["a"], 0.5]
    if kind == "ints":
        return [[], "16", 16, [16, 0], [16, 2.5], [True], np.array(16), [[1], [2, 3]], [-4]]
    if kind == "floats":
        return [[], "abc", 0.5, [0.5, NAN], [[0.5], [0.4, 0.3]], np.array(0.5), ["a", "b"]]
    if kind == "strings":
        return [[3], "", 3, [None]]
    if kind == "bools":
        return [[], "ab", 3, [1, 0], [True, None]]
    if kind == "sequence":
        return [3, 0.5]
    if kind == "number pair":
        return [(0, 0), (NAN, 3.0), "big", (4.0,), (-1.0, 3.0), 3]
    if kind == "name pair":
        return [("a",), "ab", (1, 2), ("a", "b", "c")]
    if kind == "mapping":
        return [3, "abc", [1, 2], 0.5]
    if kind == "frame":
        return [3, "abc", [1, 2], pd.DataFrame()]
    if kind == "model":
        return [3, "model", [1, 2]]
    if kind == "callable":
        return [3, "fit"]
    if kind == "object":
        return [3, "x"]
    return []  # "any": only the hostile objects


def _fits(kind: str, value: Any) -> bool:
    """Whether a value is of a family (so a union's other member allows it)."""
    if kind == "str":
        return isinstance(value, str)
    if kind in ("ints", "floats", "strings", "bools", "sequence"):
        return isinstance(value, list | tuple | np.ndarray) and not (
            kind == "strings" and any(not isinstance(v, str) for v in value)
        )
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "float":
        return isinstance(value, float | int) and not isinstance(value, bool)
    if kind == "callable":
        return callable(value)
    if kind == "path":
        return isinstance(value, str | Path)
    return kind == "any"


def bad_values(hint: Any) -> list[Any]:
    """Every value the hint rules out, with the hostile objects (see the module docstring)."""
    families, optional = kinds(hint)
    out: list[Any] = []
    for family in families:
        for value in _bad_for(family):
            if not any(_fits(other, value) for other in families if other != family):
                out.append(value)
    if not optional and "any" not in families:
        out.append(None)
    return [*out, *HOSTILE]


def describe(value: Any) -> str:
    """A short readable id for a value (hostile objects included)."""
    if isinstance(value, BadRepr):
        return "<__repr__ raises>"
    if isinstance(value, pd.DataFrame):
        return f"DataFrame{list(value.columns)[:3]}"
    if isinstance(value, np.ndarray):
        return f"np.array(shape={value.shape})"
    if isinstance(value, int) and abs(value) > 10**20:
        return "10**400" if value > 0 else "-10**400"
    text = repr(value)
    return text if len(text) <= 24 else text[:21] + "..."


# -- the callables ---------------------------------------------------------------------------


@functools.cache
def documented_modules() -> list[str]:
    """The modules ``docs/api.md`` lists (the package itself and the checks aside)."""
    text = (ROOT / "docs" / "api.md").read_text()
    names = re.findall(r"^\s+(course(?:\.\w+)*)\s*$", text, flags=re.M)
    return [n for n in names if n not in ("course", "course.check", "course.check._core")]


@functools.cache
def public_callables() -> dict[str, Any]:
    """``module.name`` -> callable, for every public callable defined in a documented module."""
    out = {}
    for module_name in documented_modules():
        module = importlib.import_module(module_name)
        for name, obj in vars(module).items():
            if name.startswith("_") or not callable(obj) or inspect.ismodule(obj):
                continue
            if getattr(obj, "__module__", None) != module_name:
                continue
            out[f"{module_name.removeprefix('course.')}.{name}"] = obj
    return out


@functools.cache
def checks() -> dict[str, Any]:
    """``check.name`` -> every exercise check (the functions ``course.check`` exports)."""
    from course import check

    out = {}
    for name in dir(check):
        obj = getattr(check, name)
        if name.startswith("_") or inspect.ismodule(obj) or inspect.isclass(obj):
            continue
        if callable(obj) and getattr(obj, "__module__", "").startswith("course.check"):
            out[f"check.{name}"] = obj
    return out


# Result types and errors: made by the course's own helpers, not called with a learner's input.
EXEMPT = {
    "datasets.DataSplit": "a result type: what the dataset makers return",
    "datasets.DatasetUnavailableError": "an exception class",
    "curves.Zones": "a result type: what find_zones returns",
    "stopping.EarlyStoppingReplay": "a result type: what replay_early_stopping returns",
    "seeds.Comparison": "a result type: what compare returns",
    "env.EnvironmentReport": "a result type: what report returns",
    "check.judge_number": "the checks' own comparison, called by the checks with numbers",
}


class Kit:
    """The good arguments the good calls share, made on first use (Keras is slow to load)."""

    def __init__(self) -> None:
        rng = np.random.default_rng(0)
        self.x = rng.normal(size=(40, 8)).astype("float32")
        self.y = rng.integers(0, 3, size=40)
        self.curve = [0.9, 0.6, 0.5, 0.55, 0.7]
        self._model: Any = None

    def model(self) -> Any:
        """A compiled small model, not trained; rebuilt when a call updated it."""
        if self._model is None or int(self._model.optimizer.iterations) > 0:
            self._model = self.new_model()
        return self._model

    def new_model(self) -> Any:
        import keras

        from course import models

        keras.utils.set_random_seed(0)
        model = models.mlp((8,), widths=(4,), num_outputs=3)
        model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
        return model

    def ax(self) -> Any:
        from course import plots

        return plots.detached_figure(1, (4.0, 3.0))[1][0]

    def figure(self) -> Any:
        from course import plots

        return plots.detached_figure(1, (4.0, 3.0))[0]


_RAN: dict[int, Any] = {}


def _ran(test: Any) -> Any:
    """A range test that ran once on a small model (made once: it trains)."""
    if not _RAN:
        kit = Kit()
        kit.new_model().fit(kit.x, kit.y, epochs=1, batch_size=8, callbacks=[test], verbose=0)
        _RAN[0] = test
    return _RAN[0]


def _own_good_calls() -> dict[str, Callable[[Kit], dict[str, Any]]]:
    """Good calls the hand list (tests/hostile.py) has not: each makes the arguments."""
    import keras

    from course import curves
    from course.callbacks import IterationHistory
    from course.lr_finder import LearningRateRangeTest

    def frame(**columns: Any) -> pd.DataFrame:
        return pd.DataFrame(columns)

    setting = frame(setting=["a"] * 3 + ["b"] * 3, loss=[1.0, 1.1, 1.3, 2.0, 2.1, 2.1])
    seed_curves = frame(lr=[0.1, 0.1, 1.0], seed=[0, 1, 0], curve=[[2.0, 1.5], [2.1, 1.4], [1.0]])
    steps = frame(
        model="m",
        round=[1, 1, 2, 2],
        batch_size=[10, 30, 10, 30],
        seconds=[0.002, 0.006, 0.003, 0.005],
    )
    times = frame(
        batch_size=[8] * 4,
        iterations=[2] * 4,
        seconds=[1.0, 2.0, 3.0, 4.0],
        samples_per_s=[16.0, 8.0, 5.3, 4.0],
    )

    class Scores:
        curves = frame(
            train_loss=[1.0, 0.5, 0.2], val_loss=[1.2, 0.9, 1.0], test_accuracy=[0.5, 0.7, 0.6]
        ).set_axis([1, 2, 3])
        correct = {"train": np.array([[0, 0, 1, 1], [0, 1, 1, 1], [1, 1, 1, 0]], bool)}

    def finder() -> Any:
        test = LearningRateRangeTest(start=1e-3, stop=1.0, num_steps=5)
        return _ran(test)

    def layer() -> Any:
        dense = keras.layers.Dense(3, activation="relu")
        dense.build((None, 2))
        return dense

    return {
        "env.setup": lambda k: {"seed": 0},
        "env.perturbation": lambda k: {"text": "1e-6"},
        "datasets.load": lambda k: {"name": "moons"},
        "models.restart": lambda k: {"model": k.model(), "weights": k.model().get_weights()},
        "throughput.dense_flops": lambda k: {"model": k.model()},
        "models.restart_like": lambda k: {"model": k.model(), "twin": k.new_model()},
        "models.active_units": lambda k: {"layer": layer(), "x": np.ones((2, 2), "float32")},
        "iterations.epoch_counts": lambda k: {"num_samples": 100, "batch_size": 32},
        "callbacks.LivePlot": lambda k: {"show": lambda figure: None},
        "history.named_runs": lambda k: {"runs": {"a": {"loss": k.curve}}},
        "history.monitor_mode": lambda k: {"metric": "val_loss"},
        "history.run_summary": lambda k: {"scores": Scores(), "flipped": [True, True, False, True]},
        "seeds.detection": lambda k: {
            "values": [0.0, 0.3, 0.1, 0.2],
            "seeds_per_setting": 2,
            "shifts": [0.0, 1.0],
        },
        "seeds.against": lambda k: {"table": setting, "metrics": ["loss"], "base": "a"},
        "seeds.verdicts": lambda k: {"table": setting, "metrics": ["loss"], "base": "a"},
        "seeds.by_seed": lambda k: {
            "table": seed_curves.assign(loss=[1.0, 1.1, 0.5]),
            "by": "lr",
            "metrics": ["loss"],
        },
        "seeds.fewer_epochs": lambda k: {"a": [3, 3, 3], "b": [2, 2, 2]},
        "seeds.compare_to": lambda k: {
            "table": setting,
            "metric": "loss",
            "base": "a",
            "by": "setting",
        },
        "seeds.fastest_rates": lambda k: {"epochs": {0.1: [3, 3, 3], 0.3: [2, 2, 2]}},
        "lr_finder.nearest_rate": lambda k: {"rate": 0.2, "grid": [0.1, 0.3, 1.0]},
        "transfer.shift_right": lambda k: {"images": np.arange(1, 5).reshape(1, 4), "side": 2},
        "transfer.first_per_class": lambda k: {
            "labels": np.array([1, 0, 1, 1, 2, 0]),
            "per_class": 2,
            "classes": [0, 1],
        },
        "transfer.accuracy": lambda k: {"model": k.model(), "x": k.x, "y": k.y},
        "throughput.robust_step_cost": lambda k: {
            "batch_sizes": [8, 16, 32],
            "seconds": [0.1, 0.2, 0.3],
        },
        "throughput.step_costs": lambda k: {"steps": steps},
        "throughput.time_settings": lambda k: {
            "models": {"a": k.model()},
            "x": k.x,
            "y": k.y,
            "batch_size": 16,
            "rounds": 1,
        },
        "claims.decide": lambda k: {"outcomes": ["as claimed"], "depends_on": "on the budget"},
        "timing.summarize_times": lambda k: {"times": times},
        "gradients.gradient_function": lambda k: {"model": k.model()},
        "gradients.flat_gradient": lambda k: {"model": k.model(), "x": k.x, "y": k.y},
        "gradients.gradient_variance": lambda k: {"model": k.model(), "x": k.x, "y": k.y},
        "progress.FinalLineBar": lambda k: {"total": 3},
        "plots.detached_figure": lambda k: {"num_axes": 1, "figsize": (4.0, 3.0)},
        "plots.plot_epoch_batches": lambda k: {"num_samples": 100, "batch_size": 32},
        "plots.one_legend": lambda k: {"figure": k.figure()},
        "plots.caption": lambda k: {"figure": k.figure(), "text": "a caption"},
        "plots.alt_text": lambda k: {"figure": k.figure()},
        "plots.placeholder": lambda k: {"ax": k.ax(), "text": "nothing yet"},
        "plots.mark_epoch": lambda k: {"ax": k.ax(), "epoch": 2.0, "label": "best"},
        "plots.legend_outside": lambda k: {"ax": k.ax()},
        "plots.shade_zones": lambda k: {"ax": k.ax(), "zones": curves.find_zones(k.curve)},
        "plots.plot_seed_curves": lambda k: {"table": seed_curves, "by": "lr"},
        "plots.plot_range_tests": lambda k: {"finders": {0: finder()}},
        "validation.is_number": lambda k: {"value": 3},
        "validation.check_int": lambda k: {"name": "count", "value": 3},
        "validation.check_number": lambda k: {"name": "rate", "value": 0.5},
        "validation.check_fraction": lambda k: {"name": "share", "value": 0.5},
        "validation.check_choice": lambda k: {
            "name": "mode",
            "value": "min",
            "allowed": ["min", "max"],
        },
        "validation.check_bool": lambda k: {"name": "flag", "value": True},
        "validation.check_figsize": lambda k: {"name": "figsize", "value": (6, 4)},
        "validation.check_text": lambda k: {"name": "desc", "value": "fits", "example": "'fits'"},
        "validation.check_training_metrics": lambda k: {"value": ("loss",), "name": "metrics"},
        "validation.check_seed": lambda k: {"name": "seed", "value": 3},
        "validation.check_int_list": lambda k: {"name": "sizes", "value": [16, 64]},
        "validation.check_shape": lambda k: {"name": "shape", "value": (8,)},
        "validation.check_finite_array": lambda k: {"name": "data", "value": [0.5, 1.0]},
        "validation.check_curve": lambda k: {"name": "curve", "value": [0.5, 0.4]},
        "validation.check_same_length": lambda k: {"x": [1, 2], "y": [3, 4]},
        "validation.check_noise_table": lambda k: {
            "name": "table",
            "table": frame(batch_size=[1, 2], noise=[2.1, 0.9], noise_sem=[0.1, 0.1]),
        },
        "text.wrap": lambda k: {"text": "a line", "width": 40},
        "paths.project_root": lambda k: {"start": ROOT},
        "paths.is_writable": lambda k: {"folder": Path("/tmp")},
        "paths.runs_root": lambda k: {"create": False},
        "datasets.split_data": lambda k: {"x": k.x, "y": k.y},
        "datasets.load_digits": lambda k: {},
        "datasets.make_moons": lambda k: {"num_samples": 100},
        "datasets.make_spirals": lambda k: {"num_samples": 90},
        "datasets.make_regression_1d": lambda k: {"num_samples": 50},
        "plots.plot_iterations": lambda k: {"runs": IterationHistory()},
        "seeds.over_seeds": lambda k: {"train": lambda seed: {"acc": seed}},
    }


@functools.cache
def good_calls() -> dict[str, Callable[[Kit], dict[str, Any]]]:
    """``name`` -> a function of the Kit that makes a good call's arguments: the hand list's
    good arguments (tests/hostile.py) where it has them, this file's own table otherwise."""
    import hostile  # tests/hostile.py

    out: dict[str, Callable[[Kit], dict[str, Any]]] = {}
    for helper, _function, good, _bad, needs_model in hostile.specs():
        if " (" in helper:
            continue

        def make(kit: Kit, good: dict = good, needs_model: bool = needs_model) -> dict:
            made = {k: v.make() if isinstance(v, hostile.Lazy) else v for k, v in good.items()}
            return {"model": kit.model(), **made} if needs_model else made

        out[helper] = make
    out.update(_own_good_calls())
    return out


@functools.cache
def questions() -> dict[str, dict[str, Any]]:
    """Each check's question (its keyword arguments), from tests/test_checks_never_raise.py."""
    from test_checks_never_raise import QUESTIONS

    return {f"check.{name}": dict(values) for name, values in QUESTIONS.items()}


def missing_good_calls() -> list[str]:
    """Public callables that no good call covers (a new one must get an entry)."""
    covered = set(good_calls()) | set(questions()) | set(EXEMPT) | {"check.identical_weights"}
    found = {**public_callables.__wrapped__(), **checks.__wrapped__()}  # not the cached lists
    return sorted(n for n, f in found.items() if n not in covered and _parameters(f))


def _lookup(name: str) -> Any:
    return public_callables().get(name) or checks()[name]


def _parameters(function: Any) -> list[inspect.Parameter]:
    """The arguments one can name (not *args and **kwargs)."""
    kinds_ = (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
    return [p for p in inspect.signature(function).parameters.values() if p.kind not in kinds_]


def _hints(function: Any) -> dict[str, Any]:
    target = function.__init__ if inspect.isclass(function) else function
    return typing.get_type_hints(target)


# -- the cases -------------------------------------------------------------------------------

LEARNER = {"answer", "history", "histories", "first", "second"}  # what a check judges


@dataclass(frozen=True)
class Case:
    """One call of ``name`` with one argument replaced by a bad value."""

    name: str
    argument: str
    index: int  # which of the argument's bad values (values are not all hashable)
    value: Any

    @property
    def id(self) -> str:
        return f"{self.name}-{self.argument}#{self.index}={describe(self.value)}"

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.name, self.argument, describe(self.value))


def cases() -> list[Case]:
    """Every (callable, argument, bad value): the callables with a good call, the checks'
    question arguments included (their learner argument is fuzzed by ``check_cases``)."""
    out = []
    good = good_calls()
    names = [*public_callables(), *checks()]
    for name in names:
        if name in EXEMPT or (name not in good and not name.startswith("check.")):
            continue
        function = _lookup(name)
        hints = _hints(function)
        heavy = "model" in {k for hint in hints.values() for k in kinds(hint)[0]}
        for parameter in _parameters(function):
            if parameter.name in LEARNER and name.startswith("check."):
                continue
            hint = hints.get(parameter.name, Any)
            values = bad_values(hint)
            if heavy:  # a call that trains: a sample of the values keeps the fuzz within 60 s
                values = [*values[:3], *HOSTILE[:2]]
            for index, value in enumerate(values):
                out.append(Case(name, parameter.name, index, value))
    return out


def _good_arguments(name: str, kit: Kit) -> dict[str, Any]:
    if name.startswith("check."):
        question = questions().get(name, {})
        function = _lookup(name)
        learner = [p.name for p in _parameters(function) if p.name in LEARNER]
        return {**dict.fromkeys(learner), **question}
    return good_calls()[name](kit)


# Accepted although the hint alone would rule them out: each with the reason it is legal.
LEGAL: dict[tuple[str, str, str], str] = {
    ("validation.check_int", "minimum", "-1"): "a range may start below zero",
    ("validation.check_int_list", "minimum", "-1"): "a range may start below zero",
    ("seeds.over_seeds", "seeds", "[16, 0]"): "0 is a seed: seeds run from 0 to 2**32 - 1",
    ("models.mlp", "widths", "[]"): "no hidden layer: a linear model, as mlp's docstring says",
    ("plots.plot_range_tests", "highlight", "[]"): "no rates to shade, as the default () says",
}
# Legal for every argument of a callable (or of every callable of a module, name "module.*").
LEGAL_ARGUMENTS: dict[tuple[str, str], str] = {
    ("validation.is_number", "value"): "it answers whether any value is a number",
    ("validation.*", "name"): "the label a validator puts in its message; any text will do",
}


class Timeout(BaseException):  # not Exception: a check's "except Exception" must not hide it
    """A call ran past TIME_LIMIT."""


@contextlib.contextmanager
def time_limit(seconds: float):
    """Raise Timeout in the calling thread after ``seconds`` (SIGALRM; the main thread only)."""

    def stop(signum: int, frame: Any) -> None:
        raise Timeout(f"no answer in {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _label(case: Case, arguments: dict[str, Any]) -> str:
    """What the message must name: the argument, or for a validator the name it was given."""
    if case.name.startswith("validation.") and case.argument in ("value", "table"):
        return str(arguments.get("name", "value"))
    return case.argument


def _legal(case: Case) -> str | None:
    module = case.name.split(".")[0]
    for key in ((case.name, case.argument), (f"{module}.*", case.argument)):
        if key in LEGAL_ARGUMENTS:
            return LEGAL_ARGUMENTS[key]
    return LEGAL.get(case.key)


def outcome(case: Case, kit: Kit | None = None) -> tuple[str, str]:
    """How the case ends (see the module docstring) and the message, if any."""
    import matplotlib.pyplot as plt

    kit = kit or Kit()
    arguments = _good_arguments(case.name, kit)
    arguments[case.argument] = case.value
    model = next((v for v in arguments.values() if _is_model(v)), None)
    try:
        with time_limit(TIME_LIMIT):
            _lookup(case.name)(**arguments)
    except Timeout as err:
        return "hangs", str(err)
    except (ValueError, TypeError) as err:
        message = _text(err)
        trained = model is not None and int(model.optimizer.iterations) > 0
        label = _label(case, arguments)
        named = re.search(rf"(?<![\w]){re.escape(label)}(?![\w])", message)
        if not (named and "must" in message):
            return "unclear", f"{type(err).__name__}: {message}"
        return ("late" if trained else "clear"), message
    except Exception as err:  # noqa: BLE001 - anything else is what the fuzz counts
        return "unclear", f"{type(err).__name__}: {_text(err)}"
    finally:
        plt.close("all")
    reason = _legal(case)
    return ("legal", reason) if reason else ("silent", "")


def _is_model(value: Any) -> bool:
    return type(value).__name__ in ("Functional", "Sequential", "Model") and hasattr(
        value, "optimizer"
    )


def _text(err: BaseException) -> str:
    try:
        return str(err)
    except Exception:  # noqa: BLE001
        return f"<{type(err).__name__} whose message raises>"


# -- the checks' learner argument ------------------------------------------------------------


class FakeHistory:
    """A hand-built History: what a learner may pass instead of model.fit's return value."""

    def __init__(self, logs: Any, epochs: int = 3, model: Any = None) -> None:
        self.history = logs
        self.epoch = list(range(epochs))
        self.params = {"epochs": epochs, "steps": 2, "verbose": 0}
        self.model = model

    def __repr__(self) -> str:
        return f"FakeHistory({describe(self.history)})"


class RaisingHistory(FakeHistory):
    """A History whose attribute access raises ``error`` (not only AttributeError)."""

    def __init__(self, error: type[BaseException]) -> None:
        self.error = error

    def __getattribute__(self, name: str) -> Any:
        if name in ("__class__", "__repr__", "error", "__dict__"):
            return object.__getattribute__(self, name)
        raise object.__getattribute__(self, "error")(f"no {name} today")

    def __repr__(self) -> str:
        return f"RaisingHistory({object.__getattribute__(self, 'error').__name__})"


class BadLogs(dict):
    """A History's logs whose item access raises."""

    def __getitem__(self, key: Any) -> Any:
        raise RuntimeError("logs are broken")

    def get(self, key: Any, default: Any = None) -> Any:
        raise RuntimeError("logs are broken")


def _logs(**metrics: Any) -> dict[str, Any]:
    base = {"loss": [NAN] * 3, "val_loss": [NAN] * 3}  # only nonsense: nothing to judge right
    base.update(metrics)
    return base


@functools.cache
def learner_objects() -> list[tuple[str, Any]]:
    """Nonsense a learner may hand a check: none of it may be judged correct."""
    huge = [0.001] * 200_000
    histories = [
        ("val_accuracy 5.0", FakeHistory(_logs(val_accuracy=[5.0, 5.0, 5.0], accuracy=[5.0] * 3))),
        ("val_accuracy True", FakeHistory(_logs(val_accuracy=[True] * 3, accuracy=[True] * 3))),
        ("val_accuracy -1", FakeHistory(_logs(val_accuracy=[-1.0] * 3, accuracy=[-1.0] * 3))),
        ("val_loss -5", FakeHistory(_logs(val_loss=[-5.0] * 3, loss=[-5.0] * 3))),
        ("val_loss NaN", FakeHistory(_logs(val_loss=[NAN] * 3, loss=[NAN] * 3))),
        ("val_loss True", FakeHistory(_logs(val_loss=[True] * 3, loss=[True] * 3))),
        ("val_loss endless", FakeHistory(_logs(val_loss=_endless(), loss=_endless()))),
        (
            "val_accuracy endless",
            FakeHistory(_logs(val_accuracy=_endless(), accuracy=_endless())),
        ),
        ("every metric endless", FakeHistory(_EndlessLogs())),
        ("val_loss __len__ raises", FakeHistory(_logs(val_loss=BadLen(), loss=BadLen()))),
        ("val_loss __iter__ raises", FakeHistory(_logs(val_loss=BadIter(), loss=BadIter()))),
        ("logs raise", FakeHistory(BadLogs(val_loss=[0.1]))),
        (
            "huge run",
            FakeHistory(
                _logs(val_loss=huge, loss=huge, val_accuracy=[1.0] * 200_000), epochs=200_000
            ),
        ),
        ("attribute raises RuntimeError", RaisingHistory(RuntimeError)),
        ("attribute raises KeyError", RaisingHistory(KeyError)),
        ("attribute raises ZeroDivisionError", RaisingHistory(ZeroDivisionError)),
        ("attribute raises ValueError", RaisingHistory(ValueError)),
    ]
    others = [
        ("None", None),
        ("__len__ raises", BadLen()),
        ("__iter__ raises", BadIter()),
        ("__getattr__ raises", BadGetattr()),
        ("__repr__ raises", BadRepr()),
        ("endless generator", _endless()),
        ("dict of metrics", _logs()),
        ("10**400", HUGE),
        ("NaN", NAN),
        ("True", True),
        ("ragged", [[1.0], [2.0, 3.0]]),
        ("0-d array", np.array(0.5)),
    ]
    lists = [
        ("list of raising Histories", [RaisingHistory(RuntimeError)] * 2),
        ("list of endless Histories", [histories[6][1], histories[7][1]]),
        ("list of val_loss -5", [histories[3][1]] * 2),
    ]
    return histories + others + lists


class _EndlessLogs(dict):
    """Logs that hold an endless generator for any metric."""

    def __getitem__(self, key: Any) -> Any:
        return _endless()

    def __contains__(self, key: Any) -> bool:
        return True

    def get(self, key: Any, default: Any = None) -> Any:
        return _endless()

    def __iter__(self):
        return iter(["loss", "val_loss", "accuracy", "val_accuracy"])

    def keys(self):  # type: ignore[override]
        return ["loss", "val_loss", "accuracy", "val_accuracy"]


_KIT = Kit()  # the checks' questions hold no model: one Kit serves them all


@dataclass(frozen=True)
class CheckCase:
    """One check given one learner object in place of its learner argument(s)."""

    name: str
    label: str
    position: int  # index into learner_objects()

    @property
    def id(self) -> str:
        return f"{self.name}-{self.label}"

    @property
    def key(self) -> tuple[str, str]:
        return (self.name, self.label)


def check_cases() -> list[CheckCase]:
    """Every check with every learner object."""
    objects = learner_objects()
    return [
        CheckCase(name, label, i)
        for name in checks()
        if name not in EXEMPT
        for i, (label, _) in enumerate(objects)
    ]


def check_outcome(case: CheckCase) -> tuple[str, str]:
    """``returns`` (a verdict, not correct), ``wrong verdict``, ``raises`` or ``hangs``."""
    from course.check import CheckResult

    value = learner_objects()[case.position][1]
    arguments = _good_arguments(case.name, _KIT)
    for name in [p.name for p in _parameters(_lookup(case.name)) if p.name in LEARNER]:
        arguments[name] = value
    try:
        with time_limit(TIME_LIMIT):
            verdict = _lookup(case.name)(**arguments)
            text = repr(verdict)
    except Timeout as err:
        return "hangs", str(err)
    except BaseException as err:  # noqa: BLE001 - a check must never raise
        return "raises", f"{type(err).__name__}: {_text(err)}"
    if not isinstance(verdict, CheckResult):
        return "raises", f"returned {type(verdict).__name__}, not a CheckResult"
    if verdict.correct:
        return "wrong verdict", text
    return "returns", text


# -- known failures --------------------------------------------------------------------------

KNOWN_FILE = Path(__file__).with_name("fuzz_known.txt")
# Modules rewritten by others while this fuzz was written: their defects go to the lead.
OTHERS = ("transfer", "throughput", "timing", "claims", "lesson08", "lesson09", "lesson10")


def known() -> dict[str, str]:
    """Case id -> why it still fails (tests/fuzz_known.txt: one ``id<TAB>reason`` a line)."""
    if not KNOWN_FILE.exists():
        return {}
    lines = KNOWN_FILE.read_text().splitlines()
    return dict(line.split("\t", 1) for line in lines if line and not line.startswith("#"))


def key_of(case_id: str) -> tuple[str, str]:
    """(callable, argument or learner object) of a case id."""
    name, rest = case_id.split("-", 1)
    return name, rest.split("=", 1)[0].split("#", 1)[0]


def owner(name: str) -> str:
    """Who fixes a case of ``name``: the lead (a module others own) or this fuzz's author."""
    module = getattr(_lookup(name), "__module__", "")
    return "lead" if any(part in module for part in OTHERS) else "left"


def write_known() -> None:
    """Write every case that is not clear (or does not return) to tests/fuzz_known.txt."""
    kit, rows = Kit(), []
    for case in cases():
        kind, message = outcome(case, kit)
        if kind not in ("clear", "legal"):
            rows.append((case.id, f"{owner(case.name)}: {kind}: {message[:100]}"))
    for case in check_cases():
        kind, message = check_outcome(case)
        if kind != "returns":
            rows.append((case.id, f"{owner(case.name)}: {kind}: {message[:100]}"))
    clean = [(i, " ".join(r.split())) for i, r in rows]
    header = (
        "# Cases of tests/fuzz.py that still fail, run as strict xfails by "
        "tests/test_fuzz_signatures.py.\n# 'lead': in a module others owned when the fuzz was "
        "written; 'left': not fixed yet. Regenerate: python tests/fuzz.py --known\n"
    )
    KNOWN_FILE.write_text(header + "".join(f"{i}\t{r}\n" for i, r in clean))


# -- the table -------------------------------------------------------------------------------


def table(show: bool = True) -> tuple[Counter, Counter]:
    """The counts (helpers' and checks' arguments; checks' learner objects); prints each case
    that is not clear when ``show``."""
    import time

    kit = Kit()
    helpers, verdicts, seconds = Counter(), Counter(), Counter()
    for case in cases():
        start = time.perf_counter()
        kind, message = outcome(case, kit)
        seconds[case.name] += time.perf_counter() - start
        helpers[kind] += 1
        if show and kind not in ("clear", "legal"):
            print(f"{kind:>8}  {case.id}  {message[:150]}")
    for case in check_cases():
        kind, message = check_outcome(case)
        verdicts[kind] += 1
        if show and kind != "returns":
            print(f"{kind:>14}  {case.id}  {message[:150]}")
    if show:
        print("slowest:", ", ".join(f"{n} {s:.1f} s" for n, s in seconds.most_common(12)))
    return helpers, verdicts


if __name__ == "__main__":
    import os
    import sys
    import time

    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "tests"))
    os.environ.setdefault("COURSE_RUNS_DIR", "/tmp/course-fuzz-runs")
    os.environ["COURSE_OFFLINE"] = "1"
    os.environ.setdefault("MPLBACKEND", "Agg")
    import course

    course.setup(seed=0)
    if "--known" in sys.argv:
        write_known()
        sys.exit(0)
    start = time.perf_counter()
    helpers, verdicts = table(show="--table" in sys.argv or "-v" in sys.argv)
    print(f"\n{sum(helpers.values())} bad inputs to {len({c.name for c in cases()})} callables:")
    for key in ("clear", "legal", "unclear", "silent", "late", "hangs"):
        print(f"  {key}: {helpers[key]}")
    print(f"{sum(verdicts.values())} learner objects to {len(checks())} checks:")
    for key in ("returns", "raises", "hangs", "wrong verdict"):
        print(f"  {key}: {verdicts[key]}")
    print(f"in {time.perf_counter() - start:.1f} s")
