"""Checks for the exercises of chapter 4, Putting ML into a system (``chapters/04_system_integration.ipynb``).

Every check recomputes its expected answer by rebuilding the notebook's seeded data with the
notebook's default parameters (the constants below): the model, tonight's customer base and the
next day's visits. If a teacher changes those parameters, the checks still judge the defaults.

Example:
    >>> from helpers import check
    >>> check.ch04_staleness(None).status
    'unanswered'
    >>> check.ch04_leaky_feature("e").status
    'incorrect'
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from helpers.check import Status, compare_choice, compare_number, exercise, percent_hint

# The notebook's default parameters (its `parameters` cell).
SEED = 42
N_CUSTOMERS = 5_000
N_BASE = 10_000
N_VISITS = 500
CALLS_PER_HOUR = 0.03
OFFER_THRESHOLD = 0.35
TEST_SIZE = 0.25
BATCH_RUNS_PER_DAY = 4  # the exercise's new schedule: every 6 hours
OUTCOME_DAYS = 28
MISSING_OUTCOMES = 0.1  # share of visits whose outcome is not in yet


@lru_cache(maxsize=1)
def _model() -> Any:
    """The churn model exactly as the notebook trains it."""
    from sklearn.model_selection import train_test_split

    from helpers.mlops import FEATURES, TARGET, make_model, simulate_customers

    history = simulate_customers(N_CUSTOMERS, seed=SEED)
    X_train, _, y_train, _ = train_test_split(
        history[list(FEATURES)], history[TARGET], test_size=TEST_SIZE, stratify=history[TARGET], random_state=SEED
    )
    return make_model().fit(X_train, y_train)


@lru_cache(maxsize=1)
def _visits() -> Any:
    """The next day's visits: who opens the account page, when, with which features, and the outcome."""
    import numpy as np

    from helpers.mlops import churn_logit, simulate_customers

    base = simulate_customers(N_BASE, seed=SEED + 1)
    visit_rng = np.random.default_rng(SEED + 2)
    visits = base.iloc[visit_rng.choice(N_BASE, size=N_VISITS, replace=False)].reset_index(drop=True)
    visits["hours_since_batch"] = visit_rng.uniform(0, 24, size=N_VISITS)
    visits["new_calls"] = visit_rng.poisson(CALLS_PER_HOUR * visits["hours_since_batch"].to_numpy())
    visits["support_calls"] = visits["support_calls"] + visits["new_calls"]
    p_now = 1 / (1 + np.exp(-churn_logit(visits)))
    visits["churned"] = (visit_rng.random(N_VISITS) < p_now).astype(int)
    return visits


@exercise("ch04_staleness")
def _staleness(answer: Any) -> tuple[Status, str]:
    """Mean age (hours) of the stored score at the visits when the batch job runs every 6 hours."""
    hours = _visits()["hours_since_batch"].to_numpy()
    interval = 24 / BATCH_RUNS_PER_DAY
    expected = float((hours % interval).mean())
    hint = (
        "with a run every 6 hours, the latest run before a visit happened (hours_since_batch modulo 6) hours "
        "earlier; average that over all visits (the % operator works on a whole Series). The answer is in hours."
    )
    return compare_number(answer, expected, tol=0.01, hint=hint, praise="four runs a day cut the average age to about a quarter.")


@exercise("ch04_log_precision")
def _log_precision(answer: Any) -> tuple[Status, str]:
    """Share of churners among the logged visits the API scored at or above the offer threshold."""
    from helpers.mlops import FEATURES

    import numpy as np

    visits = _visits()
    proba = _model().predict_proba(visits[list(FEATURES)])[:, 1]
    known = np.random.default_rng(SEED + 3).random(N_VISITS) >= MISSING_OUTCOMES
    flagged = (proba >= OFFER_THRESHOLD) & known
    expected = float(visits.loc[flagged, "churned"].mean())
    hint = (
        "work on the joined table `labelled` (predictions from the log with their outcomes): keep the rows whose "
        "churn_probability is at least OFFER_THRESHOLD and take the mean of `churned`. In SQL: "
        "AVG(o.churned) with WHERE p.churn_probability >= ? in the join query. Give a share between 0 and 1."
    )
    return compare_number(
        answer, expected, tol=0.005, hint=hint, praise="that is the precision the retention team sees in production.",
        percent=percent_hint("share"),
    )


@exercise("ch04_leaky_feature")
def _leaky_feature(answer: Any) -> tuple[Status, str]:
    """The one candidate feature that is known at prediction time."""
    return compare_choice(
        answer,
        "b",
        ["a", "b", "c", "d"],
        hint=(
            "for each candidate ask: at the moment the model must answer (today, for the next four weeks), "
            "could the application already know this value? Anything measured after that moment, or read from "
            "a table that is overwritten later, carries information from the future."
        ),
        praise="only a value logged at or before prediction time is safe; the others are computed after it.",
    )
