"""Exercise checks of chapter 5: they judge the learner's own data, right answers pass under two
parameter settings, and the likely wrong answers get their own hint, never the right value."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
import pytest
from exercise_contract import assert_wrong_answer_hides_right
from sklearn.datasets import load_breast_cancer, load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import cohen_kappa_score, recall_score
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from helpers import check
from helpers.agreement import dawid_skene

NAMES = ["ch05_source", "ch05_kappa", "ch05_weighted_vote", "ch05_best_three", "ch05_flip_correction", "ch05_margin"]
OTHER_ANSWERS = {"ch05_source", "ch05_kappa", "ch05_margin"}  # answered with a function

DEFAULT = {"seed": 42, "spam_share": 0.3, "gold_share": 0.3, "n_labels_needed": 2_000}
# course.toml's settings combined (another seed, more spam, a smaller gold set) and another order size
SWEEP = {"seed": 7, "spam_share": 0.4, "gold_share": 0.2, "n_labels_needed": 5_000}
SETTINGS = [pytest.param(DEFAULT, id="defaults"), pytest.param(SWEEP, id="other-setting")]
SENSITIVITY = (0.92, 0.90, 0.75, 0.95, 0.50)
SPECIFICITY = (0.95, 0.93, 0.80, 0.60, 0.50)


# --- the lesson's data, rebuilt as the notebook builds it ----------------------------------------------


def sources_table(n_labels_needed: int) -> pd.DataFrame:
    sources = pd.DataFrame(
        [
            ("pretrained model", 0.001, 100_000, 0.75),
            ("yourself", 0.50, 400, 0.95),
            ("colleagues", 0.40, 300, 0.93),
            ("crowd", 0.15, 5_000, 0.90),
            ("product usage", 0.0, 50, 0.70),
        ],
        columns=["source", "cost per label ($)", "labels per day", "label accuracy"],
    ).set_index("source")
    sources[f"cost of {n_labels_needed:,} ($)"] = n_labels_needed * sources["cost per label ($)"]
    sources[f"days for {n_labels_needed:,}"] = n_labels_needed / sources["labels per day"]
    return sources


def corrupt(y_clean, rate, kind, rng):
    y_noisy = y_clean.copy()
    candidates = np.arange(len(y_clean)) if kind == "random" else np.flatnonzero(y_clean == 1)
    flipped = rng.choice(candidates, size=int(round(rate * len(y_clean))), replace=False)
    y_noisy[flipped] = 1 - y_noisy[flipped]
    return y_noisy


@lru_cache(maxsize=4)
def lesson(seed: int, spam_share: float, gold_share: float, n_labels_needed: int) -> dict:
    """Everything the notebook passes to its checks, for one setting of its parameters cell."""
    rng_crowd = np.random.default_rng(seed).spawn(3)[1]
    truth = (rng_crowd.random(1_000) < spam_share).astype(int)
    p_correct = np.where(truth[:, None] == 1, np.array(SENSITIVITY), np.array(SPECIFICITY))
    crowd = np.where(rng_crowd.random(p_correct.shape) < p_correct, truth[:, None], 1 - truth[:, None])
    ds = dawid_skene(crowd)

    X, y = load_breast_cancer(return_X_y=True)
    y = 1 - y
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.4, stratify=y, random_state=seed)
    X_train, _, y_train, _ = train_test_split(X_train, y_train, test_size=gold_share, stratify=y_train, random_state=seed)
    scaler = StandardScaler().fit(X_train)
    X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)
    y_noisy = corrupt(y_train, 0.15, "one-sided", np.random.default_rng([seed, 5]))

    X_digits, y_digits = load_digits(return_X_y=True)
    X_pool, _, y_pool, _ = train_test_split(X_digits / 16.0, y_digits, test_size=0.3, stratify=y_digits, random_state=seed)
    return {
        "sources": sources_table(n_labels_needed), "crowd": crowd, "truth": truth, "priors": ds.priors,
        "confusion": ds.confusion, "ds_labels": ds.labels, "X_train": X_train, "y_train": y_train,
        "y_noisy": y_noisy, "X_test": X_test, "y_test": y_test, "X_pool": X_pool, "y_pool": y_pool,
    }


CONTEXT_NAMES = {
    "ch05_source": ["sources"],
    "ch05_kappa": ["crowd"],
    "ch05_weighted_vote": ["crowd", "priors", "confusion"],
    "ch05_best_three": ["crowd", "truth"],
    "ch05_flip_correction": ["X_train", "y_train", "y_noisy", "X_test", "y_test"],
    "ch05_margin": ["X_pool", "y_pool"],
}


def context(name: str, setting: dict = DEFAULT) -> dict:
    data = lesson(**setting)
    return {key: data[key] for key in CONTEXT_NAMES[name]}


@lru_cache(maxsize=1)
def contexts() -> dict[str, dict]:
    """The keyword arguments each check gets in the notebook, at the default parameters."""
    return {name: context(name) for name in NAMES}


def judge(name: str, answer, setting: dict = DEFAULT):
    return getattr(check, name)(answer, **context(name, setting))


def assert_wrong(name: str, right, wrong, setting: dict = DEFAULT, *, hint: str = ""):
    """The wrong answer is incorrect, with a hint (containing ``hint``) that shows no spelling of ``right``.

    ``right=None`` for exercises answered with a function (a function has no spelling to hide).
    """
    if right is None:
        feedback = judge(name, wrong, setting)
        assert feedback.status == "incorrect" and not feedback and feedback.message.strip(), feedback
    else:
        feedback = assert_wrong_answer_hides_right(name, right, wrong, **context(name, setting))
    assert hint in feedback.message, (hint, feedback.message)
    return feedback


def test_the_chapter_has_these_exercises():
    assert check.exercises("ch05") == sorted(NAMES)
    assert all(check.kind(name) == "code" for name in NAMES)


def test_contexts_are_the_arguments_the_checks_take():
    for name, kwargs in contexts().items():
        assert set(kwargs) == set(check.context_names(name))


# --- ch05_source: a rule for choosing sources ------------------------------------------------------------


def fits_by_query(sources, n_labels, max_days, max_cost, min_accuracy):
    """The reference rule written another way (DataFrame.query)."""
    table = sources.assign(cost=n_labels * sources["cost per label ($)"], days=n_labels / sources["labels per day"])
    return list(table.query("cost <= @max_cost and days <= @max_days and `label accuracy` >= @min_accuracy").index)


@pytest.mark.parametrize("setting", SETTINGS)
def test_source_rule_right_in_every_form(setting):
    assert judge("ch05_source", fits_by_query, setting)
    as_frame = lambda s, n, d, c, a: s.loc[fits_by_query(s, n, d, c, a)]  # noqa: E731 - the filtered table
    as_tuple = lambda *args: tuple(reversed(fits_by_query(*args)))  # noqa: E731
    assert judge("ch05_source", as_frame, setting)
    assert judge("ch05_source", as_tuple, setting)
    assert "crowd" in judge("ch05_source", fits_by_query, setting).message  # the praise names the demo's source


def test_source_rule_likely_mistakes_get_their_hints():
    def no_accuracy(s, n, d, c, a):
        return list(s.index[(n * s["cost per label ($)"] <= c) & (n / s["labels per day"] <= d)])

    def strict(s, n, d, c, a):
        return list(s.index[(n * s["cost per label ($)"] < c) & (n / s["labels per day"] < d) & (s["label accuracy"] > a)])

    def table_columns(s, n, d, c, a):
        return list(s.index[(s["cost of 2,000 ($)"] <= c) & (s["days for 2,000"] <= d) & (s["label accuracy"] >= a)])

    assert_wrong("ch05_source", None, no_accuracy, hint="accuracy")
    assert_wrong("ch05_source", None, strict, hint="<=")
    assert_wrong("ch05_source", None, table_columns, hint="n_labels")
    assert_wrong("ch05_source", None, lambda *args: "crowd", hint="list")
    assert_wrong("ch05_source", None, lambda *args: 1 / 0, hint="ZeroDivisionError")
    assert_wrong("ch05_source", None, lambda *args: [], hint="differs")
    assert_wrong("ch05_source", None, "crowd", hint="function")


# --- ch05_kappa: Cohen's kappa by hand -----------------------------------------------------------------


def kappa_by_hand(a, b):
    p_o = np.mean(a == b)
    p_e = np.mean(a) * np.mean(b) + np.mean(1 - a) * np.mean(1 - b)
    return (p_o - p_e) / (1 - p_e)


@pytest.mark.parametrize("setting", SETTINGS)
def test_kappa_by_hand_and_by_library_are_right(setting):
    assert judge("ch05_kappa", kappa_by_hand, setting)
    assert judge("ch05_kappa", lambda a, b: cohen_kappa_score(a, b), setting)
    assert "by chance" in judge("ch05_kappa", kappa_by_hand, setting).message


def test_kappa_likely_mistakes_get_their_hints():
    def raw(a, b):
        return np.mean(a == b)

    def spam_only(a, b):
        p_e = np.mean(a) * np.mean(b)
        return (np.mean(a == b) - p_e) / (1 - p_e)

    def scotts_pi(a, b):
        pooled = (np.mean(a) + np.mean(b)) / 2
        p_e = pooled**2 + (1 - pooled) ** 2
        return (np.mean(a == b) - p_e) / (1 - p_e)

    assert_wrong("ch05_kappa", None, raw, hint="raw agreement")
    assert_wrong("ch05_kappa", None, spam_only, hint="both say ok")
    assert_wrong("ch05_kappa", None, scotts_pi, hint="own share")
    assert_wrong("ch05_kappa", None, lambda a, b: kappa_by_hand(a, b) + 0.1, hint="p_o is the share")
    assert_wrong("ch05_kappa", None, lambda a, b: np.array([1.0, 2.0]), hint="single finite number")
    assert_wrong("ch05_kappa", None, lambda a: 0.5, hint="TypeError")


# --- ch05_weighted_vote: overruled comments -------------------------------------------------------------


def overruled_via_dawid_skene(setting):
    """Another way to the right count: dawid_skene's own labels against a 3-of-5 majority."""
    data = lesson(**setting)
    majority = (data["crowd"].sum(axis=1) >= 3).astype(int)
    return int((data["ds_labels"] != majority).sum())


