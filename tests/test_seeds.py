"""course.seeds against hand computations: the table of runs, each setting's spread, the verdict."""

import keras
import numpy as np
import pandas as pd
import pytest
from fuzz import HOSTILE  # tests/fuzz.py's hostile objects

import course
from course import seeds
from course.seeds import compare, over_seeds, summarize


def test_over_seeds_calls_train_once_per_seed_with_the_setting_in_order():
    calls = []

    def train(seed, batch_size, epochs):
        calls.append((seed, batch_size, epochs))
        return {"score": 10 * seed + batch_size, "epochs_run": epochs}

    table = over_seeds(train, [3, 1, 2], batch_size=5, epochs=7)
    assert calls == [(3, 5, 7), (1, 5, 7), (2, 5, 7)]
    assert table.columns.tolist() == ["batch_size", "epochs", "seed", "score", "epochs_run"]
    assert table["seed"].tolist() == [3, 1, 2]
    assert table["score"].tolist() == [35, 15, 25]
    assert table["batch_size"].tolist() == [5, 5, 5]


def test_over_seeds_of_a_seeded_keras_run_repeats_and_seeds_differ():
    x = np.random.default_rng(0).normal(size=(24, 4)).astype("float32")
    y = (x[:, 0] > 0).astype("int32")

    def train(seed):
        keras.utils.set_random_seed(seed)
        model = course.models.mlp((4,), widths=(3,), num_outputs=2)
        model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
        history = model.fit(x, y, epochs=2, batch_size=8, verbose=0)
        return {"loss": history.history["loss"][-1]}

    first, second = over_seeds(train, [0, 1]), over_seeds(train, [0, 1])
    pd.testing.assert_frame_equal(first, second)  # same seeds, same rows, bit for bit
    assert first["loss"].iloc[0] != first["loss"].iloc[1]


def test_over_seeds_refuses_a_repeated_seed_and_a_result_that_is_not_a_dict():
    with pytest.raises(ValueError, match=r"seeds must not repeat a seed.*\[0, 1, 0\]"):
        over_seeds(lambda seed: {"a": 1}, [0, 1, 0])
    not_a_dict = (
        r"^train must return a dict of results such as \{'val_loss': 0.3\}, got float for seed 0$"
    )
    with pytest.raises(ValueError, match=not_a_dict):
        over_seeds(lambda seed: 0.5, [0, 1])


def test_summarize_one_setting_by_hand():
    table = pd.DataFrame({"seed": [0, 1, 2], "acc": [0.5, 0.75, 0.625]})
    row = summarize(table, "acc").iloc[0]
    assert (row["mean"], row["min"], row["max"], row["spread"], row["seeds"]) == (
        0.625, 0.5, 0.75, 0.25, 3,
    )  # fmt: skip


def test_summarize_keeps_each_setting_apart_in_order_of_appearance():
    table = pd.DataFrame(
        {
            "batch_size": [64, 8, 64, 8, 64],
            "seed": [0, 0, 1, 1, 2],
            "loss": [1.0, 0.25, 3.0, 0.75, 2.0],
        }
    )
    summary = summarize(table, "loss", by="batch_size")
    assert summary.index.tolist() == [64, 8]
    assert summary.loc[64].tolist() == [2.0, 1.0, 3.0, 2.0, 3]
    assert summary.loc[8].tolist() == [0.5, 0.25, 0.75, 0.5, 2]
    assert summary["seeds"].dtype.kind == "i"


def test_summarize_by_two_settings():
    table = pd.DataFrame(
        {"b": [8, 8, 8, 8], "lr": [0.1, 0.1, 0.5, 0.5], "seed": [0, 1, 0, 1], "acc": [1, 3, 5, 9]}
    )
    summary = summarize(table, "acc", by=["b", "lr"])
    assert summary.loc[(8, 0.5), "mean"] == 7 and summary.loc[(8, 0.5), "spread"] == 4
    assert summary.loc[(8, 0.1), "max"] == 3


def test_compare_difference_spread_and_a_real_difference():
    c = compare([1.0, 2.0, 3.0], [4.0, 4.5, 5.0], metric="score", names=("low", "high"))
    assert c.difference == 2.5 and c.spread == 2.0 and c.real
    assert str(c) == (
        "score: low 2.000 (1.000 to 3.000) vs high 4.500 (4.000 to 5.000), 3 seeds each.\n"
        "high is higher by 2.500, more than the seed spread 2.000: a real difference."
    )


