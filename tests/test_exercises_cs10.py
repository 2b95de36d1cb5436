"""The exercise checks of case study 10 (helpers/exercises/cs10.py).

The right answers are recomputed here independently of the checks (pandas instead of NumPy
indexing, the uplift curve from pandas cumulative sums instead of helpers.uplift), from the same
inputs as case_studies/10_uplift_modeling.ipynb. The Hillstrom data come from the course mirror
(ML_AT_WORK_DATA), as in every test run.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from exercise_contract import assert_wrong_answer_hides_right
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from helpers import check
from helpers.data import load_hillstrom
from helpers.uplift import make_campaign

SEED = 42
NAMES = ["cs10_best_contacts", "cs10_conversion_auuc", "cs10_response_top_decile"]
FEATURES = [f"x{i}" for i in range(8)]
HILLSTROM_FEATURES = ["recency", "history", "mens", "womens", "newbie", "zip_code", "channel"]


def _response_top_decile() -> float:
    train, test = make_campaign(100_000, seed=1), make_campaign(100_000, seed=42)
    treated = train[train["treatment"] == 1]
    model = LogisticRegression(C=0.01).fit(treated[FEATURES], treated["converted"])
    top = test.assign(score=model.predict_proba(test[FEATURES])[:, 1]).nlargest(10_000, "score")
    rates = top.pivot_table(index="treatment", values="converted", aggfunc="mean")["converted"]
    return float(rates[1] - rates[0])


def _two_model_curve(question: str, outcome: str, half: str = "test") -> pd.DataFrame:
    """Customers of one half (the test half unless half="train") ranked by the two-model score (fitted on
    the training half), with the uplift curve as a column."""
    df = load_hillstrom(verbose=False)
    if question == "mens_vs_womens":
        df = df[df["segment"] != "No E-Mail"]
        treated = (df["segment"] == "Mens E-Mail").astype(int)
    else:
        treated = (df["segment"] != "No E-Mail").astype(int)
    X = pd.get_dummies(df[HILLSTROM_FEATURES], dtype=float).astype(float)
    X_train, X_test, y_train, y_test, t_train, t_test = train_test_split(
        X, df[outcome], treated, test_size=0.5, random_state=SEED
    )
    X_eval, y_eval, t_eval = (X_train, y_train, t_train) if half == "train" else (X_test, y_test, t_test)
    predictions = []
    for group in (1, 0):
        model = make_pipeline(StandardScaler(), LogisticRegression())
        model.fit(X_train[t_train == group], y_train[t_train == group])
        predictions.append(model.predict_proba(X_eval)[:, 1])
    ranked = pd.DataFrame({"y": y_eval.to_numpy(), "t": t_eval.to_numpy(), "score": predictions[0] - predictions[1]})
    ranked = ranked.sort_values("score", ascending=False, kind="mergesort").reset_index(drop=True)
    n_t, n_c = ranked["t"].cumsum(), (1 - ranked["t"]).cumsum()
    r_t = (ranked["y"] * ranked["t"]).cumsum() / n_t.replace(0, np.nan)
    r_c = (ranked["y"] * (1 - ranked["t"])).cumsum() / n_c.replace(0, np.nan)
    ranked["contacts"] = np.arange(1, len(ranked) + 1)
    ranked["gain"] = (r_t.fillna(0) - r_c.fillna(0)) * ranked["contacts"]
    return ranked


def _auuc(ranked: pd.DataFrame) -> float:
    x = np.r_[0, ranked["contacts"]] / len(ranked)
    above = np.r_[0, ranked["gain"]] - ranked["gain"].iloc[-1] * x
    return float(np.trapezoid(above, x))


@pytest.fixture(scope="module")
def profits() -> pd.Series:
    """Profit at the exercise's prices along the training half's curve (where section 8 chooses the plan)."""
    ranked = _two_model_curve("any_vs_none", "visit", half="train")
    return pd.Series((2.5 * ranked["gain"] - 0.25 * ranked["contacts"]).to_numpy(), index=ranked["contacts"])


@pytest.fixture(scope="module")
def answers(profits) -> dict[str, tuple[float, float]]:
    """For each exercise: (a right answer, a wrong answer)."""
    top_uplift = _response_top_decile()
    conversion_auuc = _auuc(_two_model_curve("mens_vs_womens", "conversion"))
    best = int(profits.idxmax())
    return {
        "cs10_response_top_decile": (top_uplift, top_uplift + 0.01),
        "cs10_conversion_auuc": (conversion_auuc, conversion_auuc + 5),
        "cs10_best_contacts": (best, 32_000),  # e-mailing everyone, the tempting wrong answer
    }


def test_the_case_study_has_these_exercises():
    assert check.exercises("cs10") == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_right_answer_is_correct(name, answers):
    right, _ = answers[name]
    feedback = getattr(check, name)(right)
    assert feedback.status == "correct", feedback
    assert feedback
    assert getattr(check, name)(np.float64(right)).status == "correct"


@pytest.mark.parametrize("name", NAMES)
def test_wrong_answer_is_incorrect_without_giving_it_away(name, answers):
    right, wrong = answers[name]
    assert_wrong_answer_hides_right(name, right, wrong)


def test_top_decile_uplift_in_percentage_points_gets_a_specific_hint(answers):
    right, _ = answers["cs10_response_top_decile"]
    feedback = check.cs10_response_top_decile(right * 100)
    assert feedback.status == "incorrect" and "percentage" in feedback.message


def test_best_contacts_accepts_nearly_as_profitable_plans_and_rejects_impossible_ones(profits):
    best = int(profits.idxmax())
    close = profits[profits >= profits.max() - 0.004 * abs(profits.max())].index
    for contacts in {best, int(close.min()), int(close.max())}:
        assert check.cs10_best_contacts(contacts).status == "correct"
    assert check.cs10_best_contacts(0).status == "incorrect"  # e-mailing no one earns less
    assert "training half's profit peaks" in check.cs10_best_contacts(best).message
    for outside in (-1, 32_001):
        feedback = check.cs10_best_contacts(outside)
        assert feedback.status == "incorrect" and "between 0 and 32,000" in feedback.message


def test_best_contacts_chosen_on_the_test_half_is_not_accepted():
    """Section 8 chooses the plan on the training half; the test half's own peak is the optimistic answer."""
    ranked = _two_model_curve("any_vs_none", "visit", half="test")
    test_profits = pd.Series((2.5 * ranked["gain"] - 0.25 * ranked["contacts"]).to_numpy(), index=ranked["contacts"])
    feedback = check.cs10_best_contacts(int(test_profits.idxmax()))
    assert feedback.status == "incorrect" and "training half" in feedback.message
