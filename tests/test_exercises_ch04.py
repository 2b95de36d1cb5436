"""Checks of chapter 4: right answers pass under several parameter settings, likely wrong answers get their
own hint without the value (placeholders, wrong types and lists: test_exercises_contract.py).

The lesson's data are rebuilt here as the notebook builds them, without the HTTP server: the model, the
nightly batch scores, the day's visits, the prediction log and the outcomes table (in an in-memory SQLite
database, joined with the notebook's SQL), and the training table of the leak section. Timings cannot be
rebuilt, so the latency checks get simulated timings. Every expected answer is recomputed by another route
than the check's (SQL instead of pandas, loops instead of the modulo, statsmodels instead of
helpers.stats, the Mann-Whitney statistic instead of roc_auc_score).
"""

from __future__ import annotations

import math
import sqlite3
from datetime import UTC, datetime, timedelta
from functools import lru_cache

import numpy as np
import pandas as pd
import pytest
from exercise_contract import assert_wrong_answer_hides_right

from helpers import check
from helpers.mlops import FEATURES, TARGET, churn_logit, make_model, simulate_customers

NAMES = [
    "ch04_staleness",
    "ch04_serving_decision",
    "ch04_latency_p99",
    "ch04_log_join",
    "ch04_log_precision",
    "ch04_leak_suspects",
]
OTHER_ANSWERS = {"ch04_serving_decision", "ch04_log_join", "ch04_leak_suspects"}  # answered with a function

DEFAULTS = {"SEED": 42, "OFFER_THRESHOLD": 0.35, "MISSING_OUTCOMES": 0.1}
SETTINGS = [DEFAULTS, {**DEFAULTS, "SEED": 7}, {**DEFAULTS, "OFFER_THRESHOLD": 0.3, "MISSING_OUTCOMES": 0.25}]
IDS = ["defaults", "seed-7", "threshold-0.3-missing-0.25"]
N_CUSTOMERS, N_BASE, N_VISITS, CALLS_PER_HOUR = 5_000, 10_000, 500, 0.03
VISITS_PER_DAY, VALUE_PER_MISS, API_COST_PER_DAY = 2_000, 3.0, 250.0
LABEL_WINDOW_DAYS, LEAK_THRESHOLD = 28, 0.9

JOIN_QUERY = f"""
SELECT p.prediction_id, p.customer_id, p.churn_probability, o.churned
FROM predictions AS p
JOIN outcomes AS o
  ON o.customer_id = p.customer_id
 AND julianday(o.observed_at) - julianday(p.received_at) BETWEEN 0 AND {LABEL_WINDOW_DAYS + 0.001}
ORDER BY p.customer_id
"""