def test_compare_names_the_first_setting_when_it_is_higher():
    c = compare([9.0, 10.0], [1.0, 2.0, 3.0], metric="loss", names=("B=1", "B=64"), digits=1)
    assert c.difference == -7.5 and c.real
    assert str(c) == (
        "loss: B=1 9.5 (9.0 to 10.0) vs B=64 2.0 (1.0 to 3.0), 2 and 3 seeds.\n"
        "B=1 is higher by 7.5, more than the seed spread 2.0: a real difference."
    )


def test_a_difference_equal_to_the_spread_is_not_real():
    c = compare([1.0, 2.0, 3.0], [3.5, 4.0, 4.5], metric="score")
    assert c.difference == 2.0 and c.spread == 2.0 and not c.real
    assert c.verdict == (
        "Difference 2.000, not more than the seed spread 2.000: no evidence of a difference."
    )


def test_the_spread_is_the_larger_of_the_two_settings():
    c = compare([0.0, 0.1], [0.5, 1.5], metric="m")  # spreads 0.1 and 1.0; difference 0.95
    assert c.spread == 1.0 and not c.real


def test_compare_accepts_a_pandas_column_and_refuses_one_seed():
    table = over_seeds(lambda seed: {"acc": seed / 4}, [0, 1, 2])
    assert compare(table["acc"], [0.25, 0.25], metric="acc").difference == 0.0
    with pytest.raises(ValueError, match=r"b must be a flat list of one result per seed.*\(1,\)"):
        compare([0.1, 0.2], [0.3], metric="acc")


def test_summarize_names_what_it_was_given():
    message = r"^table must be a pandas DataFrame such as over_seeds returns, got dict$"
    with pytest.raises(ValueError, match=message):
        summarize({"seed": [0], "acc": [0.5]}, "acc")


def test_compare_names_what_it_was_given():
    message = (
        r"^b must be a list of one result per seed such as \[0.91, 0.93, 0.92\], "
        r"got str 0.9, 0.95$"
    )
    with pytest.raises(ValueError, match=message):
        compare([0.9, 0.91], "0.9, 0.95", metric="acc")


def test_compare_with_digits_0_prints_whole_numbers():
    # epochs to a target, say: means 10 and 20, spreads 2 and 4 -> higher by 10 > 4
    c = compare([9, 10, 11], [18, 20, 22], metric="epochs", digits=0)
    assert str(c) == (
        "epochs: A 10 (9 to 11) vs B 20 (18 to 22), 3 seeds each.\n"
        "B is higher by 10, more than the seed spread 4: a real difference."
    )
    with pytest.raises(ValueError, match="digits must be an integer from 0 to 10, got -1"):
        compare([9, 10, 11], [18, 20, 22], metric="epochs", digits=-1)


# --- detection: the rule measured ---------------------------------------------------------

UNEVEN = [0.81, 0.86, 0.84, 0.79, 0.88, 0.83, 0.85]  # seven seeds, no two spreads alike