@pytest.mark.parametrize("setting", SETTINGS)
def test_weighted_vote_count_is_right(setting):
    expected = overruled_via_dawid_skene(setting)
    assert expected > 0
    assert judge("ch05_weighted_vote", expected, setting)
    assert judge("ch05_weighted_vote", float(expected), setting)
    assert judge("ch05_weighted_vote", np.int64(expected), setting)


def weighted_variant(setting, *, prior=True, ok_votes=True):
    data = lesson(**setting)
    sensitivity, specificity = data["confusion"][:, 1, 1], data["confusion"][:, 0, 0]
    spam = data["crowd"] == 1
    score = spam @ np.log(sensitivity / (1 - specificity))
    if ok_votes:
        score = score + (~spam) @ np.log((1 - sensitivity) / specificity)
    if prior:
        score = score + np.log(data["priors"][1] / data["priors"][0])
    majority = (data["crowd"].sum(axis=1) >= 3).astype(int)
    return int(((score > 0).astype(int) != majority).sum())


@pytest.mark.parametrize("setting", SETTINGS)
def test_weighted_vote_likely_mistakes_get_their_hints(setting):
    right = overruled_via_dawid_skene(setting)
    without_prior, without_ok = weighted_variant(setting, prior=False), weighted_variant(setting, ok_votes=False)
    if without_prior != right:
        assert_wrong("ch05_weighted_vote", right, without_prior, setting, hint="prior")
    assert without_ok != right
    assert_wrong("ch05_weighted_vote", right, without_ok, setting, hint="'ok' vote weighs")
    assert_wrong("ch05_weighted_vote", right, right + 7, setting, hint="log(share of spam")


