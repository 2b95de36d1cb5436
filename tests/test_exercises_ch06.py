"""Chapter 6's exercise checks judge the learner's data: right answers pass under two settings of the
lesson's parameters, and the likely mistakes get their own hint, never the right value.

The lesson's data are rebuilt here as the notebook builds them (without MLflow): the simulated year,
version 1, the gate's gold standard of week 4, the skewed run of week 44 and the rollback incident.
Right answers are recomputed with other code than the checks use (np.digitize instead of
np.searchsorted, scipy's xlogy, other bootstrap seeds).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
import pytest
from exercise_contract import assert_wrong_answer_hides_right
from scipy.special import xlogy

from helpers import check, drift
from helpers.mlops import FEATURES, TARGET, YEAR_SCENARIO, auc_interval, make_model, simulate_customers
from helpers.stats import bootstrap_interval

NAMES = ["ch06_log_loss_gate", "ch06_psi", "ch06_psi_noise", "ch06_rollback", "ch06_shock_psi", "ch06_skew_psi"]
OTHER_ANSWERS = {"ch06_log_loss_gate", "ch06_psi", "ch06_rollback", "ch06_skew_psi"}  # a function, or a table

# The notebook's parameters that the data depend on, at the defaults and at the sweep's settings (course.toml).
DEFAULT = {"SEED": 42, "N_PER_WEEK": 2_000, "GOLD_PER_WEEK": 500}
SETTINGS = {"default": DEFAULT, "seed 7": {**DEFAULT, "SEED": 7}, "gold 200": {**DEFAULT, "GOLD_PER_WEEK": 200}}
HISTORY_WEEKS, LABEL_DELAY, TRAIN_WEEKS, GOLD_WEEKS, SKEW_WEEK, RETRAIN_EVERY = 20, 4, 8, 4, 44, 4
LOG_LOSS_MARGIN, PSI_ALARM = 0.005, 0.25
SHOCK_WEEK = YEAR_SCENARIO.sudden_week


class Lesson:
    """The data of the notebook at one setting of its parameters."""

    def __init__(self, seed: int, n_per_week: int, gold_per_week: int) -> None:
        self.year = simulate_customers(n_per_week + gold_per_week, seed=seed, weeks=range(-HISTORY_WEEKS, 52),
                                       scenario=YEAR_SCENARIO, gold_per_week=gold_per_week)
        self.traffic = self.year[~self.year["gold"]]
        self.models: dict[int, object] = {}

    def load(self, weeks, *, gold=False, cents=False):
        rows = self.year[self.year["week"].isin(list(weeks)) & (self.year["gold"] == gold)]
        data = rows[["customer_id", "week", *FEATURES, TARGET]].reset_index(drop=True)
        if cents:
            data["monthly_spend"] = data["monthly_spend"] * 100
        return data

    def training(self, week, *, cents=False):
        return self.load(range(week - LABEL_DELAY - TRAIN_WEEKS, week - LABEL_DELAY), cents=cents)

    def model(self, week, *, cents=False):
        key = (week, cents)
        if key not in self.models:
            data = self.training(week, cents=cents)
            self.models[key] = make_model(C=1.0).fit(data[list(FEATURES)], data[TARGET])
        return self.models[key]

    def reference(self, week, *, cents=False):
        return self.model(week, cents=cents).predict_proba(self.training(week, cents=cents)[list(FEATURES)])[:, 1]

    def served(self, week, model_week, *, cents=False):
        return self.model(model_week, cents=cents).predict_proba(self.load([week])[list(FEATURES)])[:, 1]


@lru_cache(maxsize=None)
def lesson(setting: str = "default") -> Lesson:
    values = SETTINGS[setting]
    return Lesson(values["SEED"], values["N_PER_WEEK"], values["GOLD_PER_WEEK"])


@lru_cache(maxsize=None)
def context_at(setting: str) -> dict[str, dict]:
    data = lesson(setting)
    gold = data.load(range(4 - LABEL_DELAY - GOLD_WEEKS, 4 - LABEL_DELAY), gold=True)
    platform_psi = {}  # a champion retrained every 4 weeks, as the platform's monitoring sees it
    for week in range(52):
        trained = max(0, week - week % RETRAIN_EVERY)
        platform_psi[week] = drift.psi(data.reference(trained), data.served(week, trained))
    return {
        "ch06_log_loss_gate": {"y_gold": gold[TARGET], "p_champion": data.model(0).predict_proba(gold[list(FEATURES)])[:, 1],
                               "margin": LOG_LOSS_MARGIN},
        "ch06_psi": {"reference": data.training(0)["logins_last_30d"].to_numpy(),
                     "current": data.load([51])["logins_last_30d"].to_numpy()},
        "ch06_psi_noise": {"reference": data.reference(0), "model": data.model(0),
                           "unseen": data.load(range(-LABEL_DELAY - TRAIN_WEEKS, -LABEL_DELAY), gold=True)},
        "ch06_shock_psi": {"reference": data.reference(0), "model": data.model(0), "traffic": data.traffic,
                           "shock_week": SHOCK_WEEK, "platform_psi": platform_psi},
        "ch06_skew_psi": {"training": data.training(SKEW_WEEK, cents=True), "served": data.load([SKEW_WEEK])},
        "ch06_rollback": {"reference_new": data.reference(SKEW_WEEK, cents=True),
                          "served_new": data.served(SKEW_WEEK, SKEW_WEEK, cents=True),
                          "reference_old": data.reference(SKEW_WEEK - RETRAIN_EVERY),
                          "served_old": data.served(SKEW_WEEK, SKEW_WEEK - RETRAIN_EVERY), "alarm": PSI_ALARM},
    }


def contexts() -> dict[str, dict]:
    """The keyword arguments of each check in the notebook, at the default parameters (for the contract tests)."""
    return context_at("default")


def run(name: str, answer: object, setting: str = "default"):
    return getattr(check, name)(answer, **context_at(setting)[name])


def assert_wrong(name: str, right: object, wrong: object, setting: str = "default", *, says: str = ""):
    """The check calls ``wrong`` incorrect, with a hint that shows no spelling of ``right`` and says ``says``.

    ``right=None`` for the exercises answered with a function: there is no value to hide.
    """
    context = context_at(setting)[name]
    if right is None:
        feedback = getattr(check, name)(wrong, **context)
        assert feedback.status == "incorrect" and not feedback and feedback.message.strip(), feedback
    else:
        feedback = assert_wrong_answer_hides_right(name, right, wrong, **context)
    assert says in feedback.message, (says, feedback.message)
    return feedback


def test_the_chapter_has_these_exercises():
    assert check.exercises("ch06") == sorted(NAMES)
    assert [check.kind(name) for name in NAMES] == ["code"] * len(NAMES)


# --- exercise 1: the log-loss gate ------------------------------------------------------------------------


def _losses(y, p):
    y, p = np.asarray(y, dtype=float), np.asarray(p, dtype=float)
    return -(xlogy(y, p) + xlogy(1 - y, 1 - p))


def right_gate(y, p_new, p_old):
    y = np.asarray(y)
    interval = bootstrap_interval(np.mean, _losses(y, p_new) - _losses(y, p_old), n_boot=2_000, seed=3, strata=y)
    return bool(interval.high < LOG_LOSS_MARGIN)


def point_gate(y, p_new, p_old):
    return bool(_losses(y, p_new).mean() - _losses(y, p_old).mean() < LOG_LOSS_MARGIN)


def superiority_gate(y, p_new, p_old):
    y = np.asarray(y)
    return bool(bootstrap_interval(np.mean, _losses(y, p_new) - _losses(y, p_old), strata=y).high < 0)


def auc_gate(y, p_new, p_old):
    return bool(auc_interval(y, p_new, p_old, n_boot=300).low > -LOG_LOSS_MARGIN)


def flipped_gate(y, p_new, p_old):
    return right_gate(y, p_old, p_new)


@pytest.mark.parametrize("setting", ["default", "seed 7", "gold 200"])
def test_log_loss_gate_right(setting):
    assert run("ch06_log_loss_gate", right_gate, setting)


@pytest.mark.parametrize(
    ("wrong", "says"),
    [
        (point_gate, "point estimates"),
        (superiority_gate, "not with zero"),
        (auc_gate, "over-confident"),
        (flipped_gate, "wrong way round"),
        (lambda y, a, b: True, "same probability"),
        (lambda y, a, b: False, "identical to the champion"),
        (lambda y, a, b: 1 / 0, "ZeroDivisionError"),
        (lambda y, a, b: 0.5, "returned float"),
        (0.5, "expected a function"),
    ],
    ids=["point", "superiority", "auc", "flipped", "always", "never", "raises", "float", "number"],
)
def test_log_loss_gate_mistakes_get_their_hint(wrong, says):
    assert_wrong("ch06_log_loss_gate", None, wrong, says=says)


def test_log_loss_gate_cannot_judge_without_a_margin():
    context = {**contexts()["ch06_log_loss_gate"], "margin": 0}
    assert check.ch06_log_loss_gate(right_gate, **context).status == "unjudged"


# --- exercise 2: the PSI by hand ---------------------------------------------------------------------------


def right_psi(reference, current):
    """The PSI with np.digitize (the check uses np.searchsorted)."""
    reference, current = np.asarray(reference, dtype=float), np.asarray(current, dtype=float)
    edges = np.unique(np.percentile(reference, np.arange(10, 100, 10)))
    e = np.bincount(np.digitize(reference, edges), minlength=edges.size + 1) / reference.size
    a = np.bincount(np.digitize(current, edges), minlength=edges.size + 1) / current.size
    e, a = np.maximum(e, 1e-4), np.maximum(a, 1e-4)
    return float(((a - e) * np.log(a / e)).sum())


def psi_with(*, bins_from="reference", side="right", eps=1e-4, log=np.log, sign=1, width=False):
    def psi(reference, current):
        reference, current = np.asarray(reference, dtype=float), np.asarray(current, dtype=float)
        source = reference if bins_from == "reference" else current
        if width:
            edges = np.linspace(reference.min(), reference.max(), 11)[1:-1]
        else:
            edges = np.unique(np.quantile(source, np.linspace(0, 1, 11)[1:-1]))
        e = np.bincount(np.searchsorted(edges, reference, side=side), minlength=edges.size + 1) / reference.size
        a = np.bincount(np.searchsorted(edges, current, side=side), minlength=edges.size + 1) / current.size
        if eps:
            e, a = np.clip(e, eps, None), np.clip(a, eps, None)
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(sign * np.sum((a - e) * log(a / e)))

    return psi


@pytest.mark.parametrize("setting", ["default", "seed 7"])
@pytest.mark.parametrize("answer", [right_psi, drift.psi], ids=["digitize", "helper"])
def test_psi_right(setting, answer):
    assert run("ch06_psi", answer, setting)


@pytest.mark.parametrize(
    ("wrong", "says"),
    [
        (psi_with(sign=-1), "negative"),
        (psi_with(log=np.log10), "natural logarithm"),
        (psi_with(bins_from="current"), "bins must come from the reference"),
        (psi_with(width=True), "equal width"),
        (psi_with(side="left"), "bin on its right"),
        (psi_with(eps=None), "clip every share"),
        (lambda reference, current: 0.89, "another value than the PSI"),
        (lambda reference, current: "high", "returned str"),
        (lambda reference, current: reference.foo, "AttributeError"),
    ],
    ids=["sign", "log10", "current-bins", "equal-width", "left", "no-eps", "constant", "text", "raises"],
)
def test_psi_mistakes_get_their_hint(wrong, says):
    assert_wrong("ch06_psi", None, wrong, says=says)


# --- exercise 3: the PSI when nothing changed ------------------------------------------------------------------


def noise_psi(setting):
    data = lesson(setting)
    unseen = data.load(range(-LABEL_DELAY - TRAIN_WEEKS, -LABEL_DELAY), gold=True)
    return data.reference(0), data.model(0).predict_proba(unseen[list(FEATURES)])[:, 1]


@pytest.mark.parametrize("setting", ["default", "seed 7"])
def test_psi_noise_right(setting):
    reference, current = noise_psi(setting)
    right = right_psi(reference, current)
    assert 0 < right < drift.PSI_WATCH / 10  # sampling noise only: far below the watch level
    assert run("ch06_psi_noise", right, setting)
    assert run("ch06_psi_noise", round(right, 4), setting)


@pytest.mark.parametrize("setting", ["default", "seed 7"])
def test_psi_noise_mistakes_get_their_hint(setting):
    reference, current = noise_psi(setting)
    right, swapped = right_psi(reference, current), right_psi(current, reference)
    assert abs(swapped - right) > 2e-4  # well beyond the check's tolerance
    assert_wrong("ch06_psi_noise", right, swapped, setting, says="comes first")
    assert_wrong("ch06_psi_noise", right, 0.0, setting, says="against itself")
    assert_wrong("ch06_psi_noise", right, 0.1, setting, says="'worth a look' level")
    assert_wrong("ch06_psi_noise", right, right + 0.01, setting, says="references[v1]")


# --- exercise 4: would monitoring have warned about the fixed model? ---------------------------------------------


def fixed_psi(setting, reference_week=None):
    """Version 1's prediction PSI in each week (against its training data, or against a week's traffic)."""
    data = lesson(setting)
    reference = data.reference(0) if reference_week is None else data.served(reference_week, 0)
    return {week: right_psi(reference, data.served(week, 0)) for week in range(52)}


AFTER_SHOCK = range(SHOCK_WEEK, SHOCK_WEEK + 10)


@pytest.mark.parametrize("setting", ["default", "seed 7"])
def test_shock_psi_right(setting):
    psi = fixed_psi(setting)
    right = max(psi[week] for week in AFTER_SHOCK)
    assert right < drift.PSI_WATCH  # concept drift in week 30 hardly moves the predictions
    feedback = run("ch06_shock_psi", right, setting)
    assert feedback and "stayed silent" in feedback.message
    assert run("ch06_shock_psi", round(right, 3), setting)


@pytest.mark.parametrize("setting", ["default", "seed 7"])
def test_shock_psi_mistakes_get_their_hint(setting):
    psi = fixed_psi(setting)
    right = max(psi[week] for week in AFTER_SHOCK)
    platform = context_at(setting)["ch06_shock_psi"]["platform_psi"]
    mistakes = {
        "whole year": max(psi.values()),
        "weeks before": max(psi[week] for week in range(SHOCK_WEEK)),
        "mean of the ten": float(np.mean([psi[week] for week in AFTER_SHOCK])),
        "retrained champion": max(platform[week] for week in AFTER_SHOCK),
        "traffic of week 0": max(v for week, v in fixed_psi(setting, reference_week=0).items() if week in AFTER_SHOCK),
    }
    seen = [right]
    for says, wrong in mistakes.items():
        if all(abs(wrong - other) > 0.002 for other in seen):  # two mistakes that coincide here share one hint
            assert_wrong("ch06_shock_psi", right, wrong, setting, says=says)
        seen.append(wrong)
    assert sum(abs(wrong - right) > 0.002 for wrong in mistakes.values()) >= 4
    assert_wrong("ch06_shock_psi", right, right + 0.02, setting, says="references[v1]")
    assert_wrong("ch06_shock_psi", right, 30, setting)


# --- exercise 5: the skewed feature -----------------------------------------------------------------------------


def skew_values(setting):
    data = lesson(setting)
    training, served = data.training(SKEW_WEEK, cents=True), data.load([SKEW_WEEK])
    return {f: right_psi(training[f], served[f]) for f in FEATURES}, training, served


@pytest.mark.parametrize("setting", ["default", "seed 7", "gold 200"])
def test_skew_psi_right(setting):
    values, _, _ = skew_values(setting)
    assert max(values, key=values.get) == "monthly_spend"
    feedback = run("ch06_skew_psi", pd.Series(values), setting)
    assert feedback and "monthly_spend stands out" in feedback.message
    assert run("ch06_skew_psi", values, setting)  # a dict is fine too
    assert run("ch06_skew_psi", pd.Series(values).iloc[::-1].to_frame("psi"), setting)  # any order, one column


@pytest.mark.parametrize("setting", ["default", "seed 7"])
def test_skew_psi_mistakes_get_their_hint(setting):
    values, training, served = skew_values(setting)
    right = pd.Series(values)
    dollars = training.assign(monthly_spend=training["monthly_spend"] / 100)
    forgot_cents = pd.Series({f: right_psi(dollars[f], served[f]) for f in FEATURES})
    swapped = pd.Series({f: right_psi(served[f], training[f]) for f in FEATURES})
    assert forgot_cents.idxmax() == "logins_last_30d"  # without the bug nothing stands out
    assert_wrong("ch06_skew_psi", right, forgot_cents, setting, says="spend_in_cents=True")
    assert_wrong("ch06_skew_psi", right, swapped, setting, says="reference")
    assert_wrong("ch06_skew_psi", right, right.round(2), setting, says="rounded")
    assert_wrong("ch06_skew_psi", right, right.max(), setting, says="not a single number")
    assert_wrong("ch06_skew_psi", right, round(right.max(), 1), setting, says="not a single number")
    assert_wrong("ch06_skew_psi", right, "monthly_spend", setting, says="pandas Series")
    assert_wrong("ch06_skew_psi", right, right.drop("support_calls"), setting, says="support_calls")
    assert_wrong("ch06_skew_psi", right, right.reset_index(drop=True), setting, says="feature name")
    assert_wrong("ch06_skew_psi", right, right.mul([1, 1, 1, 2]), setting,
                 says="logins_last_30d differs")


# --- exercise 6: a rollback rule with a shadow champion ---------------------------------------------------------


def right_rollback(reference_new, served_new, reference_old, served_old):
    return bool(right_psi(reference_new, served_new) > PSI_ALARM >= right_psi(reference_old, served_old))


@pytest.mark.parametrize("setting", ["default", "seed 7"])
def test_rollback_right(setting):
    context = context_at(setting)["ch06_rollback"]
    assert right_rollback(context["reference_new"], context["served_new"], context["reference_old"], context["served_old"])
    assert run("ch06_rollback", right_rollback, setting)


@pytest.mark.parametrize(
    ("wrong", "says"),
    [
        (lambda rn, sn, ro, so: drift.psi(rn, sn) > PSI_ALARM, "world changing"),
        (lambda rn, sn, ro, so: drift.psi(rn, sn) > 0.1 and drift.psi(ro, so) <= 0.1, "between the 0.1"),
        (lambda rn, sn, ro, so: False, "kept a new champion"),
        (lambda rn, sn, ro, so: True, "did not move at all"),
        (lambda rn, sn, ro, so: "yes", "returned str"),
        (lambda rn, sn, ro, so: rn.nothing, "AttributeError"),
        (True, "expected a function"),
    ],
    ids=["ignores-old", "watch-level", "never", "always", "text", "raises", "bool"],
)
def test_rollback_mistakes_get_their_hint(wrong, says):
    assert_wrong("ch06_rollback", None, wrong, says=says)


def test_rollback_cannot_judge_without_an_alarm_level():
    context = {**contexts()["ch06_rollback"], "alarm": 0}
    assert check.ch06_rollback(right_rollback, **context).status == "unjudged"