def test_detection_counts_every_pair_of_disjoint_groups_once():
    rates = seeds.detection(UNEVEN, seeds_per_setting=3, shifts=[0.0])
    assert rates["trials"].tolist() == [35 * 4 // 2]  # C(7,3) * C(4,3) / 2


@pytest.mark.parametrize("shift", [0.0, 0.02, 0.05])
def test_detection_rule_agrees_with_compare_on_every_trial(shift):
    """The share called real is what ``compare`` says, one pair at a time."""
    import itertools

    calls = []
    for a in itertools.combinations(range(7), 3):
        rest = [i for i in range(7) if i not in a]
        for b in itertools.combinations(rest, 3):
            if a < b:
                values_b = [UNEVEN[i] + shift for i in b]
                c = seeds.compare([UNEVEN[i] for i in a], values_b, metric="m")
                calls.append(
                    c.real and (shift == 0 or c.difference > 0)
                )  # a call the other way misses
    rates = seeds.detection(UNEVEN, seeds_per_setting=3, shifts=[shift])
    assert rates["spread rule"].iloc[0] == pytest.approx(sum(calls) / len(calls))
    assert len(calls) == 70


def test_detection_welch_matches_a_hand_computation():
    """Two groups of two: t and its degrees of freedom by hand (Welch-Satterthwaite)."""
    from scipy import stats

    a, b = np.array([1.0, 2.0]), np.array([4.0, 8.0])
    va, vb = a.var(ddof=1) / 2, b.var(ddof=1) / 2
    t = (b.mean() - a.mean()) / np.sqrt(va + vb)
    df = (va + vb) ** 2 / (va**2 + vb**2)
    p = 2 * stats.t.sf(t, df)  # 0.25 here: not below 0.05, but below 0.3
    assert 0.05 < p < 0.3
    for alpha, expected in ((0.05, 0.0), (0.3, 1.0)):
        rates = seeds.detection([1.0, 2.0, 4.0, 8.0], seeds_per_setting=2, alpha=alpha)
        # three splits: {1,2}|{4,8} has this p; {1,4}|{2,8} and {1,8}|{2,4} have p > 0.3
        assert rates["Welch t-test"].iloc[0] == pytest.approx(expected / 3)


def test_detection_a_huge_shift_is_always_seen_and_no_shift_rarely():
    rates = seeds.detection(UNEVEN, seeds_per_setting=3, shifts=[0.0, 1.0])
    assert rates["spread rule"].tolist()[1] == 1.0 and rates["Welch t-test"].tolist()[1] == 1.0
    assert rates["spread rule"].iloc[0] < 0.2


def test_detection_a_call_against_the_shift_is_a_miss_not_a_detection():
    """Groups {0, 0.1} and {1.0, 1.1}, split the other way round: with a small shift the
    second group is still far lower, which the rule calls real, but in the wrong direction."""
    values = [1.0, 1.1, 0.0, 0.1]  # the unordered pairs: {1.0,1.1}|{0.0,0.1} and two mixed
    at_zero = seeds.detection(values, seeds_per_setting=2, shifts=[0.0])
    assert at_zero["spread rule"].iloc[0] == pytest.approx(1 / 3)  # a false alarm at shift 0
    small = seeds.detection(values, seeds_per_setting=2, shifts=[0.01])
    assert small["spread rule"].iloc[0] == 0.0  # b is lower by 0.99: the wrong way, a miss
    assert small["Welch t-test"].iloc[0] == 0.0
    back = seeds.detection(values, seeds_per_setting=2, shifts=[-0.01])
    assert back["spread rule"].iloc[0] == pytest.approx(1 / 3)  # the same call, now the right way


def test_detection_groups_of_equal_values_count_as_not_called_real_and_stay_quiet():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning would fail the test
        rates = seeds.detection([0.5, 0.5, 0.5, 0.5], seeds_per_setting=2, shifts=[0.0, 0.1])
    assert rates["Welch t-test"].tolist() == [0.0, 1.0]  # 0/0: no p-value; 0.1/0: p = 0
    assert rates["spread rule"].tolist() == [0.0, 1.0]  # 0.1 > spread 0: called real


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"values": [0.1, 0.2, 0.3], "seeds_per_setting": 2}, "at most half the 3 values"),
        ({"values": UNEVEN, "seeds_per_setting": 1}, "seeds_per_setting must be"),
        ({"values": UNEVEN, "shifts": []}, "shifts must hold at least one"),
        ({"values": UNEVEN, "shifts": [float("nan")]}, "shifts"),
        ({"values": UNEVEN, "alpha": 0}, "alpha must be"),
        ({"values": UNEVEN, "alpha": 1.5}, "alpha must be"),
        ({"values": list(range(30)), "seeds_per_setting": 10}, "more than 100,000"),
        ({"values": "0.1 0.2"}, "values must be"),
    ],
)
def test_detection_refuses_bad_input_naming_the_argument(kwargs, message):
    with pytest.raises(ValueError, match=message):
        seeds.detection(**kwargs)


# --- the band: too close to call -----------------------------------------------------------