@lru_cache(maxsize=None)
def case(seed: int = 42, offer_threshold: float = 0.35, missing_outcomes: float = 0.1) -> dict:
    """The notebook's data for one parameter setting (sections 1, 2, 8 and 9)."""
    from sklearn.model_selection import train_test_split

    history = simulate_customers(N_CUSTOMERS, seed=seed)
    X_train, _, y_train, _ = train_test_split(
        history[list(FEATURES)], history[TARGET], test_size=0.25, stratify=history[TARGET], random_state=seed
    )
    model = make_model().fit(X_train, y_train)
    base = simulate_customers(N_BASE, seed=seed + 1)
    stored = dict(zip(base["customer_id"], model.predict_proba(base[list(FEATURES)])[:, 1].tolist(), strict=True))

    visit_rng = np.random.default_rng(seed + 2)
    visits = base.iloc[visit_rng.choice(N_BASE, size=N_VISITS, replace=False)].reset_index(drop=True)
    visits["hours_since_batch"] = visit_rng.uniform(0, 24, size=N_VISITS)
    visits["new_calls"] = visit_rng.poisson(CALLS_PER_HOUR * visits["hours_since_batch"].to_numpy())
    visits["support_calls"] = visits["support_calls"] + visits["new_calls"]
    p_now = 1 / (1 + np.exp(-churn_logit(visits)))
    visits["churned"] = (visit_rng.random(N_VISITS) < p_now).astype(int)
    visits["stored_score"] = visits["customer_id"].map(stored)
    visits["fresh_score"] = model.predict_proba(visits[list(FEATURES)])[:, 1]
    fresh_offer = visits["fresh_score"] >= offer_threshold
    missed = int((fresh_offer & (visits["stored_score"] < offer_threshold)).sum())

    # the prediction log as the server writes it: the demo customer, then one prediction per visit
    demo = pd.DataFrame([{"customer_id": "demo-0001", "tenure_months": 3, "monthly_spend": 25.0,
                          "support_calls": 4, "logins_last_30d": 2}])
    start = datetime(2024, 6, 3, 8, 0, 0, 123_456, tzinfo=UTC)
    scored = pd.concat([demo, visits[["customer_id", *FEATURES]]], ignore_index=True)
    logged = pd.DataFrame({
        "prediction_id": [f"pred{i:04d}" for i in range(len(scored))],
        "customer_id": scored["customer_id"],
        "received_at": [(start + timedelta(seconds=37 * i)).isoformat(timespec="microseconds") for i in range(len(scored))],
        "churn_probability": model.predict_proba(scored[list(FEATURES)])[:, 1],
    })
    predicted_at = dict(zip(logged["customer_id"], logged["received_at"], strict=True))

    def stamp(cid: str, days: float) -> str:
        return (datetime.fromisoformat(predicted_at[cid]) + timedelta(days=days)).isoformat(timespec="microseconds")

    outcome_rng = np.random.default_rng(seed + 3)
    known = outcome_rng.random(N_VISITS) >= missing_outcomes
    this_period = [(cid, stamp(cid, LABEL_WINDOW_DAYS), int(c))
                   for cid, c in zip(visits.loc[known, "customer_id"], visits.loc[known, "churned"], strict=True)]
    last_period = [(cid, stamp(cid, -days), 0)
                   for cid, days in zip(visits["customer_id"], outcome_rng.uniform(1, 27, N_VISITS).tolist(), strict=True)]
    outcomes = pd.DataFrame(this_period + last_period, columns=["customer_id", "observed_at", "churned"])
    with sqlite3.connect(":memory:") as db:
        logged.to_sql("predictions", db, index=False)
        outcomes.to_sql("outcomes", db, index=False)
        labelled = pd.read_sql_query(JOIN_QUERY, db)
    db.close()

    # section 9: the training table with the value known at prediction time and the leaky one
    leak_rng = np.random.default_rng(seed + 6)
    past = simulate_customers(N_CUSTOMERS, seed=seed + 5)
    past["days_since_login"] = leak_rng.exponential(30 / (past["logins_last_30d"] + 1))
    left_on_day = leak_rng.uniform(0, 28, len(past))
    past["days_since_login_today"] = np.where(
        past[TARGET] == 1, 35 - left_on_day + leak_rng.exponential(2, len(past)),
        leak_rng.exponential(30 / (past["logins_last_30d"] + 1)),
    )
    api_ms = np.random.default_rng(seed + 100).lognormal(np.log(4.0), 0.25, N_VISITS)  # like the API's timings
    return {"visits": visits, "missed": missed, "logged": logged, "outcomes": outcomes, "labelled": labelled,
            "past": past, "api_ms": api_ms, "threshold": offer_threshold, "known": known}


def settings_case(setting: dict) -> dict:
    return case(setting["SEED"], setting["OFFER_THRESHOLD"], setting["MISSING_OUTCOMES"])


def context_for(name: str, setting: dict) -> dict:
    c = settings_case(setting)
    return {
        "ch04_staleness": {"hours_since_batch": c["visits"]["hours_since_batch"], "runs_per_day": 4},
        "ch04_serving_decision": {"missed": c["missed"], "visits": N_VISITS, "visits_per_day": VISITS_PER_DAY,
                                  "value_per_miss": VALUE_PER_MISS, "api_cost_per_day": API_COST_PER_DAY},
        "ch04_latency_p99": {"times_ms": c["api_ms"]},
        "ch04_log_join": {"predictions": c["logged"], "outcomes": c["outcomes"], "window_days": LABEL_WINDOW_DAYS},
        "ch04_log_precision": {"labelled": c["labelled"], "logged": c["logged"], "visits": c["visits"],
                               "threshold": c["threshold"]},
        "ch04_leak_suspects": {"table": c["past"], "label": TARGET, "threshold": LEAK_THRESHOLD},
    }[name]


@lru_cache(maxsize=1)
def contexts() -> dict[str, dict]:
    """The keyword arguments of every check, as the notebook passes them at the default parameters."""
    return {name: context_for(name, DEFAULTS) for name in NAMES}


def test_the_chapter_has_these_exercises():
    assert check.exercises("ch04") == sorted(NAMES)
    assert all(check.kind(n) == "code" for n in NAMES)


