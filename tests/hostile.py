"""Hostile but realistic inputs for every public helper: the cases and how each one ends.

Shared by ``tests/test_hostile_inputs.py`` (which requires every case to end in the promised
error) and anyone who wants the counts (``python tests/hostile.py`` prints the table).
A case ends in one of:

- ``promised``: a ``ValueError`` that names the argument and says what is allowed ("must"),
  raised before any training (the model's update counter is still 0);
- ``unclear``: any other error, or a message that does not name the argument (or says it got
  None when it did not);
- ``accepted``: no error at all;
- ``after training``: the promised error, but only after some training.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

NAN, INF = float("nan"), float("inf")
INT_BAD = [0, -1, 1.5, "3", True, None, NAN, [2]]
HUGE = 10**400  # a count no training run can reach
NONNEG_INT_BAD = [-1, 1.5, "3", True, None, NAN]
NUMBER_BAD = [-1, NAN, INF, "0.1", True, None, 10**400, 1j]
FRACTION_BAD = [-0.1, 1.0, 1.5, NAN, "0.2", True, None]
CURVE_BAD = [[], 0.5, "abc", [[0.5, 0.4]], [0.5, NAN], None, ["a", "b"], [[0.5], [0.4, 0.3]]]
CHOICE_BAD = ["nope", None, 3, ["x"]]
INT_LIST_BAD = [[], "16", 16, [16, 0], [16, 2.5], None, [True], np.array(16)]
BOOL_BAD = ["yes", 1, None]
SHAPE_BAD = [(), (0,), "64", 64, (True,), (8.0,), None]


@dataclass(frozen=True)
class Case:
    """One call with one bad argument."""

    helper: str
    argument: str
    value: Any
    call: Callable[[Any], Any]  # given the model (or None), makes the call
    needs_model: bool = False  # a fresh model is built when the case runs, not at collection

    @property
    def id(self) -> str:
        text = repr(self.value)
        return f"{self.helper}-{self.argument}={text[:24]}"


def _small_model() -> Any:
    import keras

    import course

    keras.utils.set_random_seed(0)
    model = course.models.mlp((8,), widths=(4,), num_outputs=3)
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    return model


Spec = tuple[str, Callable[..., Any], dict[str, Any], dict[str, list[Any]], bool]


def specs() -> list[Spec]:
    """Each helper's good arguments and the bad values tried for each argument (also the
    good calls that ``tests/fuzz.py`` starts from)."""
    import course
    from course import (
        check,
        claims,
        curves,
        datasets,
        gradients,
        history,
        iterations,
        models,
        paths,
        plots,
        progress,
        seeds,
        stopping,
        throughput,
        timing,
        transfer,
        widgets,
    )
    from course.callbacks import EpochScores, LivePlot, StopWhenBelow, ValidationPass
    from course.lr_finder import LearningRateRangeTest, suggest_learning_rate

    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(40, 8)).astype("float32"), rng.integers(0, 3, size=40)
    curve = [0.9, 0.6, 0.5, 0.55, 0.7]
    # Built without calling the helpers under test: under mutation testing a mutant of
    # over_seeds or compare would otherwise break the collection of every case.
    seed_table = pd.DataFrame({"seed": [0, 1, 2], "acc": [0.0, 0.1, 0.2]})
    comparison = seeds.Comparison(metric="acc", names=("a", "b"), a=(0.1, 0.2), b=(0.3, 0.4))
    # lessons 02-04's helpers: their good arguments, and inputs spoilt in one place
    x_nan = x.copy()
    x_nan[3, 2] = NAN
    ragged = [[0.1, 0.2], [0.3]]
    flips, labels = [False, True, False, True], [0, 1, 2, 0]
    scored = pd.DataFrame({"val_loss": curve, "test_loss": [1.0, 0.8, 0.7, 0.75, 0.9]})
    losses = rng.uniform(size=(3, 6))
    measured = pd.DataFrame({"batch_size": [1, 2], "noise": [2.1, 0.9], "noise_sem": [0.1, 0.1]})
    measured4 = measured.assign(batch_size=[1, 4])
    speeds = pd.DataFrame({"batch_size": [31, 32, 33], "samples_per_s": [90.0, 120.0, 100.0],
                           "samples_per_s_q1": [85.0, 110.0, 95.0],
                           "samples_per_s_q3": [95.0, 125.0, 112.0]})  # fmt: skip
    replays = pd.DataFrame({"setting": ["patience=1", "patience=1", "patience=3"],
                            "seed": [0, 1, 0], "kept epoch": [2, 3, 2],
                            "epochs run": [3, 4, 5]})  # fmt: skip
    return [
        ("iterations.training_samples", iterations.training_samples,
         {"num_samples": 100, "validation_split": 0.2},
         {"num_samples": INT_BAD, "validation_split": FRACTION_BAD}, False),
        ("iterations.iterations_per_epoch", iterations.iterations_per_epoch,
         {"num_samples": 100, "batch_size": 32}, {"batch_size": INT_BAD}, False),
        ("iterations.batch_sizes", iterations.batch_sizes,
         {"num_samples": 100, "batch_size": 32}, {"num_samples": INT_BAD, "batch_size": INT_BAD},
         False),
        ("datasets.load", datasets.load, {"name": "moons"}, {"name": CHOICE_BAD}, False),
        ("datasets.load_digits", datasets.load_digits, {},
         {"val_fraction": FRACTION_BAD, "seed": NONNEG_INT_BAD, "images": BOOL_BAD}, False),
        ("datasets.make_moons", datasets.make_moons, {"num_samples": 100},
         {"num_samples": INT_BAD, "noise": NUMBER_BAD, "label_noise": FRACTION_BAD,
          "seed": NONNEG_INT_BAD}, False),
        ("datasets.make_spirals", datasets.make_spirals, {"num_samples": 90},
         {"classes": INT_BAD, "turns": NUMBER_BAD, "noise": NUMBER_BAD}, False),
        ("datasets.make_regression_1d", datasets.make_regression_1d, {"num_samples": 50},
         {"noise": NUMBER_BAD, "seed": NONNEG_INT_BAD}, False),
        ("datasets.split_data", datasets.split_data, {"x": x, "y": y},
         {"val_fraction": FRACTION_BAD, "test_fraction": FRACTION_BAD,
          "flipped": [np.ones(40), np.ones(39, bool), "yes", [1] * 40]}, False),
        ("datasets.load_mnist", datasets.load_mnist, {"kind": "mnist"},
         {"kind": CHOICE_BAD, "val_fraction": FRACTION_BAD}, False),
        ("models.mlp", models.mlp, {"input_shape": (8,)},
         {"input_shape": SHAPE_BAD, "widths": [[0], "8", 8, [2.5], None], "num_outputs": INT_BAD,
          "task": CHOICE_BAD, "dropout": FRACTION_BAD, "l2": NUMBER_BAD,
          "activation": ["relux", 3]}, False),
        ("models.small_cnn", models.small_cnn, {},
         {"input_shape": [*SHAPE_BAD, (8, 8)], "filters": INT_LIST_BAD, "dense": INT_BAD,
          "dropout": FRACTION_BAD}, False),
        ("curves.find_zones", curves.find_zones, {"val_loss": curve},
         {"val_loss": CURVE_BAD, "tolerance": [0, 1, NAN, "0.1", True, None]}, False),
        ("curves.zones_table", curves.zones_table, {"runs": {"a": {"val_loss": curve}}},
         {"runs": [3, {}, None, "abc", {"a": {"loss": curve}}], "tolerance": [0, NAN, None]},
         False),
        ("stopping.replay_early_stopping", stopping.replay_early_stopping,
         {"val_loss": curve, "patience": 2},
         {"val_loss": CURVE_BAD, "patience": NONNEG_INT_BAD, "min_delta": NUMBER_BAD,
          "mode": CHOICE_BAD, "start_from_epoch": NONNEG_INT_BAD,
          "baseline": [NAN, INF, "0.5", True]}, False),
        ("history.best_epoch", history.best_epoch, {"values": curve},
         {"values": [[], "abc", None, [[0.5]], [NAN, NAN]], "mode": CHOICE_BAD}, False),
        ("history.epochs_to_target", history.epochs_to_target,
         {"values": curve, "target": 0.6},
         {"values": [[], "abc", None, [[0.5]], 0.5], "target": [NAN, INF, "0.6", None, True, 1j],
          "mode": CHOICE_BAD}, False),
        ("lr_finder.LearningRateRangeTest", LearningRateRangeTest, {},
         {"start": [*NUMBER_BAD, 0], "stop": [*NUMBER_BAD, 0, 1e-5],
          "num_steps": [*INT_BAD, 1], "diverge_factor": [*NUMBER_BAD, 1, 0.5],
          "smoothing": FRACTION_BAD}, False),
        ("lr_finder.suggest_learning_rate", suggest_learning_rate,
         {"learning_rates": [0.01, 0.1, 1.0], "losses": [2.0, 1.0, 3.0]},
         {"learning_rates": [[], "abc", None, [0.1, 0.01, 1.0], [-1, 0.1, 1.0], [[0.1, 1, 2]],
                             [0.1, 1.0], [0.1, NAN, 1.0], 0.1],
          "losses": ["abc", None, [1.0, 2.0], [[1.0, 2.0, 3.0]], [NAN, 1.0, 2.0], 2.0],
          "method": CHOICE_BAD, "smoothing": FRACTION_BAD}, False),
        ("history.as_history", history.as_history, {"run": {"loss": curve}},
         {"run": [3, None, [0.5], {"loss": 0.5}]}, False),
        ("plots.plot_learning_curves", plots.plot_learning_curves,
         {"runs": {"loss": curve, "val_loss": curve}},
         {"runs": [3, None, {}, [0.5]], "metric": ["accuracy", 3, None, ""]}, False),
        ("plots.plot_iterations", plots.plot_iterations,
         {"runs": Lazy(course.callbacks.IterationHistory)},
         {"runs": [3, {"loss": curve}, None], "x": CHOICE_BAD}, False),
        ("seeds.over_seeds", seeds.over_seeds, {"train": lambda seed: {"acc": seed}},
         {"train": [3, None, "train"],
          "seeds": [[], "0", 0, [0, 0], [-1], [1.5], None, [True], np.array(3)]}, False),
        ("seeds.summarize", seeds.summarize, {"table": seed_table, "metric": "acc"},
         {"table": [3, None, {"acc": [1, 2]}], "metric": ["nope", None, 3, "seed2"],
          "by": ["nope", 3, ["seed", "nope"], "acc"]}, False),
        ("seeds.compare", seeds.compare, {"a": [0.1, 0.2], "b": [0.3, 0.4], "metric": "acc"},
         {"a": [[], [0.5], "abc", None, [0.5, NAN], 0.5, [[0.1, 0.2]], {"x": 1}],
          "b": [[INF, 1.0], ["a", "b"]], "metric": ["", None, 3],
          "names": [("a",), None, "ab", (1, 2)], "digits": [-1, 11, 1.5, True, None]}, False),
        ("plots.plot_seed_spread", plots.plot_seed_spread,
         {"table": seed_table, "x": "seed", "metric": "acc"},
         {"x": ["nope", None, 3], "metric": ["nope", None], "table": [None, 3]}, False),
        ("progress.progress_bar", progress.progress_bar, {"total": 3}, {"total": INT_BAD[1:]},
         False),
        ("paths.run_dir", paths.run_dir, {"name": "x"},
         {"name": ["..", ".", "../x", "", "a/b", None, 3]}, False),
        ("env.setup", course.env.setup, {}, {"seed": NONNEG_INT_BAD, "deterministic": BOOL_BAD},
         False),
        ("gradients.expected_noise", gradients.expected_noise, {"sigma2": 1.0, "batch_size": 4},
         {"sigma2": NUMBER_BAD, "batch_size": INT_BAD, "num_samples": [1, 0, 2.5, "9", 3]},
         False),
        ("callbacks.LivePlot", LivePlot, {},
         {"metrics": ["loss", (), None, ("val_loss",), (3,)], "every": INT_BAD,
          "figsize": [(0, 0), (NAN, 3), "big", (4,), (-1, 3)],
          "save_path": ["x.xyz", 3, "/tmp/outside.png", "../up.png"],
          "recorder": [3, "rec"], "overwrite": BOOL_BAD,
          "compare_with": [3, "run", {"a": 3}, {"a": {"loss": "x"}}, [1, 2]],
          "name": [3, None], "show": [3, "plot"]}, False),
        ("widgets.EpochExplorer", widgets.EpochExplorer, {},
         {"num_samples": [*INT_BAD, 10**7], "batch_size": [*INT_BAD, 10**7],
          "validation_split": [*FRACTION_BAD, 0.95], "epochs": [*INT_BAD, 101]}, False),
        ("widgets.TrainingPlayground", widgets.TrainingPlayground, {"train": print},
         {"train": [None, 3, "fit"], "batch_size": INT_BAD,
          "learning_rate": [*NUMBER_BAD, 0, 4.0], "epochs": [*INT_BAD, 101],
          "metrics": ["loss", (), ("val_loss",)],
          "runs": [3, {"a": 3}, {"a": {"loss": 1}}, {"a": {"val_loss": [1.0]}}]},
         False),
        ("timing.time_epochs", timing.time_epochs,
         {"x": x, "y": y, "batch_sizes": [8], "epochs": 1, "progress": False},
         {"batch_sizes": INT_LIST_BAD, "epochs": [*INT_BAD, HUGE], "rounds": [*INT_BAD, HUGE],
          "progress": BOOL_BAD, "y": [y[:5], None]}, True),
        ("timing.epoch_times", timing.epoch_times,
         {"x": x, "y": y, "batch_sizes": [8], "epochs": 1, "rounds": 1, "progress": False},
         {"batch_sizes": INT_LIST_BAD, "epochs": [*INT_BAD, HUGE], "rounds": [*INT_BAD, HUGE],
          "alternate": BOOL_BAD, "progress": BOOL_BAD, "y": [y[:5], None]}, True),
        ("gradients.gradient_noise", gradients.gradient_noise,
         {"x": x, "y": y, "batch_sizes": [2], "num_batches": 2},
         {"batch_sizes": INT_LIST_BAD, "num_batches": [1, 0, 2.5, True, None, HUGE],
          "replace": BOOL_BAD, "seed": NONNEG_INT_BAD, "loss": [3, "no_such_loss", None]}, True),
        ("throughput.dense_flops", throughput.dense_flops, {"model": None},
         {"model": [None, "mlp", 3, [1, 2]]}, False),
        ("throughput.matmul_rate", throughput.matmul_rate, {"size": 8, "repeats": 1},
         {"size": [*INT_BAD, HUGE], "repeats": [*INT_BAD, HUGE]}, False),
        ("throughput.time_steps", throughput.time_steps, {"x": x, "y": y, "batch_size": 8},
         {"batch_size": [*INT_BAD, HUGE], "steps": [3, *INT_BAD, HUGE], "y": [y[:5], None],
          "x": [x[:0]]}, True),
        ("throughput.step_cost", throughput.step_cost,
         {"batch_sizes": [8, 16], "seconds": [0.1, 0.2]},
         {"batch_sizes": [*INT_LIST_BAD, [8, 8]],
          "seconds": [[0.1], [NAN, 0.2], "ab", None, [[0.1, 0.2]], [INF, 0.1]]}, False),
        ("throughput.robust_step_cost", throughput.robust_step_cost,
         {"batch_sizes": [8, 16], "seconds": [0.1, 0.2]},
         {"batch_sizes": [*INT_LIST_BAD, [8, 8]],
          "seconds": [[0.1], [NAN, 0.2], "ab", None, [[0.1, 0.2]], [INF, 0.1]]}, False),
        ("throughput.step_costs", throughput.step_costs,
         {"steps": None},
         {"steps": [None, "steps", 3, [1, 2], {"round": [1]}]}, False),
        ("throughput.time_settings", throughput.time_settings,
         {"models": Lazy(lambda: {"m": _small_model()}), "x": x, "y": y, "batch_size": 4},
         {"models": [None, {}, [1, 2], {"m": None}, {"m": "model"}],
          "batch_size": [*INT_BAD, HUGE], "rounds": [*INT_BAD, HUGE],
          "y": [y[:5], None]}, False),
        ("check.iterations_per_epoch (question)", check.iterations_per_epoch,
         {"answer": 4, "num_samples": 100, "batch_size": 32},
         {"num_samples": INT_BAD, "batch_size": INT_BAD, "validation_split": FRACTION_BAD}, False),
        ("check.epoch_fraction (question)", check.epoch_fraction,
         {"answer": 1, "iteration": 3, "num_samples": 100, "batch_size": 32},
         {"iteration": INT_BAD}, False),
        ("check.noise_ratio (question)", check.noise_ratio,
         {"answer": 4, "batch_size": 8, "other_batch_size": 32},
         {"batch_size": INT_BAD, "num_samples": [1, 8, 2.5, "9"]}, False),
        ("check.scaled_learning_rate (question)", check.scaled_learning_rate,
         {"answer": 1, "base_learning_rate": 0.1, "base_batch_size": 32, "batch_size": 64},
         {"base_learning_rate": NUMBER_BAD + [0]}, False),
        ("check.training_time (question)", check.training_time,
         {"answer": 1, "seconds_per_epoch": 0.2, "epochs": 5},
         {"seconds_per_epoch": NUMBER_BAD + [0], "epochs": INT_BAD}, False),
        ("check.fit_zone (question)", check.fit_zone,
         {"answer": "neither", "val_loss": curve, "epoch": 2},
         {"val_loss": CURVE_BAD, "epoch": [*INT_BAD, 99]}, False),
        ("check.early_stopping (question)", check.early_stopping,
         {"answer": (4, 3), "val_loss": curve, "patience": 1},
         {"val_loss": CURVE_BAD, "patience": NONNEG_INT_BAD, "min_delta": NUMBER_BAD}, False),
        ("check.retrain_epochs (question)", check.retrain_epochs,
         {"answer": 10, "best_epoch": 20, "train_samples": 160, "total_samples": 280,
          "batch_size": 16},
         {"best_epoch": INT_BAD, "total_samples": [100, *INT_BAD]}, False),
        ("claims.shows", claims.shows,
         {"comparison": comparison, "expected": "higher"},
         {"comparison": [None, 3, "c", (0.1, 0.2)], "expected": [*CHOICE_BAD, "bigger"]}, False),
        ("claims.verdict", claims.verdict, {"holds": [True], "depends_on": "on the seed"},
         {"holds": [[], "ab", None, 3, [1, 0], [True, None], {"a": True}],
          "depends_on": ["", "   ", None, 3]}, False),
        ("claims.outcome", claims.outcome,
         {"comparison": comparison, "expected": "higher"},
         {"comparison": [None, 3, "c", (0.1, 0.2)], "expected": [*CHOICE_BAD, "bigger"]}, False),
        ("claims.decide", claims.decide,
         {"outcomes": ["as claimed"], "depends_on": "on the seed"},
         {"outcomes": [[], "as claimed", None, 3, [True], ["maybe"], {"a": 1}],
          "depends_on": ["", "   ", None, 3]}, False),
        ("check.samples_per_epoch (question)", check.samples_per_epoch,
         {"answer": 1, "num_samples": 100, "batch_size": 32},
         {"num_samples": INT_BAD, "batch_size": INT_BAD}, False),
        ("check.majority_accuracy (question)", check.majority_accuracy,
         {"answer": 0.9, "majority": 90, "minority": 10},
         {"majority": INT_BAD, "minority": [*INT_BAD, 91]}, False),
        ("check.line_fit (question)", check.line_fit,
         {"history": None, "x_grid": [0.0, 1.0], "slope": 2.0, "intercept": 1.0,
          "max_distance": 0.1},
         {"x_grid": [[], "abc", None, [[1.0, 2.0], [3.0, 4.0]], [0.5], [NAN, 1.0]],
          "slope": [NAN, INF, "2", None, True], "intercept": [NAN, "1", None],
          "max_distance": [*NUMBER_BAD, 0], "max_epochs": INT_BAD}, False),
        # lesson 08: course.transfer and its checks' questions
        ("transfer.LayerRateAdam", transfer.LayerRateAdam, {"rates": {"block1": 0.1}},
         {"rates": [{}, None, "block1", {"": 0.1}, {"a": -1}, {"a": NAN}, {1: 0.1},
                    {"a": "0.1"}, [("a", 0.1)]]}, False),
        ("transfer.SetRates", transfer.SetRates, {"schedule": {1: {"a": 0.0}}},
         {"schedule": [{}, None, [1], {0: {"a": 0.0}}, {1: "a"}, {1.5: {"a": 0.0}},
                       {1: {"a": -1}}]}, False),
        ("transfer.shift_right", transfer.shift_right, {"images": np.zeros((2, 64))},
         {"images": [None, "x", [], np.zeros(64), np.zeros((2, 63)), [[NAN] * 64]],
          "side": INT_BAD}, False),
        ("transfer.first_per_class", transfer.first_per_class,
         {"labels": [0, 1, 1], "per_class": 1, "classes": [0, 1]},
         {"labels": [None, "x", [], [[0, 1]], [NAN]], "per_class": INT_BAD,
          "classes": [[], "16", 16, [16, -1], [16, 2.5], None, [True], np.array(16)]}, False),
        ("models.restart", models.restart, {"weights": []},
         {"weights": ["w", None, 3, [np.zeros(2)], {"a": 1}]}, True),
        ("models.restart (model)", models.restart, {"weights": []},
         {"model": [None, 3, "model"]}, False),
        ("check.trainable_weights (question)", check.trainable_weights,
         {"answer": None, "widths": (4,), "num_inputs": 8, "num_classes": 3, "frozen": "base"},
         {"widths": [*INT_LIST_BAD, (10_001,)], "num_inputs": INT_BAD,
          "num_classes": [*INT_BAD, 1], "frozen": CHOICE_BAD}, False),
        ("check.transfer_run (question)", check.transfer_run,
         {"history": None, "max_epochs": 5, "target_val_accuracy": 0.7},
         {"max_epochs": INT_BAD, "target_val_accuracy": [*NUMBER_BAD, 1.5]}, False),
        # lessons 02-04 (issue 25): callbacks, curves, stopping, counting, noise, timing, plots
        ("callbacks.ValidationPass", ValidationPass, {"x_val": x, "y_val": y},
         {"x_val": [None, "abc", [], 3, x[:5], x_nan, ragged],
          "y_val": [None, "abc", y[:5], y + 0.5, y - 3, y[:, None], [NAN] * 40],
          "x_train": ["abc", [], 3, x[:, :4], x_nan, ragged]}, False),
        ("callbacks.EpochScores", EpochScores, {"sets": {"val": (x, y)}},
         {"sets": [None, 3, {}, "val", [(x, y)], {"val": x}, {"val": (x, y, y)},
                   {"val": (x, y[:5])}, {"val": (x, None)}, {"val": (None, y)},
                   {"val": (x, y + 0.5)}, {"val": (x, y - 3)}, {"val": (x_nan, y)},
                   {"val": ([], [])}, {"val": ("abc", y)}]}, False),
        ("callbacks.StopWhenBelow", StopWhenBelow, {"x": x, "y": y, "target": 0.5},
         {"target": NUMBER_BAD, "x": [None, "abc", [], x[:5], x_nan, ragged],
          "y": [None, "abc", y[:5], y + 0.5, y - 3, y[:, None], [NAN] * 40]}, False),
        ("curves.labels_reproduced", curves.labels_reproduced,
         {"predicted": [[0, 1, 2, 2]], "labels": labels, "flipped": flips},
         {"predicted": [None, [], "abc", 3, np.array([[0, 1, 2, 0]]), [[0, 1]], [[0, 1, 2, NAN]],
                        [["a", "b", "c", "d"]], [None], {"a": [0, 1, 2, 0]}],
          "labels": [None, [], "abc", 3, [0, 1, 2], [0, 1, NAN, 0], [[0, 1], [2, 0]]],
          "flipped": [None, [1, 0, 1, 0], [True] * 4, [False] * 4, [True, False], "yes",
                      [[True, False], [False, True]]]}, False),
        ("stopping.trace_early_stopping", stopping.trace_early_stopping,
         {"values": curve, "patience": 2},
         {"values": CURVE_BAD, "patience": NONNEG_INT_BAD, "min_delta": NUMBER_BAD,
          "mode": CHOICE_BAD}, False),
        ("stopping.replay_table", stopping.replay_table,
         {"curves": {0: scored}, "settings": [{"patience": 1}], "scores": ["test_loss"]},
         {"curves": [None, 3, {}, [scored], {0: {"val_loss": curve}},
                     {0: scored.drop(columns="val_loss")}, {0: scored.drop(columns="test_loss")},
                     {0: scored.iloc[:0]}, {0: scored.assign(val_loss=[0.9, NAN, 0.5, 0.6, 0.7])},
                     {0: scored.assign(val_loss=list("abcde"))},
                     {0: scored.assign(test_loss=list("abcde"))}],
          "settings": [None, [], {"patience": 1}, "patience=1", [3], [{}], [{"patience": -1}],
                       [{"patience": "1"}], [{"patience": True}], [{"patience": 1, "patiense": 2}],
                       [{"patience": 1, "mode": "lowest"}], [{"patience": 1, "min_delta": NAN}],
                       [{"patience": 1, "baseline": "0.5"}]],
          "monitor": ["nope", None, 3, ""],
          "scores": ["test_loss", ["nope"], [3], None, [None], 3]}, False),
        ("stopping.selection_optimism", stopping.selection_optimism,
         {"losses": losses, "size": 2, "fixed_epoch": 1, "repeats": 5},
         {"losses": [None, "abc", [], [1.0, 2.0], [[1.0, NAN]], ragged, [[1.0]],
                     np.zeros((0, 4)), [[INF, 1.0, 2.0]], losses[None]],
          "size": [*INT_BAD, 6], "fixed_epoch": [*INT_BAD, 4], "repeats": INT_BAD,
          "seed": NONNEG_INT_BAD}, False),
        ("iterations.shuffled_passes", iterations.shuffled_passes,
         {"num_samples": 10, "length": 25},
         {"num_samples": INT_BAD, "length": INT_BAD, "seed": NONNEG_INT_BAD}, False),
        ("gradients.noise_table", gradients.noise_table,
         {"with_replacement": measured, "without_replacement": measured, "sigma2": 2.0,
          "num_samples": 3},
         {"with_replacement": [None, 3, measured.to_dict("list"),
                               measured.drop(columns="noise_sem"), measured.iloc[:0],
                               measured.assign(noise=[NAN, 0.9]), measured.assign(noise=["a", "b"]),
                               measured.assign(noise_sem=[-0.1, 0.1]),
                               measured.assign(batch_size=[1, 2.5]),
                               measured.assign(batch_size=[0, 2]), measured4],
          "without_replacement": [None, "table", measured.drop(columns="noise"), measured4,
                                  measured.assign(noise_sem=[NAN, 0.1])],
          "sigma2": NUMBER_BAD, "num_samples": [*INT_BAD, 1]}, False),
        ("gradients.noise_table (batch sizes)", gradients.noise_table,
         {"with_replacement": measured4, "without_replacement": measured4, "sigma2": 2.0,
          "num_samples": 8},
         {"num_samples": [3, 2]}, False),
        ("timing.power_of_two_verdict", timing.power_of_two_verdict,
         {"summary": speeds, "power": 32},
         {"summary": [None, 3, speeds.to_dict("list"), speeds.drop(columns="samples_per_s_q3"),
                      speeds.iloc[:2], speeds.iloc[:0],
                      speeds.assign(samples_per_s_q1=[85.0, NAN, 95.0]),
                      speeds.assign(samples_per_s_q3=["95", "125", "112"]),
                      pd.concat([speeds, speeds], ignore_index=True)],
          "power": [*INT_BAD, 1, 64]}, False),
        ("plots.plot_replays", plots.plot_replays, {"table": replays},
         {"table": [None, 3, replays.to_dict("list"), replays.drop(columns="kept epoch"),
                    replays.iloc[:0], replays.assign(**{"kept epoch": [2, NAN, 2]}),
                    replays.assign(**{"kept epoch": ["2", "3", "2"]}),
                    replays.assign(**{"epochs run": [3, 4, 0]}),
                    replays.assign(**{"epochs run": [3, 4, 1]})],
          "ax": [3, "ax"]}, False),
        ("plots.plot_gradient_noise", plots.plot_gradient_noise,
         {"with_replacement": measured, "without_replacement": measured, "sigma2": 2.0,
          "num_samples": 8, "signal": 0.3},
         {"with_replacement": [None, 3, measured.drop(columns="noise"), measured.iloc[:0],
                               measured.assign(noise=[NAN, 0.9]),
                               measured.assign(batch_size=[0, 2])],
          "without_replacement": [None, "table", measured.drop(columns="noise_sem")],
          "sigma2": NUMBER_BAD, "signal": NUMBER_BAD, "num_samples": [*INT_BAD, 1, 8.5],
          "ax": [3, "ax"]}, False),
    ]  # fmt: skip


def cases() -> list[Case]:
    """Every (helper, argument, bad value) the harness tries."""
    curve = [0.9, 0.6, 0.5, 0.55, 0.7]
    out = []
    for helper, function, good, bad, needs_model in specs():
        for argument, values in bad.items():
            for value in values:
                out.append(_case(helper, function, good, argument, value, needs_model))
    out += [
        Case("curves.Zones.zone", "epoch", value, lambda _, v=value: _zones(curve).zone(v))
        for value in [*INT_BAD, 6]
    ]
    return out


def _zones(curve: list[float]) -> Any:
    from course import curves

    return curves.find_zones(curve)


@dataclass(frozen=True)
class Lazy:
    """A good argument made when its case runs, not when the cases are collected: making it
    runs course code, which a mutant under mutation testing may break."""

    make: Callable[[], Any]


def _case(helper, function, good, argument, value, needs_model) -> Case:
    def arguments() -> dict[str, Any]:
        made = {key: v.make() if isinstance(v, Lazy) else v for key, v in good.items()}
        return {**made, argument: value}

    if not needs_model:
        return Case(helper, argument, value, lambda _: function(**arguments()))
    return Case(helper, argument, value, lambda model: function(model, **arguments()), True)


def outcome(case: Case) -> tuple[str, str]:
    """How the case ends (see the module docstring) and the message, if any."""
    model = _small_model() if case.needs_model else None  # must not train
    try:
        case.call(model)
    except ValueError as err:
        message = str(err)
        trained = model is not None and int(model.optimizer.iterations) > 0
        named = re.search(rf"(?<![\w]){re.escape(case.argument)}(?![\w])", message)
        if not (named and "must" in message):
            return "unclear", message
        if case.value is not None and re.search(r"\bgot (None|NoneType)\b", message):
            return "unclear", message  # it misreports what the learner gave
        return ("after training" if trained else "promised"), message
    except Exception as err:  # noqa: BLE001 - anything else is what the harness counts
        return "unclear", f"{type(err).__name__}: {err}"
    return "accepted", ""


def table() -> Counter:
    """Outcome counts over every case."""
    return Counter(outcome(case)[0] for case in cases())


if __name__ == "__main__":
    import os
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the course, when run as a script

    os.environ.setdefault("COURSE_RUNS_DIR", "/tmp/course-hostile-runs")
    os.environ["COURSE_OFFLINE"] = "1"
    import course

    course.setup(seed=0)
    counts = table()
    print(f"{sum(counts.values())} bad inputs:")
    for key, value in counts.most_common():
        print(f"  {key}: {value}")
    for case in cases():
        kind, message = outcome(case)
        if kind != "promised":
            print(f"{kind:>14}  {case.id}  {message[:120]}")