@pytest.mark.parametrize(
    ("gap", "outcome"),
    [  # spread 1 and band 2: close is 0.5 < gap <= 2 (values exact in binary)
        (0.25, "no evidence of a difference"),
        (0.5, "no evidence of a difference"),  # at the lower edge, not above it
        (0.75, "too close to call"),
        (2.0, "too close to call"),  # at the upper edge, still close
        (2.25, "a real difference"),
    ],
)
def test_the_band_splits_the_gap_at_spread_over_band_and_spread_times_band(gap, outcome):
    c = compare([0.0, 1.0], [gap, gap + 1.0], metric="m", band=2)
    assert c.difference == gap and c.spread == 1.0
    assert c.outcome == outcome
    assert c.real == (outcome == "a real difference")
    assert c.close == (outcome == "too close to call")
    ending = "too close to call here." if c.close else f"{outcome}."
    assert c.verdict.endswith(ending), c.verdict


def test_without_a_band_nothing_is_close_and_the_verdict_is_unchanged():
    c = compare([0.0, 1.0], [0.9, 1.9], metric="m")
    assert not c.close and c.outcome == "no evidence of a difference"
    d = compare([0.0, 1.0], [1.1, 2.1], metric="m")
    assert (
        d.real
        and d.verdict == "B is higher by 1.100, more than the seed spread 1.000: a real difference."
    )


def test_a_real_difference_with_a_band_says_how_many_spreads_it_beat():
    c = compare([0.0, 1.0], [1.8, 2.8], metric="m", band=1.25)
    assert (
        c.verdict
        == "B is higher by 1.800, more than 1.25 times the seed spread 1.000: a real difference."
    )


@pytest.mark.parametrize("band", [0.5, 0, -1, float("nan"), 11, "wide"])
def test_compare_refuses_a_band_below_one_naming_it(band):
    with pytest.raises(ValueError, match="band must be"):
        compare([0.0, 1.0], [1.0, 2.0], metric="m", band=band)


def test_against_compares_each_setting_with_the_base_by_hand():
    from course.seeds import against

    table = pd.DataFrame(
        {
            "setting": ["base"] * 3 + ["far"] * 3 + ["near"] * 3 + ["edge"] * 3,
            "loss": [1.0, 1.1, 1.3, 2.0, 2.1, 2.1, 1.0, 1.5, 1.2, 1.4, 1.45, 1.5],
        }
    )
    cells = against(table, ["loss"], base="base")["loss"]
    # means: base 3.4/3, far 6.2/3 (+0.933), near 3.7/3 (+0.100), edge 4.35/3 (+0.317)
    # spreads: base 0.3; far 0.1 -> 0.3; near 0.5 -> 0.5; edge 0.1 -> 0.3
    assert cells["far"] == "+0.933, spread 0.300: a real difference"  # 0.933 > 0.375
    assert cells["near"] == "+0.100, spread 0.500: not above 1.25 x spread"  # < 0.4
    assert cells["edge"] == "+0.317, spread 0.300: not above 1.25 x spread"  # <= 0.375
    assert list(cells.index) == ["far", "near", "edge"]


def test_against_refuses_a_base_that_is_not_a_setting():
    from course.seeds import against

    table = pd.DataFrame({"setting": ["a", "a", "b", "b"], "loss": [1.0, 1.1, 1.2, 1.3]})
    with pytest.raises(ValueError, match="base"):
        against(table, ["loss"], base="c")
    with pytest.raises(ValueError, match="metrics must be a list"):
        against(table, "loss", base="a")