def test_the_default_case_matches_the_notebook():
    c = case()
    assert c["missed"] == 23 and int((c["visits"]["fresh_score"] >= 0.35).sum()) == 88
    assert round(c["visits"]["hours_since_batch"].mean(), 1) == 11.4
    assert len(c["labelled"]) == 456 and round(c["labelled"]["churned"].mean(), 3) == 0.206
    assert len(c["outcomes"]) == 956 and len(c["logged"]) == 501


# --- exercise 1: staleness ----------------------------------------------------------------------------------


def _age_by_loop(hours: np.ndarray, runs: int) -> float:
    runs_at = [k * 24 / runs for k in range(runs)]
    return float(np.mean([h - max(r for r in runs_at if r <= h) for h in hours]))


@pytest.mark.parametrize("setting", SETTINGS, ids=IDS)
@pytest.mark.parametrize("runs", [4, 2])
def test_staleness_right_answer(setting, runs):
    ctx = {**context_for("ch04_staleness", setting), "runs_per_day": runs}
    right = _age_by_loop(ctx["hours_since_batch"].to_numpy(), runs)
    assert check.ch04_staleness(right, **ctx)
    assert check.ch04_staleness(round(right, 2), **ctx)
    assert check.ch04_staleness(np.float64(right), **ctx)


@pytest.mark.parametrize("setting", SETTINGS, ids=IDS)
def test_staleness_wrong_answers(setting):
    ctx = context_for("ch04_staleness", setting)
    hours = ctx["hours_since_batch"].to_numpy()
    right = _age_by_loop(hours, 4)
    wrong = {
        "one run a night": hours.mean(),
        "dividing the nightly mean": hours.mean() / 4,
        "looks like minutes": 60 * right,
        "modulo": right + 0.5,
    }
    if abs(right - 3.0) > 0.02:
        wrong["spread perfectly evenly"] = 3.0
    for phrase, answer in wrong.items():
        feedback = assert_wrong_answer_hides_right("ch04_staleness", right, answer, **ctx)
        assert phrase in feedback.message, (phrase, feedback.message)


def test_staleness_cannot_be_judged_for_uneven_runs():
    ctx = {**contexts()["ch04_staleness"], "runs_per_day": 5}
    assert check.ch04_staleness(2.4, **ctx).status == "unjudged"


# --- exercise 2: batch or API -------------------------------------------------------------------------------


def _wilson(missed, visits):
    from statsmodels.stats.proportion import proportion_confint

    return proportion_confint(missed, visits, alpha=0.05, method="wilson")


def _right_serving(missed, visits, visits_per_day, value_per_miss, api_cost_per_day):
    low, high = _wilson(missed, visits)
    if low * visits_per_day * value_per_miss > api_cost_per_day:
        return "api"
    return "batch" if high * visits_per_day * value_per_miss < api_cost_per_day else "unsure"


def _daily_loss_interval(ctx):
    low, high = _wilson(ctx["missed"], ctx["visits"])
    return [round(v * ctx["visits_per_day"] * ctx["value_per_miss"], 2) for v in (low, high)]


@pytest.mark.parametrize("setting", SETTINGS, ids=IDS)
def test_serving_decision_right_function(setting):
    ctx = context_for("ch04_serving_decision", setting)
    assert check.ch04_serving_decision(_right_serving, **ctx)
    assert check.ch04_serving_decision(lambda *a: _right_serving(*a).upper() + " ", **ctx)  # spelling is forgiven

    def exact(missed, visits, per_day, value, cost):  # the exact (Clopper-Pearson) interval is fine too
        from statsmodels.stats.proportion import proportion_confint

        low, high = proportion_confint(missed, visits, method="beta")
        return "api" if low * per_day * value > cost else ("batch" if high * per_day * value < cost else "unsure")

    assert check.ch04_serving_decision(exact, **ctx)


def test_serving_decision_default_is_unsure_and_the_sweep_says_api():
    assert _right_serving(*contexts()["ch04_serving_decision"].values()) == "unsure"
    assert _right_serving(*context_for("ch04_serving_decision", SETTINGS[2]).values()) == "api"