def test_weighted_vote_needs_two_classes():
    data = lesson(**DEFAULT)
    feedback = check.ch05_weighted_vote(3, crowd=data["crowd"], priors=np.ones(3) / 3, confusion=np.ones((5, 3, 3)) / 3)
    assert feedback.status == "unjudged" and "two classes" in feedback.message


# --- ch05_best_three: the majority of A, B and C -------------------------------------------------------------


@pytest.mark.parametrize("setting", SETTINGS)
def test_best_three_right_answer(setting):
    data = lesson(**setting)
    crowd, truth = data["crowd"], data["truth"]
    expected = float(np.mean((crowd[:, :3].sum(axis=1) >= 2) == truth))
    assert judge("ch05_best_three", expected, setting)
    assert judge("ch05_best_three", round(expected, 3), setting)
    five = float(np.mean((crowd.sum(axis=1) >= 3) == truth))
    assert_wrong("ch05_best_three", expected, five, setting, hint="all five")
    assert_wrong("ch05_best_three", expected, 1 - expected, setting, hint="wrong")
    assert_wrong("ch05_best_three", expected, float(np.mean(crowd[:, 0] == truth)), setting, hint="A alone")
    assert judge("ch05_best_three", 100 * expected, setting).message.startswith("almost")


def test_best_three_cannot_judge_a_smaller_crowd():
    data = lesson(**DEFAULT)
    feedback = check.ch05_best_three(0.9, crowd=data["crowd"][:, :3], truth=data["truth"])
    assert feedback.status == "unjudged" and "five" in feedback.message