def test_verdicts_by_hand_on_uneven_seeds():
    # base a: 1.0, 1.2, 1.5 (mean 1.2333, spread 0.5); b: 2.0, 2.1 (mean 2.05, spread 0.1)
    # b - a = 0.8167 > 1.25 x 0.5: real; c: 1.6, 1.6, 1.7, 1.9 (mean 1.7, spread 0.3):
    # 0.4667 in (0.5 / 1.25, 0.5 x 1.25] = (0.4, 0.625]: too close; d = a + 0.1: no evidence
    t = pd.DataFrame(
        {
            "way": ["a"] * 3 + ["b"] * 2 + ["c"] * 4 + ["d"] * 3,
            "loss": [1.0, 1.2, 1.5, 2.0, 2.1, 1.6, 1.6, 1.7, 1.9, 1.1, 1.3, 1.6],
            "acc": [0.5, 0.5, 0.5, 0.1, 0.1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5],
        }
    )
    table = seeds.verdicts(t, "a", ["loss", "acc"], by="way")
    assert list(table.index) == [
        ("b", "loss"),
        ("b", "acc"),
        ("c", "loss"),
        ("c", "acc"),
        ("d", "loss"),
        ("d", "acc"),
    ]
    assert table["difference"].tolist() == [
        "+0.817",
        "-0.400",
        "+0.467",
        "+0.000",
        "+0.100",
        "+0.000",
    ]
    assert table["spread"].tolist() == ["0.500", "0.000", "0.500", "0.000", "0.500", "0.000"]
    assert table["verdict"].tolist() == [
        "a real difference",
        "a real difference",
        "too close to call",
        "no evidence of a difference",
        "no evidence of a difference",
        "no evidence of a difference",
    ]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"table": [1, 2]}, "table must be a pandas DataFrame"),
        ({"base": "z"}, "base"),
        ({"metrics": "loss"}, "metrics must be a list"),
        ({"metrics": ["nope"]}, "metric"),
        ({"by": "nope"}, "by"),
    ],
)
def test_verdicts_refuses_bad_arguments(kwargs, message):
    t = pd.DataFrame({"way": ["a", "a", "b", "b"], "loss": [1.0, 1.1, 1.2, 1.3]})
    args = {"table": t, "base": "a", "metrics": ["loss"], "by": "way"} | kwargs
    with pytest.raises(ValueError, match=message):
        seeds.verdicts(args.pop("table"), args.pop("base"), args.pop("metrics"), **args)


@pytest.mark.parametrize(
    "call",
    [
        lambda: summarize(pd.DataFrame(), "acc"),
        lambda: seeds.by_seed(pd.DataFrame(), "lr", ["loss"]),
        lambda: seeds.compare_to(pd.DataFrame(), "loss", base="a", by="setting"),
        lambda: seeds.compare_to(pd.DataFrame({"setting": ["a"]}), "loss", base="a", by="setting"),
    ],
)
def test_a_table_without_the_columns_is_named(call):
    with pytest.raises(ValueError, match=r"^table must have a"):
        call()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda bad: compare(bad, [0.1, 0.2], metric="m"), "a must be a list"),
        (lambda bad: compare([0.1, 0.2], bad, metric="m"), "b must be a list"),
        (lambda bad: seeds.detection([0.0, 0.3, 0.1, 0.2], seeds_per_setting=2, shifts=bad),
         "shifts must be a list"),
        (lambda bad: seeds.fewer_epochs(bad, [2, 2]), "a must be a list of epochs"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("kind", ["raising iteration", "0-d array", "number", "broken repr"])
def test_a_list_of_results_that_is_no_list_is_named(call, message, kind):
    bad = {
        "raising iteration": HOSTILE[1],
        "0-d array": np.array(0.5),
        "number": 0.5,
        "broken repr": HOSTILE[3],
    }[kind]
    with pytest.raises(TypeError if kind == "raising iteration" else ValueError, match=message):
        call(bad)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"digits": "3"}, r"^digits must be an integer from 0 to 10, got '3'$"),
        ({"digits": np.array(3)}, r"^digits must be an integer from 0 to 10"),
        ({"missing": None}, r"^missing must be the text for a missing result"),
        ({"missing": HOSTILE[3]}, r"^missing must be the text .*, got <BadRepr object>$"),
        ({"metrics": [3]}, r"^each entry of metrics must be one of 'curve', 'loss', got 3$"),
    ],
)
def test_by_seed_names_a_bad_argument(arguments, message):
    table = pd.DataFrame({"lr": [0.1, 1.0], "seed": [0, 0], "curve": [1, 2], "loss": [1.0, 0.5]})
    with pytest.raises(ValueError, match=message):
        seeds.by_seed(table, **{"by": "lr", "metrics": ["loss"], **arguments})


def test_a_numeric_setting_can_be_the_base():
    t = pd.DataFrame({"lr": [0.1] * 3 + [1.0] * 3, "loss": [1.0, 1.1, 1.2, 2.0, 2.1, 2.2]})
    table = seeds.compare_to(t, "loss", base=0.1, by="lr")
    assert table.index.tolist() == [1.0] and table["verdict"].tolist() == ["a real difference"]
    assert seeds.against(t, ["loss"], base=0.1, by="lr").index.tolist() == [1.0]
    with pytest.raises(ValueError, match=r"^base must be one of the settings in column 'lr', "):
        seeds.compare_to(t, "loss", base=0.3, by="lr")