def test_serving_decision_wrong_functions():
    ctx = contexts()["ch04_serving_decision"]
    right = _daily_loss_interval(ctx)

    def point(m, v, per_day, value, cost):
        return "api" if m / v * per_day * value > cost else "batch"

    def unscaled(m, v, per_day, value, cost):
        return _right_serving(m, v, v, value, cost)

    def wald(m, v, per_day, value, cost):
        rate = m / v
        half = 1.96 * math.sqrt(rate * (1 - rate) / v)
        low, high = rate - half, rate + half
        return "api" if low * per_day * value > cost else ("batch" if high * per_day * value < cost else "unsure")

    def swapped(m, v, per_day, value, cost):
        low, high = _wilson(m, v)
        return "api" if high * per_day * value > cost else ("batch" if low * per_day * value < cost else "unsure")

    wrong = {
        "point estimate": point,
        "scale the share": unscaled,
        "textbook interval": wald,
        "ends are swapped": swapped,
        "raised ZeroDivisionError": lambda m, v, per_day, value, cost: m / 0,
        "'api', 'batch' or 'unsure'": lambda *a: True,
        "expected a function": "unsure",
        "differs from the rule": lambda *a: "batch",
    }
    for phrase, answer in wrong.items():
        feedback = assert_wrong_answer_hides_right("ch04_serving_decision", right, answer, **ctx)
        assert phrase in feedback.message, (phrase, feedback.message)


# --- exercise 3: latency percentile ---------------------------------------------------------------------------


@pytest.mark.parametrize("setting", SETTINGS, ids=IDS)
def test_latency_p99_right_answer(setting):
    ctx = context_for("ch04_latency_p99", setting)
    times = pd.Series(ctx["times_ms"])
    for method in ["linear", "nearest", "higher", "lower", "midpoint"]:
        assert check.ch04_latency_p99(times.quantile(0.99, interpolation=method), **ctx), method
    assert check.ch04_latency_p99(np.percentile(ctx["times_ms"], 99, method="inverted_cdf"), **ctx)
    assert check.ch04_latency_p99(sorted(ctx["times_ms"])[math.ceil(0.99 * len(times)) - 1], **ctx)  # by hand


@pytest.mark.parametrize("setting", SETTINGS, ids=IDS)
def test_latency_p99_wrong_answers(setting):
    ctx = context_for("ch04_latency_p99", setting)
    times = np.asarray(ctx["times_ms"])
    right = float(np.percentile(times, 99))
    wrong = {
        "95th percentile": np.percentile(times, 95),
        "the median": np.median(times),
        "the mean": times.mean(),
        "slowest call": times.max(),
        "1st percentile": np.percentile(times, 1),
        "seconds": right / 1_000,
        "np.percentile": right * 3,
    }
    for phrase, answer in wrong.items():
        feedback = assert_wrong_answer_hides_right("ch04_latency_p99", round(right, 3), answer, **ctx)
        assert phrase in feedback.message, (phrase, feedback.message)


def test_latency_p99_cannot_be_judged_on_few_calls():
    times = contexts()["ch04_latency_p99"]["times_ms"][:50]
    assert check.ch04_latency_p99(np.percentile(times, 99), times_ms=times).status == "unjudged"


# --- exercise 4: the join in pandas -----------------------------------------------------------------------------


def _join_by_loop(predictions, outcomes, window_days):
    """The windowed join, one prediction at a time (another route than the check's merge)."""
    by_customer = {cid: rows for cid, rows in outcomes.groupby("customer_id")}
    found = []
    for pid, cid, received in zip(predictions["prediction_id"], predictions["customer_id"], predictions["received_at"], strict=True):
        rows = by_customer.get(cid)
        if rows is None:
            continue
        for observed, churned in zip(rows["observed_at"], rows["churned"], strict=True):
            days = (datetime.fromisoformat(observed) - datetime.fromisoformat(received)) / timedelta(days=1)
            if 0 <= days <= window_days:
                found.append({"prediction_id": pid, "churned": int(churned)})
    return pd.DataFrame(found, columns=["prediction_id", "churned"])


def _join_variant(*, lower=True, upper=True, strict=False, how="inner"):
    def join(predictions, outcomes, window_days):
        pairs = predictions.merge(outcomes, on="customer_id", how=how)
        delay = pd.to_datetime(pairs["observed_at"], format="ISO8601") - pd.to_datetime(pairs["received_at"], format="ISO8601")
        keep = pd.Series(True, index=pairs.index)
        if lower:
            keep &= delay >= pd.Timedelta(0)
        if upper:
            keep &= (delay < pd.Timedelta(days=window_days)) if strict else (delay <= pd.Timedelta(days=window_days))
        if how == "left":
            keep |= pairs["observed_at"].isna()
        return pairs.loc[keep, ["prediction_id", "churned"]]

    return join