# --- ch05_flip_correction: the threshold for a known flip rate -----------------------------------------------


def flip_recalls(setting):
    """(right recall, recall at 0.5, recall with the rate over all labels, accuracy), computed with scikit-learn's metrics."""
    data = lesson(**setting)
    model = LogisticRegression(max_iter=1_000).fit(data["X_train"], data["y_noisy"])
    proba = model.predict_proba(data["X_test"])[:, 1]
    malignant = data["y_train"] == 1
    rho = np.sum(malignant & (data["y_noisy"] == 0)) / np.sum(malignant)
    share_of_all = np.mean(data["y_noisy"] != data["y_train"])
    y_test = data["y_test"]
    return (
        recall_score(y_test, proba >= 0.5 * (1 - rho)),
        recall_score(y_test, proba >= 0.5),
        recall_score(y_test, proba >= 0.5 * (1 - share_of_all)),
        float(np.mean((proba >= 0.5 * (1 - rho)) == y_test)),
    )


@pytest.mark.parametrize("setting", SETTINGS)
def test_flip_correction_right_answer(setting):
    right, at_half, share_of_all, accuracy = flip_recalls(setting)
    assert judge("ch05_flip_correction", right, setting)
    assert right > at_half  # the correction lowers the threshold, so it catches more
    assert_wrong("ch05_flip_correction", right, at_half, setting, hint="default threshold")
    if abs(share_of_all - right) > 1e-9:
        assert_wrong("ch05_flip_correction", right, share_of_all, setting, hint="per malignant tumour")
    assert_wrong("ch05_flip_correction", right, accuracy, setting, hint="accuracy")
    assert judge("ch05_flip_correction", 100 * right, setting).message.startswith("almost")


def test_flip_correction_default_mistakes_are_distinct():
    right, at_half, share_of_all, accuracy = flip_recalls(DEFAULT)
    assert len({round(v, 6) for v in (right, at_half, share_of_all, accuracy)}) == 4


def test_flip_correction_cannot_judge_other_noise():
    data = context("ch05_flip_correction")
    random_noise = corrupt(data["y_train"], 0.15, "random", np.random.default_rng(0))
    feedback = check.ch05_flip_correction(0.5, **{**data, "y_noisy": random_noise})
    assert feedback.status == "unjudged" and "one-sided" in feedback.message
    feedback = check.ch05_flip_correction(0.5, **{**data, "y_noisy": data["y_train"]})
    assert feedback.status == "unjudged" and "no label was flipped" in feedback.message


# --- ch05_margin: an uncertainty-sampling step -----------------------------------------------------------


def margin_by_partition(proba):
    top_two = -np.partition(-proba, 1, axis=1)[:, :2]  # largest, second largest
    return top_two[:, 1] - top_two[:, 0]


@pytest.mark.parametrize("setting", SETTINGS)
def test_margin_right_and_shifted_answers(setting):
    assert judge("ch05_margin", margin_by_partition, setting)
    assert judge("ch05_margin", lambda p: 1 + margin_by_partition(p), setting)  # same ranking
    assert judge("ch05_margin", lambda p: list(margin_by_partition(p)), setting)
    assert "confuses" in judge("ch05_margin", margin_by_partition, setting).message


def test_margin_likely_mistakes_get_their_hints():
    assert_wrong("ch05_margin", None, lambda p: -margin_by_partition(p), hint="larger must mean more uncertain")
    assert_wrong("ch05_margin", None, lambda p: 1 - p.max(axis=1), hint="least confidence")
    assert_wrong("ch05_margin", None, lambda p: p.min(axis=1) - p.max(axis=1), hint="second largest")
    assert_wrong("ch05_margin", None, lambda p: np.sort(p, axis=0)[-2:].ravel(), hint="one number per row")
    assert_wrong("ch05_margin", None, lambda p: p.mean(axis=1), hint="np.sort")
    assert_wrong("ch05_margin", None, lambda p: p.nonexistent, hint="AttributeError")
    assert_wrong("ch05_margin", None, 0.5, hint="function")
