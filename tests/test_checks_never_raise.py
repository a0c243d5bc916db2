"""An exercise check never raises on a learner's answer, whatever it is (Hypothesis)."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course import check
from course.check import CheckResult

QUESTIONS = {
    "iterations_per_epoch": {"num_samples": 1_079, "batch_size": 32},
    "total_iterations": {"num_samples": 60_000, "batch_size": 128, "epochs": 10},
    "last_batch_size": {"num_samples": 1_079, "batch_size": 32},
    "epoch_fraction": {"iteration": 50, "num_samples": 1_079, "batch_size": 32},
    "updates_made": {"target": 100, "num_samples": 1_079},
    "noise_floor": {"metric": "val_accuracy"},
    "update_ratio": {"num_samples": 1_079, "batch_size": 1, "other_batch_size": 32},
    "noise_ratio": {"batch_size": 8, "other_batch_size": 128},
    "scaled_learning_rate": {"base_learning_rate": 0.1, "base_batch_size": 32, "batch_size": 128},
    "trained_within_budget": {"max_updates": 50, "target_val_accuracy": 0.85},
    "best_epoch": {"val_loss": [0.9, 0.5, 0.6]},
    "training_time": {"seconds_per_epoch": 0.2, "epochs": 10},
    "fit_zone": {"val_loss": [0.9, 0.5, 0.6, 0.9], "epoch": 4},
    "good_zone_run": {"val_loss": [0.9, 0.5, 0.6, 0.9]},
    "early_stopping": {"val_loss": [0.9, 0.7, 0.8, 0.85, 0.9], "patience": 2},
    "early_stopped_run": {
        "x_val": np.zeros((4, 2), "float32"),
        "y_val": np.zeros(4, "int64"),
        "max_extra_epochs": 5,
        "target_val_loss": 0.85,
    },
    "retrain_epochs": {
        "best_epoch": 30,
        "train_samples": 800,
        "total_samples": 1_000,
        "batch_size": 64,
    },
    "backend": {},
    "hyperband_epochs": {"max_epochs": 9, "factor": 3},
    "search_within_budget": {"budget": 40, "target_val_loss": 1.4},
    "dropout_scale": {"rate": 0.25},
    "l2_penalty": {"kernel": [[1.0, -2.0], [0.0, 3.0]], "l2": 0.01},
    "regularized_run": {
        "x_train": np.zeros((4, 2), "float32"),
        "y_train": np.zeros(4, "int64"),
        "x_val": np.zeros((4, 2), "float32"),
        "y_val": np.zeros(4, "int64"),
        "max_gap": 0.1,
        "max_val_loss": 1.0,
    },
    "halved_rate_epoch": {"num_samples": 1_000, "batch_size": 64, "decay_steps": 100},
    "optimizer_state_size": {"optimizer": "adam_amsgrad", "num_weights": 10_000},
    "reached_target_run": {"max_epochs": 4, "target_val_loss": 0.35},
    "trainable_weights": {
        "widths": (128, 64),
        "num_inputs": 64,
        "num_classes": 10,
        "frozen": "base",
    },
    "transfer_run": {"max_epochs": 10, "target_val_accuracy": 0.72},
    "replica_iterations": {
        "num_samples": 1_079,
        "per_replica_batch": 64,
        "replicas": 4,
        "drop_remainder": True,
    },
    "step_throughput": {"fixed_ms": 2.5, "per_sample_ms": 0.04, "batch_size": 64},
    "few_steps_run": {"max_steps_per_epoch": 5, "max_epochs": 20, "target_val_accuracy": 0.9},
    "samples_per_epoch": {"num_samples": 1_079, "batch_size": 32},
    "majority_accuracy": {"majority": 950, "minority": 50},
    "line_fit": {
        "x_grid": np.linspace(-1, 1, 5),
        "slope": 2.0,
        "intercept": 1.0,
        "max_distance": 0.1,
        "max_epochs": 10,
    },
}


class Weird:
    def __str__(self):
        raise RuntimeError("no str")

    def __repr__(self):
        raise RuntimeError("no repr")


ANSWERS = st.one_of(
    st.none(),
    st.just(...),
    st.booleans(),
    st.integers(min_value=-(10**500), max_value=10**500),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.lists(st.one_of(st.integers(), st.floats(), st.text(max_size=3)), max_size=4),
    st.tuples(st.integers(), st.integers()),
    st.builds(np.array, st.lists(st.floats(allow_nan=True), max_size=3)),
    st.just(np.array(5)),
    st.just(Weird()),
    st.just({"a": 1}),
)


@pytest.mark.parametrize("name", sorted(QUESTIONS))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer=ANSWERS)
def test_any_answer_gets_a_verdict(name, answer):
    verdict = getattr(check, name)(answer, **QUESTIONS[name])
    assert isinstance(verdict, CheckResult) and isinstance(repr(verdict), str)


@settings(max_examples=60, deadline=None)
@given(first=ANSWERS, second=ANSWERS)
def test_identical_weights_judges_any_pair(first, second):
    assert isinstance(check.identical_weights(first, second), CheckResult)


def test_every_check_is_covered():
    names = {n for n in dir(check) if callable(getattr(check, n)) and not n[0].isupper()}
    names -= {"judge_number", "identical_weights"}
    names = {n for n in names if not n.startswith("lesson") and not n.startswith("_")}
    assert names == set(QUESTIONS)


def test_retraining_epochs_must_be_whole():
    question = {"best_epoch": 20, "train_samples": 160, "total_samples": 280, "batch_size": 16}
    assert check.retrain_epochs(11, **question) and check.retrain_epochs(12, **question)
    assert check.retrain_epochs("11", **question)
    for answer in (10.2, 11.5, 11.11, 10):
        assert not check.retrain_epochs(answer, **question), answer


def test_thousands_separators_but_not_decimal_commas():
    question = {"num_samples": 60_000, "batch_size": 128, "epochs": 10}
    for answer in ("4,690", "4_690", 4690, np.int64(4690), " 4690 "):
        assert check.total_iterations(answer, **question), answer
    verdict = check.iterations_per_epoch("1,0", num_samples=100, batch_size=10)
    assert not verdict and "should be a number" in repr(verdict)
    assert not check.iterations_per_epoch(True, num_samples=100, batch_size=100)  # not 1