@pytest.mark.parametrize("setting", SETTINGS, ids=IDS)
def test_log_join_right_function(setting):
    ctx = context_for("ch04_log_join", setting)
    assert check.ch04_log_join(_join_by_loop, **ctx)
    assert check.ch04_log_join(_join_variant(), **ctx)
    c = settings_case(setting)
    assert len(_join_by_loop(ctx["predictions"], ctx["outcomes"], LABEL_WINDOW_DAYS)) == len(c["labelled"])  # = the SQL


def test_log_join_wrong_functions():
    ctx = contexts()["ch04_log_join"]
    right = len(case()["labelled"])
    wrong = {
        "time condition is missing": lambda p, o, w: p.merge(o, on="customer_id")[["prediction_id", "churned"]],
        "get two labels": lambda p, o, w: pd.concat([_join_by_loop(p, o, w), _join_by_loop(p, o, w).head(1).assign(churned=0)]),
        "later period": _join_variant(upper=False),
        "earlier period": _join_variant(lower=False),
        "use <=": _join_variant(strict=True),
        "left join": _join_variant(how="left"),
        "columns prediction_id and churned": lambda p, o, w: _join_by_loop(p, o, w).rename(columns={"churned": "label"}),
        "must return a DataFrame": lambda p, o, w: list(_join_by_loop(p, o, w)["churned"]),
        "raised KeyError": lambda p, o, w: p["no such column"],
        "differs from the windowed join": lambda p, o, w: _join_by_loop(p, o, w).iloc[1:],
        "expected a function": 456,
    }
    for phrase, answer in wrong.items():
        feedback = assert_wrong_answer_hides_right("ch04_log_join", right, answer, **ctx)
        assert phrase in feedback.message, (phrase, feedback.message)


# --- exercise 5: precision from the log -------------------------------------------------------------------------


def _precision_by_sql(c) -> float:
    with sqlite3.connect(":memory:") as db:
        c["labelled"].to_sql("labelled", db, index=False)
        value = db.execute("SELECT AVG(churned) FROM labelled WHERE churn_probability >= ?", (c["threshold"],)).fetchone()[0]
    db.close()
    return float(value)


@pytest.mark.parametrize("setting", SETTINGS, ids=IDS)
def test_log_precision_right_answer(setting):
    c, ctx = settings_case(setting), context_for("ch04_log_precision", setting)
    right = _precision_by_sql(c)
    assert 0.2 < right < 0.8
    assert check.ch04_log_precision(right, **ctx)
    assert check.ch04_log_precision(round(right, 3), **ctx)
    assert check.ch04_log_precision(np.float64(right), **ctx)


@pytest.mark.parametrize("setting", SETTINGS, ids=IDS)
def test_log_precision_wrong_answers(setting):
    c, ctx = settings_case(setting), context_for("ch04_log_precision", setting)
    visits, labelled, threshold = c["visits"], c["labelled"], c["threshold"]
    right = _precision_by_sql(c)
    flagged = labelled["churn_probability"] >= threshold
    known = visits["customer_id"].isin(labelled["customer_id"])
    wrong = {
        "not in the log yet": visits.loc[visits["fresh_score"] >= threshold, "churned"].mean(),
        "count as customers who stayed": labelled.loc[flagged, "churned"].sum() / (c["logged"]["churn_probability"] >= threshold).sum(),
        "stored scores": visits.loc[(visits["stored_score"] >= threshold) & known, "churned"].mean(),
        "churn rate of all labelled": labelled["churned"].mean(),
        "recall": labelled.loc[flagged, "churned"].sum() / labelled["churned"].sum(),
        "percentage": 100 * right,
    }
    for phrase, answer in wrong.items():
        if abs(answer - right) < 0.0015:  # no mistake in this setting
            continue
        feedback = assert_wrong_answer_hides_right("ch04_log_precision", right, answer, **ctx)
        assert phrase in feedback.message, (phrase, feedback.message)


def test_log_precision_the_unjoined_visits_are_a_mistake_at_the_defaults():
    """Issue 13: the check used to accept the precision over every flagged visit, outcome known or not."""
    c, ctx = case(), contexts()["ch04_log_precision"]
    all_flagged = c["visits"].loc[c["visits"]["fresh_score"] >= 0.35, "churned"].mean()
    assert abs(all_flagged - _precision_by_sql(c)) > 0.0015
    feedback = check.ch04_log_precision(all_flagged, **ctx)
    assert feedback.status == "incorrect" and "not in the log yet" in feedback.message


def test_log_precision_cannot_be_judged_without_a_flagged_prediction():
    ctx = {**contexts()["ch04_log_precision"], "threshold": 0.99}
    assert check.ch04_log_precision(0.5, **ctx).status == "unjudged"


# --- exercise 6: the leak test ----------------------------------------------------------------------------------


def _auc_mann_whitney(label, values) -> float:
    from scipy.stats import mannwhitneyu

    label = np.asarray(label)
    values = np.asarray(values, dtype=float)
    u = mannwhitneyu(values[label == 1], values[label == 0]).statistic
    return float(u / ((label == 1).sum() * (label == 0).sum()))


def _right_suspects(table, label, threshold):
    found = []
    for column in table.columns:
        if column == label or not pd.api.types.is_numeric_dtype(table[column]) or pd.api.types.is_bool_dtype(table[column]):
            continue
        auc = _auc_mann_whitney(table[label], table[column])
        if max(auc, 1 - auc) >= threshold:
            found.append(column)
    return tuple(found)


@pytest.mark.parametrize("setting", SETTINGS[:2], ids=IDS[:2])
def test_leak_suspects_right_function(setting):
    ctx = context_for("ch04_leak_suspects", setting)
    assert _right_suspects(ctx["table"], TARGET, LEAK_THRESHOLD) == ("days_since_login_today",)
    assert check.ch04_leak_suspects(_right_suspects, **ctx)
    assert check.ch04_leak_suspects(lambda *a: set(_right_suspects(*a)), **ctx)  # any collection of names


def test_leak_suspects_wrong_functions():
    from sklearn.metrics import roc_auc_score

    ctx = contexts()["ch04_leak_suspects"]

    def numeric(table, label):
        return table.select_dtypes("number").columns

    wrong = {
        "the label itself": lambda t, label, thr: [c for c in numeric(t, label) if max(roc_auc_score(t[label], t[c]), 1 - roc_auc_score(t[label], t[c])) >= thr],
        "either direction": lambda t, label, thr: [c for c in numeric(t, label) if c != label and roc_auc_score(t[label], t[c]) >= thr],
        "fixed threshold": lambda t, label, thr: list(_right_suspects(t, label, 0.9)),
        "below the threshold": lambda t, label, thr: [c for c in numeric(t, label) if c != label],
        "text column": lambda t, label, thr: [c for c in t.columns if c != label and roc_auc_score(t[label], t[c].astype(float)) >= thr],
        "list of column names": lambda t, label, thr: "days_since_login_today",
        "misses columns": lambda t, label, thr: [],
        "expected a function": ["days_since_login_today"],
    }
    for phrase, answer in wrong.items():
        feedback = assert_wrong_answer_hides_right("ch04_leak_suspects", "days_since_login_today", answer, **ctx)
        assert phrase in feedback.message, (phrase, feedback.message)


def test_leak_suspects_cannot_be_judged_with_one_class():
    table = contexts()["ch04_leak_suspects"]["table"]
    stayers = table[table[TARGET] == 0]
    assert check.ch04_leak_suspects(_right_suspects, table=stayers, label=TARGET, threshold=0.9).status == "unjudged"


# --- the checks refuse the wrong data objects with a clear message ----------------------------------------------------


def test_checks_reject_the_wrong_objects_with_a_clear_message():
    ctx = contexts()
    with pytest.raises(ValueError, match="hours_since_batch"):
        check.ch04_staleness(3.0, hours_since_batch=[30.0, 2.0], runs_per_day=4)
    with pytest.raises(ValueError, match="missed must be a count"):
        check.ch04_serving_decision(_right_serving, **{**ctx["ch04_serving_decision"], "missed": 600})
    with pytest.raises(TypeError, match="labelled must be the notebook's DataFrame"):
        check.ch04_log_precision(0.4, **{**ctx["ch04_log_precision"], "labelled": [1, 2]})
    with pytest.raises(ValueError, match="lacks the columns"):
        check.ch04_log_join(_join_by_loop, **{**ctx["ch04_log_join"], "outcomes": ctx["ch04_log_join"]["predictions"]})
    with pytest.raises(ValueError, match="threshold must be an AUC"):
        check.ch04_leak_suspects(_right_suspects, **{**ctx["ch04_leak_suspects"], "threshold": 90})
